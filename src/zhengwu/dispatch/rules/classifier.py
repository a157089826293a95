"""The auto-classifier: first-level class of a citizen message from its title and text.

Text is first cleaned of what says nothing about the subject (greetings, "尊敬的领导", anonymised
user ids "A00012345", anonymised place codes "A市", "B2区"; Excel's "_x000D_" becomes a line break).
Features: character 1–2-gram TF-IDF and jieba word TF-IDF of "title ×3 + the text's first 600 characters"
(the title says what the message is about; repeating it weights it), plus character 1–3-gram TF-IDF of the
title alone; a linear SVM with balanced class weights, calibrated by sigmoid (Platt) scaling so that each
prediction carries a confidence in [0, 1] (one SVM fitted on all the training documents; the calibration is
fitted on its 3-fold cross-validated scores). Every leaf of the taxonomy is added as one short
pseudo-document ("level2 level3", labelled with its level1), and every department name of the department
map ("人社" → 劳动和社会保障) as another — prior knowledge of the classification standard, not of any test
data. At training time only, every sentence of a message with more than one sentence is also a training
document (with the message's title and label, weight 1 / its number of sentences) — augmentation for a tiny
data set; predictions always read the whole message.

The labelled messages cover 7 of the taxonomy's 15 first-level classes. A second, "wide" pipeline (the
same features and SVM) is fitted over all 15: the same messages, plus for every class its leaves, its
departments (department map) and its leaves' keywords (`standard.CATEGORY_KEYWORDS`) — the only
labels the 8 other classes have. The 7-class pipeline gives the label; the wide one and keyword
rules decide whether the message is one of the 8 others, or looks like one and goes to triage
(`rules.coverage.decide`, `Classifier.verdicts`).

No Django here: plain lists in, plain lists out. `zhengwu dispatch train|classify|evaluate` wrap it;
`selectors.classifiers.active_classifier` loads the active version, `services.training` stores one.
"""

import csv
import functools
import hashlib
import io
import os
import pickle
import re
import sys
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import numpy as np

from zhengwu.dispatch.rules import coverage
from zhengwu.dispatch.standard import CATEGORY_KEYWORDS

REFERENCE = Path(__file__).resolve().parents[1] / "reference"  # the app's reference/ folder
TRAIN_CSV = REFERENCE / "citizen_messages_train.csv"
TAXONOMY_CSV = REFERENCE / "event_taxonomy.csv"
REPLIES_CSV = REFERENCE / "citizen_messages_with_replies.csv"
DEPARTMENT_MAP_CSV = REFERENCE / "department_map.csv"
TITLE_WEIGHT = 3
SEP = "\x1f"  # between the title and the weighted document, for the title-only features
#: Only the beginning of a long message is read (its first paragraph says what it is about; the
#: rest costs time, not accuracy — checked by cross-validation).
MAX_TEXT_CHARS = 600
#: Words that carry no subject: greetings and forms of address, anonymised user ids and place codes.
BOILERPLATE = re.compile(
    r"尊敬的[\u4e00-\u9fa5]{0,4}?(?:领导|书记|市长|局长|主任|区长|县长|同志)们?"
    r"|[您你]好|谢谢|A\d{5,}|(?<![A-Za-z])[A-Z]\d{0,2}[市区县]"
)


#: Version name of the shipped default model; bump it when the pipeline changes so that
#: `zhengwu load-reference` fits the new default on existing databases too.
DEFAULT_VERSION = "default-v5"
#: Where a message's text is cut into sentences for the training-time augmentation.
SENTENCE_END = re.compile(r"(?<=[。！？!?；;\n])")

#: Excel's escape of a carriage return, left in text exported from spreadsheets ("_x000D_").
EXCEL_CR = "_x000D_"


def normalise(text: str) -> str:
    """The text with Excel's escaped carriage returns turned back into line breaks."""
    return (text or "").replace(EXCEL_CR, "\n")


def clean(text: str) -> str:
    """The text without greetings, forms of address and anonymised ids or place codes."""
    return BOILERPLATE.sub(" ", normalise(text))


