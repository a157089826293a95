"""How long a penalty record stays public, by rule version, and the Civil Code's period arithmetic (pure).

Three national rule versions, each in force for a span of dates, are data below (`VERSIONS`); the
sources each was checked against are listed with it and in docs/credit-national.md:

* 发改办财金〔2019〕527号 (from 2019-07-01): 一般失信 3 months – 1 year, 严重失信 6 months – 3 years,
  penalties under the simplified procedure outside both classes;
* 国家发展改革委令第58号 《失信行为纠正后的信用信息修复管理办法（试行）》 (2023-05-01 – 2026-03-31):
  a published penalty at least 3 months, at most 3 years; a decision of several kinds takes the longest;
* 国家发展改革委令第36号 《信用修复管理办法》 (from 2026-04-01, repealing 第58号): 轻微 not published in
  principle (at most 3 months where published), 一般 3 months – 1 year, 严重 1 – 3 years.

All count from the decision date. Periods are counted as 《民法典》 counts them (第二百零一条: the day
of the decision does not count, the period starts the next day; 第二百零二条: a period of months ends
on the day of the last month that corresponds to the decision day, or on that month's last day when
it has none). So a general penalty decided on 2026-05-10 is public through 2027-05-10 (`ends`) and
can be repaired from 2026-08-11 (`earliest_repair`, the first day after the 3-month minimum, which
ends on 2026-08-10). 第二百零三条 (a last day falling on a holiday moves to the next working day)
concerns periods for performing an act and is not applied to a publication's end.

Which version applies is configuration: `rule="auto"` (default) takes the version in force on the
day of evaluation (`on`), so that a rule change re-counts every record still public; `basis="decided"`
takes the version in force on the decision day instead; any version's code pins one. Before
2019-07-01 no national version was in force: the earliest is used (`before_first="earliest"`).

The scalar functions (`ends`, `earliest_repair`, `publicity`) and their column-wise twins
(`ends_expr`, `earliest_repair_expr`, `recompute`) give the same answers (tested).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

import polars as pl

from zhengwu.credit.formats import national as nat

LONG_TERM = date(2099, 12, 31)
DEFAULT_RULE = "auto"  # the version in force on the evaluation day
DEFAULT_BASIS = "on"  # "on": the evaluation day selects the version; "decided": the decision day does


class Tier(StrEnum):
    """失信程度 of a penalty record: 轻微 / 一般 / 严重."""

    MINOR = "minor"
    GENERAL = "general"
    SERIOUS = "serious"


TIER_NAMES = {Tier.MINOR: "轻微", Tier.GENERAL: "一般", Tier.SERIOUS: "严重"}
SEVERITY = (Tier.MINOR, Tier.GENERAL, Tier.SERIOUS)  # least to most severe


@dataclass(frozen=True)
class Window:
    """Minimum and maximum public months of one tier; `publish=False`: not published in principle (the
    months then say how long it would be public if a unit publishes it anyway)."""

    publish: bool
    min_months: int
    max_months: int


class NoRuleInForce(ValueError):
    """No configured rule version is in force on the day asked."""


@dataclass(frozen=True)
class RuleVersion:
    code: str  # stable id, e.g. "ndrc-order-36"
    name: str  # as cited; the CLI's "rule"
    title: str
    in_force_from: date
    in_force_until: date | None  # last day in force; None while in force
    windows: Mapping[Tier, Window]
    type_tiers: Mapping[str, Tier]  # national 处罚类别 → default tier
    other_tier: Tier = Tier.GENERAL  # 其他-… and kinds the table does not name
    notes: str = ""
    sources: tuple[str, ...] = field(default=())

    def window(self, tier: Tier | str) -> Window:
        return self.windows[Tier(tier)]

    def in_force_on(self, day: date) -> bool:
        return self.in_force_from <= day and (self.in_force_until is None or day <= self.in_force_until)

    def tier_of(self, kind: str) -> Tier:
        return self.type_tiers.get(kind, self.other_tier)

    def rank(self, tier: Tier | str) -> tuple:
        """Order of tiers for "several kinds → the longest period": published before not, then the longer
        maximum, the longer minimum, and at equal periods the more severe."""
        w = self.window(tier)
        return (w.publish, w.max_months, w.min_months, SEVERITY.index(Tier(tier)))

    def by_rank(self) -> tuple[Tier, ...]:
        return tuple(sorted(SEVERITY, key=self.rank))


# Default tier of each kind of 《行政处罚法》 第九条.
# 令第36号 (and its 2025-09 draft, which listed the kinds): 警告、通报批评 轻微; 暂扣许可
# 证件、降低资质等级、没收违法所得、没收非法财物 一般 (罚款 一般 unless a sector authority
# classes a low amount as 轻微: an override); 吊销许可证件、限制开展生产经营活动、责令停产
# 停业、责令关闭、限制从业 严重. 行政拘留 is not named: 严重 kept (our choice, as before).
_TIERS_2026 = {
    nat.WARNING: Tier.MINOR, nat.CRITICISM: Tier.MINOR,
    nat.FINE: Tier.GENERAL, nat.CONFISCATE_GAINS: Tier.GENERAL, nat.CONFISCATE_PROPERTY: Tier.GENERAL,
    nat.SUSPEND_LICENCE: Tier.GENERAL, nat.LOWER_QUALIFICATION: Tier.GENERAL,
    nat.REVOKE_LICENCE: Tier.SERIOUS, nat.RESTRICT_BUSINESS: Tier.SERIOUS, nat.SUSPEND_BUSINESS: Tier.SERIOUS,
    nat.CLOSE_DOWN: Tier.SERIOUS, nat.BAN_FROM_OCCUPATION: Tier.SERIOUS, nat.DETENTION: Tier.SERIOUS,
}
# 527号 / 第58号 class by conduct, not by kind; only the simplified procedure (警告 or a small fine on the
# spot) was outside the published classes. Default: a warning under the ordinary procedure is 一般; the
# kinds 527号 names for its 特定严重失信 (责令停产停业, 吊销许可证/执照) and their 2021 siblings are 严重.
_TIERS_BEFORE_2026 = dict(_TIERS_2026) | {nat.WARNING: Tier.GENERAL, nat.CRITICISM: Tier.GENERAL}

NDRC_2019_527 = RuleVersion(
    code="ndrc-2019-527",
    name="发改办财金〔2019〕527号",
    title="国家发展改革委办公厅关于进一步完善“信用中国”网站及地方信用门户网站行政处罚信息信用修复机制的通知",
    in_force_from=date(2019, 7, 1),
    in_force_until=date(2023, 4, 30),
    windows={
        Tier.MINOR: Window(False, 3, 12),
        Tier.GENERAL: Window(True, 3, 12),
        Tier.SERIOUS: Window(True, 6, 36),
    },
    type_tiers=_TIERS_BEFORE_2026,
    notes="一般失信 3 个月–1 年，严重失信 6 个月–3 年，自处罚决定之日起；按简易程序作出的处罚信息不在两类之内"
    "（our reading: not published; if published anyway, as 一般）。特定严重失信行为按最长期限公示、不予修复"
    "（not a tier here: set 严重 and refuse the repair）。",
    sources=(
        "https://aaa315gov.net/lianhechengjie/2021-03-12/69.html",
        "https://www.0797cx.cn/page37?article_id=15265",
        "http://crsrw.com/qiyezixun/112974.html",
        "http://crsrw.com/qiyezixun/86586.html",
    ),
)
NDRC_2023_58 = RuleVersion(
    code="ndrc-order-58",
    name="国家发展改革委令第58号",
    title="失信行为纠正后的信用信息修复管理办法（试行）",
    in_force_from=date(2023, 5, 1),
    in_force_until=date(2026, 3, 31),
    windows={
        Tier.MINOR: Window(False, 3, 36),
        Tier.GENERAL: Window(True, 3, 36),
        Tier.SERIOUS: Window(True, 3, 36),
    },
    type_tiers=_TIERS_BEFORE_2026,
    notes="行政处罚信息最短公示期三个月、最长三年，自处罚决定之日起；同一决定涉及多种处罚类型的以期限最长的为"
          "准；"
    "部分领域（特种设备、安全生产、消防）最短一年由行业规定（an override）。简易程序处罚不在归集范围"
    "（our reading, as under 527号）。",
    sources=(
        "http://m.sacsnlax.com/zwgk/content/post_1956177.html",
        "http://www.senqisrq.com/xxgk/ztzl/sgs/index.html",
        "https://creditsx.fgw.shanxi.gov.cn/repair_process.html",
    ),
)
NDRC_2025_36 = RuleVersion(
    code="ndrc-order-36",
    name="国家发展改革委令第36号",
    title="信用修复管理办法",
    in_force_from=date(2026, 4, 1),
    in_force_until=None,
    windows={
        Tier.MINOR: Window(False, 0, 3),
        Tier.GENERAL: Window(True, 3, 12),
        Tier.SERIOUS: Window(True, 12, 36),
    },
    type_tiers=_TIERS_2026,
    notes="轻微原则上不予公示（确有必要公示的最长 3 个月，法定责任履行完毕即可申请修复）；一般最短 3 "
          "个月、最长 1 年；"
    "严重最短 1 年、最长 3 年；自司法、行政公务文书认定之日起计算；最短期届满方可申请修复，最长期届满自动停止"
    "公示。"
    "2026 年 4 月 1 日起施行，第58号令同时废止。",
    sources=(
        "https://toubiaole.com/news/xingyexinwen/887.html",
        "http://m.law-lib.com/law/law_view.asp?id=786242",
        "https://finance.stockstar.com/IG2025112600020150.shtml",
        "https://www.yuhaojiang.com/redian/1328015.html",
        "http://www.cctv-cmpany.net/nav8/102981.html",
        "http://www.symoldtech.com/xinwenzhongxin/1235364.html",
    ),
)
VERSIONS: tuple[RuleVersion, ...] = (NDRC_2019_527, NDRC_2023_58, NDRC_2025_36)


def version(code: str, versions: Iterable[RuleVersion] = VERSIONS) -> RuleVersion:
    """A version by its code or its cited name; ValueError naming the known ones otherwise."""
    versions = tuple(versions)
    for v in versions:
        if code in (v.code, v.name):
            return v
    raise ValueError(
        f"unknown publicity rule {code!r}: expected one of {', '.join(v.code for v in versions)}"
    )


def version_in_force(day: date, versions: Iterable[RuleVersion] = VERSIONS, *,
                     before_first: str = "earliest") -> RuleVersion:
    """The version in force on `day`; before the first one, the earliest (or NoRuleInForce when
    `before_first="error"`); a gap between versions raises NoRuleInForce."""
    versions = sorted(versions, key=lambda v: v.in_force_from)
    for v in versions:
        if v.in_force_on(day):
            return v
    if versions and day < versions[0].in_force_from and before_first == "earliest":
        return versions[0]
    raise NoRuleInForce(f"no publicity rule in force on {day.isoformat()}")


def applicable(*, on: date, decided: date | None = None, rule: str = DEFAULT_RULE, basis: str = DEFAULT_BASIS,
               versions: Iterable[RuleVersion] = VERSIONS) -> RuleVersion:
    """The configured version: a pinned code, or (rule="auto") the one in force on the evaluation day
    (`basis="on"`, default) or on the decision day (`basis="decided"`)."""
    if rule != DEFAULT_RULE:
        return version(rule, versions)
    if basis not in ("on", "decided"):
        raise ValueError(f"unknown basis {basis!r}: expected on or decided")
    day = decided if basis == "decided" and decided is not None else on
    return version_in_force(day, versions)


# --- period arithmetic (民法典 第二百零一、二百零二条) ---------------------------------------------------

def period_end(start: date, months: int) -> date:
    """The last day of a period of `months` months counted from the event on `start`.

    `start` itself does not count (第二百零一条); the period ends on the day of the final month that
    corresponds to `start`, or that month's last day when there is none (第二百零二条):
    2026-05-10 + 3 → 2026-08-10; 2026-08-31 + 1 → 2026-09-30; 2024-02-29 + 12 → 2025-02-28.
    Long-term (2099-12-31) stays long-term; nothing ends after it.
    """
    if start >= LONG_TERM:
        return LONG_TERM
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return min(date(year, month, min(start.day, calendar.monthrange(year, month)[1])), LONG_TERM)


def _published(window: Window, publish: bool | None) -> bool:
    return window.publish if publish is None else publish


def ends(decided: date, tier: Tier | str, rule: RuleVersion, *, publish: bool | None = None) -> date | None:
    """The last day the record is public (the end of its maximum period); None when it is not published.

    `publish` overrides the tier's default (a unit publishing a 轻微 record: at most its maximum)."""
    w = rule.window(tier)
    return period_end(decided, w.max_months) if _published(w, publish) else None


