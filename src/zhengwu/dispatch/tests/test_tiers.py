"""Issue 13 items 11–14 and the 大督查 contract (branch dispatch-tiers): places matched community first,
逐级处置 (item 34), migrated cases keep their past and connectors sync with a cursor (item 31), the 回访
list, and the figures reforms reads (`provides["supervision_figures"]`)."""

from datetime import date, datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from zhengwu.core.errors import ApplicationError
from zhengwu.core.systems import provided, providers
from zhengwu.dispatch import rules, selectors, services
from zhengwu.dispatch.models import Assignment, Callback, Escalation, Event, SyncCursor
from zhengwu.dispatch.services import migration
from zhengwu.dispatch.standard import TIER_LIMITS, Tier
from zhengwu.ledger.models import Entry
from zhengwu.org.models import Unit
from zhengwu.workdays import selectors as workdays

pytestmark = pytest.mark.django_db


def actions_of(event):
    return list(Entry.objects.filter(object_type="dispatch.event", object_id=str(event.pk))
                .order_by("seq").values_list("action", flat=True))


def intake(**kw):
    base = dict(
        channel="web",
        title="路灯不亮",
        text="鹿丹村小区门口路灯坏了一个月",
        address="桂园街道鹿丹村12栋",
        reporter_phone="13812345678",
        actor="public",
    )
    return services.event_intake(**(base | kw))


def code_of(call) -> str:
    with pytest.raises(ApplicationError) as exc:
        call()
    return exc.value.code


def aware(*args) -> datetime:
    return timezone.make_aware(datetime(*args))


# --- item 11: communities and estates before streets; the tier actually used -----------------------------


@pytest.mark.parametrize("text,address", [("鹿丹村路灯", ""), ("路灯不亮", "桂园街道鹿丹村路灯")])
def test_ludancun_street_light_goes_to_the_community_not_the_street(cast, classify_as, text, address):
    classify_as("城乡建设", 0.9)
    event = intake(title=text, text=text, address=address)
    assert (event.unit.code, event.tier, event.community.code) == ("GY-LDC", "community", "GY-LDC")


def test_a_community_tier_event_without_its_community_is_labelled_street_tier(cast, classify_as):
    classify_as("城乡建设", 0.9)
    event = intake(text="路灯坏了", address="桂园街道")
    assert (event.unit.code, event.tier) == ("GY", "street")
    assert Assignment.objects.get(event=event).tier == "street"


# --- item 12: 逐级处置 -----------------------------------------------------------------------------------


def test_escalation_target_goes_one_tier_up():
    kw = dict(unit_code="X", parent_code="GY", department_code="QCGJ", centre_code="QZFXTZX")
    assert rules.escalation_target(tier="community", **kw) == ("street", "GY")
    assert rules.escalation_target(tier="street", **kw) == ("department", "QCGJ")
    assert rules.escalation_target(tier="department", **kw) == ("centre", "QZFXTZX")
    assert code_of(lambda: rules.escalation_target(tier="centre", **kw)) == "cannot_escalate"
    assert (
        code_of(lambda: rules.escalation_target(tier="community", **(kw | {"parent_code": ""})))
        == "no_street"
    )
    assert (
        code_of(lambda: rules.escalation_target(tier="street", **(kw | {"department_code": ""})))
        == "no_department"
    )


