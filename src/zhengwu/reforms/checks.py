"""System checks of 改革督查 (stable ids reforms.E001…): configuration the app cannot run without."""

from django.core import checks

from zhengwu.core.conf import setting
from zhengwu.org import reference as org_reference
from zhengwu.reforms import rules
from zhengwu.reforms.standard import EVERY_COMMUNITY, EVERY_STREET, REGISTER


@checks.register()
def light_policy_is_valid(app_configs, **kwargs):
    policy = rules.LightPolicy(yellow_workdays=setting("REFORMS_YELLOW_WORKDAYS"),
                               report_cycle_workdays=setting("REFORMS_REPORT_CYCLE_WORKDAYS"))
    try:
        rules.check_light_policy(policy)
    except rules.RuleError as exc:
        return [
            checks.Error(
                f"{policy} is not valid ({exc.field}): REFORMS_YELLOW_WORKDAYS must be an integer ≥ 0, "
                "REFORMS_REPORT_CYCLE_WORKDAYS an integer ≥ 1",
                id="reforms.E001",
            )
        ]
    return []


@checks.register()
def score_weights_are_valid(app_configs, **kwargs):
    weights = setting("REFORMS_SCORE_WEIGHTS")
    try:
        rules.check_weights(weights if isinstance(weights, dict) else {})
    except rules.RuleError as exc:
        return [
            checks.Error(
                f"REFORMS_SCORE_WEIGHTS {weights!r} is not valid at {exc.field!r}: give every component "
                "a number ≥ 0, not all 0",
                id="reforms.E002",
            )
        ]
    return []


@checks.register()
def register_units_exist(app_configs, **kwargs):
    """Every org code in reference/unit_names.csv is a unit of org/reference/units.csv."""
    known = {row["code"] for row in org_reference.rows()} | {EVERY_STREET, EVERY_COMMUNITY}
    return [checks.Error(f"reforms/reference/unit_names.csv maps {u.name!r} to {code!r}, which is not in "
                         "org/reference/units.csv", id="reforms.E003")
            for u in REGISTER.unit_names.values() for code in u.codes if code not in known]
