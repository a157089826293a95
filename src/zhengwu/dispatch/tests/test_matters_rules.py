"""同一事项，一次办理 (item 32, issue 15 §1): the pure matcher, its CLI contract and its measured quality."""

import csv
from pathlib import Path

import pytest
from django.core.management import call_command
from hypothesis import given
from hypothesis import strategies as st

from zhengwu.core.errors import ApplicationError
from zhengwu.dispatch.rules import matters
from zhengwu.dispatch.rules.matters import Report

EVAL = Path(__file__).parent / "data" / "matters_eval.csv"


def test_pairwise_precision_and_recall_on_the_labelled_set_are_at_least_0_9():
    rows = list(csv.DictReader(EVAL.open(encoding="utf-8")))
    kinds = {r["kind"] for r in rows}
    assert {"paraphrase", "same_matter", "same_place", "natural"} <= kinds  # the set covers each case
    predicted = matters.group(
        [Report(r["id"], r["title"], r["text"], r["created_at"], r["address"]) for r in rows]
    )
    result = matters.pairwise({r["id"]: r["matter"] for r in rows}, predicted)
    assert result["true_pairs"] >= 60
    assert result["precision"] >= 0.9, result
    assert result["recall"] >= 0.9, result


def test_pairwise_counts_pairs():
    gold = {"a": "1", "b": "1", "c": "1", "d": "2"}
    assert matters.pairwise(gold, {"a": "x", "b": "x", "c": "y", "d": "y"}) == {
        "precision": 0.5, "recall": 1 / 3, "true_pairs": 3, "predicted_pairs": 2, "correct_pairs": 1}


LAMP_1 = Report("1", "东门路口路灯不亮", "东门老街路口的路灯坏了一个月", "2026-05-01 09:00")
LAMP_2 = Report("2", "东门老街路灯坏了", "东门老街路口的路灯一直不亮，晚上很黑", "2026-05-02 10:00")


def test_a_repeated_report_is_one_matter_and_the_reasons_are_shown():
    match = matters.score(matters.profile(LAMP_2), matters.profile(LAMP_1))
    assert match.score >= matters.MATTER_THRESHOLDS["same_matter"]
    assert "路灯" in match.shared_words
    assert match.days == pytest.approx(25 / 24)
    assert match.reasons and not match.refused


def test_the_time_window_separates_matters():
    late = Report("3", LAMP_2.title, LAMP_2.text, "2026-09-30 10:00")
    assert matters.score(matters.profile(late), matters.profile(LAMP_1)).refused == "window"
    assert matters.group([LAMP_1, late]) == {"1": "1", "3": "3"}


def test_another_category_branch_is_another_matter():
    a = Report("1", LAMP_1.title, LAMP_1.text, LAMP_1.created_at, category="城乡建设")
    b = Report("2", LAMP_2.title, LAMP_2.text, LAMP_2.created_at, category="交通运输")
    assert matters.score(matters.profile(b), matters.profile(a)).refused == "category"


def test_points_farther_apart_than_the_radius_are_other_matters():
    a = Report("1", LAMP_1.title, LAMP_1.text, LAMP_1.created_at, lat=22.545, lng=114.12)
    near = Report("2", LAMP_2.title, LAMP_2.text, LAMP_2.created_at, lat=22.5452, lng=114.1201)
    far = Report("3", LAMP_2.title, LAMP_2.text, LAMP_2.created_at, lat=22.56, lng=114.12)
    assert matters.score(matters.profile(near), matters.profile(a)).distance_m < 50
    assert matters.score(matters.profile(far), matters.profile(a)).refused == "radius"


def test_same_place_different_matter_is_not_merged():
    water = Report(
        "1", "可可小城小区经常停水", "可可小城的住户经常没水用，找物业也没解决", "2026-05-01 09:00"
    )
    dance = Report(
        "2", "可可小城广场舞音响扰民", "可可小城小区中心广场每天晚上跳舞到十点，音响很吵", "2026-05-02 09:00"
    )
    assert matters.group([water, dance]) == {"1": "1", "2": "2"}


def test_candidates_are_ranked_and_limited():
    other = Report("9", "学校乱收费", "孩子学校要求交资料费", "2026-05-01 08:00")
    found = matters.candidates(LAMP_2, [other, LAMP_1])
    assert [m.id for m in found] == ["1"]


def test_threshold_overrides_are_checked():
    assert matters.merged_thresholds({"same_matter": 0.4})["same_matter"] == 0.4
    for bad in ({"same_mater": 0.4}, {"same_matter": "high"}, {"window_days": -1}, {"suggest": 0.9}):
        with pytest.raises(ApplicationError) as exc:
            matters.merged_thresholds(bad)
        assert exc.value.code == "invalid_setting"


def test_group_matters_command_writes_id_and_matter_id(tmp_path, db):
    source = tmp_path / "in.csv"
    source.write_text("id,title,text,created_at,address\n"
                      "e1,路灯不亮,东门路口路灯坏了,2026-05-01 09:00,\n"
                      "e2,东门路灯坏,东门路口的路灯一直不亮,2026-05-01 10:00,东门路口\n"
                      "e3,学校收费,学校乱收资料费,2026-05-02 09:00,\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    call_command("dispatch", "group-matters", str(source), "--out", str(out))
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    assert list(rows[0]) == ["id", "matter_id"]
    got = {r["id"]: r["matter_id"] for r in rows}
    assert got["e1"] == got["e2"] != got["e3"]


def test_group_matters_refuses_a_table_without_text(tmp_path, db):
    from django.core.management.base import CommandError

    source = tmp_path / "in.csv"
    source.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("dispatch", "group-matters", str(source), "--out", str(tmp_path / "o.csv"))


term = st.text(alphabet="罗湖路灯不亮噪音ab", min_size=1, max_size=3)
vector = st.dictionaries(term, st.floats(min_value=0.0, max_value=1.0, allow_subnormal=False), max_size=12)


@given(vector, vector)
def test_cosine_adds_the_same_floats_in_the_same_order_as_the_plain_sum(a, b):
    """Scoring over the shared terms only must not move a score across a threshold: the sum equals, bit for
    bit, the plain one over every term of the shorter vector (the others add 0.0)."""
    short, long_ = (b, a) if len(a) > len(b) else (a, b)
    assert matters._cosine(a, b) == sum(x * long_.get(t, 0.0) for t, x in short.items())


def test_a_stored_profile_is_decoded_once_and_scores_as_made():
    report = Report(id="1", title="鹿丹村路灯不亮", text="鹿丹村3栋门口路灯坏了一周",
                    created_at="2026-12-01 08:00", address="鹿丹村")
    made = matters.profile(report)
    data = matters.profile_data(made)
    first, again = matters.stored_profile(report, data), matters.stored_profile(report, data)
    assert first == made and again == made
    assert again.chars is first.chars and again.words is first.words  # decoded once, shared
    other = matters.profile(Report(id="2", title="鹿丹村路灯坏了", text="3栋门口的路灯一直不亮",
                                   created_at="2026-12-02 09:00", address="鹿丹村"))
    assert matters.score(other, first) == matters.score(other, made) == matters.score(other, again)
    assert matters.stored_profile(report, data).chars == made.chars  # scoring changed nothing it shares
