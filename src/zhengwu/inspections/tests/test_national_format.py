"""The national result record (CCJC_JG): the subject type follows the entity (法人 1, 个体/自然人 2)."""

from datetime import date

from zhengwu.inspections.formats import national


def _payload(natural_person):
    return national.result_payload(
        ref="T1", name="某某", uscc="91440300MA5F000011", natural_person=natural_person, body="区政府",
        body_code="QZF", kind=next(iter(national.KIND_CODES)), items=[["QAJJ", "AJ-001"]],
        completed_on=date(2026, 6, 10), results=["3"], labels={"3": "违反规定"},
        due_on=date(2026, 7, 9), published_on=date(2026, 7, 10),
    )["record"]


def test_the_subject_type_is_2_for_a_natural_person_and_1_otherwise_and_a_late_publication_is_marked():
    assert _payload(True)["ZTLX"] == "2" and _payload(False)["ZTLX"] == "1"
    assert _payload(False)["YQGS"] == "1"  # published the day after the deadline