def earliest_repair(
    decided: date, tier: Tier | str, rule: RuleVersion, *, publish: bool | None = None
) -> date | None:
    """The first day credit repair may end publication: the day after the minimum period; None when the
    record is not published (nothing to repair)."""
    w = rule.window(tier)
    if not _published(w, publish):
        return None
    return min(period_end(decided, w.min_months) + timedelta(days=1), LONG_TERM)


@dataclass(frozen=True)
class Period:
    rule: RuleVersion
    tier: Tier
    publish: bool
    earliest_repair: date | None
    ends: date | None

    def as_json(self) -> dict:
        """The CLI contract: {"rule", "publish", "earliest_repair", "ends"}."""
        iso = lambda d: d.isoformat() if d else None  # noqa: E731
        return {"rule": self.rule.name, "publish": self.publish, "earliest_repair": iso(self.earliest_repair),
                "ends": iso(self.ends)}


def publicity(
    *,
    decided: date,
    tier: Tier | str,
    on: date,
    rule: str = DEFAULT_RULE,
    basis: str = DEFAULT_BASIS,
    publish: bool | None = None,
    versions: Iterable[RuleVersion] = VERSIONS,
) -> Period:
    """Whether, until when and from when repairable: the record's period under the applicable version."""
    v = applicable(on=on, decided=decided, rule=rule, basis=basis, versions=versions)
    tier = Tier(tier)
    published = _published(v.window(tier), publish)
    return Period(v, tier, published, earliest_repair(decided, tier, v, publish=publish),
                  ends(decided, tier, v, publish=publish))