@functools.lru_cache(maxsize=50_000)
def _cut(text: str) -> tuple[str, ...]:
    # rjieba: jieba's algorithm and dictionary in Rust (jieba-rs) — the same words as jieba.lcut(HMM=False)
    # on all 297 training messages, 13x faster; tokenising was 80 % of classification time.
    import rjieba

    return tuple(w for w in rjieba.cut(text, hmm=False) if w.strip())


def jieba_tokens(text: str) -> list[str]:
    """jieba words of a text (module-level so that pickled models can find it)."""
    return list(_cut(text))


def document(title: str, text: str) -> str:
    """What the classifier reads: "title SEP title×TITLE_WEIGHT + the text's beginning"."""
    title = clean(title).strip().replace(SEP, " ")
    return (
        title + SEP + ((title + " ") * TITLE_WEIGHT if title else "") + clean((text or "")[:MAX_TEXT_CHARS])
    )


def title_part(doc: str) -> str:
    """The title alone (module-level so that pickled models can find it)."""
    return doc.split(SEP, 1)[0]


def body_part(doc: str) -> str:
    """The weighted title and the text."""
    return doc.split(SEP, 1)[-1]


def sentences(text: str) -> list[str]:
    """The text's sentences (split after 。！？!?；; and line breaks); [] for a single sentence."""
    parts = [s for s in SENTENCE_END.split(normalise(text)) if s.strip()]
    return parts if len(parts) > 1 else []


def taxonomy_documents(labels, taxonomy_csv: Path = TAXONOMY_CSV) -> list[tuple[str, str]]:
    """One pseudo-document per taxonomy leaf whose first level is in `labels`: "level2 level3".

    (One document per leaf scored higher than one per first-level class: 0.822 vs 0.798 macro-F1 in
    repeated stratified 5-fold x 2 CV, with cleaning; see docs/seed-map/dispatch.md.)"""
    with open(taxonomy_csv, encoding="utf-8") as f:
        return [(SEP + f"{row['level2']} {row['level3']}", row["level1"])
                for row in csv.DictReader(f) if row["level1"] in labels]


def department_documents(labels) -> list[tuple[str, str]]:
    """One pseudo-document per department name of `reference/department_map.csv` whose class is in
    `labels` ("人社" → 劳动和社会保障): which departments handle which class, as the taxonomy assigns
    them — citizens often name the department they want to act.

    (Added in default-v4: 0.845/0.833 → 0.854/0.843 macro-F1 on the two selection splits, 0.860 on
    the seed-42 protocol; see docs/seed-map/dispatch.md.)"""
    return [(SEP + name, label) for pattern, label in department_map() if label in labels
            for name in pattern.pattern.split("|")]


def keyword_documents(labels) -> list[tuple[str, str]]:
    """One pseudo-document per keyword of a taxonomy leaf (`standard.CATEGORY_KEYWORDS`) whose class is
    in `labels` ("赌博" → 政法): what citizens write about the leaf, for the wide model."""
    return [
        (SEP + word, level1)
        for (level1, _l2, _l3), words in CATEGORY_KEYWORDS.items()
        if level1 in labels
        for word in words.split("|")
        if word
    ]


def taxonomy_classes(taxonomy_csv: Path = TAXONOMY_CSV) -> list[str]:
    """The first-level classes of the shipped taxonomy."""
    with open(taxonomy_csv, encoding="utf-8") as f:
        return sorted({row["level1"] for row in csv.DictReader(f)})


