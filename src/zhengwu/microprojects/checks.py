"""System checks of 民生微实事 (stable ids microprojects.E001…): configuration the app cannot run without."""

from django.core import checks

from zhengwu.microprojects import standard
from zhengwu.org import reference as org_reference


def unit_codes() -> dict[str, str]:
    """{org code: where the standard names it} for every unit the scheme gives a duty or a role."""
    found = {standard.SELF_RAISED_PROOF_TO: "SELF_RAISED_PROOF_TO", standard.AUDIT_UNIT: "AUDIT_UNIT"}
    found |= {pool.lead_unit: f"EXPERT_POOLS[{category}]" for category, pool in standard.EXPERT_POOLS.items()}
    found |= {
        code: f"DIVISION_OF_LABOUR {duty.code}" for duty in standard.DIVISION_OF_LABOUR for code in duty.units
    }
    found |= {code: f"ROLES[{role}]" for role, codes in standard.ROLES.items() for code in codes}
    return {
        code: where for code, where in found.items() if code not in (standard.STREETS, standard.COMMUNITIES)
    }


@checks.register()
def standard_units_exist(app_configs, **kwargs):
    """microprojects.E001: a unit the standard names is not in org/reference/units.csv."""
    known = {row["code"] for row in org_reference.rows()}
    return [checks.Error(f"microprojects/standard.py {where} names unit {code!r}, which is not in "
                         "org/reference/units.csv", id="microprojects.E001")
            for code, where in sorted(unit_codes().items()) if code not in known]


@checks.register()
def settings_are_valid(app_configs, **kwargs):
    """microprojects.E002: the reminder horizon and page size are positive integers."""
    from zhengwu.core.conf import setting  # deferred: settings are read when the checks run, not at import

    out = []
    for name in ("MICROPROJECTS_REMIND_WORKDAYS", "MICROPROJECTS_PAGE_SIZE"):
        value = setting(name)
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            out.append(
                checks.Error(f"{name} must be a positive integer, not {value!r}", id="microprojects.E002")
            )
    return out