# --- tiers -----------------------------------------------------------------------------------------------

def default_tier(kinds: Iterable[str], rule: RuleVersion) -> Tier:
    """The default tier of a decision from its 处罚类别 (national names): the most severe kind wins, and a
    decision of several kinds takes the one with the longest period. No kind at all: the 其他 tier."""
    tiers = [rule.tier_of(k) for k in kinds if k]
    return max(tiers, key=rule.rank) if tiers else rule.other_tier


@dataclass(frozen=True)
class TierChoice:
    tier: Tier
    default: Tier
    reason: str = ""  # why the unit overrode the default (sector classifications); "" when it did not

    @property
    def overridden(self) -> bool:
        return self.tier is not self.default


def resolve_tier(kinds: Iterable[str], rule: RuleVersion, *, override: Tier | str | None = None,
                 reason: str = "") -> TierChoice:
    """The record's tier: the default from its kinds, or the unit's override, which needs a reason."""
    default = default_tier(kinds, rule)
    if override is None or Tier(override) is default:
        return TierChoice(default, default, reason.strip() if override is not None else "")
    if not reason.strip():
        raise ValueError("a tier override needs a reason")
    return TierChoice(Tier(override), default, reason.strip())


# --- column-wise -----------------------------------------------------------------------------------------

def default_tier_expr(kinds: pl.Expr, rule: RuleVersion) -> pl.Expr:
    """`default_tier` over a column of lists of national 处罚类别 (Utf8 tier values)."""
    order = rule.by_rank()
    rank = {kind: order.index(t) for kind, t in rule.type_tiers.items()}
    other = order.index(rule.other_tier)
    best = kinds.list.eval(pl.element().replace_strict(rank, default=other, return_dtype=pl.Int8)).list.max()
    return best.fill_null(other).replace_strict(
        {i: t.value for i, t in enumerate(order)}, return_dtype=pl.Utf8
    )


