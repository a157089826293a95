"""谁产生、谁负责 (罗府办函〔2016〕74号 一(二)): a record's 许可机关 / 处罚机关 is the unit that
imports it, or a unit it is configured to report for (CREDIT_REPORTS_FOR: an organisation authorised to
license or penalise is folded into its authorising department, 二(三):
"经授权承担行政许可和行政处罚职能的其他单位和组织的 公示目录，应纳入其授权部门统筹开展").

Names are compared after removing spaces, making brackets half-width and dropping a leading 深圳市, so
"深圳市罗湖区城市管理局" and "罗湖区城市管理局" are the same authority. Pure.
"""

import re

import polars as pl

CITY = "深圳市"
_SPACES = re.compile(r"\s+")


def authority_key(name: str) -> str:
    """The comparable form of an authority's name."""
    key = _SPACES.sub("", name or "").replace("（", "(").replace("）", ")")
    return key.removeprefix(CITY)


def authority_key_expr(c: pl.Expr) -> pl.Expr:
    """`authority_key` over a column."""
    return (c.str.replace_all(r"\s+", "").str.replace_all("（", "(", literal=True)
            .str.replace_all("）", ")", literal=True).str.strip_prefix(CITY))


def accepted_authorities(names) -> frozenset[str]:
    """The keys of every accepted spelling: each unit's short and full names."""
    return frozenset(authority_key(n) for n in names if n and authority_key(n))


def reports_for(config: dict, code: str) -> list[str]:
    """The unit codes `code` reports for under CREDIT_REPORTS_FOR ({unit code: [unit codes]})."""
    return [str(c) for c in (config or {}).get(code, ())]


def check_config(config) -> list[str]:
    """What is wrong with a CREDIT_REPORTS_FOR value (shape only; credit.E007 checks the codes exist)."""
    if not isinstance(config, dict):
        return [f"CREDIT_REPORTS_FOR must be a dict {{unit code: [unit codes]}}, not {type(config).__name__}"]
    problems = []
    for code, codes in config.items():
        if not isinstance(code, str) or isinstance(codes, str) or not all(isinstance(c, str) for c in codes):
            problems.append(f"CREDIT_REPORTS_FOR[{code!r}] must be a list of unit codes")
    return problems
