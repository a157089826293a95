"""System checks of 大分拨 (`zhengwu check --database default`, and `migrate`), with stable ids:

- dispatch.W001: no event taxonomy is loaded;
- dispatch.W002: the dispatching unit (区网格办) or the coordination centre is missing;
- dispatch.W003: two active intake-API keys share a name — a key's name is its events' source system,
  so the two systems would see, and replay onto, each other's events (services.clients);
- dispatch.W004: DISPATCH_CONFIDENCE_THRESHOLD is at or below the confidence given to messages that look
  like a class the classifier has no messages for (rules.coverage.OUT_OF_CLASS_CONFIDENCE): they would be
  dispatched automatically instead of going to triage.
"""

from django.core import checks
from django.db import DatabaseError

from zhengwu.core.conf import setting
from zhengwu.dispatch.models import Category
from zhengwu.dispatch.rules.coverage import OUT_OF_CLASS_CONFIDENCE
from zhengwu.dispatch.selectors.clients import shared_active_names
from zhengwu.dispatch.standard import CENTRE_UNIT_CODE, DISPATCH_UNIT_CODE
from zhengwu.org.models import Unit


@checks.register(checks.Tags.database)
def reference_present(app_configs=None, databases=None, **kwargs) -> list:
    """dispatch.W001 no taxonomy; dispatch.W002 the dispatching unit or the coordination centre missing."""
    if not databases:
        return []
    try:
        has_categories = Category.objects.exists()
        codes = set(Unit.objects.filter(code__in=[DISPATCH_UNIT_CODE, CENTRE_UNIT_CODE]).values_list("code", flat=True))
    except DatabaseError:
        return []  # not migrated yet
    found = []
    if not has_categories:
        found.append(checks.Warning("大分拨: no event taxonomy is loaded", hint="run `zhengwu load-reference`",
                                    id="dispatch.W001"))
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
    return [checks.Warning(f"大分拨: {len(names)} intake API client names are held by more than one active key: "
                           f"{', '.join(names)}", hint="revoke all but one key of each name "
                           "(`zhengwu dispatch rotate-key NAME` keeps one); a key's name is its events' source "
                           "system", id="dispatch.W003")] if names else []


@checks.register()
def threshold_above_out_of_class_confidence(app_configs=None, **kwargs) -> list:
    """dispatch.W004 when the threshold would let the out-of-class messages through (rules.coverage)."""
    threshold = float(setting("DISPATCH_CONFIDENCE_THRESHOLD"))
    if threshold > OUT_OF_CLASS_CONFIDENCE:
        return []
    return [checks.Warning(f"大分拨: DISPATCH_CONFIDENCE_THRESHOLD {threshold:g} is not above {OUT_OF_CLASS_CONFIDENCE:g}, "
                           "the confidence given to messages of classes the classifier has no messages for",
                           hint="raise the threshold, or such messages are dispatched to a wrong unit "
                           "instead of going to triage", id="dispatch.W004")]
