"""What the guards on uploaded tables cost (issue 12 §4, §6), side by side with anchors, rounds interleaved.

    .venv/bin/python benchmarks/import_guards.py [--rows 200000] [--rounds 3]

1. A zip bomb (1.4 MB → 400 MB sheet): `core.spreadsheets.check_xlsx` refusing it — seconds, peak Python
   memory (tracemalloc) and the process's RSS growth — beside the anchor, reading the zip's directory.
2. A valid licence CSV of --rows rows: the pass the guards add before parsing (line ends and NUL scan)
   beside the anchor, pyarrow's pure CSV parse of the same file, and the whole `open_table` +
   `validate_table` (the `credit validate` path); and the import's first read of the key column, now by
   Arrow checking every row's width, beside polars' read of that column (what the import did before).
The machine's load averages are printed beside each number (the 2 cores are shared).
"""

import argparse
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhengwu.settings_test")


def load() -> str:
    return "load " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bomb(tmp: Path, rounds: int) -> None:
    import zipfile

    from zhengwu.core.spreadsheets import Limits, Refused, check_xlsx
    from zhengwu.testing.spreadsheets import write_bomb

    path = write_bomb(tmp / "bomb.xlsx")
    expanded = sum(i.file_size for i in zipfile.ZipFile(path).infolist())
    print(f"zip bomb: {path.stat().st_size / 2**20:.2f} MB on disk, {expanded / 2**20:.0f} MB expanded")
    limits = Limits.from_settings()
    for r in range(rounds):
        t = time.perf_counter()
        names = len(zipfile.ZipFile(path).infolist())
        anchor = time.perf_counter() - t
        before = rss_mb()
        tracemalloc.start()
        t = time.perf_counter()
        try:
            check_xlsx(path, limits)
            refused = "NOT REFUSED"
        except Refused as exc:
            refused = str(exc)[:40]
        ours = time.perf_counter() - t
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(f"  round {r + 1}: directory read {anchor * 1000:.2f} ms ({names} members) | check_xlsx "
              f"{ours * 1000:.2f} ms, peak {peak / 1024:.0f} KiB traced, RSS +{rss_mb() - before:.1f} MB "
              f"→ {refused}… [{load()}]")


def csv_passes(tmp: Path, rows: int, rounds: int) -> None:
    import polars as pl
    import pyarrow.csv as pacsv

    from zhengwu.core.spreadsheets import Limits
    from zhengwu.credit.formats.ingest import _scan_bytes, open_table
    from zhengwu.credit.rules import Context, checking, sample
    from zhengwu.credit.standard import LICENSE

    frame, _ = sample.generate(LICENSE, rows=rows, defect_rate=0.05, seed=3)
    path = tmp / "lic.csv"
    sample.write(frame, path)
    print(f"licence CSV: {rows:,} rows, {path.stat().st_size / 2**20:.0f} MB")
    ctx = Context(streets={s: s for s in frame["JD"].unique().drop_nulls().to_list()},
                  divisions=frozenset(frame["DFBM"].unique().drop_nulls().to_list()))
    limits = Limits.from_settings()
    answers = set()
    for r in range(rounds):
        t = time.perf_counter()
        parsed = pacsv.read_csv(path).num_rows
        anchor = time.perf_counter() - t
        table = open_table(path, LICENSE)
        t = time.perf_counter()
        _scan_bytes(table, limits)
        scan = time.perf_counter() - t
        t = time.perf_counter()
        keys_polars = pl.scan_csv(path, infer_schema=False).select("XK_XH").collect().height
        polars_key = time.perf_counter() - t
        t = time.perf_counter()
        table.check_shape()
        shape = time.perf_counter() - t
        t = time.perf_counter()
        report = checking.validate_table(open_table(path, LICENSE), LICENSE, ctx)
        whole = time.perf_counter() - t
        answers.add((parsed, keys_polars, len(table.column("XK_XH")), report.rows, report.valid_rows))
        print(
            f"  round {r + 1}: pyarrow parse {anchor:.2f} s | byte scan (validate and import) {scan:.2f} s "
            f"= {scan / anchor:.0%} of the parse, {scan / whole:.0%} of open+validate ({whole:.2f} s) | "
            f"import's key column: Arrow with width check {shape:.2f} s vs polars {polars_key:.2f} s "
            f"[{load()}]"
        )
    assert len(answers) == 1, answers  # every round and reader read the same rows
    print(
        f"  answers: {answers.pop()} (parsed rows, keys by polars, keys by Arrow, validated rows, valid rows)"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    import django

    django.setup()
    with tempfile.TemporaryDirectory() as tmp:
        bomb(Path(tmp), args.rounds)
        csv_passes(Path(tmp), args.rows, args.rounds)


if __name__ == "__main__":
    main()
