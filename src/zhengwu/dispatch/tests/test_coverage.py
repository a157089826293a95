"""Issue 13 item 10: the classifier covers every first-level class of the shipped taxonomy; a message of
a class without labelled messages gets that class or goes to triage — never a wrong unit with a
confidence above the threshold — and the 7 labelled classes keep their macro-F1."""

import csv
import doctest
from pathlib import Path

import pytest

from zhengwu.dispatch import services
from zhengwu.dispatch.models import Event
from zhengwu.dispatch.rules import classifier, coverage
from zhengwu.dispatch.standard import CATEGORY_KEYWORDS, CONFIDENCE_THRESHOLD

OUT_OF_CLASS_CSV = Path(__file__).parent / "data" / "out_of_class_messages.csv"
#: what the 7 labelled classes must keep (issue 13: "it must not fall below today's 0.86")
MACRO_F1_FLOOR = 0.86


def _out_of_class_rows() -> list[dict]:
    with OUT_OF_CLASS_CSV.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_the_coverage_rules_docstrings_hold():
    assert doctest.testmod(coverage).failed == 0


def test_the_hand_written_set_has_five_messages_of_each_class_without_labelled_messages():
    rows = _out_of_class_rows()
    train_labels = {r["label"] for r in csv.DictReader(classifier.TRAIN_CSV.open(encoding="utf-8"))}
    others = set(classifier.taxonomy_classes()) - train_labels
    assert len(others) == 8 and len(rows) >= 40
    assert all(sum(r["label"] == label for r in rows) >= 5 for label in others)
    assert {r["label"] for r in rows} == others


def test_the_default_model_covers_every_first_level_class_of_the_taxonomy(default_classifier):
    classes = classifier.taxonomy_classes()
    assert len(classes) == 15
    assert sorted(str(c) for c in default_classifier.wide.classes_) == classes
    # the keyword rules know every class without labelled messages
    assert set(default_classifier.keywords) == set(classes) - set(default_classifier.labels)


def test_no_out_of_class_message_goes_to_a_wrong_unit_with_confidence_above_the_threshold(default_classifier):
    rows = _out_of_class_rows()
    table = classifier.out_of_class_table(
        default_classifier,
        [r["title"] for r in rows],
        [r["text"] for r in rows],
        [r["label"] for r in rows],
        threshold=CONFIDENCE_THRESHOLD,
    )
    wrong = [(r["title"], r["label"], r["confidence"]) for r in table if r["handled"] == "wrong"]
    assert wrong == []
    # and most are recognised, not merely sent to triage
    assert sum(r["handled"] == "right" for r in table) >= len(table) // 2


@pytest.mark.parametrize(("title", "text"), [
    ("有人聚众赌博", ""), ("", "有人聚众赌博"), ("消防通道被堵", "")])
def test_the_issues_messages_no_longer_go_to_a_wrong_unit_with_confidence(default_classifier, title, text):
    (verdict,) = default_classifier.verdicts([title], [text])
    assert verdict.label == "政法" or verdict.confidence < CONFIDENCE_THRESHOLD


@pytest.mark.database_independent  # slow: the PostgreSQL leg leaves it out
def test_the_out_of_class_rules_change_no_label_of_the_held_out_messages():
    # the held-out split of the benchmark (stratified quarter, seed 42): the labels given are the 7-class
    # model's, so its macro-F1 is the 7-class model's (0.828 on this one split of 75 messages)
    titles, texts, labels = classifier.read_training_csv(classifier.TRAIN_CSV)
    held = classifier.evaluate_holdout(titles, texts, labels, threshold=CONFIDENCE_THRESHOLD)
    assert held["rows"] == 75 and held["report"]["labels"] == sorted(set(labels))  # no other class given
    assert held["report"]["macro_f1"] == held["report_known"]["macro_f1"]
    assert held["outcomes"].get("other-class", 0) == 0


@pytest.mark.early  # a minute of one worker: never the last test to start
@pytest.mark.database_independent  # slow: the PostgreSQL leg leaves it out
def test_the_seven_labelled_classes_keep_a_macro_f1_of_at_least_0_86():
    # the protocol behind "today's 0.86" (docs/seed-map/dispatch.md, `zhengwu dispatch evaluate`): repeated
    # stratified 5-fold x 3, seed 42, every fold's model (7-class and wide) fitted on its training part;
    # the macro-F1 `evaluate` prints first, over the pooled predictions (0.861 with default-v4 and v5;
    # the mean over the folds is 0.860 ± 0.037, both before and after the wide model). 15 fits: slow.
    titles, texts, labels = classifier.read_training_csv(classifier.TRAIN_CSV)
    result = classifier.cross_validate(titles, texts, labels, folds=5, repeats=3, seed=42)
    assert result["labels"] == sorted(set(labels))  # no message of the 7 classes given another class
    assert result["macro_f1"] >= MACRO_F1_FLOOR


