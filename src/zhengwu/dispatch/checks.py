"""System checks (`zhengwu check --deploy` and at start-up with the database): the reference data the
dispatch rules need is present."""

from django.core import checks
from django.db import DatabaseError

from zhengwu.dispatch.standard import CENTRE_UNIT_CODE, DISPATCH_UNIT_CODE


@checks.register(checks.Tags.database)
def reference_present(app_configs=None, databases=None, **kwargs) -> list:
    """dispatch.W001 no taxonomy; dispatch.W002 the dispatching unit or the coordination centre missing."""
    if not databases:
        return []
    from zhengwu.dispatch.models import Category
    from zhengwu.org.models import Unit

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
