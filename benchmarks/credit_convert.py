"""双公示 national-format conversion and publicity recompute speed (issue 16, "Speed"), one run, side by side.

    .venv/bin/python benchmarks/credit_convert.py [--rows 1000000] [--rounds 3] [--scalar-rows 100000]

Targets: 1,000,000 records converted between the formats in ≤ 10 s (column-wise); every publicity end
recomputed after a rule change in ≤ 5 s (the pure part). Measured, rounds interleaved so that the
machine's load (2 shared cores) falls on every side alike, the load averages printed beside each number:

  parse     polars reading the 2016 CSV (the anchor: the floor of any file conversion)
  2016→nat  formats.convert.to_national on the parsed frame (pure)
  nat→2016  formats.convert.from_national on its result (pure)
  recompute publicity_versions.recompute of 1,000,000 stored ends under 令第36号, retiering from the kinds
  scalar    the same ends computed by the scalar functions in a Python loop (a subsample, extrapolated)

Before timing, the answers are checked: the round trip gives back every field both formats hold, and
the vectorised ends equal the scalar ones on the subsample.
"""

import argparse
import os
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhengwu.settings")
django.setup()

import numpy as np  # noqa: E402
import polars as pl  # noqa: E402

from zhengwu.credit.formats import convert as cv  # noqa: E402
from zhengwu.credit.formats import national as nat  # noqa: E402
from zhengwu.credit.rules import checksums, divisions, sample  # noqa: E402
from zhengwu.credit.rules import publicity_versions as pv  # noqa: E402
from zhengwu.credit.rules import validation as rules  # noqa: E402
from zhengwu.credit.standard import PENALTY  # noqa: E402

TODAY = date(2026, 12, 4)
BOTH = [
    "CF_WSH",
    "CF_AJMC",
    "CF_SY",
    "CF_YJ",
    "CF_XDR_MC",
    "CF_XDR_SHXYM",
    "CF_XDR_ZDM",
    "CF_XDR_SFZ",
    "CF_FR",
    "CF_JG",
    "CF_SXQ",
    "CF_JZQ",
    "CF_XZJG",
]


def load() -> str:
    return "load " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def timed(fn):
    before = load()
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out, f"{before} → {load()}"


def org() -> cv.OrgConfig:
    def code(body):
        return body + checksums.uscc_check(body)

    authorities = {name: code(f"1144030300000{i:03d}X"[:17]) for i, name in enumerate(sample.AUTHORITIES)}
    return cv.OrgConfig("深圳市罗湖区发展和改革局", code("11440303MB2C92859"), authorities)


def stored_ends(n: int, seed: int = 7) -> pl.DataFrame:
    """n penalty records as stored after publication under 令第58号: decision dates 2023-05 … 2026-03."""
    rng = np.random.default_rng(seed)
    decided = np.datetime64("2023-05-01") + rng.integers(0, 1065, n).astype("timedelta64[D]")
    kinds_pool = [[nat.FINE], [nat.WARNING], [nat.FINE, nat.CONFISCATE_GAINS], [nat.REVOKE_LICENCE],
                  [nat.SUSPEND_BUSINESS, nat.FINE], [nat.CRITICISM]]
    pick = rng.integers(0, len(kinds_pool), n)
    frame = pl.DataFrame({"decided": decided, "kinds": [kinds_pool[i] for i in pick]},
                         schema={"decided": pl.Date, "kinds": pl.List(pl.Utf8)})
    frame = frame.with_columns(pv.default_tier_expr(pl.col("kinds"), pv.NDRC_2023_58).alias("tier"),
                               pl.lit(False).alias("tier_overridden"))
    return frame.with_columns(pv.ends_expr(pl.col("decided"), pl.col("tier"), pv.NDRC_2023_58).alias("ends"))


