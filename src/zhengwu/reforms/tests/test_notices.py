"""督查: notices, leaders' instructions and problems — issued with a sign-off,
answered by the unit, verified or sent back by the issuer, escalated when unanswered; answered-in-time
counts in 大督查 (`reforms.notices`)."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from zhengwu.ledger.models import Entry
from zhengwu.org.roles import Role
from zhengwu.reforms import rules, selectors, services
from zhengwu.reforms.models import Notice
from zhengwu.reforms.standard import NoticeLevel

NOTICE = {"kind": "notice", "level": "general", "issuer_code": "QDCS", "demand": "报送第1项推进情况",
          "signed_by": "督查室主任", "issued_on": date(2016, 4, 1), "deadline": date(2016, 4, 15)}


@pytest.fixture
def cast(make_user, units):
    return {"office": make_user("QDCS", Role.LEADER), "unit": make_user("QBB", Role.OPERATOR),
            "other": make_user("QCZJ", Role.OPERATOR)}


@pytest.mark.django_db
def test_a_notice_is_issued_answered_and_verified_each_step_ledgered(cast):
    n = services.notice_issue(unit_code="QBB", actor=cast["office"], item_number=1, **NOTICE)
    services.notice_answer(notice_id=n.pk, answer="已报送", on=date(2016, 4, 10), actor=cast["unit"])
    n = services.notice_verify(notice_id=n.pk, on=date(2016, 4, 12), accepted=True, actor=cast["office"])
    assert n.verified_on == date(2016, 4, 12)
    assert list(Entry.objects.filter(object_id=str(n.pk), action__startswith="reforms.notice.").order_by("id")
                .values_list("action", flat=True)) == ["reforms.notice.issued", "reforms.notice.answered",
                                                       "reforms.notice.verified"]


@pytest.mark.parametrize("change, code", [
    ({"demand": " "}, "notice_demand_required"),
    ({"signed_by": ""}, "notice_signed_by_required"),
    ({"deadline": date(2016, 3, 1)}, "notice_deadline_before_issue"),
    ({"kind": "memo"}, "invalid_choice"),
    ({"level": "top"}, "invalid_choice"),
    ({"issuer_code": "QBB"}, "not_an_issuer"),
    ({"unit_code": "NOPE"}, "unknown_unit"),
    ({"item_number": 43}, "unknown_item"),
])
@pytest.mark.django_db
def test_a_notice_needs_demand_sign_off_and_a_sensible_deadline(cast, change, code):
    with pytest.raises(rules.RuleError) as caught:
        services.notice_issue(actor=cast["office"], **{"unit_code": "QBB", **NOTICE, **change})
    assert caught.value.code == code and Notice.objects.count() == 0


@pytest.mark.django_db
def test_only_the_issuer_issues_and_verifies_and_only_the_unit_answers(cast):
    with pytest.raises(PermissionDenied):
        services.notice_issue(unit_code="QBB", actor=cast["unit"], **NOTICE)
    n = services.notice_issue(unit_code="QBB", actor=cast["office"], **NOTICE)
    with pytest.raises(PermissionDenied):
        services.notice_answer(notice_id=n.pk, answer="x", on=date(2016, 4, 2), actor=cast["other"])
    services.notice_answer(notice_id=n.pk, answer="x", on=date(2016, 4, 2), actor=cast["unit"])
    with pytest.raises(PermissionDenied):
        services.notice_verify(notice_id=n.pk, on=date(2016, 4, 3), accepted=True, actor=cast["unit"])
    with pytest.raises(rules.RuleError) as caught:
        services.notice_answer(notice_id=n.pk, answer="y", on=date(2016, 4, 3), actor=cast["unit"])
    assert caught.value.code == "already_answered"


@pytest.mark.django_db
def test_a_returned_answer_must_be_given_again_and_needs_reasons(cast):
    n = services.notice_issue(unit_code="QBB", actor=cast["office"], **{**NOTICE, "kind": "problem"})
    services.notice_answer(notice_id=n.pk, answer="已整改", on=date(2016, 4, 10), actor=cast["unit"])
    with pytest.raises(rules.RuleError) as caught:
        services.notice_verify(notice_id=n.pk, on=date(2016, 4, 11), accepted=False, actor=cast["office"])
    assert caught.value.code == "reasons_required"
    n = services.notice_verify(notice_id=n.pk, on=date(2016, 4, 11), accepted=False, reasons="未见佐证",
                               actor=cast["office"])
    assert n.answered_on is None and Entry.objects.get(action="reforms.notice.returned").note == "未见佐证"


@pytest.mark.django_db
def test_unanswered_notices_escalate_one_level_once_after_their_deadline(cast):
    n = services.notice_issue(unit_code="QBB", actor=cast["office"], **NOTICE)
    answered = services.notice_issue(unit_code="QBB", actor=cast["office"], **NOTICE)
    services.notice_answer(notice_id=answered.pk, answer="x", on=date(2016, 4, 14), actor=cast["unit"])
    assert services.notices_escalate(on=date(2016, 4, 15)) == []  # deadline day: not late yet
    assert [x.pk for x in services.notices_escalate(on=date(2016, 4, 18))] == [n.pk]
    n.refresh_from_db()
    assert (n.level, n.escalated_on) == (NoticeLevel.KEY, date(2016, 4, 18))
    assert services.notices_escalate(on=date(2016, 4, 19)) == []
    assert rules.raised("urgent") is NoticeLevel.URGENT


@pytest.mark.django_db
def test_answers_in_time_count_in_the_supervision_figures(cast):
    on_time = services.notice_issue(unit_code="QBB", actor=cast["office"], **NOTICE)
    late = services.notice_issue(unit_code="QBB", actor=cast["office"], **NOTICE)
    services.notice_issue(unit_code="QBB", actor=cast["office"], **{**NOTICE, "deadline": date(2016, 12, 30)})
    services.notice_answer(notice_id=on_time.pk, answer="x", on=date(2016, 4, 15), actor=cast["unit"])
    services.notice_answer(notice_id=late.pk, answer="x", on=date(2016, 4, 20), actor=cast["unit"])
    rows = selectors.figures(start=date(2016, 1, 1), end=date(2016, 12, 31), on=date(2016, 6, 1))
    assert [(r["measure"], r["due"], r["kept"]) for r in rows if r["unit"] == "QBB"] == [
        ("reforms.notices", 2, 1)
    ]


@pytest.mark.django_db
def test_the_notices_page_issues_and_answers_through_its_forms(client, cast):
    from django.urls import reverse

    url = reverse("reforms:notices")
    client.force_login(cast["office"])
    form = {
        "step": "issue",
        "kind": "instruction",
        "level": "key",
        "issuer_code": "QDCS",
        "unit_code": "qbb",
        "demand": "批示：加快推进",
        "signed_by": "区长",
        "issued_on": "2016-04-01",
        "deadline": "2016-04-15",
    }
    assert (
        client.post(url, {**form, "deadline": "2016-03-01"}).status_code == 400
    )  # clear error, nothing saved
    assert client.post(url, {**form, "deadline": "2016-02-30"}).status_code == 400
    assert client.post(url, form).status_code == 302
    n = Notice.objects.get()
    assert (n.kind, n.unit.code) == ("instruction", "QBB")
    client.force_login(cast["other"])  # another unit sees none of it and cannot answer
    assert client.get(reverse("reforms:notices_json")).json()["notices"] == []
    assert (
        client.post(url, {"step": "answer", "notice": n.pk, "answer": "x", "on": "2016-04-02"}).status_code
        == 403
    )
    client.force_login(cast["unit"])
    assert [x["id"] for x in client.get(reverse("reforms:notices_json")).json()["notices"]] == [n.pk]
    assert (
        client.post(
            url, {"step": "answer", "notice": n.pk, "answer": "已推进", "on": "2016-04-02"}
        ).status_code
        == 302
    )
    assert client.post(url, {"step": "bogus"}).status_code == 400


@pytest.mark.django_db
def test_inspections_and_research_are_recorded_with_units_and_findings(cast):
    args = {
        "kind": "research",
        "title": "街道大部室制调研",
        "held_on": date(2016, 5, 10),
        "unit_codes": ["gy", "QBB"],
        "findings": "科室整合进度不一",
        "office_code": "QDCS",
        "actor": cast["office"],
        "item_number": 8,
    }
    found = services.inspection_record(**args)
    assert sorted(found.units.values_list("code", flat=True)) == ["GY", "QBB"]
    assert Entry.objects.get(action="reforms.inspection.recorded").after["units"] == ["GY", "QBB"]
    for change, code in (({"unit_codes": ["NOPE"]}, "unknown_unit"), ({"unit_codes": []}, "unknown_unit"),
                         ({"findings": " "}, "findings_required"), ({"kind": "party"}, "invalid_choice"),
                         ({"office_code": "QBB"}, "not_an_issuer"), ({"item_number": 0}, "unknown_item")):
        with pytest.raises(rules.RuleError) as caught:
            services.inspection_record(**{**args, **change})
        assert caught.value.code == code
    with pytest.raises(PermissionDenied):
        services.inspection_record(**{**args, "actor": cast["unit"]})
