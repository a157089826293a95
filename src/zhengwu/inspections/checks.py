"""System checks of 双随机 (stable ids inspections.E001…): configuration the app cannot run without."""

from django.core import checks

from zhengwu.core.conf import setting
from zhengwu.inspections import standard
from zhengwu.inspections.rules import drawing
from zhengwu.org import reference as org_reference


@checks.register()
def publication_workdays(app_configs, **kwargs):
    """inspections.E001: the publication deadline is not a positive number of working days."""
    days = setting("INSPECTIONS_PUBLICATION_WORKDAYS")
    if isinstance(days, bool) or not isinstance(days, int) or days < 1:
        return [checks.Error(f"INSPECTIONS_PUBLICATION_WORKDAYS must be a positive integer, not {days!r}",
                             id="inspections.E001")]
    return []


@checks.register()
def standard_agrees_with_the_draw(app_configs, **kwargs):
    """inspections.E002: the standard's risks, classes or minimum team differ from the draw's (drawing.py is
    standard-library only, so the two are kept apart and compared here); E003: the lead unit is unknown."""
    found = []
    if (tuple(standard.Risk) != drawing.RISKS or tuple(standard.CreditClass) != drawing.CREDIT_CLASSES
            or standard.PER_OBJECT_MIN != drawing.MIN_PER_OBJECT):
        found.append(
            checks.Error(
                "inspections/standard.py and rules/drawing.py disagree on risks, classes or the minimum team",
                id="inspections.E002",
            )
        )
    if standard.LEAD_UNIT not in {row["code"] for row in org_reference.rows()}:
        found.append(checks.Error(f"LEAD_UNIT {standard.LEAD_UNIT!r} is not in org/reference/units.csv",
                                  id="inspections.E003"))
    return found