def test_community_escalates_to_its_street_then_the_department_with_reasons_deadlines_and_history(
        cast, classify_as, make_user):
    classify_as("城乡建设", 0.9)
    event = intake()
    assert (event.unit.code, event.tier) == ("GY-LDC", "community")
    services.event_accept(event, actor=cast["gy_ldc"])
    old_due = Event.objects.get(pk=event.pk).resolve_due

    up = services.event_escalate(
        Event.objects.get(pk=event.pk), actor=cast["gy_ldc"], reason="需要执法队处理"
    )
    event.refresh_from_db()
    assert (event.state, event.unit.code, event.tier) == ("dispatched", "GY", "street")
    assert (up.from_unit.code, up.from_tier, up.to_unit.code, up.to_tier) == (
        "GY-LDC",
        "community",
        "GY",
        "street",
    )
    assert up.previous_resolve_due == old_due and event.accepted_at is None
    limits = TIER_LIMITS[
        Tier.STREET
    ]  # the street's own time limit, counted from the escalation on working days
    expected, _note = services.due(up.escalated_at, limits.resolve, limits.resolve_unit)
    assert event.resolve_due == up.resolve_due == expected
    first, second = Assignment.objects.filter(event=event).order_by("id")
    assert first.unit.code == "GY-LDC" and first.returned_at and "需要执法队处理" in first.return_reason
    assert second.unit.code == "GY" and second.returned_at is None and not second.automatic

    services.event_accept(event, actor=cast["gy"])
    services.event_escalate(Event.objects.get(pk=event.pk), actor=cast["gy"], reason="涉及跨街道管线")
    event.refresh_from_db()
    assert (event.unit.code, event.tier) == ("QCGJ", "department")  # the class's responsible department
    assert actions_of(event).count("dispatch.event.escalated") == 2
    assert Escalation.objects.filter(event=event).count() == 2
    # the community no longer has the case; the dispatcher sees both escalations
    with pytest.raises(PermissionDenied):
        services.event_escalate(event, actor=cast["gy_ldc"], reason="再报")
    assert [x.to_unit.code for x in selectors.escalation_list(user=cast["dispatcher"])] == ["QCGJ", "GY"]
    assert [x.to_unit.code for x in selectors.escalation_list(user=cast["dispatcher"], waiting=True)] == [
        "QCGJ"
    ]
    assert list(selectors.escalation_list(user=cast["gy"])) == []

    qcgj = make_user("QCGJ", "operator", "cgj_staff")
    services.event_escalate(Event.objects.get(pk=event.pk), actor=qcgj, reason="需要多部门联合执法")
    event.refresh_from_db()
    assert (event.unit.code, event.tier) == ("QZFXTZX", "centre")
    centre = make_user("QZFXTZX", "operator", "centre_staff")
    assert code_of(lambda: services.event_escalate(event, actor=centre, reason="再报")) == "cannot_escalate"


def test_escalation_refusals_have_codes(cast, classify_as):
    classify_as("城乡建设", 0.9)
    event = intake()
    assert code_of(lambda: services.event_escalate(event, actor=cast["gy_ldc"], reason="  ")) == "required"
    with pytest.raises(PermissionDenied):
        services.event_escalate(event, actor=cast["dm"], reason="不是我们的")
    services.event_accept(event, actor=cast["gy_ldc"])
    services.event_resolve(event, actor=cast["gy_ldc"], result="已修复")
    assert (
        code_of(lambda: services.event_escalate(event, actor=cast["gy_ldc"], reason="x"))
        == "forbidden_transition"
    )


def test_a_street_case_whose_class_names_no_department_cannot_go_up(cast, classify_as):
    classify_as("城乡建设", 0.9)
    event = intake(text="路灯坏了", address="桂园街道")
    event.category.department = None
    event.category.save()
    event.dispatch_inputs = {}
    event.save()
    assert code_of(lambda: services.event_escalate(Event.objects.get(pk=event.pk), actor=cast["gy"],
                                                   reason="不归街道")) == "no_department"
    assert Event.objects.get(pk=event.pk).unit.code == "GY" and not Escalation.objects.exists()


def test_escalate_form_on_the_case_page_and_the_dispatchers_list(cast, classify_as, client):
    classify_as("城乡建设", 0.9)
    event = intake()
    client.force_login(cast["gy_ldc"])
    page = client.get(reverse("dispatch:case", args=[event.case_no]))
    assert b'id="form-escalate"' in page.content
    r = client.post(reverse("dispatch:case_action", args=[event.case_no, "escalate"]), {"reason": ""})
    assert r.status_code == 400 and b'data-code="required"' in r.content
    r = client.post(
        reverse("dispatch:case_action", args=[event.case_no, "escalate"]), {"reason": "社区无法处置"}
    )
    assert r.status_code == 302
    assert client.get(reverse("dispatch:escalations")).status_code == 403
    client.force_login(cast["dispatcher"])
    page = client.get(reverse("dispatch:escalations"))
    assert (
        page.status_code == 200
        and event.case_no.encode() in page.content
        and "社区无法处置".encode() in page.content
    )


# --- item 13: 数据自动迁移 ----------------------------------------------------------------------------------

HANDLED = {
    "source_system": "数字城管",
    "source_id": "SZCG-1",
    "title": "井盖缺失",
    "text": "东门老街井盖丢了",
    "address": "东门老街",
    "received_at": "2025-03-03 09:00",
    "state": "已结案",
    "unit": "DM",
    "dispatched_at": "2025-03-03 10:00",
    "accepted_at": "2025-03-03 11:00",
    "resolved_at": "2025-03-05 16:00",
    "closed_at": "2025-03-07 09:00",
    "result": "已补装井盖",
    "rating": "满意",
}


