"""The 2016 处罚类别 read as the national kinds of 《行政处罚法》(2021) 第九条 and back: one table for the
publicity tiers (rules.publicity) and the conversion (formats.convert)."""

from __future__ import annotations

import re

import polars as pl

from zhengwu.credit.formats.national.fields import (
    CONFISCATE_GAINS,
    CONFISCATE_PROPERTY,
    DETENTION,
    FINE,
    OTHER_PREFIX,
    PENALTY_TYPES,
    REVOKE_LICENCE,
    SUSPEND_BUSINESS,
    SUSPEND_LICENCE,
    WARNING,
)
from zhengwu.credit.rules.validation import MULTI_SEPARATORS
from zhengwu.credit.standard import OTHER

# --- the 2016 处罚类别 read as national kinds -------------------------------------------------------------
# One table for the publicity tiers (rules.publicity) and the conversion (formats.convert): a 2016
# category names one national kind, or 暂扣或者吊销 (two kinds in one name: which one is read from the
# 处罚结果), or 其他（X） (X itself when it is a national kind, e.g. 其他（通报批评） → 通报批评).
SUSPEND_OR_REVOKE_2016 = ("暂扣或者吊销许可证", "暂扣或者吊销执照")
KINDS_FROM_2016 = {
    "警告": WARNING, "罚款": FINE, "没收违法所得": CONFISCATE_GAINS, "没收非法财物": CONFISCATE_PROPERTY,
    "没手非法财物": CONFISCATE_PROPERTY,  # the seed's misprint (standard.PENALTY_CATEGORY_ALIASES)
    "责令停产停业": SUSPEND_BUSINESS, "行政拘留": DETENTION,
} | {kind: kind for kind in PENALTY_TYPES if kind != OTHER}  # a national name written in a 2016 file
#: a 2016 暂扣或者吊销 whose 处罚结果 says neither 暂扣 nor 吊销: not a national kind; tiers read it as 吊销
#: (the most severe possibility), the conversion reports it
UNDETERMINED = "暂扣或者吊销许可证件"
KINDS_TO_2016 = {
    WARNING: "警告",
    FINE: "罚款",
    CONFISCATE_GAINS: "没收违法所得",
    CONFISCATE_PROPERTY: "没收非法财物",
    SUSPEND_BUSINESS: "责令停产停业",
    DETENTION: "行政拘留",
    SUSPEND_LICENCE: "暂扣或者吊销许可证",
    REVOKE_LICENCE: "暂扣或者吊销许可证",
    UNDETERMINED: "暂扣或者吊销许可证",
}
OTHER_INNER = r"^其他\s*[（(:：\-—]\s*(.*?)\s*[）)]?$"


def _national_inner() -> str:
    """其他（X） where X is a national kind: the regex that reads it as X."""
    names = "|".join(sorted((k for k in KINDS_FROM_2016 if k != OTHER), key=len, reverse=True))
    return rf"其他\s*[（(:：\-—]\s*({names})\s*[）)]?"


_OTHER_NAMED = _national_inner()
_OTHER_TEXT = r"其他\s*[（(:：\-—]\s*([^、；;，,/（）()]+?)\s*[）)]?(?:[、；;，,/]|$)"


def kinds_from_2016(category: str, result: str = "") -> list[str]:
    """The national kinds a 2016 处罚类别 names (in order, once each);
    `result` (处罚结果) tells 暂扣 from 吊销. A value that names no kind is kept as written (the validation
    reports it), never turned into another.

    >>> kinds_from_2016("罚款、暂扣或者吊销许可证", "罚款2000元，吊销食品经营许可证")
    ['罚款', '吊销许可证件']
    >>> kinds_from_2016("其他（通报批评）")
    ['通报批评']
    """
    out: list[str] = []
    for part in re.split(MULTI_SEPARATORS, category or ""):
        part = part.strip()
        if not part:
            continue
        if part in SUSPEND_OR_REVOKE_2016:
            found = [
                k
                for k, word in ((SUSPEND_LICENCE, "暂扣"), (REVOKE_LICENCE, "吊销"))
                if word in (result or "")
            ]
            kinds = found or [UNDETERMINED]
        elif part in KINDS_FROM_2016:
            kinds = [KINDS_FROM_2016[part]]
        elif (m := re.fullmatch(OTHER_INNER, part)) and m.group(1):
            inner = m.group(1)
            kinds = [inner if inner in KINDS_FROM_2016 else OTHER_PREFIX + inner]
        else:  # 其他 unexplained, or a name no standard knows: as written
            kinds = [part]
        out.extend(k for k in kinds if k not in out)
    return out


def kinds_from_2016_expr(category: pl.Expr, result: pl.Expr) -> pl.Expr:
    """`kinds_from_2016` over columns: a List[Utf8] of national kinds per row. The text is rewritten as a
    whole (regexes over the column) and only then split, so no per-row Python and no per-list evaluation."""
    suspend = result.str.contains("暂扣", literal=True).fill_null(False)
    revoke = result.str.contains("吊销", literal=True).fill_null(False)
    both = SUSPEND_LICENCE + "、" + REVOKE_LICENCE
    which = (pl.when(suspend & revoke).then(pl.lit(both)).when(revoke).then(pl.lit(REVOKE_LICENCE))
             .when(suspend).then(pl.lit(SUSPEND_LICENCE)).otherwise(pl.lit(UNDETERMINED)))
    text = category.str.replace_all("没手非法财物", CONFISCATE_PROPERTY, literal=True)
    for name in SUSPEND_OR_REVOKE_2016:
        text = text.str.replace_all(name, which, literal=True)
    text = (text.str.replace_all(_OTHER_NAMED, "${1}")
            .str.replace_all(_OTHER_TEXT, OTHER_PREFIX + "${1}、")
            .str.replace_all(r"\s*[、；;，,/]+\s*", "、").str.strip_chars("、 "))
    parts = pl.when(text == "").then(pl.lit([], dtype=pl.List(pl.Utf8))).otherwise(text.str.split("、"))
    return parts.list.unique(maintain_order=True)


def kinds_to_2016_expr(kinds: pl.Expr) -> pl.Expr:
    """National kinds (List[Utf8]) as a 2016 处罚类别: the
    enumeration's name, else 其他（名称）; joined by 、."""
    e = pl.element()
    inner = e.str.strip_prefix(OTHER_PREFIX)
    name = (pl.when(e.is_in(list(KINDS_TO_2016))).then(e.replace_strict(KINDS_TO_2016, default=e))
            .when(e == OTHER).then(pl.lit(OTHER))
            .otherwise("其他（" + inner + "）"))
    return kinds.list.eval(name).list.unique(maintain_order=True).list.join("、")