def test_a_model_without_a_wide_part_predicts_as_before():
    model = classifier.train(
        ["路灯不亮", "井盖丢了", "学校乱收费", "老师体罚"],
        ["路灯坏了", "井盖缺失", "补课费", "打学生"],
        ["城乡建设", "城乡建设", "教育文体", "教育文体"],
        version="t",
        augment=False,
        wide=False,
    )
    assert model.wide is None and model.keywords is None
    assert [v.outcome for v in model.verdicts(["有人聚众赌博"], [""])] == ["known"]


def test_keywords_of_the_classes_without_messages_name_real_leaves():
    leaves = {
        (r["level1"], r["level2"], r["level3"])
        for r in csv.DictReader(classifier.TAXONOMY_CSV.open(encoding="utf-8"))
    }
    assert set(CATEGORY_KEYWORDS) <= leaves
    table = coverage.keyword_table(CATEGORY_KEYWORDS, ["政法", "民政"])
    assert "赌博" in table["政法"] and "低保" in table["民政"]


@pytest.mark.parametrize(
    ("outcome", "wide", "hits"),
    [
        ("other-class", {"城乡建设": 0.2, "政法": 0.8}, {"政法": 1}),  # the wide model and a keyword agree
        ("triage", {"城乡建设": 0.3, "政法": 0.7}, {}),  # the wide model alone: not certain
        (
            "triage",
            {"城乡建设": 0.3, "政法": 0.45, "民政": 0.25},
            {"政法": 2},
        ),  # both, but the wide model not sure
        ("triage", {"城乡建设": 0.7, "政法": 0.3}, {"政法": 1}),  # a keyword and a fair share: suspect
        (
            "known",
            {"城乡建设": 0.9, "政法": 0.1},
            {"政法": 1},
        ),  # a keyword alone (派出所 in a 城乡建设 message)
        ("known", {"城乡建设": 0.9, "政法": 0.1}, {}),
    ],
)
def test_decide_combines_the_two_models_and_the_keywords(outcome, wide, hits):
    verdict = coverage.decide(label="城乡建设", confidence=0.9, wide=wide, hits=hits, known={"城乡建设"})
    assert verdict.outcome == outcome
    if outcome == "triage":
        assert verdict.label == "城乡建设" and verdict.confidence == coverage.OUT_OF_CLASS_CONFIDENCE
    if outcome == "other-class":
        assert (verdict.label, verdict.confidence) == ("政法", 0.8)
    if outcome == "known":
        assert (verdict.label, verdict.confidence) == ("城乡建设", 0.9)


@pytest.mark.django_db
def test_a_gambling_report_is_routed_to_the_politics_and_law_department_or_to_triage(cast, default_classifier,
                                                                                       monkeypatch):
    from zhengwu.dispatch.tests.conftest import use_classifier

    use_classifier(monkeypatch, default_classifier)
    event = services.event_intake(
        channel="web",
        title="有人聚众赌博",
        text="鹿丹村一间出租屋每晚有人聚众赌博",
        address="鹿丹村",
        reporter_phone="13812345678",
        actor="public",
    )
    event = Event.objects.get(pk=event.pk)
    if event.state == "triage":
        assert event.confidence < CONFIDENCE_THRESHOLD
    else:
        assert event.category.level1 == "政法" and event.category.level3 == "黄赌毒"
        assert event.unit.code in {"QWZFW", "GY", "GY-LDC"}


def test_a_threshold_that_lets_out_of_class_messages_through_is_warned_about(settings):
    from zhengwu.dispatch.checks import threshold_above_out_of_class_confidence

    assert threshold_above_out_of_class_confidence() == []  # the default, 0.5
    settings.DISPATCH_CONFIDENCE_THRESHOLD = coverage.OUT_OF_CLASS_CONFIDENCE
    assert [w.id for w in threshold_above_out_of_class_confidence()] == ["dispatch.W004"]