def test_a_migrated_case_keeps_its_past_and_is_not_dispatched_again(cast, classify_as):
    classify_as("环境保护", 0.99)  # would send it elsewhere if it were routed
    created, skipped, errors = services.event_import_rows(
        [
            HANDLED,
            HANDLED
            | {
                "source_id": "SZCG-2",
                "state": "处置中",
                "unit": "区城管局",
                "resolved_at": "",
                "closed_at": "",
                "result": "",
                "rating": "",
            },
        ]
    )
    assert (created, skipped, errors) == (2, 0, [])
    event = Event.objects.get(source_id="SZCG-1")
    assert (event.state, event.unit.code, event.tier, event.street.code) == ("closed", "DM", "street", "DM")
    assert (event.result, event.rating, event.channel) == ("已补装井盖", "satisfied", "migration")
    assert event.received_at == aware(2025, 3, 3, 9) and event.resolved_at == aware(2025, 3, 5, 16)
    assert event.closed_at == aware(2025, 3, 7, 9) and event.dispatched_at == aware(2025, 3, 3, 10)
    assert event.predicted_label == "" and actions_of(event) == ["dispatch.event.imported"]
    assert Assignment.objects.get(event=event).automatic is False
    open_one = Event.objects.get(source_id="SZCG-2")
    assert (open_one.state, open_one.unit.code, open_one.tier) == ("in_progress", "QCGJ", "department")
    services.dispatch_pending()
    assert Event.objects.get(source_id="SZCG-2").unit.code == "QCGJ"
    assert services.event_import_rows([HANDLED]) == (0, 1, [])  # re-run: nothing twice
    assert Event.objects.filter(source_system="数字城管").count() == 2


@pytest.mark.parametrize(
    "change,code",
    [
        ({"state": "办完了"}, "invalid_state"),
        ({"unit": "火星街道"}, "unknown_unit"),
        ({"rating": "很好"}, "invalid_rating"),
        ({"state": "处置中", "unit": ""}, "unit_required"),
        ({"resolved_at": "2025-13-40"}, "invalid_date"),
        ({"resolved_at": "2025-03-01 08:00"}, "dates_out_of_order"),
    ],
)
def test_a_migrated_row_with_a_bad_past_is_refused_with_its_code(cast, change, code):
    assert (
        code_of(lambda: services.event_migrate(HANDLED | change, actor=None, source_system="数字城管"))
        == code
    )
    assert not Event.objects.exists()


def test_a_row_without_a_past_is_a_new_event_and_is_dispatched(cast, classify_as):
    classify_as("城乡建设", 0.9)
    created, _skipped, errors = services.event_import_rows(
        [{"source_id": "OLD-1", "title": "", "text": "鹿丹村路灯坏了", "address": "鹿丹村"}])
    assert created == 1 and not errors
    assert Event.objects.get(source_id="OLD-1").unit.code == "GY-LDC"


def test_a_connector_syncs_from_its_cursor_without_duplicates_and_follows_changes(cast):
    rows = [HANDLED | {"source_id": f"SZCG-{i}", "updated_at": f"2025-03-0{i} 12:00", "state": "处置中",
                       "resolved_at": "", "closed_at": "", "result": "", "rating": ""} for i in (1, 2, 3)]
    connector = services.RowsConnector(source_system="数字城管", rows=rows)
    first = services.connector_sync(connector, actor=None, batch=2)
    assert (first.created, first.updated, first.errors) == (3, 0, [])
    assert SyncCursor.objects.get(source_system="数字城管").cursor == "2025-03-03 12:00|SZCG-3"
    again = services.connector_sync(connector, actor=None)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 0)
    assert Event.objects.count() == 3

    # the system that keeps the case closed it; the row is exported again with a later change time
    rows.append(HANDLED | {"source_id": "SZCG-2", "updated_at": "2025-03-09 08:00"})
    rows.append(rows[0] | {"updated_at": "2025-03-09 09:00"})  # unchanged content, read again
    later = services.connector_sync(connector, actor=None)
    assert (later.created, later.updated, later.unchanged) == (0, 1, 1)
    synced = Event.objects.get(source_id="SZCG-2")
    assert (synced.state, synced.result, synced.rating) == ("closed", "已补装井盖", "satisfied")
    assert actions_of(synced) == ["dispatch.event.imported", "dispatch.event.synced"]
    assert Event.objects.count() == 3


