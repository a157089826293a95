"""How long a published record stays in public view — pure rules, configuration not code.

* Licences are public while they are valid (until 许可截止期; 2099-12-31 = long-term).
* Penalties follow the national rule version that applies (`rules.publicity_versions`: 发改办财金〔2019〕
  527号, 令第58号, 令第36号 with their dates of force; by default the version in force on the day of
  evaluation). Under 令第36号 (from 2026-04-01), counted from the decision date:
  - 轻微 (警告, 通报批评, penalties under the simplified
    procedure): not published (at most 3 months if published);
  - 一般: public at least 3 months and at most 1 year;
  - 严重: public at least 1 year and at most 3 years;
  after the maximum a record leaves the public view (it stays in the archive); credit repair can end
  it early, but never before its minimum. Periods are counted as 《民法典》 第二百零一、二百零二条 count them.
* A penalty's tier: a reviewer's declaration wins; otherwise the default from its kinds — the 2016
  处罚类别 read as the national kinds of 《行政处罚法》(2021) 第九条 (`formats.national.kinds_from_2016`),
  the most severe kind winning — raised to 严重 by a fine at or above `serious_fine_yuan`, lowered to
  轻微 by the simplified procedure (当场处罚).

Administrators change the numbers in settings (`CREDIT_PUBLICITY_POLICY`, a dict with the keys of
`Policy`), never in code: a window per tier overrides the rule version's, `kind_tiers` reclassifies
national kinds (e.g. {"罚款": "minor"} where a sector classes small fines as 轻微), `rule` pins a version.
"""

import re
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal, InvalidOperation

import polars as pl
from django.utils.translation import gettext_lazy as _

from zhengwu.credit.formats import national as nat
from zhengwu.credit.rules import publicity_versions as pv

LONG_TERM = pv.LONG_TERM
Severity = pv.Tier  # minor / general / serious
Window = pv.Window
add_months = pv.period_end  # the Civil Code's end of a period of months (kept under its old name)
SEVERITY_LABELS = {Severity.MINOR: _("轻微"), Severity.GENERAL: _("一般"), Severity.SERIOUS: _("严重")}


@dataclass(frozen=True)
class Policy:
    #: a tier's window instead of the rule version's (None: the version's)
    minor: Window | None = None
    general: Window | None = None
    serious: Window | None = None
    #: which rule version applies: "auto" (in force on the evaluation day, or on the decision day with
    #: basis "decided") or a version's code (publicity_versions.VERSIONS)
    rule: str = pv.DEFAULT_RULE
    basis: str = pv.DEFAULT_BASIS
    #: national kinds (《行政处罚法》第九条 names) whose default tier the district classifies otherwise
    kind_tiers: dict = field(default_factory=dict)
    #: a fine at or above this amount (yuan) makes a penalty serious; None = amount does not matter
    serious_fine_yuan: Decimal | None = Decimal("1000000")
    #: words in the 处罚依据/结果 that mark the simplified procedure (当场处罚)
    simplified_markers: tuple[str, ...] = ("简易程序", "当场处罚", "当场作出")
    #: whether a recompute after a rule change (`zhengwu credit recompute-publicity`) also re-tiers records
    #: published under an earlier version from their kinds (a tier the unit overrode with a reason stays)
    retier: bool = False
    extra: dict = field(default_factory=dict)

    def rule_version(self, on: date, decided: date | None = None) -> pv.RuleVersion:
        """The applicable rule version with this policy's windows and kind tiers laid over it."""
        v = pv.applicable(on=on, decided=decided, rule=self.rule, basis=self.basis)
        windows = {t: getattr(self, t.value) or v.windows[t] for t in pv.SEVERITY}
        return replace(v, windows=windows, type_tiers=dict(v.type_tiers) | dict(self.kind_tiers))

    def window(self, severity: Severity, on: date | None = None) -> Window:
        return self.rule_version(on or date.today()).window(severity)


