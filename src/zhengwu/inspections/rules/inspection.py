"""The 双随机 rules around the draw, as pure functions over plain values: no ORM, no request.

- `DEFAULT_POLICY`: the draw's policy built from the standard's numbers;
- `message(error)`: the Chinese message of a `DrawError` (the draw module speaks in codes);
- `effective_class`: the credit-risk class with its uplifts (经营异常名录, many complaints);
- `item_problems`, `item_in_force`, `task_item_problem`: the list of inspection items (一单);
- `merge_joint`, `with_joint_departments`, `already_covered`: joint inspections (原则上一次性完成);
- `cap_status`: the annual cap per enterprise, with a warning on repeated checks;
- `publication_due`, `publication_status`: results published within 20 working days;
- `result_problems`: the national result categories of one check.

    >>> effective_class("B", abnormal=True, complaints=0)
    'C'
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from fractions import Fraction
from types import MappingProxyType

from django.utils.translation import gettext as _

from zhengwu.core.errors import ApplicationError
from zhengwu.inspections.rules.drawing import (
    CREDIT_CLASSES,
    DrawError,
    InspectionObject,
    NoFairDraw,
    Policy,
    to_fraction,
)
from zhengwu.inspections.standard import (
    ANNUAL_CAP,
    EXCLUDE_DAYS,
    INELIGIBILITY_LABELS,
    PUBLICATION_WORKDAYS,
    RESULT_ALIASES,
    RESULT_CATEGORIES,
    RISK_WEIGHTS,
    UPLIFT,
    InspectionItem,
    ItemClass,
    Method,
    Uplift,
)

#: The draw's policy from the standard's numbers (risk weights, recent-inspection exclusion, annual cap).
DEFAULT_POLICY = Policy(risk_weights=MappingProxyType({str(k): v for k, v in RISK_WEIGHTS.items()}),
                        exclude_days=EXCLUDE_DAYS, annual_cap=ANNUAL_CAP)


@dataclass(frozen=True)
class Problem:
    code: str
    message: str


# --- messages of the draw's errors ---------------------------------------------------------------------


def message(error: DrawError) -> str:
    """The draw's error in Chinese, naming what is wrong and where."""
    p = error.params
    if isinstance(error, NoFairDraw):
        oid, n, needed, missing = error.shortfalls[0]
        text = _("无法公平抽取：检查对象 %(object)s 只有 %(n)s 名符合条件的检查人员，需要 %(needed)s 名") % {
            "object": oid, "n": n, "needed": needed}
        if missing:
            text += _("；联合检查部门 %(depts)s 没有符合条件的检查人员") % {"depts": "、".join(missing)}
        if len(error.shortfalls) > 1:
            text += _("（另有 %(k)s 个检查对象同样不足：%(ids)s）") % {
                "k": len(error.shortfalls) - 1, "ids": "、".join(s[0] for s in error.shortfalls[1:11])}
        return text
    texts = {
        "per_object_min": _("每个检查对象至少需要 %(minimum)s 名检查人员，收到 %(value)s"),
        "ratio_missing": _("请给出一个抽查比例，或按信用风险分类分别给出比例"),
        "ratio_invalid": _("抽查比例不是数字：%(value)s"),
        "ratio_range": _("抽查比例 %(value)s 应大于 0 且不大于 1"),
        "class_unknown": _("未知的信用风险分类：%(value)s"),
        "class_missing": _("检查对象 %(object)s 的信用风险分类“%(value)s”没有抽查比例"),
        "policy_weights": _("风险权重应为 high、medium、low 三级的正整数"),
        "policy_rules": _("近期排除天数和年度抽查上限应为不小于 0 的整数"),
        "object_id": _("检查对象编号为空或重复：%(object)s"),
        "inspector_id": _("检查人员编号为空或重复：%(inspector)s"),
        "street_missing": _("检查对象 %(object)s 没有所在街道"),
        "risk_unknown": _("检查对象 %(object)s 的风险等级“%(value)s”不是 high、medium、low 之一"),
        "count_invalid": _("检查对象 %(object)s 的本年度抽查次数应为不小于 0 的整数"),
        "date_required": _("名单含有日期（上次检查日期或执法证有效期），请用 --on 给出抽取日期"),
        "date_invalid": _("%(where)s：日期格式应为 YYYY-MM-DD，收到 %(value)s"),
        "seed_invalid": _("随机种子应为偶数位十六进制数字，收到 %(value)s"),
        "format": _("不是本系统导出的抽取输入文件"),
    }
    if error.code in texts:
        try:
            return texts[error.code] % p
        except (KeyError, TypeError, ValueError):
            return texts[error.code]
    return str(error)


