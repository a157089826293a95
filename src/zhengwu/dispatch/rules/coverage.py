"""Classes the classifier has no messages for (issue 13 item 10), as pure functions over plain values.

The labelled messages cover 7 of the taxonomy's 15 first-level classes. The label of a message comes
from the 7-class model (its macro-F1 is what the messages can measure); a second, "wide" model
knows all 15 classes from weak labels only for the 8 others (the taxonomy's leaf names, the
departments of `reference/department_map.csv` and the leaves' keywords of `standard.CATEGORY_KEYWORDS`).
`decide` combines the two with the keyword rules below:

- the wide model gives one of the 8 more than half of the probability (`CERTAIN_SHARE`) and a keyword
  of that class is in the message → that class, with the wide model's probability of it as its
  confidence (its leaf, and so its department, is then found by the same keywords:
  `taxonomy.pick_category`);
- the wide model's most likely class is one of the 8 otherwise, or a keyword of one of the 8 is in
  the message and the wide model gives that class at least `SUSPECT_SHARE` → the 7-class label kept,
  its confidence capped at `OUT_OF_CLASS_CONFIDENCE` (below every threshold `evaluate` offers):
  manual triage, never a confident dispatch to a wrong unit;
- otherwise → the 7-class label and confidence, unchanged.

A label outside the 7 is given only when both signals agree and the wide model is sure: in
cross-validation on the labelled messages, a looser rule (most likely class + keyword) gave one of the
297 messages another class — and each such label, on a set of messages of the 7 classes, counts as
one more class with F1 0 in macro-F1.

    >>> decide(label="城乡建设", confidence=0.93, wide={"城乡建设": 0.2, "政法": 0.7, "民政": 0.1},
    ...        hits={"政法": 1}, known={"城乡建设"})
    Verdict(label='政法', confidence=0.7, outcome='other-class')
    >>> decide(label="城乡建设", confidence=0.93, wide={"城乡建设": 0.4, "政法": 0.5, "民政": 0.1},
    ...        hits={}, known={"城乡建设"}).outcome
    'triage'
    >>> decide(label="城乡建设", confidence=0.93, wide={"城乡建设": 0.3, "政法": 0.4, "民政": 0.3},
    ...        hits={"政法": 2}, known={"城乡建设"}).outcome
    'triage'
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

#: The confidence given to a message that looks like a class the model has no messages for
#: (below the lowest threshold that `evaluate` shows, 0.3; `checks.py` warns when
#: DISPATCH_CONFIDENCE_THRESHOLD is set at or below it).
OUT_OF_CLASS_CONFIDENCE = 0.25
#: The wide model's probability of a class without messages from which (with one of its keywords in
#: the message) the message is given that class.
CERTAIN_SHARE = 0.5
#: With a keyword of one of the other classes in the message, the wide model's probability of that
#: class from which the message is suspect (sent to triage) although another class is more likely.
SUSPECT_SHARE = 0.2


@dataclass(frozen=True)
class Verdict:
    """A message's class, its confidence and how it was reached: "known" (the 7-class model alone),
    "other-class" (one of the classes without messages) or "triage" (confidence capped)."""

    label: str
    confidence: float
    outcome: str


def keyword_table(
    keywords: Mapping[tuple[str, str, str], str], classes: Iterable[str]
) -> dict[str, tuple[str, ...]]:
    """{class: its leaves' keywords} for the given first-level classes (from `standard.CATEGORY_KEYWORDS`).

    >>> keyword_table({("政法", "社会治安", "黄赌毒"): "赌博|吸毒", ("民政", "x", "y"): "低保"}, ["政法"])
    {'政法': ('赌博', '吸毒')}
    """
    wanted = set(classes)
    table: dict[str, list[str]] = {}
    for (level1, _level2, _level3), words in keywords.items():
        if level1 in wanted:
            table.setdefault(level1, []).extend(w for w in words.split("|") if w)
    return {label: tuple(dict.fromkeys(words)) for label, words in sorted(table.items())}


def keyword_hits(text: str, table: Mapping[str, tuple[str, ...]]) -> dict[str, int]:
    """{class: how many of its keywords are in the text} for the classes with at least one.

    >>> keyword_hits("小区有人聚众赌博，还有人吸毒", {"政法": ("赌博", "吸毒"), "民政": ("低保",)})
    {'政法': 2}
    """
    hits = {label: sum(1 for w in words if w in text) for label, words in table.items()}
    return {label: n for label, n in hits.items() if n}


def decide(*, label: str, confidence: float, wide: Mapping[str, float], hits: Mapping[str, int],
           known: Iterable[str]) -> Verdict:
    """The class and confidence of one message from the 7-class model's answer (`label`, `confidence`),
    the wide model's probabilities over all classes (`wide`) and the keyword hits of the classes
    outside `known` (see the module's docstring)."""
    known = set(known)
    if not wide:
        return Verdict(label, confidence, "known")
    top = max(wide, key=wide.get)
    if top not in known:
        if hits.get(top) and wide[top] > CERTAIN_SHARE:
            return Verdict(top, round(float(wide[top]), 4), "other-class")
        return Verdict(label, min(confidence, OUT_OF_CLASS_CONFIDENCE), "triage")
    if any(wide.get(other, 0.0) >= SUSPECT_SHARE for other in hits if other not in known):
        return Verdict(label, min(confidence, OUT_OF_CLASS_CONFIDENCE), "triage")
    return Verdict(label, confidence, "known")