DEFAULT_POLICY = Policy()


def _kind_tiers(raw: dict) -> dict:
    out = {}
    for kind, tier in raw.items():
        if kind not in nat.PENALTY_TYPES or kind == nat.OTHER:
            raise ValueError(f"unknown penalty kind {kind!r} in the publicity policy: expected one of "
                             f"{'、'.join(nat.PENALTY_TYPES[:-1])}")
        out[kind] = Severity(tier)
    return out


def policy_from_settings(raw: dict | None) -> Policy:
    """Build a Policy from a settings dict (windows as {"publish", "min_months", "max_months"}).

    ValueError names what is wrong (system check credit.E003): an unknown key, a window that is not
    {"publish", "min_months", "max_months"} with 0 ≤ min ≤ max months, a fine that is not a number, a kind
    that is not a national kind. The earlier keys `minor_categories` / `serious_categories` (lists of kinds)
    still work: they set those kinds' tiers. Every kind must be a national kind (第九条), so no entry can
    fail to match."""
    if not raw:
        return DEFAULT_POLICY
    if not isinstance(raw, dict):
        raise ValueError(f"the publicity policy must be a dict, not {type(raw).__name__}")
    values: dict = {}
    kinds: dict = {}
    for key, value in raw.items():
        if key in {"minor", "general", "serious"}:
            try:
                window = Window(**value)
            except TypeError:
                raise ValueError(
                    f"{key}: expected {{'publish', 'min_months', 'max_months'}}, got {value!r}"
                ) from None
            if not (isinstance(window.min_months, int) and isinstance(window.max_months, int)
                    and 0 <= window.min_months <= window.max_months):
                raise ValueError(f"{key}: months must be integers with 0 <= min_months <= max_months")
            values[key] = window
        elif key == "serious_fine_yuan":
            try:
                values[key] = None if value is None else Decimal(str(value))
            except InvalidOperation:
                raise ValueError(f"serious_fine_yuan: {value!r} is not a number") from None
        elif key == "simplified_markers":
            if isinstance(value, str):
                raise ValueError(f"{key}: a list of words, not one string")
            values[key] = tuple(value)
        elif key in {"rule", "basis"}:
            values[key] = str(value)
        elif key == "retier":
            if not isinstance(value, bool):
                raise ValueError(f"retier: true or false, not {value!r}")
            values[key] = value
        elif key == "kind_tiers":
            kinds |= _kind_tiers(dict(value))
        elif key in {"minor_categories", "serious_categories"}:
            if isinstance(value, str):
                raise ValueError(f"{key}: a list of words, not one string")
            kinds |= _kind_tiers(dict.fromkeys(value, key.split("_")[0]))
        else:
            raise ValueError(f"unknown publicity policy setting {key!r}")
    if kinds:
        values["kind_tiers"] = kinds
    policy = Policy(**values)
    policy.rule_version(date.today())  # an unknown rule or basis fails here, at configuration time
    return policy


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
    parts = [
        p.strip() for p in category.replace("；", "、").replace(";", "、").replace(",", "、").split("、")
    ]
    return [p for p in parts if p]


def penalty_kinds(category: str, result: str = "") -> list[str]:
    """The national kinds of a 2016 (or national) 处罚类别; an undetermined 暂扣或者吊销 counts as 吊销."""
    kinds = nat.kinds_from_2016(category, result)
    return [nat.REVOKE_LICENCE if k == nat.UNDETERMINED else k for k in kinds]