def verification_message(code: str) -> str:
    texts = {
        "seed_mismatch": _("种子的 SHA-256 与公布的不一致"),
        "commitment_mismatch": _("输入名单或种子与抽取前公布的承诺值不一致"),
        "result_mismatch": _("用公布的种子重新抽取，结果与公布的结果不同"),
        "format": _("不是本系统导出的抽取输入或结果文件"),
    }
    return texts.get(code) or _("无法重新抽取")


def ineligibility_labels(reasons: Iterable[str]) -> list[str]:
    return [str(INELIGIBILITY_LABELS.get(r, r)) for r in reasons]


# --- credit-risk classes --------------------------------------------------------------------------------


def effective_class(base: str, *, abnormal: bool, complaints: int, uplift: Uplift = UPLIFT) -> str:
    """The class that sizes the draw: one class up for the
    经营异常名录, one for many complaints, at most D."""
    if base not in CREDIT_CLASSES:
        raise ValueError(_("未知的信用风险分类：%(value)s") % {"value": base})
    steps = int(bool(abnormal and uplift.abnormal_list)) + int(complaints >= uplift.complaints)
    return CREDIT_CLASSES[min(CREDIT_CLASSES.index(base) + steps, len(CREDIT_CLASSES) - 1)]


# --- the list of inspection items -----------------------------------------------------------------------


def item_problems(item: InspectionItem) -> list[Problem]:
    """An item of the 随机抽查事项清单 needs its legal basis, inspecting body, object type, ratio, frequency,
    method and class; a contracted body alone cannot carry out a check."""
    problems = []
    for name, label in (("code", _("事项编码")), ("name", _("抽查事项")), ("legal_basis", _("检查依据")),
                        ("inspecting_body", _("检查主体")), ("object_type", _("检查对象"))):
        if not str(getattr(item, name) or "").strip():
            problems.append(Problem("item_required", _("事项 %(code)s 缺少%(field)s") % {
                "code": item.code or "?", "field": label}))
    try:
        ratio = to_fraction(item.ratio)
    except DrawError:
        ratio = Fraction(-1)
    if not 0 < ratio <= 1:
        problems.append(
            Problem("item_ratio", _("事项 %(code)s 的抽查比例应大于 0 且不大于 1") % {"code": item.code})
        )
    if isinstance(item.frequency, bool) or not isinstance(item.frequency, int) or item.frequency < 1:
        problems.append(
            Problem("item_frequency", _("事项 %(code)s 的抽查频次应为正整数") % {"code": item.code})
        )
    methods = set(item.methods)
    if not methods or not methods <= set(Method):
        problems.append(Problem("item_methods", _("事项 %(code)s 的检查方式为空或不在规定的方式中") % {
            "code": item.code}))
    elif methods == {Method.CONTRACTED}:
        problems.append(
            Problem(
                "item_contracted_only",
                _("事项 %(code)s 只有委托专业机构辅助：受托机构只能辅助，检查须由执法人员实施")
                % {"code": item.code},
            )
        )
    if item.item_class not in set(ItemClass):
        problems.append(
            Problem("item_class", _("事项 %(code)s 的类别应为一般或重点检查事项") % {"code": item.code})
        )
    if item.valid_to is not None and item.valid_to < item.valid_from:
        problems.append(
            Problem("item_validity", _("事项 %(code)s 的失效日期早于生效日期") % {"code": item.code})
        )
    return problems


def item_in_force(item: InspectionItem, day: date) -> bool:
    return item.valid_from <= day and (item.valid_to is None or day <= item.valid_to)


def task_item_problem(item_code: str, items: Iterable[InspectionItem], day: date) -> Problem | None:
    """No task for an item that is not on the list in force that day."""
    if any(i.code == item_code and item_in_force(i, day) for i in items):
        return None
    return Problem("item_not_in_force", _("事项 %(code)s 不在 %(day)s 有效的抽查事项清单中") % {
        "code": item_code, "day": day.isoformat()})


