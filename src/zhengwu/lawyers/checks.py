"""System checks of 律师驻队 (stable ids lawyers.E001…): configuration the app cannot run without."""

from django.core import checks

from zhengwu.core.conf import setting
from zhengwu.lawyers import standard
from zhengwu.org import reference as org_reference


def unit_codes() -> dict[str, str]:
    """{org code: where the standard names it} for every unit the scheme names."""
    found = {standard.FIRM_LIST_KEEPER: "FIRM_LIST_KEEPER", standard.FUNDING_UNIT: "FUNDING_UNIT"}
    found |= {code: "DISTRICT_ENFORCEMENT_UNITS" for code, _kind in standard.DISTRICT_ENFORCEMENT_UNITS}
    found |= {code: "SUPERVISING_UNITS" for code in standard.SUPERVISING_UNITS}
    found |= {
        code: f"MILESTONES {m.code}" for m in standard.MILESTONES for code in m.lead_units + m.assisting_units
    }
    return {code: where for code, where in found.items() if code != standard.EVERY_STREET}


@checks.register()
def standard_units_exist(app_configs, **kwargs):
    """lawyers.E001: a unit the standard names is not in org/reference/units.csv."""
    known = {row["code"] for row in org_reference.rows()}
    return [
        checks.Error(
            f"lawyers/standard.py {where} names unit {code!r}, which is not in org/reference/units.csv",
            id="lawyers.E001",
        )
        for code, where in sorted(unit_codes().items())
        if code not in known
    ]


@checks.register()
def settings_are_sane(app_configs, **kwargs):
    """lawyers.E002: LAWYERS_REMIND_WORKDAYS is not a non-negative
    integer; lawyers.E003: the programme year is not a year."""
    found = []
    days = setting("LAWYERS_REMIND_WORKDAYS")
    if isinstance(days, bool) or not isinstance(days, int) or days < 0:
        found.append(
            checks.Error(f"LAWYERS_REMIND_WORKDAYS must be an integer ≥ 0, not {days!r}", id="lawyers.E002")
        )
    year = setting("LAWYERS_PROGRAMME_YEAR")
    if isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= 2100:
        found.append(checks.Error(f"LAWYERS_PROGRAMME_YEAR must be a year, not {year!r}", id="lawyers.E003"))
    return found
