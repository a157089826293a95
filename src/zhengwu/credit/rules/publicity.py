"""How long a published record stays in public view — pure rules, configuration not code.

The default policy follows the national credit-repair rules in force since 2026-04-01
(《失信行为纠正后的信用信息修复管理办法》 and the 行政处罚信息公示期限 rules):

* licences are public while they are valid (until 许可截止期; 2099-12-31 = long-term);
* penalties are counted from the decision date:
  - minor (警告, 通报批评, penalties under the simplified procedure): not published (or at most 3 months);
  - general: public at least 3 months and at most 1 year;
  - serious: public at least 1 year and at most 3 years;
  after the maximum a record leaves the public view (it stays in the archive); credit repair can end
  it early, but never before its minimum.

Administrators change the numbers in settings (`CREDIT_PUBLICITY_POLICY`, a dict with the same keys
as `Policy`), never in code.
"""

import calendar
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

LONG_TERM = date(2099, 12, 31)


class Severity(StrEnum):
    MINOR = "minor"
    GENERAL = "general"
    SERIOUS = "serious"


SEVERITY_LABELS = {Severity.MINOR: _("轻微"), Severity.GENERAL: _("一般"), Severity.SERIOUS: _("严重")}


@dataclass(frozen=True)
class Window:
    """Minimum and maximum public months of one severity; `publish=False` keeps it off the public pages."""

    publish: bool
    min_months: int
    max_months: int


@dataclass(frozen=True)
class Policy:
    minor: Window = Window(publish=False, min_months=0, max_months=3)
    general: Window = Window(publish=True, min_months=3, max_months=12)
    serious: Window = Window(publish=True, min_months=12, max_months=36)
    #: penalty categories (处罚类别) that are minor by nature
    minor_categories: tuple[str, ...] = ("警告", "通报批评")
    #: categories that are serious by nature
    serious_categories: tuple[str, ...] = (
        "责令停产停业", "暂扣或者吊销许可证", "暂扣或者吊销执照", "行政拘留", "吊销许可证", "吊销执照",
        "责令关闭", "限制从业", "限制开展生产经营活动", "降低资质等级",
    )
    #: a fine at or above this amount (yuan) makes a penalty serious; None = amount does not matter
    serious_fine_yuan: Decimal | None = Decimal("1000000")
    #: words in the 处罚依据/结果 that mark the simplified procedure (当场处罚)
    simplified_markers: tuple[str, ...] = ("简易程序", "当场处罚", "当场作出")
    extra: dict = field(default_factory=dict)

    def window(self, severity: Severity) -> Window:
        return getattr(self, severity.value)


DEFAULT_POLICY = Policy()


def policy_from_settings(raw: dict | None) -> Policy:
    """Build a Policy from a settings dict (windows as {"publish", "min_months", "max_months"}).

    ValueError names what is wrong: an unknown key, a window that is not {"publish", "min_months",
    "max_months"} with 0 ≤ min ≤ max months, a fine that is not a number (system check credit.E003).
    """
    if not raw:
        return DEFAULT_POLICY
    if not isinstance(raw, dict):
        raise ValueError(f"the publicity policy must be a dict, not {type(raw).__name__}")
    values = {}
    for key, value in raw.items():
        if key in {"minor", "general", "serious"}:
            try:
                window = Window(**value)
            except TypeError:
                raise ValueError(f"{key}: expected {{'publish', 'min_months', 'max_months'}}, got {value!r}") from None
            if not (isinstance(window.min_months, int) and isinstance(window.max_months, int)
                    and 0 <= window.min_months <= window.max_months):
                raise ValueError(f"{key}: months must be integers with 0 <= min_months <= max_months")
            values[key] = window
        elif key == "serious_fine_yuan":
            try:
                values[key] = None if value is None else Decimal(str(value))
            except InvalidOperation:
                raise ValueError(f"serious_fine_yuan: {value!r} is not a number") from None
        elif key in {"minor_categories", "serious_categories", "simplified_markers"}:
            if isinstance(value, str):
                raise ValueError(f"{key}: a list of words, not one string")
            values[key] = tuple(value)
        else:
            raise ValueError(f"unknown publicity policy setting {key!r}")
    return Policy(**values)


