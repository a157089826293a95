"""The cost of issue 12 §2's scrubbing (folding + a person's own values) against the scrubber it replaced.

    .venv/bin/python benchmarks/credit_public_scrub.py [--rows 4000] [--rounds 7] [--anchor main]

Anchor: `core/privacy.py` as it is on the `--anchor` git revision (loaded from `git
show`), on the same values, behind the fast path `credit.disclosure.public_text` had there (text without
"@" or six digits skips the scrubber). Inputs: `credit.sample` licence and penalty rows (20 % natural
persons), as the public pages render them:

* list  — the summary columns of a list row (决定书文号, 类别, 机关, 街道): the path of every search page;
* text  — every other text field of the detail view (许可内容 / 处罚事由 …);
* known — the same detail fields of the natural persons, new scrubber with the record's own values
          (`disclosure.known_values`; the anchor cannot do this — its number is the same fields without them).

Rounds are interleaved (anchor, new, anchor, new …); the median per value is reported with the ratio. Both
sides must return the same text for `list` and `text` (the sample has no full-width or dotted forms); `known`
differs on purpose (addresses removed), and the script checks that every natural person's address is gone.

--pages also measures whole search pages over the demo data (a throwaway SQLite database: migrate,
load-reference, demo-data): `selectors.public.public_search` of up to 100
licences, with and without the by-value step of list rows (`_known_of_people`: one query for the natural
persons' data, their values scrubbed).
"""

import argparse
import importlib.util
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def load_anchor(rev: str):
    source = subprocess.run(["git", "show", f"{rev}:src/zhengwu/core/privacy.py"], cwd=ROOT, check=True,
                            capture_output=True, text=True).stdout
    path = Path(tempfile.mkdtemp()) / "privacy_anchor.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("privacy_anchor", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


#: the anchor's fast path (credit/disclosure.py before issue 12)
ANCHOR_FAST_PATH = re.compile(r"@|\d(?:[\s\-\u00a0]?\d){5}")


def anchor_public_text(anchor):
    def public_text(text: str) -> str:
        return anchor.scrub_text(text) if ANCHOR_FAST_PATH.search(text) else text
    return public_text


def timed(fn, values) -> float:
    start = time.perf_counter()
    for v in values:
        fn(v)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=4000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--anchor", default="main")
    parser.add_argument("--pages", action="store_true", help="also time search pages over the demo data")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhengwu.settings")
    os.environ.setdefault("ZHENGWU_VAR_DIR", tempfile.mkdtemp(prefix="zw-scrub-bench-"))
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from zhengwu.core import privacy
    from zhengwu.credit.rules import disclosure, sample
    from zhengwu.credit.standard import LICENSE, PENALTY

    anchor = anchor_public_text(load_anchor(args.anchor))
    lists, texts, people = [], [], []
    for std, seed in ((LICENSE, 1), (PENALTY, 2)):
        frame, _defects = sample.generate(std, rows=args.rows // 2, seed=seed)
        summary = {std.decision_no, std.category, std.authority, std.street}
        skip = summary | {std.subject, std.id_number, *std.legal_codes, std.tax_code, "ZZTP", "SBLSH",
                          "ZCDZ", "JYDZ", "QYDZ"}
        for row in frame.iter_rows(named=True):
            natural = not row[std.legal_codes[0]]
            lists += [str(row[c]) for c in summary if row[c]]
            fields = [str(row[f.code]) for f in std.fields if f.code not in skip and row[f.code]]
            texts += fields
            if natural:
                address = row.get("ZCDZ") or row.get("QYDZ")
                people.append((disclosure.known_values(std.kind, row, natural_person=True), fields, address))
    known_values = [(k, v) for k, fields, _a in people for v in fields]
    plain_of_people = [v for _k, v in known_values]

    for label, values in (("list", lists), ("text", texts)):
        assert [anchor(v) for v in values] == [privacy.scrub_text(v) for v in values], label
    for known, fields, address in people:
        assert not any(address in privacy.scrub_text(v, known) for v in fields)

    results = {"list": ([], []), "text": ([], []), "known": ([], [])}
    for _ in range(args.rounds):
        results["list"][0].append(timed(anchor, lists))
        results["list"][1].append(timed(privacy.scrub_text, lists))
        results["text"][0].append(timed(anchor, texts))
        results["text"][1].append(timed(privacy.scrub_text, texts))
        results["known"][0].append(timed(anchor, plain_of_people))
        results["known"][1].append(timed(lambda kv: privacy.scrub_text(kv[1], kv[0]), known_values))
    sizes = {"list": len(lists), "text": len(texts), "known": len(known_values)}
    load = os.getloadavg()[0]
    print(f"rows={args.rows} rounds={args.rounds} load(1 min)={load:.2f}")
    for label, (old, new) in results.items():
        a, b = statistics.median(old), statistics.median(new)
        n = sizes[label]
        print(
            f"{label:6s} values={n:6d}  anchor {a / n * 1e6:7.2f} µs/value  new {b / n * 1e6:7.2f} µs/value  "
            f"ratio {b / a:5.2f}"
        )
    if args.pages:
        pages(args.rounds)


def pages(rounds: int) -> None:
    from django.core.management import call_command

    from zhengwu.credit.selectors import public as selectors

    call_command("migrate", verbosity=0)
    call_command("demo-data", verbosity=0)
    search = selectors.Search(kind="license", limit=100)
    with_values = selectors.public_search(search).records
    real = selectors._known_of_people
    people = sum(r["natural_person"] for r in with_values)
    times = ([], [])
    for _ in range(rounds):
        for side in (0, 1):
            selectors._known_of_people = real if side else (lambda rows: {})
            start = time.perf_counter()
            for _ in range(20):
                page = selectors.public_search(search)
            times[side].append((time.perf_counter() - start) / 20)
    selectors._known_of_people = real
    assert [r["id"] for r in page.records] == [r["id"] for r in with_values]
    a, b = statistics.median(times[0]), statistics.median(times[1])
    print(
        f"page   {len(with_values)} licences ({people} natural persons)  without by-value {a * 1e3:6.2f} ms  "
        f"with {b * 1e3:6.2f} ms  ratio {b / a:5.2f}  load(1 min)={os.getloadavg()[0]:.2f}"
    )


if __name__ == "__main__":
    main()