def test_a_cursor_is_only_moved_with_its_batch(cast, monkeypatch):
    rows = [
        HANDLED | {"source_id": "A", "updated_at": "2025-03-01"},
        HANDLED | {"source_id": "B", "updated_at": "2025-03-02"},
    ]
    connector = services.RowsConnector(source_system="S", rows=rows)


    def boom(*a, **k):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(migration, "record_many", boom)
    with pytest.raises(RuntimeError):
        services.connector_sync(connector, actor=None)
    assert not SyncCursor.objects.filter(source_system="S").exclude(cursor="").exists()
    assert not Event.objects.exists()


# --- item 14: 回访 --------------------------------------------------------------------------------------


def test_callback_list_with_due_dates_on_the_working_day_calendar(cast, classify_as, client):
    classify_as("城乡建设", 0.9)
    wanted = intake(callback_requested=True)
    not_wanted = intake(text="鹿丹村井盖丢了")
    for e in (wanted, not_wanted):
        services.event_accept(e, actor=cast["gy_ldc"])
        services.event_resolve(e, actor=cast["gy_ldc"], result="已修复")
    # resolved on 2025-09-30, before the National Day holiday (1–8 October 2025): due 2 working days later
    Event.objects.filter(pk=wanted.pk).update(resolved_at=aware(2025, 9, 30, 16))
    assert workdays.add_workdays(date(2025, 9, 30), 2) == date(2025, 10, 10)
    rows = selectors.callback_list(user=cast["dispatcher"], on=date(2025, 10, 9))
    assert [(r["event"].pk, r["due_on"], r["overdue"]) for r in rows] == [
        (wanted.pk, date(2025, 10, 10), False)
    ]
    assert selectors.callback_list(user=cast["dispatcher"], on=date(2025, 10, 13))[0]["overdue"] is True
    assert selectors.callback_list(user=cast["gy_ldc"]) == []

    client.force_login(cast["dispatcher"])
    page = client.get(reverse("dispatch:callbacks"))
    assert wanted.case_no.encode() in page.content and b"2025-10-10" in page.content
    r = client.post(reverse("dispatch:callback_done", args=[wanted.case_no]), {"note": "", "reached": "on"})
    assert r.status_code == 400 and b'data-code="required"' in r.content
    answers = {"resolved": "resolved", "satisfaction": "satisfied"}
    r = client.post(reverse("dispatch:callback_done", args=[wanted.case_no]),
                    {"note": "已电话告知结果", "reached": "on"} | answers)
    assert r.status_code == 302 and Callback.objects.get(event=wanted).due_on == date(2025, 10, 10)
    assert selectors.callback_list(user=cast["dispatcher"]) == []
    assert "dispatch.event.called_back" in actions_of(wanted)
    event = Event.objects.get(pk=wanted.pk)
    assert (
        code_of(lambda: services.callback_record(event, actor=cast["dispatcher"], note="再次"))
        == "callback_done"
    )
    other = Event.objects.get(pk=not_wanted.pk)
    assert code_of(lambda: services.callback_record(other, actor=cast["dispatcher"], note="x")) \
        == "callback_not_requested"
    with pytest.raises(PermissionDenied):
        services.callback_record(event, actor=cast["gy_ldc"], note="x")
    client.force_login(cast["gy_ldc"])
    assert client.get(reverse("dispatch:callbacks")).status_code == 403


def test_a_callback_before_the_result_is_refused(cast, classify_as):
    classify_as("城乡建设", 0.9)
    event = intake(callback_requested=True)
    assert (
        code_of(lambda: services.callback_record(event, actor=cast["dispatcher"], note="x")) == "not_resolved"
    )


# --- 大督查: the figures reforms reads --------------------------------------------------------------------


def _case(n: int, unit: str, due: datetime, resolved: datetime | None) -> Event:
    return Event.objects.create(
        case_no=f"LH2026030100000{n}",
        channel="web",
        title=f"事件{n}",
        text="x",
        received_at=aware(2026, 3, 1, 9),
        state="resolved" if resolved else "accepted",
        unit=Unit.objects.get(code=unit),
        resolve_due=due,
        resolved_at=resolved,
    )


