"""System checks of 大分拨 (`zhengwu check --database default`, and `migrate`), with stable ids:

- dispatch.W001: no event taxonomy is loaded;
- dispatch.W002: the dispatching unit (区网格办) or the coordination centre is missing;
- dispatch.W003: two active intake-API keys share a name — a key's name is its events' source system,
  so the two systems would see, and replay onto, each other's events (services.clients);
- dispatch.W004: DISPATCH_CONFIDENCE_THRESHOLD is at or below the confidence given to messages that look
  like a class the classifier has no messages for (rules.coverage.OUT_OF_CLASS_CONFIDENCE): they would be
  dispatched automatically instead of going to triage;
- dispatch.W005: a unit of DISPATCH_PUSH_UNITS is unknown, or its outbox destination is missing or switched
  off: cases routed to it are not pushed to its own system (services.pushes);
- dispatch.W006: a category's extra questions (Open311
  attributes) are malformed (rules.open311.check_datatypes).
"""

from django.core import checks
from django.db import DatabaseError

from zhengwu.core.conf import setting
from zhengwu.dispatch.models import Category
from zhengwu.dispatch.rules.coverage import OUT_OF_CLASS_CONFIDENCE
from zhengwu.dispatch.rules.open311 import check_datatypes
from zhengwu.dispatch.selectors.clients import shared_active_names
from zhengwu.dispatch.standard import CENTRE_UNIT_CODE, DISPATCH_UNIT_CODE
from zhengwu.org.models import Unit
from zhengwu.outbox.models import Destination


@checks.register(checks.Tags.database)
def reference_present(app_configs=None, databases=None, **kwargs) -> list:
    """dispatch.W001 no taxonomy; dispatch.W002 the dispatching unit or the coordination centre missing."""
    if not databases:
        return []
    try:
        has_categories = Category.objects.exists()
        codes = set(
            Unit.objects.filter(code__in=[DISPATCH_UNIT_CODE, CENTRE_UNIT_CODE]).values_list(
                "code", flat=True
            )
        )
    except DatabaseError:
        return []  # not migrated yet
    found = []
    if not has_categories:
        found.append(
            checks.Warning(
                "大分拨: no event taxonomy is loaded", hint="run `zhengwu load-reference`", id="dispatch.W001"
            )
        )
    for code in sorted({DISPATCH_UNIT_CODE, CENTRE_UNIT_CODE} - codes):
        found.append(checks.Warning(f"大分拨: unit {code} is missing (dispatchers / coordination centre)",
                                    hint="run `zhengwu load-reference`", id="dispatch.W002"))
    return found


@checks.register(checks.Tags.database)
def api_client_names(app_configs=None, databases=None, **kwargs) -> list:
    """dispatch.W003 for each name held by more than one active "dispatch.events" key."""
    if not databases:
        return []
    try:
        names = shared_active_names()
    except DatabaseError:
        return []  # not migrated yet
    return (
        [
            checks.Warning(
                f"大分拨: {len(names)} intake API client names are held by more than one active key: "
                f"{', '.join(names)}",
                hint="revoke all but one key of each name "
                "(`zhengwu dispatch rotate-key NAME` keeps one); a key's name is its events' source "
                "system",
                id="dispatch.W003",
            )
        ]
        if names
        else []
    )


@checks.register()
def threshold_above_out_of_class_confidence(app_configs=None, **kwargs) -> list:
    """dispatch.W004 when the threshold would let the out-of-class messages through (rules.coverage)."""
    threshold = float(setting("DISPATCH_CONFIDENCE_THRESHOLD"))
    if threshold > OUT_OF_CLASS_CONFIDENCE:
        return []
    return [
        checks.Warning(
            f"大分拨: DISPATCH_CONFIDENCE_THRESHOLD {threshold:g} is not above {OUT_OF_CLASS_CONFIDENCE:g}, "
            "the confidence given to messages of classes the classifier has no messages for",
            hint="raise the threshold, or such messages are dispatched to a wrong unit "
            "instead of going to triage",
            id="dispatch.W004",
        )
    ]


@checks.register(checks.Tags.database)
def push_units_configured(app_configs=None, databases=None, **kwargs) -> list:
    """dispatch.W005 for each pushed unit whose code or destination does not work."""
    configured = setting("DISPATCH_PUSH_UNITS") or {}
    if not databases or not configured:
        return []
    if not isinstance(configured, dict):
        return [
            checks.Warning(
                "大分拨: DISPATCH_PUSH_UNITS must be {unit code: destination name}", id="dispatch.W005"
            )
        ]
    try:
        codes = set(Unit.objects.filter(code__in=list(configured)).values_list("code", flat=True))
        active = set(Destination.objects.filter(name__in=list(configured.values()), is_active=True)
                     .values_list("name", flat=True))
    except DatabaseError:
        return []  # not migrated yet
    found = []
    for code, name in sorted(configured.items()):
        if code not in codes:
            found.append(
                checks.Warning(f"大分拨: DISPATCH_PUSH_UNITS names unknown unit {code}", id="dispatch.W005")
            )
        elif name not in active:
            found.append(
                checks.Warning(
                    f"大分拨: unit {code}'s push destination {name!r} is missing or inactive",
                    hint="add it: `zhengwu outbox destination add --name …`; until then its "
                    "cases are not pushed",
                    id="dispatch.W005",
                )
            )
    return found


@checks.register(checks.Tags.database)
def category_questions(app_configs=None, databases=None, **kwargs) -> list:
    """dispatch.W006 for each category whose extra questions an Open311 client could not read."""
    if not databases:
        return []
    try:
        rows = list(Category.objects.exclude(questions=[]).values_list("pk", "level3", "questions"))
    except DatabaseError:
        return []  # not migrated yet
    return [
        checks.Warning(
            f"大分拨: category {pk} {name}: extra questions {'; '.join(problems)}", id="dispatch.W006"
        )
        for pk, name, questions in rows
        if (problems := check_datatypes(questions))
    ]
