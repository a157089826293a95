"""System checks of 双公示 (stable ids credit.E001…): what the app cannot run right without.

- credit.E001 a field of the standard that a rule relies on has no
  column in `Record` (or the column is shorter than the standard allows);
- credit.E002 `CREDIT_LEAD_UNIT` is not a unit of org/reference/units.csv;
- credit.E003 `CREDIT_PUBLICITY_POLICY` is not a valid publicity policy;
- credit.E004 a working-day count (`CREDIT_DUE_WORKDAYS`,
  `CREDIT_OBJECTION_WORKDAYS`) is not a positive integer;
- credit.E005 `CREDIT_OBJECTION_RATE` is not a list of (how many ≥ 1, seconds ≥ 1);
- credit.E006 `CREDIT_ASSESSMENT_WEIGHTS` has an unknown component, a negative weight, or only zeros;
- credit.E007 `CREDIT_CATALOG_ROUND` is not (name, YYYY-MM-DD);
- credit.E008 `CREDIT_NATIONAL_ORG` has an unknown key or is not a dict;
- credit.E009 `CREDIT_REPORTS_FOR` is not {unit code: [unit codes]} of org/reference/units.csv.

None of them reads the database: they run before migrations too.
"""

from datetime import date

from django.core import checks

from zhengwu.core.conf import setting
from zhengwu.credit.apps import DEFAULT_ASSESSMENT_WEIGHTS
from zhengwu.credit.formats import convert
from zhengwu.credit.models import Record
from zhengwu.credit.rules import authority, publicity
from zhengwu.credit.standard import STANDARDS, Check
from zhengwu.org import reference as org_reference

#: the typed columns of `Record` and the field role of the standard each is filled from (services.imports)
STORED_COLUMNS = {
    "key": "key", "decision_no": "decision_no", "subject_name": "subject", "uscc": "legal_codes.0",
    "org_code": "legal_codes.1", "category": "category", "decided_on": "start", "valid_until": "end",
    "publicity_until": "publicity_end", "status": "status", "street": "street", "item_code": "item_code",
    "authority": "authority",
}


def _field_code(std, role: str) -> str:
    name, _sep, index = role.partition(".")
    value = getattr(std, name)
    return value[int(index)] if index else value


@checks.register()
def standard_fields_have_columns(app_configs, **kwargs):
    """Every field the rules and the pages read from a typed
    column has one, as long as the standard allows."""
    errors = []
    model_fields = {f.name: f for f in Record._meta.get_fields()}
    for std in STANDARDS.values():
        for column, role in STORED_COLUMNS.items():
            code = _field_code(std, role)
            field = model_fields.get(column)
            if code not in std.by_code or field is None:
                errors.append(checks.Error(
                    f"{std.kind}: field {code} ({role}) has no column {column!r} in credit.Record",
                    hint="add the column (and a migration) or change STORED_COLUMNS in credit/checks.py",
                    id="credit.E001"))
                continue
            spec = std.field(code)
            limit = getattr(field, "max_length", None)
            # a street is stored as the district street's name, whatever spelling the file used
            if limit and spec.max_length and spec.max_length > limit and spec.check is not Check.STREET:
                errors.append(checks.Error(
                    f"{std.kind}: field {code} allows {spec.max_length} characters, column Record.{column} "
                    f"only {limit}", id="credit.E001"))
    return errors


@checks.register()
def lead_unit_exists(app_configs, **kwargs):
    code = setting("CREDIT_LEAD_UNIT")
    if code not in {row["code"] for row in org_reference.rows()}:
        return [checks.Error(f"CREDIT_LEAD_UNIT {code!r} is not a unit code of org/reference/units.csv",
                             hint="the lead unit of 双公示 is 区发改局 (QFGJ)", id="credit.E002")]
    return []


@checks.register()
def publicity_policy_is_valid(app_configs, **kwargs):
    try:
        publicity.policy_from_settings(setting("CREDIT_PUBLICITY_POLICY"))
    except ValueError as exc:
        return [checks.Error(f"CREDIT_PUBLICITY_POLICY is not valid: {exc}", id="credit.E003")]
    return []


@checks.register()
def workday_counts_are_positive(app_configs, **kwargs):
    out = []
    for name in ("CREDIT_DUE_WORKDAYS", "CREDIT_OBJECTION_WORKDAYS"):
        value = setting(name)
        if type(value) is not int or value < 1:
            out.append(checks.Error(f"{name} must be a positive integer, not {value!r}", id="credit.E004"))
    return out


@checks.register()
def objection_rate_is_valid(app_configs, **kwargs):
    out = []
    for name in ("CREDIT_OBJECTION_RATE", "CREDIT_REPAIR_RATE"):
        raw = setting(name)
        try:
            ok = all(type(n) is int and type(s) is int and n >= 1 and s >= 1 for n, s in raw)
        except (TypeError, ValueError):
            ok = False
        if not ok:
            out.append(checks.Error(f"{name} must be pairs (how many ≥ 1, seconds ≥ 1), not {raw!r}",
                                    id="credit.E005"))
    return out


@checks.register()
def push_format_is_valid(app_configs, **kwargs):
    raw = setting("CREDIT_PUSH_FORMAT")
    if raw not in convert.TARGETS:
        return [checks.Error(f"CREDIT_PUSH_FORMAT must be one of {', '.join(convert.TARGETS)}, not {raw!r}",
                             id="credit.E010")]
    return []


@checks.register()
def assessment_weights_are_valid(app_configs, **kwargs):
    weights = setting("CREDIT_ASSESSMENT_WEIGHTS")
    known = set(DEFAULT_ASSESSMENT_WEIGHTS)
    if (not isinstance(weights, dict) or set(weights) - known
            or not all(isinstance(v, int | float) and v >= 0 for v in weights.values())
            or not any(weights.values())):
        return [checks.Error(f"CREDIT_ASSESSMENT_WEIGHTS {weights!r}: give numbers ≥ 0, not all 0, for "
                             f"{', '.join(sorted(known))}", id="credit.E006")]
    return []


@checks.register()
def catalog_round_is_valid(app_configs, **kwargs):
    raw = setting("CREDIT_CATALOG_ROUND")
    try:
        name, due = raw
        date.fromisoformat(str(due))
        ok = bool(str(name).strip())
    except (TypeError, ValueError):
        ok = False
    if not ok:
        return [
            checks.Error(
                f"CREDIT_CATALOG_ROUND must be (round name, YYYY-MM-DD), not {raw!r}", id="credit.E007"
            )
        ]
    return []


@checks.register()
def national_org_is_valid(app_configs, **kwargs):
    raw = setting("CREDIT_NATIONAL_ORG")
    try:
        convert.OrgConfig.from_settings(raw)
    except (TypeError, ValueError) as exc:
        return [checks.Error(f"CREDIT_NATIONAL_ORG is not valid: {exc}", hint="a dict with source_unit, "
                             "source_unit_code and authority_codes", id="credit.E008")]
    return []


@checks.register()
def reports_for_is_valid(app_configs, **kwargs):
    raw = setting("CREDIT_REPORTS_FOR")
    problems = authority.check_config(raw)
    if not problems:
        known = {row["code"] for row in org_reference.rows()}
        unknown = sorted({c for code, codes in raw.items() for c in [code, *codes] if c not in known})
        if unknown:
            problems = [
                f"CREDIT_REPORTS_FOR names unit codes not in org/reference/units.csv: {', '.join(unknown)}"
            ]
    return [checks.Error(p, hint="{\"QCGZFJ\": [\"QCGZFDD\"]}: 区城管执法局 imports its 大队's records",
                         id="credit.E009") for p in problems]