def penalty_severity(*, category: str, fine_yuan: Decimal | None = None, basis: str = "", result: str = "",
                     declared: Severity | None = None, policy: Policy = DEFAULT_POLICY,
                     on: date | None = None) -> Severity:
    """Classify a penalty: a reviewer's declaration wins; then the default tier of its kinds (the most
    severe wins); a serious kind or a large fine makes it serious; a minor tier or the simplified
    procedure makes it minor; otherwise general.

    >>> penalty_severity(category="警告")
    <Tier.MINOR: 'minor'>
    >>> penalty_severity(category="罚款、暂扣或者吊销许可证")
    <Tier.SERIOUS: 'serious'>
    """
    if declared is not None:
        return Severity(declared)
    tier = pv.default_tier(penalty_kinds(category, result), policy.rule_version(on or date.today()))
    if tier is Severity.SERIOUS:
        return tier
    if (
        policy.serious_fine_yuan is not None
        and fine_yuan is not None
        and fine_yuan >= policy.serious_fine_yuan
    ):
        return Severity.SERIOUS
    if tier is Severity.MINOR:
        return tier
    text = f"{basis} {result}"
    if any(marker in text for marker in policy.simplified_markers):
        return Severity.MINOR
    return tier


def penalty_kinds_expr(kinds: pl.Expr) -> pl.Expr:
    """`penalty_kinds` over a List[Utf8] column: an undetermined 暂扣或者吊销 counts as 吊销."""
    return kinds.list.eval(pl.element().replace(nat.UNDETERMINED, nat.REVOKE_LICENCE))


def penalty_severity_expr(default: pl.Expr, fine_fen: pl.Expr, texts: pl.Expr | tuple[pl.Expr, ...],
                          policy: Policy = DEFAULT_POLICY) -> pl.Expr:
    """`penalty_severity` over columns (no declaration), from the default tier of the kinds — best a column
    already computed with `pv.default_tier_expr(penalty_kinds_expr(kinds), policy.rule_version(on))`, since
    polars re-evaluates a list expression inside when/then slowly —, `fine_fen` the fine in 分 (Int64) and
    `texts` the 处罚依据 and 处罚结果 (one or several columns). Same order of rules as the scalar (tested
    against it)."""
    large = pl.lit(False)
    if policy.serious_fine_yuan is not None:
        large = (fine_fen >= int(policy.serious_fine_yuan * 100)).fill_null(False)
    simplified = pl.lit(False)
    for text in (texts if isinstance(texts, tuple) else (texts,)):
        for marker in policy.simplified_markers:
            simplified = simplified | text.str.contains(marker, literal=True).fill_null(False)
    serious, minor = pl.lit(Severity.SERIOUS.value), pl.lit(Severity.MINOR.value)
    return (pl.when(default == serious).then(serious).when(large).then(serious)
            .when(default == minor).then(minor).when(simplified).then(minor)
            .otherwise(default))


@dataclass(frozen=True)
class Publicity:
    """Whether and until when a record is public: `until` is the last public day (None = not public);
    `earliest_repair` the first day credit repair may end it."""

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
                      policy: Policy = DEFAULT_POLICY, on: date | None = None) -> Publicity:
    """Penalties: public from the decision date for the tier's maximum; repairable after its minimum.

    A 公示期限 (CF_GSQX) given by the unit is honoured when it lies inside [end of minimum, maximum].
    `on` is the day of evaluation that selects the rule version (default: today).
    """
    rule = policy.rule_version(on or date.today(), decided_on)
    window = rule.window(severity)
    if not window.publish:
        return Publicity(False, None, None, "轻微处罚不予公示")
    latest = pv.ends(decided_on, severity, rule)
    minimum_end = pv.period_end(decided_on, window.min_months)
    until = latest
    if declared_until is not None:
        until = max(minimum_end, min(latest, declared_until))
    return Publicity(True, until, pv.earliest_repair(decided_on, severity, rule),
                     f"{rule.name} {Severity(severity).value}: {window.min_months}–{window.max_months} 个月")


def repair_allowed_on(*, publicity: Publicity, day: date) -> bool:
    """Credit repair may end a penalty's publicity only after its minimum period."""
    return publicity.public and (publicity.earliest_repair is None or day >= publicity.earliest_repair)
