"""System checks of 大分拨 (`zhengwu check --database default`, and `migrate`), with stable ids:

- dispatch.W001: no event taxonomy is loaded;
- dispatch.W002: the dispatching unit (区网格办) or the coordination centre is missing;
- dispatch.W003: two active intake-API keys share a name — a key's name is its events' source system,
  so the two systems would see, and replay onto, each other's events (services.clients).
"""

from django.core import checks
from django.db import DatabaseError

from zhengwu.dispatch.models import Category
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
