"""双随机 rules beside the draw: credit classes, the list of items, caps, publication, result categories."""

from dataclasses import replace
from datetime import date, timedelta
from fractions import Fraction

import pytest

from zhengwu.inspections import rules
from zhengwu.inspections.rules.drawing import NoFairDraw
from zhengwu.inspections.standard import (
    CLASS_RATIOS,
    INELIGIBILITY_LABELS,
    ITEM_FIELDS,
    PUBLICATION_WORKDAYS,
    RESULT_CATEGORIES,
    InspectionItem,
    ItemClass,
    Method,
)
from zhengwu.workdays.rules import Calendar

ITEM = InspectionItem(code="SC-01", name="食品经营许可事项检查", legal_basis="《食品安全法》第一百一十条",
                      inspecting_body="QSCJGJ", object_type="食品经营者", ratio=Fraction(1, 20), frequency=1,
                      methods=(Method.ON_SITE, Method.DOCUMENTS), item_class=ItemClass.KEY,
                      valid_from=date(2026, 1, 1), valid_to=date(2026, 12, 31), field="食品")


def test_credit_classes_rise_for_the_abnormal_list_and_many_complaints():
    assert rules.effective_class("A", abnormal=False, complaints=2) == "A"
    assert rules.effective_class("A", abnormal=True, complaints=0) == "B"
    assert rules.effective_class("A", abnormal=False, complaints=3) == "B"
    assert rules.effective_class("B", abnormal=True, complaints=5) == "D"
    assert rules.effective_class("D", abnormal=True, complaints=9) == "D"
    with pytest.raises(ValueError):
        rules.effective_class("E", abnormal=False, complaints=0)


def test_class_ratios_rise_with_risk_and_none_is_zero():
    ratios = [CLASS_RATIOS[c] for c in "ABCD"]
    assert all(0 < r <= 1 for r in ratios) and ratios == sorted(ratios)


def test_an_item_needs_every_field_of_the_list():
    assert rules.item_problems(ITEM) == []
    assert [f.name for f in ITEM_FIELDS if f.required] == [
        "code", "name", "legal_basis", "inspecting_body", "object_type", "ratio", "frequency", "methods",
        "item_class", "valid_from"]
    broken = replace(
        ITEM,
        legal_basis=" ",
        inspecting_body="",
        ratio=Fraction(0),
        frequency=0,
        methods=("magic",),
        item_class="urgent",
        valid_to=date(2025, 1, 1),
    )
    assert [p.code for p in rules.item_problems(broken)] == [
        "item_required", "item_required", "item_ratio", "item_frequency", "item_methods", "item_class",
        "item_validity"]


def test_a_contractor_may_support_a_check_but_never_carry_it_out():
    assert [p.code for p in rules.item_problems(replace(ITEM, methods=(Method.CONTRACTED,)))] == [
        "item_contracted_only"]
    assert rules.item_problems(replace(ITEM, methods=(Method.ON_SITE, Method.CONTRACTED))) == []


def test_no_task_for_an_item_not_on_the_list_in_force_that_day():
    assert rules.task_item_problem("SC-01", [ITEM], date(2026, 6, 1)) is None
    assert rules.task_item_problem("SC-01", [ITEM], date(2027, 1, 1)).code == "item_not_in_force"
    assert rules.task_item_problem("SC-02", [ITEM], date(2026, 6, 1)).code == "item_not_in_force"
    assert rules.item_in_force(replace(ITEM, valid_to=None), date(2030, 1, 1))


def test_annual_cap_warns_on_a_repeated_check_and_stops_at_the_cap():
    cap = rules.DEFAULT_POLICY.annual_cap
    assert [rules.cap_status(n, cap=cap) for n in range(cap + 1)] == ["ok", "repeated", "over"]


def test_results_are_published_within_20_working_days_on_the_official_calendar():
    add = Calendar(overrides={}).add_workdays
    assert PUBLICATION_WORKDAYS == 20
    completed = date(2025, 9, 26)  # Friday before 国庆/中秋 (Oct 1–8 off; Sun Sep 28 and Sat Oct 11 worked)
    due = rules.publication_due(completed, add)
    assert due == date(2025, 10, 30)  # Sep 28–30 (3), Oct 9–11 (6), 13–17 (11), 20–24 (16), 27–30 (20)
    assert rules.publication_due(completed, lambda d, n: d + timedelta(days=n)) == date(
        2025, 10, 16
    )  # injected
    assert rules.publication_status(completed, add, today=due) == "due"
    assert rules.publication_status(completed, add, today=due + timedelta(days=1)) == "overdue"
    assert rules.publication_status(completed, add, today=due, published_on=due) == "on_time"
    assert rules.publication_status(completed, add, today=due, published_on=due + timedelta(days=3)) == "late"


def test_the_national_result_categories():
    labels = {str(c.label) for c in RESULT_CATEGORIES}
    assert {
        "未发现问题",
        "未按规定公示应当公示的信息",
        "公示信息隐瞒真实情况弄虚作假",
        "通过登记的住所（经营场所）无法联系",
        "发现问题经责令已改正",
        "不配合检查情节严重",
        "未发现开展本次抽查涉及的经营活动",
        "发现问题待后续处理",
    } <= labels
    assert rules.result_code("发现问题已责令改正") == "E"
    assert rules.result_code("通过登记的住所(经营场所)无法联系") == "6"
    assert rules.result_problems(["1"]) == []
    assert rules.result_problems(["B", "E"]) == []
    assert [p.code for p in rules.result_problems(["未发现问题", "B"])] == ["result_contradiction"]
    assert [p.code for p in rules.result_problems(["查无此类"])] == ["result_unknown"]
    assert [p.code for p in rules.result_problems([])] == ["result_missing"]


def test_every_draw_error_and_reason_has_a_chinese_message():
    codes = [
        "per_object_min",
        "ratio_missing",
        "ratio_invalid",
        "ratio_range",
        "class_unknown",
        "class_missing",
        "policy_weights",
        "policy_rules",
        "object_id",
        "inspector_id",
        "street_missing",
        "risk_unknown",
        "count_invalid",
        "date_required",
        "date_invalid",
        "seed_invalid",
        "format",
    ]
    params = {"minimum": 2, "value": "x", "object": "o1", "inspector": "p1", "where": "spec.on", "group": ""}
    for code in codes:
        text = rules.message(rules.DrawError(code, "English", **params))
        assert text != "English" and "%(" not in text, code
    text = rules.message(NoFairDraw([("o7", 1, 2, ("QWJJ",)), ("o8", 0, 2, ())]))
    assert "o7" in text and "QWJJ" in text and "o8" in text
    reasons = {"support_only", "no_certificate", "same_street", "declared_conflict", "inspected_last_time",
               "field_mismatch", "other_department"}
    assert set(INELIGIBILITY_LABELS) == reasons
    assert rules.ineligibility_labels(["same_street"]) == [str(INELIGIBILITY_LABELS["same_street"])]