def build_pipeline():
    """The scikit-learn pipeline (unfitted)."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import make_pipeline, make_union
    from sklearn.svm import LinearSVC

    # chosen by repeated stratified 5-fold CV on the shipped file (docs/seed-map/dispatch.md)
    features = make_union(
        TfidfVectorizer(analyzer="char", ngram_range=(1, 2), sublinear_tf=True, preprocessor=body_part,
                        dtype=np.float32),
        TfidfVectorizer(tokenizer=jieba_tokens, token_pattern=None, lowercase=False, sublinear_tf=True,
                        preprocessor=body_part, dtype=np.float32),
        TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True, preprocessor=title_part,
                        dtype=np.float32),
    )
    svm = LinearSVC(C=1.0, class_weight="balanced")
    # ensemble=False: one SVM fitted on everything (not three on two thirds each), calibrated on its
    # cross-validated scores
    return make_pipeline(features, CalibratedClassifierCV(svm, method="sigmoid", cv=3, ensemble=False))


@dataclass
class Classifier:
    """A fitted pipeline with its version and the library version it was built with."""

    pipeline: object
    version: str
    sklearn_version: str
    rows: int
    #: the wide model over every first-level class of the taxonomy (issue 13 item 10), None in models
    #: stored before it existed (they predict with the 7-class pipeline alone)
    wide: object = None
    #: {class without labelled messages: its leaves' keywords} (`rules.coverage.keyword_table`)
    keywords: dict | None = None

    @property
    def labels(self) -> list[str]:
        return list(self.pipeline.classes_)

    def verdicts(self, titles: list[str], texts: list[str]) -> list[coverage.Verdict]:
        """How each message is classified: the 7-class model's label and confidence, corrected by the
        wide model and the keyword rules for the classes without labelled messages (`rules.coverage`)."""
        if not texts:
            return []
        docs = [document(t, x) for t, x in zip(titles, texts, strict=True)]
        proba = self.pipeline.predict_proba(docs)
        best = proba.argmax(axis=1)
        classes = self.pipeline.classes_
        if self.wide is None:
            return [coverage.Verdict(str(classes[i]), float(round(proba[k, i], 4)), "known")
                    for k, i in enumerate(best)]
        wide = self.wide.predict_proba(docs)
        wide_classes = [str(c) for c in self.wide.classes_]
        known = set(str(c) for c in classes)
        out = []
        for k, i in enumerate(best):
            out.append(coverage.decide(
                label=str(classes[i]), confidence=float(round(proba[k, i], 4)),
                wide=dict(zip(wide_classes, wide[k].tolist(), strict=True)),
                hits=coverage.keyword_hits(docs[k], self.keywords or {}), known=known))
        return out

    def predict(self, titles: list[str], texts: list[str]) -> list[tuple[str, float]]:
        """(label, confidence) for each message (see `verdicts`)."""
        return [(v.label, v.confidence) for v in self.verdicts(titles, texts)]

    def ranked(self, title: str, text: str, k: int = 3) -> list[tuple[str, float]]:
        """The k most likely classes of one message with their probabilities, most likely first
        (shown to the dispatcher who classifies an event by hand): the wide model's, over every class
        of the taxonomy, when the model has one."""
        pipeline = self.wide if self.wide is not None else self.pipeline
        proba = pipeline.predict_proba([document(title, text)])[0]
        order = proba.argsort()[::-1][:k]
        return [(str(pipeline.classes_[i]), float(round(proba[i], 4))) for i in order]

    def dumps(self) -> bytes:
        return pickle.dumps(self, protocol=pickle.HIGHEST_PROTOCOL)


def training_documents(titles: list[str], texts: list[str], labels: list[str], *,
                       augment: bool = True) -> tuple[list[str], list[str], list[float]]:
    """(documents, labels, weights): one per message (weight 1), then (augment) one per sentence of
    every message that has more than one, each with the message's title and label and weight
    1 / its number of sentences (so a message's sentences weigh as much as the message, however
    long). Training only — never for prediction or a test fold."""
    docs = [document(t, x) for t, x in zip(titles, texts, strict=True)]
    ys = list(labels)
    weights = [1.0] * len(docs)
    if augment:
        for title, text, label in zip(titles, texts, labels, strict=True):
            parts = sentences(text)
            for sentence in parts:
                docs.append(document(title, sentence))
                ys.append(label)
                weights.append(1.0 / len(parts))
    return docs, ys, weights


def _fit(docs: list[str], ys: list[str], weights: list[float]):
    pipeline = build_pipeline()
    pipeline.fit(docs, ys, **{f"{pipeline.steps[-1][0]}__sample_weight": np.asarray(weights)})
    for _name, vectorizer in pipeline.steps[0][1].transformer_list:
        vectorizer.stop_words_ = None  # the pruned terms: only for introspection, most of the pickle's size
    return pipeline


def train(titles: list[str], texts: list[str], labels: list[str], *, version: str,
          use_taxonomy: bool = True, augment: bool = True, wide: bool = True) -> Classifier:
    """Fit a classifier on messages (plus their sentences, see `training_documents`, and the taxonomy's
    pseudo-documents); `wide`: also the wide model over every class of the shipped taxonomy, which
    knows the classes without messages from weak labels only (`wide_documents`, `rules.coverage`)."""
    import sklearn

    docs, ys, weights = training_documents(titles, texts, labels, augment=augment)
    known = set(ys)
    if use_taxonomy:
        for doc, label in taxonomy_documents(known) + department_documents(known):
            docs.append(doc)
            ys.append(label)
            weights.append(1.0)
    if len(set(ys)) < 2:
        raise ValueError("训练数据至少需要两个分类。")
    model = Classifier(pipeline=_fit(docs, ys, weights), version=version, sklearn_version=sklearn.__version__,
                       rows=len(labels))
    others = [label for label in taxonomy_classes() if label not in known]
    if wide and others:
        docs, ys, weights = training_documents(titles, texts, labels, augment=augment)
        for doc, label in wide_documents(known | set(others)):
            docs.append(doc)
            ys.append(label)
            weights.append(1.0)
        model.wide = _fit(docs, ys, weights)
        model.keywords = coverage.keyword_table(CATEGORY_KEYWORDS, others)
    return model


def wide_documents(labels) -> list[tuple[str, str]]:
    """The weak labels of the wide model: one pseudo-document per taxonomy leaf, per department name of
    the department map and per leaf keyword, of every class in `labels`."""
    return taxonomy_documents(labels) + department_documents(labels) + keyword_documents(labels)


# Where this module lived when earlier versions were pickled (issue 11 moved it into rules/): models
# stored in a database before the move name the old path for `Classifier` and `jieba_tokens`.
MOVED_MODULES = {"zhengwu.dispatch.classifier": __name__}


class _Unpickler(pickle.Unpickler):
    def find_class(self, module, name):
        return super().find_class(MOVED_MODULES.get(module, module), name)


def loads(data: bytes) -> Classifier:
    """A classifier from bytes written by `Classifier.dumps` (our own files only; also those written
    before this module moved)."""
    return _Unpickler(io.BytesIO(data)).load()


def read_training_csv(source) -> tuple[list[str], list[str], list[str]]:
    """(titles, texts, labels) from a CSV with columns title (optional), text, label."""
    text = source.read_text(encoding="utf-8-sig") if isinstance(source, Path) else source
    reader = csv.DictReader(io.StringIO(text))
    fields = set(reader.fieldnames or [])
    missing = {"text", "label"} - fields
    if missing:
        raise ValueError("训练文件缺少列：{}（需要 title,text,label）".format("、".join(sorted(missing))))
    titles, texts, labels = [], [], []
    for row in reader:
        if (row.get("label") or "").strip() and (row.get("text") or row.get("title") or "").strip():
            titles.append(row.get("title") or "")
            texts.append(row.get("text") or "")
            labels.append(row["label"].strip())
    return titles, texts, labels


#: What the default model is fitted from and with: a fitted copy is reused only while all of these are
#: unchanged (the rules package and the standard are code the fit runs; the reference folder its data).
_FIT_INPUTS = (Path(__file__).resolve().parent, REFERENCE.parent / "standard.py", REFERENCE)
_FIT_LIBRARIES = ("numpy", "scipy", "scikit-learn", "rjieba")


def fingerprint() -> str:
    """A digest of everything the default model's fit depends on: the source of this package and of the
    standard, the shipped reference files, the versions of Python and of the fitting libraries."""
    digest = hashlib.sha256(f"{DEFAULT_VERSION} {sys.version}".encode())
    for name in _FIT_LIBRARIES:
        digest.update(f"{name}={metadata.version(name)}".encode())
    for root in _FIT_INPUTS:
        files = sorted(root.rglob("*.py")) + sorted(root.rglob("*.csv")) if root.is_dir() else [root]
        for path in files:
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


@functools.lru_cache(maxsize=2)
def default(cache_dir: Path | None = None) -> Classifier:
    """The default model, fitted from the shipped training CSV (a few seconds, once per process).

    `cache_dir`: a folder where the fitted model is kept under the `fingerprint` of its inputs, so that
    another process (the next test worker, `zhengwu demo`, a command) reads it in a fraction of a second
    instead of fitting again; an unreadable copy is fitted again and replaced. `zhengwu load-reference`
    stores a fitted copy as model version DEFAULT_VERSION, so that running processes load it instead of
    fitting (see selectors.classifiers.active_classifier)."""
    path = Path(cache_dir) / f"classifier-{DEFAULT_VERSION}-{fingerprint()}.pickle" if cache_dir else None
    if path is not None and path.exists():
        try:
            return loads(path.read_bytes())
        except (OSError, EOFError, ValueError, AttributeError, ImportError, pickle.UnpicklingError):
            pass  # damaged or from an incompatible build: fitted again below, and replaced
    titles, texts, labels = read_training_csv(TRAIN_CSV)
    model = train(titles, texts, labels, version=DEFAULT_VERSION)
    if path is not None:
        partial = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # written whole, then renamed: a process reading at the same time sees the old file or the new
            handle, partial = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".partial")
            with os.fdopen(handle, "wb") as out:
                out.write(model.dumps())
            os.replace(partial, path)
        except OSError:  # a read-only or full disk: the model is still returned, only not kept
            if partial and os.path.exists(partial):
                os.unlink(partial)
    return model


def cv_splits(labels, *, extra: int = 0, folds: int = 5, repeats: int = 3, seed: int = 42):
    """Repeated stratified k-fold over the labelled rows 0..n-1; the `extra` rows n..n+extra-1
    (weakly labelled or otherwise outside the evaluation) join every training fold and never a test fold."""
    from sklearn.model_selection import RepeatedStratifiedKFold

    n = len(labels)
    splitter = RepeatedStratifiedKFold(n_splits=folds, n_repeats=repeats, random_state=seed)
    added = np.arange(n, n + extra)
    for train_idx, test_idx in splitter.split(np.zeros(n), labels):
        yield np.concatenate([train_idx, added]), test_idx


def cross_validate(titles, texts, labels, *, folds: int = 5, repeats: int = 3, seed: int = 42,
                   extra: tuple | None = None) -> dict:
    """Repeated stratified k-fold: per-class precision/recall/F1 and the confusion matrix (summed over
    all folds), macro-F1 mean and standard deviation over the folds. `extra` = (titles, texts, labels)
    of additional training data, added to the training folds only (see `cv_splits`)."""
    n = len(labels)
    extra_titles, extra_texts, extra_labels = extra or ([], [], [])
    titles, texts = list(titles) + list(extra_titles), list(texts) + list(extra_texts)
    labels = np.array(list(labels) + list(extra_labels))
    truth, predicted, confidences, fold_scores = [], [], [], []
    for train_idx, test_idx in cv_splits(labels[:n], extra=len(extra_labels), folds=folds, repeats=repeats,
                                         seed=seed):
        model = train([titles[i] for i in train_idx], [texts[i] for i in train_idx], list(labels[train_idx]),
                      version="cv")
        pairs = model.predict([titles[i] for i in test_idx], [texts[i] for i in test_idx])
        got = [p for p, _c in pairs]
        fold = report(list(labels[test_idx]), got)
        fold_scores.append(fold["macro_f1"])
        truth.extend(labels[test_idx])
        predicted.extend(got)
        confidences.extend(c for _p, c in pairs)
    result = report(truth, predicted)
    result.update(
        folds=folds,
        repeats=repeats,
        extra=len(extra_labels),
        macro_f1_mean=float(np.mean(fold_scores)),
        macro_f1_std=float(np.std(fold_scores)),
        thresholds=threshold_table(truth, predicted, confidences),
    )
    return result


#: Confidence thresholds shown by `evaluate` (the setting DISPATCH_CONFIDENCE_THRESHOLD picks one).
THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


def threshold_table(truth, predicted, confidences, thresholds=THRESHOLDS) -> list[dict]:
    """For each threshold: the share of messages dispatched automatically (confidence ≥ threshold) and
    how many of those are right — the trade-off between manual triage work and misdirected events."""
    rows = []
    for t in thresholds:
        auto = [(y, p) for y, p, c in zip(truth, predicted, confidences, strict=True) if c >= t]
        rows.append({"threshold": t, "automatic": len(auto) / len(truth) if truth else 0.0,
                     "accuracy": sum(y == p for y, p in auto) / len(auto) if auto else None})
    return rows


@functools.lru_cache(maxsize=1)
def department_map() -> tuple[tuple[re.Pattern, str], ...]:
    """(pattern, first-level class) pairs: departments named in official replies → the class they handle."""
    with open(DEPARTMENT_MAP_CSV, encoding="utf-8") as f:
        return tuple((re.compile(row["pattern"]), row["label"]) for row in csv.DictReader(f))


def weak_label(reply: str) -> str:
    """The class whose departments an official reply names clearly most often (at least twice as often
    as any other class), else "" (no department named, or a tie)."""
    counts = sorted(((len(p.findall(reply or "")), label) for p, label in department_map()), reverse=True)
    (best, label), (second, _other) = counts[0], counts[1]
    return label if best and best >= 2 * second else ""


def weak_labelled(replies_csv: Path = REPLIES_CSV, *, labels=None) -> tuple[list[str], list[str], list[str]]:
    """(titles, texts, labels) of the messages whose official reply names a department (weak labels);
    only those of the classes in `labels` when given (the department map names departments of every
    class of the taxonomy, the labelled messages cover 7)."""
    wanted = None if labels is None else set(labels)
    titles, texts, labels = [], [], []
    with open(replies_csv, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if (label := weak_label(row["reply"])) and (wanted is None or label in wanted):
                titles.append(row["title"])
                texts.append(row["text"])
                labels.append(label)
    return titles, texts, labels


def report(truth: list[str], predicted: list[str]) -> dict:
    """Per-class precision, recall, F1 and support, macro-F1 and the confusion matrix."""
    from sklearn.metrics import confusion_matrix, f1_score, precision_recall_fscore_support

    labels = sorted(set(truth) | set(predicted))
    p, r, f, s = precision_recall_fscore_support(truth, predicted, labels=labels, zero_division=0)
    return {
        "labels": labels,
        "per_class": [{"label": lab, "precision": float(p[i]), "recall": float(r[i]), "f1": float(f[i]),
                       "support": int(s[i])} for i, lab in enumerate(labels)],
        "macro_f1": float(f1_score(truth, predicted, labels=labels, average="macro", zero_division=0)),
        "confusion": confusion_matrix(truth, predicted, labels=labels).tolist(),
    }


def format_report(result: dict) -> str:
    """The evaluation as plain text (what `zhengwu dispatch evaluate` prints)."""
    lines = [f"{'class':<12}{'precision':>10}{'recall':>10}{'f1':>10}{'support':>9}"]
    for row in result["per_class"]:
        lines.append(f"{row['label']:<12}{row['precision']:>10.3f}{row['recall']:>10.3f}{row['f1']:>10.3f}"
                     f"{row['support']:>9d}")
    lines.append(f"macro-F1: {result['macro_f1']:.3f}")
    if "macro_f1_mean" in result:
        lines.append(
            f"macro-F1 over {result['folds']}-fold x {result['repeats']} repeated stratified CV "
            f"(mean ± std over the folds): {result['macro_f1_mean']:.3f} ± {result['macro_f1_std']:.3f}"
        )
        if result.get("extra"):
            lines.append(
                f"({result['extra']} weakly labelled messages added to every training fold, never to a test "
                "fold)"
            )
    if result.get("thresholds"):
        lines.append("confidence threshold: share dispatched automatically, and accuracy of those "
                     "(the rest goes to manual triage; settings.DISPATCH_CONFIDENCE_THRESHOLD)")
        for row in result["thresholds"]:
            accuracy = "-" if row["accuracy"] is None else f"{row['accuracy']:.3f}"
            lines.append(f"  ≥ {row['threshold']:g}: {row['automatic']:>6.1%} automatic, accuracy {accuracy}")
    lines.append("confusion matrix (rows = true, columns = predicted):")
    lines.append("\t" + "\t".join(result["labels"]))
    for lab, row in zip(result["labels"], result["confusion"], strict=True):
        lines.append(lab + "\t" + "\t".join(str(v) for v in row))
    return "\n".join(lines)


#: The held-out protocol of the coverage benchmark and test (issue 13 item 10): a stratified quarter
#: of the labelled messages, seed 42, scored by a model fitted on the other three quarters.
HOLDOUT_SHARE = 0.25
HOLDOUT_SEED = 42


def holdout_split(
    labels, *, share: float = HOLDOUT_SHARE, seed: int = HOLDOUT_SEED
) -> tuple[list[int], list[int]]:
    """(training rows, held-out rows): a stratified split of the labelled rows with a fixed seed."""
    from sklearn.model_selection import train_test_split

    rows = np.arange(len(labels))
    train_idx, test_idx = train_test_split(rows, test_size=share, stratify=labels, random_state=seed)
    return sorted(int(i) for i in train_idx), sorted(int(i) for i in test_idx)


def evaluate_holdout(titles, texts, labels, *, threshold: float, share: float = HOLDOUT_SHARE,
                     seed: int = HOLDOUT_SEED) -> dict:
    """Fit on the training part of `holdout_split`, score the held-out part: `report` of the labels
    given (7-class model plus the out-of-class rules), `report_known` of the 7-class model's labels
    alone, and the outcomes (how many held-out messages the out-of-class rules sent to triage or
    gave another class; how many are dispatched at `threshold`)."""
    train_idx, test_idx = holdout_split(labels, share=share, seed=seed)
    model = train(
        [titles[i] for i in train_idx],
        [texts[i] for i in train_idx],
        [labels[i] for i in train_idx],
        version="holdout",
    )
    test_titles, test_texts = [titles[i] for i in test_idx], [texts[i] for i in test_idx]
    truth = [labels[i] for i in test_idx]
    verdicts = model.verdicts(test_titles, test_texts)
    known = model.pipeline.predict_proba(
        [document(t, x) for t, x in zip(test_titles, test_texts, strict=True)]
    )
    known_labels = [str(model.pipeline.classes_[i]) for i in known.argmax(axis=1)]
    outcomes: dict[str, int] = {}
    for v in verdicts:
        outcomes[v.outcome] = outcomes.get(v.outcome, 0) + 1
    return {
        "report": report(truth, [v.label for v in verdicts]),
        "report_known": report(truth, known_labels),
        "outcomes": outcomes,
        "rows": len(test_idx),
        "train_rows": len(train_idx),
        "model": model,
        "dispatched": sum(v.confidence >= threshold for v in verdicts),
        "thresholds": threshold_table(truth, [v.label for v in verdicts], [v.confidence for v in verdicts]),
    }


def out_of_class_table(model: Classifier, titles, texts, expected, *, threshold: float) -> list[dict]:
    """How each message of a class the model has no messages for is handled at `threshold`: "right"
    (dispatched as its class), "triage" (confidence below the threshold) or "wrong" (dispatched as
    another class: a wrong unit)."""
    rows = []
    verdicts = model.verdicts(list(titles), list(texts))
    for title, want, v in zip(titles, expected, verdicts, strict=True):
        handled = "triage" if v.confidence < threshold else ("right" if v.label == want else "wrong")
        rows.append({"title": title, "expected": want, "label": v.label, "confidence": v.confidence,
                     "outcome": v.outcome, "handled": handled})
    return rows