# --- joint inspections ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemTask:
    """One department's item to be checked at one object."""

    department: str
    item_code: str
    object_id: str


@dataclass(frozen=True)
class Visit:
    """One visit to one object, carrying every department's items for it (原则上一次性完成)."""

    object_id: str
    departments: tuple[str, ...]
    items: tuple[tuple[str, str], ...]  # (department, item code), sorted

    @property
    def joint(self) -> bool:
        return len(self.departments) > 1


def merge_joint(tasks: Iterable[ItemTask]) -> list[Visit]:
    """Tasks of several departments targeting the same object become one visit; sorted by object id."""
    by_object: dict[str, set[tuple[str, str]]] = {}
    for t in tasks:
        by_object.setdefault(t.object_id, set()).add((t.department, t.item_code))
    return [
        Visit(object_id=oid, departments=tuple(sorted({d for d, _i in items})), items=tuple(sorted(items)))
        for oid, items in sorted(by_object.items())
    ]


def with_joint_departments(
    objects: Iterable[InspectionObject], visits: Iterable[Visit]
) -> list[InspectionObject]:
    """The objects of the visits, each carrying its visit's departments (so the draw gives every department of
    a joint visit one of its inspectors); objects without a visit are left out."""
    departments = {v.object_id: v.departments for v in visits}
    return [replace(o, departments=departments[o.id]) for o in objects if o.id in departments]


def already_covered(visits: Iterable[Visit], *, object_id: str, item_code: str) -> bool:
    """A joint task of the cycle already covered this item
    at this object: a second visit for it is blocked."""
    return any(v.object_id == object_id and any(code == item_code for _d, code in v.items) for v in visits)


# --- caps and deadlines ---------------------------------------------------------------------------------


def cap_status(inspections_this_year: int, *, cap: int) -> str:
    """"ok" for a first inspection this year, "repeated"
    (warn) for a further one within the cap, "over" at it."""
    if cap and inspections_this_year >= cap:
        return "over"
    return "repeated" if inspections_this_year > 0 else "ok"


def publication_due(completed_on: date, add_workdays: Callable[[date, int], date], *,
                    workdays: int = PUBLICATION_WORKDAYS) -> date:
    """The last day to publish a result: `workdays` working days after completion (calendar injected)."""
    return add_workdays(completed_on, workdays)


def publication_status(completed_on: date, add_workdays: Callable[[date, int], date], *, today: date,
                       published_on: date | None = None, workdays: int = PUBLICATION_WORKDAYS) -> str:
    """"on_time" / "late" once published; "due" / "overdue" before."""
    due = publication_due(completed_on, add_workdays, workdays=workdays)
    if published_on is not None:
        return "on_time" if published_on <= due else "late"
    return "overdue" if today > due else "due"


# --- result categories ----------------------------------------------------------------------------------

_RESULTS = {c.code: c for c in RESULT_CATEGORIES}
_RESULT_LABELS = {str(c.label): c.code for c in RESULT_CATEGORIES}


def result_code(value: str) -> str | None:
    """The category code of a code, its label or a known alias; None when unknown."""
    value = value.strip()
    if value in _RESULTS:
        return value
    return _RESULT_LABELS.get(value) or RESULT_ALIASES.get(value)


def result_problems(values: Sequence[str]) -> list[Problem]:
    """One check's result: at least one known category; 未发现问题 never beside a problem."""
    codes = []
    problems = []
    for v in values:
        code = result_code(v)
        if code is None:
            problems.append(Problem("result_unknown", _("“%(value)s”不是规定的抽查检查结果") % {"value": v}))
        else:
            codes.append(code)
    if not values:
        problems.append(Problem("result_missing", _("没有填写抽查检查结果")))
    if "1" in codes and any(_RESULTS[c].problem for c in codes):
        problems.append(Problem("result_contradiction", _("“未发现问题”不能与发现问题的结果同时选择")))
    return problems


# --- errors for services ---------------------------------------------------------------------------------


class RuleError(ApplicationError):
    """A rule refused the input; `code` is stable (tests assert on it), `message` is for people."""


def refuse(problems: Sequence[Problem], *, field: str | None = None) -> None:
    """Raise the first problem as a RuleError (the message lists every problem found)."""
    if problems:
        raise RuleError("；".join(p.message for p in problems), code=problems[0].code, field=field)