def test_supervision_figures_hand_computed(cast):
    _case(1, "GY", aware(2026, 3, 10, 12), aware(2026, 3, 9, 15))  # due in March, resolved before: kept
    _case(2, "GY", aware(2026, 3, 12, 18), aware(2026, 3, 13, 9))  # resolved a day late: due, not kept
    _case(3, "GY", aware(2026, 3, 20, 18), None)  # past its deadline on the 25th, open: due, not kept
    _case(4, "GY", aware(2026, 3, 15, 18), aware(2026, 3, 28, 9))  # resolved after `on`: as known then, late
    _case(5, "GY", aware(2026, 4, 2, 18), aware(2026, 3, 20, 9))  # due in April: outside the period
    _case(6, "GY-LDC", aware(2026, 3, 30, 18), None)  # open, deadline not yet reached on the 25th: not judged
    _case(7, "GY-LDC", aware(2026, 3, 6, 18), aware(2026, 3, 6, 17, 59))  # resolved a minute early: kept
    _case(8, "GY-LDC", aware(2026, 3, 1, 0, 30), aware(2026, 2, 28, 10))  # 00:30 local on the 1st: in March
    figures = provided("dispatch", "supervision_figures")
    rows = figures(start=date(2026, 3, 1), end=date(2026, 3, 31), on=date(2026, 3, 25))
    assert [(r["unit"], r["measure"], r["due"], r["kept"]) for r in rows] == [
        ("GY", "dispatch.handled", 4, 1), ("GY-LDC", "dispatch.handled", 2, 2)]
    assert all(set(r) == {"unit", "measure", "label", "due", "kept"} for r in rows)
    assert all(str(r["label"]) == "大分拨按时办结" and type(r["due"]) is int for r in rows)
    assert figures(start=date(2026, 5, 1), end=date(2026, 5, 31), on=date(2026, 6, 1)) == []


def test_reforms_reads_the_dispatch_figures_within_its_contract(cast):
    from zhengwu.reforms import rules as reform_rules  # the consumer's own check of the contract

    _case(1, "GY", aware(2026, 3, 10, 12), aware(2026, 3, 9, 15))
    assert "dispatch" in providers("supervision_figures")
    found = reform_rules.read_figures("dispatch", providers("supervision_figures")["dispatch"](
        start=date(2026, 3, 1), end=date(2026, 3, 31), on=date(2026, 3, 25)))
    assert [(f.unit, f.measure, f.due, f.kept) for f in found] == [("GY", "dispatch.handled", 1, 1)]


def test_the_sync_command_reads_after_its_cursor_and_imports_a_migrated_file_with_its_past(cast, tmp_path):
    import io

    from django.core.management import call_command

    source = tmp_path / "szcg.csv"
    source.write_text(
        "source_id,title,text,address,received_at,state,unit,resolved_at,result,rating,updated_at\n"
        "S-1,井盖缺失,东门老街井盖丢了,东门老街,2025-03-03 09:00,已结案,DM,2025-03-05 16:00,已补装,满意,"
        "2025-03-05 17:00\n",
        encoding="utf-8",
    )
    outs = []
    for _run in range(2):
        out = io.StringIO()
        call_command("dispatch", "sync", str(source), "--source-system", "数字城管", stdout=out)
        outs.append(out.getvalue())
    assert outs[0].startswith("1 events created") and outs[1].startswith(
        "0 events created, 0 updated, 0 unchanged"
    )
    event = Event.objects.get(source_system="数字城管", source_id="S-1")
    assert (event.state, event.unit.code, event.rating) == ("closed", "DM", "satisfied")
    call_command("dispatch", "import", str(source), "--source-system", "数字城管", stdout=io.StringIO())
    assert Event.objects.filter(source_id="S-1").count() == 1


def test_a_refused_row_in_a_sync_is_reported_by_its_id_and_the_others_are_stored(cast):
    rows = [HANDLED | {"source_id": "OK-1", "updated_at": "2025-03-01"},
            HANDLED | {"source_id": "BAD-1", "updated_at": "2025-03-02", "state": "办完了"}]
    result = services.connector_sync(services.RowsConnector(source_system="S", rows=rows), actor=None)
    assert result.created == 1 and len(result.errors) == 1 and "BAD-1" in result.errors[0]
    assert list(Event.objects.values_list("source_id", flat=True)) == ["OK-1"]
