"""大分拨 classifier coverage (issue 13 item 10): the 7 labelled classes and the 8 others.

    PYTHONPATH=src .venv/bin/python benchmarks/dispatch_coverage.py [--threshold 0.5]

1. Macro-F1 on the 7 labelled classes, held-out split with a fixed seed (`classifier.holdout_split`:
   a stratified quarter of `reference/citizen_messages_train.csv`, seed 42; the model is fitted on the
   other three quarters): the labels given (7-class model + out-of-class rules) and, for comparison,
   the 7-class model's labels alone; how many held-out messages the out-of-class rules sent to triage
   or gave another class (each such triage costs a dispatcher's minute; a wrong class is an error).
2. How the hand-written messages of the 8 classes without labelled messages
   (`src/zhengwu/dispatch/tests/data/out_of_class_messages.csv`, 5 per class) are handled by the default
   model (fitted on all 297 messages) at the threshold: right class / triage / wrong unit.
3. The three messages named in the issue.
4. The unlabelled messages of the shared files (120 with replies, shipped; 30 with votes, when
   found; no class known, some of them of the 8 other classes: 户口, 护照, 低保, 法律援助, 知识产权 …): how
   many the out-of-class rules touch, with their titles, so that a reader can judge them.

Offline, no database: plain Python over the shipped files.
"""

import argparse
import csv
import os
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from zhengwu.dispatch.rules import classifier  # noqa: E402
from zhengwu.dispatch.standard import CONFIDENCE_THRESHOLD  # noqa: E402

#: the votes file is not shipped with the app; read where the shared data lies, when it is there
VOTES_CSV = (
    Path(os.environ.get("ZHENGWU_SHARED_DATA", "/work/shared/data")) / "citizen_messages_with_votes.csv"
)
OUT_OF_CLASS_CSV = ROOT / "src/zhengwu/dispatch/tests/data/out_of_class_messages.csv"
ISSUE_MESSAGES = (("有人聚众赌博", "政法"), ("消防通道被堵", "政法"), ("路灯不亮", "城乡建设"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threshold", type=float, default=CONFIDENCE_THRESHOLD)
    threshold = parser.parse_args().threshold

    titles, texts, labels = classifier.read_training_csv(classifier.TRAIN_CSV)
    started = time.perf_counter()
    held = classifier.evaluate_holdout(titles, texts, labels, threshold=threshold)
    fit_seconds = time.perf_counter() - started
    print(f"1. 7 labelled classes, held-out split (stratified {classifier.HOLDOUT_SHARE:.0%}, seed "
          f"{classifier.HOLDOUT_SEED}): {held['train_rows']} training / {held['rows']} held-out messages")
    print(classifier.format_report(held["report"] | {"thresholds": held["thresholds"]}))
    print(f"macro-F1, labels given (7-class model + out-of-class rules): {held['report']['macro_f1']:.3f}")
    print(
        f"macro-F1, the 7-class model's labels alone:                 {held['report_known']['macro_f1']:.3f}"
    )
    outcomes = held["outcomes"]
    print(
        f"held-out messages: {outcomes.get('known', 0)} unchanged, {outcomes.get('triage', 0)} sent to "
        "triage and "
        f"{outcomes.get('other-class', 0)} given one of the other classes by the out-of-class rules; "
        f"{held['dispatched']} of {held['rows']} dispatched at threshold {threshold:g}"
    )
    print(f"(fit and score: {fit_seconds:.1f} s)")

    started = time.perf_counter()
    model = classifier.default()
    fit_seconds = time.perf_counter() - started
    with OUT_OF_CLASS_CSV.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    table = classifier.out_of_class_table(model, [r["title"] for r in rows], [r["text"] for r in rows],
                                          [r["label"] for r in rows], threshold=threshold)
    print(
        f"\n2. {len(rows)} hand-written messages of the classes without labelled messages, default model "
        f"{model.version} (fitted in {fit_seconds:.1f} s, pickle {len(model.dumps()) / 1e6:.1f} MB), "
        f"threshold {threshold:g}"
    )
    print(f"{'class':<16}{'right':>7}{'triage':>8}{'wrong':>7}")
    per_class: dict[str, Counter] = {}
    for row in table:
        per_class.setdefault(row["expected"], Counter())[row["handled"]] += 1
    total = Counter()
    for label, counts in per_class.items():
        total += counts
        print(f"{label:<16}{counts['right']:>7}{counts['triage']:>8}{counts['wrong']:>7}")
    print(f"{'all':<16}{total['right']:>7}{total['triage']:>8}{total['wrong']:>7}")
    for row in table:
        if row["handled"] != "right":
            print(
                f"  {row['handled']}: {row['title']} → {row['label']} {row['confidence']:.2f} "
                f"({row['outcome']})"
            )

    print("\n3. The issue's messages")
    for text, want in ISSUE_MESSAGES:
        (verdict,) = model.verdicts([""], [text])
        handled = (
            "triage" if verdict.confidence < threshold else ("right" if verdict.label == want else "WRONG")
        )
        print(f"  {text}: {verdict.label} {verdict.confidence:.2f} ({verdict.outcome}) — {handled}")

    unlabelled = []
    for path in (classifier.REPLIES_CSV, VOTES_CSV):
        if path.exists():
            with path.open(encoding="utf-8") as f:
                unlabelled += list(csv.DictReader(f))
    verdicts = model.verdicts([r["title"] for r in unlabelled], [r["text"] for r in unlabelled])
    counts = Counter(v.outcome for v in verdicts)
    print(
        f"\n4. {len(unlabelled)} unlabelled shared messages: {counts['known']} as before, "
        f"{counts['triage']} sent to "
        f"triage, {counts['other-class']} given one of the other classes"
    )
    for row, v in zip(unlabelled, verdicts, strict=True):
        if v.outcome != "known":
            print(f"  {v.outcome}: {row['title'][:40]} → {v.label} {v.confidence:.2f}")


if __name__ == "__main__":
    main()