def period_end_expr(decided: pl.Expr, months: int) -> pl.Expr:
    """`period_end` over a Date column (polars clamps 1-31
    + 1 month to the month's last day, as 第二百零二条)."""
    shifted = decided.dt.offset_by(f"{months}mo") if months else decided
    return pl.when(decided >= pl.lit(LONG_TERM)).then(pl.lit(LONG_TERM)).otherwise(
        pl.min_horizontal(shifted, pl.lit(LONG_TERM)))


def _months(tier: pl.Expr, rule: RuleVersion, which: str) -> pl.Expr:
    """The tier's minimum or maximum as a polars duration string ("12mo"), per row."""
    return tier.replace_strict(
        {t.value: f"{getattr(rule.window(t), which)}mo" for t in SEVERITY}, default=None, return_dtype=pl.Utf8
    )


def _published_expr(tier: pl.Expr, rule: RuleVersion, publish: pl.Expr | None) -> pl.Expr:
    default = tier.replace_strict({t.value: rule.window(t).publish for t in SEVERITY}, default=None,
                                  return_dtype=pl.Boolean)
    return default if publish is None else publish.fill_null(default)


def _capped(day: pl.Expr, decided: pl.Expr) -> pl.Expr:
    return pl.when(decided >= pl.lit(LONG_TERM)).then(pl.lit(LONG_TERM)).otherwise(
        pl.min_horizontal(day, pl.lit(LONG_TERM)))