def realistic_results(frame: pl.DataFrame, seed: int = 3) -> pl.DataFrame:
    """The sample's 处罚结果 names ~50 amounts; real ones differ per decision
    (amount, wording, 文号), which is what makes reading the amounts cost: give every row its own text, in
    the phrasings departments use."""
    rng = np.random.default_rng(seed)
    n = len(frame)
    fine = pl.Series(rng.integers(50, 2_000_000, n)).cast(pl.Utf8)
    gains = pl.Series(rng.integers(100, 500_000, n)).cast(pl.Utf8)
    style = pl.Series(rng.integers(0, 3, n))
    c = pl.col("CF_CFLB")
    fine_text = (pl.when(style == 0).then("决定处以罚款人民币" + fine + "元")
                 .when(style == 1).then("罚款" + fine + "元整")
                 .otherwise("处" + fine + "元罚款"))
    text = (pl.when(c.str.contains("没收")).then("没收违法所得" + gains + "元，并" + fine_text)
            .when(c.str.contains("罚款")).then(fine_text)
            .when(c == "警告").then(pl.lit("给予警告"))
            .otherwise("责令停产停业，" + fine_text))
    return frame.with_columns((text + "（" + pl.col("CF_WSH") + "）").alias("CF_JG"))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--scalar-rows", type=int, default=100_000)
    a = ap.parse_args()
    print(f"credit convert benchmark: {a.rows:,} rows, {a.rounds} rounds, {os.cpu_count()} cpus, {load()}")

    t, (frame, _defects), ld = timed(lambda: sample.generate(PENALTY, rows=a.rows, defect_rate=0.0, seed=1))
    frame = realistic_results(frame)
    print(f"generate 2016 penalties: {t:.1f} s ({ld}); 处罚结果 distinct per row "
          f"({frame['CF_JG'].n_unique():,} distinct), as departments write them")
    tmp = Path(tempfile.mkdtemp())
    path = tmp / "penalty-2016.csv"
    frame.write_csv(path)
    config = org()
    ctx = rules.Context(streets={s: s for s in sample.STREETS}, divisions=divisions.valid_codes())
    now = datetime(2026, 12, 4, 10, 0)

    # answers first
    there = cv.to_national(frame, "penalty", org=config, today=TODAY)
    back = cv.from_national(there.frame, "penalty", ctx=ctx, now=now)
    original = rules.normalise(frame, PENALTY, ctx)
    unhyphen = pl.col("CF_XDR_ZDM").str.replace("-", "", literal=True)  # 组织机构代码 is written without it
    assert (
        back.frame.select(BOTH).with_columns(unhyphen).equals(original.select(BOTH).with_columns(unhyphen))
    ), "the round trip lost data"
    reported = ", ".join(f"{r['field']} {r['rule']} ×{r['len']:,}" for r in
                         there.errors.group_by("field", "rule").len().sort("len", descending=True).to_dicts())
    print(f"round trip checked: {len(BOTH)} shared fields identical on all {a.rows:,} rows; "
          f"2016→national converted {there.converted:,} of {there.rows:,} ({reported or 'no error'}); "
          f"national→2016 reports 序号 and 街道 on every row ({back.errors.height:,} errors)")
    ends_frame = stored_ends(a.rows)
    sub = ends_frame.head(a.scalar_rows)
    vec = pv.recompute(sub, pv.NDRC_2025_36, retier=True).frame
    scalar = [pv.ends(d, pv.default_tier(k, pv.NDRC_2025_36), pv.NDRC_2025_36)
              for d, k in zip(sub["decided"].to_list(), sub["kinds"].to_list(), strict=True)]
    assert vec["ends_new"].to_list() == scalar, "vectorised and scalar ends differ"
    print(f"recompute checked: vectorised ends equal the scalar ones on {a.scalar_rows:,} records")

    results: dict[str, list[tuple[float, str]]] = {k: [] for k in ("parse", "to_national", "from_national",
                                                                   "recompute", "scalar")}
    for _round in range(a.rounds):
        results["parse"].append(timed(lambda: pl.read_csv(path, infer_schema=False))[::2])
        results["to_national"].append(
            timed(lambda: cv.to_national(frame, "penalty", org=config, today=TODAY))[::2]
        )
        results["from_national"].append(
            timed(lambda: cv.from_national(there.frame, "penalty", ctx=ctx, now=now))[::2]
        )
        results["recompute"].append(
            timed(lambda: pv.recompute(ends_frame, pv.NDRC_2025_36, retier=True))[::2]
        )
        results["scalar"].append(timed(lambda: [
            pv.ends(d, pv.default_tier(k, pv.NDRC_2025_36), pv.NDRC_2025_36)
            for d, k in zip(sub["decided"].to_list(), sub["kinds"].to_list(), strict=True)])[::2])

    best = {k: min(v)[0] for k, v in results.items()}
    scalar_full = best["scalar"] * a.rows / a.scalar_rows
    print()
    print("| measure | best of rounds | every round (load) | target |")
    print("|---|---|---|---|")
    rows_s = lambda s: f"{a.rows / s / 1e6:.2f} M rows/s"  # noqa: E731
    every = lambda k: "; ".join(f"{s:.2f} s ({ld})" for s, ld in results[k])  # noqa: E731
    print(f"| parse 2016 CSV (anchor) | {best['parse']:.2f} s | {every('parse')} | — |")
    print(f"| 2016 → national | {best['to_national']:.2f} s ({rows_s(best['to_national'])}), "
          f"{best['to_national'] / best['parse']:.1f}× the parse | {every('to_national')} | ≤ 10 s |")
    print(f"| national → 2016 | {best['from_national']:.2f} s ({rows_s(best['from_national'])}), "
          f"{best['from_national'] / best['parse']:.1f}× the parse | {every('from_national')} | ≤ 10 s |")
    print(
        f"| recompute all ends (令第58号 → 第36号, retier) | {best['recompute']:.2f} s | "
        f"{every('recompute')} | ≤ 5 s |"
    )
    print(f"| scalar loop, {a.scalar_rows:,} → extrapolated | {scalar_full:.1f} s = "
          f"{scalar_full / best['recompute']:.0f}× the column-wise | {every('scalar')} | — |")
    moved = pv.recompute(ends_frame, pv.NDRC_2025_36, retier=True)
    print(f"\nrule change 令第58号 → 令第36号 over {a.rows:,} records: {moved.moved:,} ends moved, "
          f"{moved.retiered:,} re-tiered")


if __name__ == "__main__":
    main()
