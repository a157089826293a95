"""The input: a proposal from decoded JSON (`parse_proposal`), or `InvalidProposal` naming the field."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from zhengwu.microprojects import standard as std
from zhengwu.microprojects.rules.errors import CENT, MAX_AMOUNT, MAX_DESCRIPTION, MAX_TITLE, InvalidProposal
from zhengwu.microprojects.standard import (
    Applicant,
    Category,
    Kind,
    Registration,
)

# --- Input --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class CapException:
    """The street's exception to the cap (§一 原则上): approved or not, and the reasons recorded."""

    approved_by_street: bool
    reasons: str = ""


@dataclass(frozen=True)
class Organization:
    """What a social organisation shows when it applies (§五(二)1)."""

    registration: Registration
    founded_on: date | None = None
    last_inspection_passed: bool = False  # 上年度年检合格
    inspection_due: bool = True  # whether an annual inspection has fallen due yet
    violations: bool = False  # 违法违规行为
    annual_report_required: bool = False  # 实行年报的
    annual_report_filed: bool = False
    management_system: bool = False  # 管理制度完善
    capacity: bool = False  # 具备实施项目的能力，能充分动员社区群众参与


@dataclass(frozen=True)
class Proposal:
    category: Category
    kind: Kind
    amount: Decimal  # yuan
    applicant_kind: Applicant
    title: str
    description: str = ""
    admin_cost: Decimal = Decimal(0)
    cap_exception: CapException | None = None
    organization: Organization | None = None
    negative_list_overrides: Mapping[int, str] = field(default_factory=dict)  # item → the street's reasons
    self_raised_funds: Decimal = Decimal(0)
    self_raised_proof_sent: bool = False


PROPOSAL_FIELDS = ("category", "kind", "amount", "admin_cost", "applicant_kind", "title", "description",
                   "cap_exception", "organization", "negative_list_overrides", "self_raised_funds",
                   "self_raised_proof_sent")
ORGANIZATION_FIELDS = ("registration", "founded_on", "last_inspection_passed", "inspection_due", "violations",
                       "annual_report_required", "annual_report_filed", "management_system", "capacity")
_MISSING = object()


def _choice(data: Mapping, key: str, enum, prefix: str = ""):
    value = data.get(key, _MISSING)
    name = prefix + key
    if value is _MISSING or value is None:
        raise InvalidProposal(name, _("缺少此字段"))
    try:
        return enum(value)
    except (ValueError, TypeError):
        allowed = "、".join(e.value for e in enum)
        raise InvalidProposal(
            name, _("“%(value)s”不是可选值（可选：%(allowed)s）") % {"value": value, "allowed": allowed}
        )


def _money(data: Mapping, key: str, *, required: bool, positive: bool = False) -> Decimal:
    value = data.get(key, _MISSING)
    if value is _MISSING or value is None:
        if required:
            raise InvalidProposal(key, _("缺少此字段"))
        return Decimal(0)
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise InvalidProposal(key, _("必须是以元为单位的数字"))
    try:
        amount = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        raise InvalidProposal(key, _("必须是以元为单位的数字"))
    if not amount.is_finite():
        raise InvalidProposal(key, _("必须是以元为单位的数字"))
    if amount < 0 or (positive and amount == 0):
        raise InvalidProposal(key, _("必须大于零") if positive else _("不能为负数"))
    if amount > MAX_AMOUNT:
        raise InvalidProposal(key, _("金额过大"))
    if amount != amount.quantize(CENT):
        raise InvalidProposal(key, _("最多保留两位小数（分）"))
    return amount


def _text(data: Mapping, key: str, *, required: bool, limit: int) -> str:
    value = data.get(key, _MISSING)
    if value is _MISSING or value is None:
        if required:
            raise InvalidProposal(key, _("缺少此字段"))
        return ""
    if not isinstance(value, str):
        raise InvalidProposal(key, _("必须是文本"))
    if required and not value.strip():
        raise InvalidProposal(key, _("不能为空"))
    if len(value) > limit:
        raise InvalidProposal(key, _("超过 %(limit)s 个字符") % {"limit": limit})
    return value