def ends_expr(
    decided: pl.Expr, tier: pl.Expr, rule: RuleVersion, *, publish: pl.Expr | None = None
) -> pl.Expr:
    """`ends` over columns (decided: Date, tier: Utf8, publish: optional Boolean override). One
    month-offset pass with a per-row offset, whatever the number of tiers."""
    end = _capped(decided.dt.offset_by(_months(tier, rule, "max_months")), decided)
    return pl.when(_published_expr(tier, rule, publish)).then(end)


def earliest_repair_expr(decided: pl.Expr, tier: pl.Expr, rule: RuleVersion, *,
                         publish: pl.Expr | None = None) -> pl.Expr:
    """`earliest_repair` over columns."""
    minimum = _capped(decided.dt.offset_by(_months(tier, rule, "min_months")), decided)
    first = pl.min_horizontal(minimum.dt.offset_by("1d"), pl.lit(LONG_TERM))
    return pl.when(_published_expr(tier, rule, publish)).then(first)


def minimum_end_expr(decided: pl.Expr, tier: pl.Expr, rule: RuleVersion) -> pl.Expr:
    """The last day of the tier's minimum period (published or not)."""
    return _capped(decided.dt.offset_by(_months(tier, rule, "min_months")), decided)


@dataclass
class Recomputed:
    frame: pl.DataFrame  # the input with tier_new, ends_new, earliest_repair_new, moved
    moved: int  # records whose 公示截止期 changed
    retiered: int  # records whose tier changed

    def summary(self) -> dict:
        return {"records": len(self.frame), "moved": self.moved, "retiered": self.retiered}


def recompute(frame: pl.DataFrame, rule: RuleVersion, *, retier: bool = False) -> Recomputed:
    """Re-count every record's 公示截止期 under `rule` and say how many moved (for a rule change).

    `frame`: decided (Date), tier (Utf8), ends (Date, the stored 公示截止期, null when unpublished);
    optional publish (Boolean override). With `retier=True` the tiers are recomputed from `kinds`
    (List[Utf8] of national 处罚类别), except where `tier_overridden` (Boolean) is true — a unit's
    override with its reason stands.
    """
    decided, tier = pl.col("decided"), pl.col("tier")
    if retier:
        keep = (
            pl.col("tier_overridden").fill_null(False)
            if "tier_overridden" in frame.columns
            else pl.lit(False)
        )
        tier = pl.when(keep).then(tier).otherwise(default_tier_expr(pl.col("kinds"), rule))
    publish = pl.col("publish") if "publish" in frame.columns else None
    out = frame.with_columns(tier.alias("tier_new")).with_columns(
        ends_expr(decided, pl.col("tier_new"), rule, publish=publish).alias("ends_new"),
        earliest_repair_expr(decided, pl.col("tier_new"), rule, publish=publish).alias("earliest_repair_new"),
    ).with_columns(pl.col("ends_new").ne_missing(pl.col("ends")).alias("moved"))
    moved = int(out["moved"].sum())
    retiered = int(out.select(pl.col("tier_new").ne_missing(pl.col("tier")).sum()).item())
    return Recomputed(out, moved, retiered)