def add_months(day: date, months: int) -> date:
    """Same day `months` later (clamped to the month's end: 2025-11-30 + 3 → 2026-02-28)."""
    if day >= LONG_TERM:
        return LONG_TERM
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


_FINE = re.compile(r"(\d+(?:\.\d+)?)\s*(万)?\s*元")


def fine_from_text(text: str) -> Decimal | None:
    """The largest amount of money named in a 处罚结果, in yuan (None if there is none).

    >>> fine_from_text("罚款人民币2000元"), fine_from_text("罚款1.5万元")
    (Decimal('2000'), Decimal('15000.0'))
    """
    amounts = []
    for number, wan in _FINE.findall(text or ""):
        try:
            value = Decimal(number)
        except InvalidOperation:  # pragma: no cover - the pattern only matches numbers
            continue
        amounts.append(value * 10000 if wan else value)
    return max(amounts) if amounts else None


def categories_of(category: str) -> list[str]:
    """A 处罚类别 may list several punishments (罚款、没收违法所得)."""
    parts = [p.strip() for p in category.replace("；", "、").replace(";", "、").replace(",", "、").split("、")]
    return [p for p in parts if p]


def penalty_severity(*, category: str, fine_yuan: Decimal | None = None, basis: str = "", result: str = "",
                     declared: Severity | None = None, policy: Policy = DEFAULT_POLICY) -> Severity:
    """Classify a penalty: a reviewer's declaration wins; then serious categories or a large fine;
    then a minor category alone or the simplified procedure; otherwise general.

    >>> penalty_severity(category="警告")
    <Severity.MINOR: 'minor'>
    >>> penalty_severity(category="罚款、暂扣或者吊销许可证")
    <Severity.SERIOUS: 'serious'>
    """
    if declared is not None:
        return Severity(declared)
    parts = categories_of(category)
    if any(p in policy.serious_categories for p in parts):
        return Severity.SERIOUS
    if policy.serious_fine_yuan is not None and fine_yuan is not None and fine_yuan >= policy.serious_fine_yuan:
        return Severity.SERIOUS
    if parts and all(p in policy.minor_categories for p in parts):
        return Severity.MINOR
    text = f"{basis} {result}"
    if any(marker in text for marker in policy.simplified_markers):
        return Severity.MINOR
    return Severity.GENERAL


@dataclass(frozen=True)
class Publicity:
    """Whether and until when a record is public: `until` is the last public day (None = not public)."""

    public: bool
    until: date | None
    earliest_repair: date | None = None
    reason: str = ""


def license_publicity(*, valid_until: date | None, declared_until: date | None = None) -> Publicity:
    """Licences are public while valid; the record's own 公示期限 (XK_GSQX) can only shorten that."""
    end = valid_until or LONG_TERM
    if declared_until is not None:
        end = min(end, declared_until)
    return Publicity(True, end, None, "许可有效期内公示")


def penalty_publicity(*, decided_on: date, severity: Severity, declared_until: date | None = None,
                      policy: Policy = DEFAULT_POLICY) -> Publicity:
    """Penalties: public from the decision date for the severity's maximum; repairable after its minimum.

    A 公示期限 (CF_GSQX) given by the unit is honoured when it lies inside [minimum, maximum].
    """
    window = policy.window(severity)
    if not window.publish:
        return Publicity(False, None, None, "轻微处罚不予公示")
    latest = add_months(decided_on, window.max_months)
    earliest = add_months(decided_on, window.min_months)
    until = latest
    if declared_until is not None:
        until = max(earliest, min(latest, declared_until))
    return Publicity(True, until, earliest, f"{severity.value}: {window.min_months}–{window.max_months} 个月")


def repair_allowed_on(*, publicity: Publicity, day: date) -> bool:
    """Credit repair may end a penalty's publicity only after its minimum period."""
    return publicity.public and (publicity.earliest_repair is None or day >= publicity.earliest_repair)