def _flag(data: Mapping, key: str, default: bool, prefix: str = "") -> bool:
    value = data.get(key, default)
    if not isinstance(value, bool):
        raise InvalidProposal(prefix + key, _("必须是 true 或 false"))
    return value


def _object(data: Mapping, key: str) -> Mapping | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise InvalidProposal(key, _("必须是 JSON 对象"))
    return value


def _unknown(data: Mapping, known: Sequence[str], prefix: str = "") -> None:
    unknown = [str(k) for k in data if k not in known]
    if unknown:
        raise InvalidProposal(None, _("未知字段：%(fields)s（可用字段：%(known)s）") % {
            "fields": "、".join(prefix + k for k in unknown), "known": "、".join(prefix + k for k in known)})


def _organization(data: Mapping) -> Organization:
    p = "organization."
    _unknown(data, ORGANIZATION_FIELDS, p)
    founded = data.get("founded_on")
    if founded is not None:
        try:
            founded = date.fromisoformat(founded) if isinstance(founded, str) and len(founded) == 10 else None
        except ValueError:
            founded = None
        if founded is None:
            raise InvalidProposal(p + "founded_on", _("必须是 YYYY-MM-DD 格式的日期"))
    return Organization(
        registration=_choice(data, "registration", Registration, p),
        founded_on=founded,
        **{
            k: _flag(data, k, Organization.__dataclass_fields__[k].default, p)
            for k in ORGANIZATION_FIELDS[2:]
        },
    )


def _overrides(data: Mapping) -> dict[int, str]:
    out = {}
    for key, reasons in data.items():
        name = f"negative_list_overrides.{key}"
        try:
            item = int(key)
        except ValueError:
            item = 0
        if item not in std.NEGATIVE_ITEMS:
            raise InvalidProposal(name, _("负面清单没有这一项（1–%(n)s）") % {"n": len(std.NEGATIVE_LIST)})
        if not isinstance(reasons, str) or not reasons.strip():
            raise InvalidProposal(name, _("须写明街道同意的理由"))
        out[item] = reasons
    return out


def parse_proposal(data: object) -> Proposal:
    """A `Proposal` from decoded JSON, or `InvalidProposal` naming the first field that is wrong."""
    if not isinstance(data, Mapping):
        raise InvalidProposal(None, _("内容必须是一个 JSON 对象"))
    _unknown(data, PROPOSAL_FIELDS)
    category = _choice(data, "category", Category)
    kind = _choice(data, "kind", Kind)
    amount = _money(data, "amount", required=True, positive=True)
    applicant = _choice(data, "applicant_kind", Applicant)
    title = _text(data, "title", required=True, limit=MAX_TITLE)
    description = _text(data, "description", required=False, limit=MAX_DESCRIPTION)
    admin_cost = _money(data, "admin_cost", required=False)
    exc = _object(data, "cap_exception")
    if exc is not None:
        _unknown(exc, ("approved_by_street", "reasons"), "cap_exception.")
        reasons = exc.get("reasons", "")
        if not isinstance(reasons, str):
            raise InvalidProposal("cap_exception.reasons", _("必须是文本"))
        exc = CapException(_flag(exc, "approved_by_street", False, "cap_exception."), reasons)
    org = _object(data, "organization")
    overrides = _object(data, "negative_list_overrides")
    return Proposal(
        category=category, kind=kind, amount=amount, applicant_kind=applicant, title=title,
        description=description, admin_cost=admin_cost, cap_exception=exc,
        organization=_organization(org) if org is not None else None,
        negative_list_overrides=_overrides(overrides) if overrides is not None else {},
        self_raised_funds=_money(data, "self_raised_funds", required=False),
        self_raised_proof_sent=_flag(data, "self_raised_proof_sent", False))
