"""Services: intake → classification → tiered dispatch, the lifecycle, extensions, warnings, import."""

from datetime import datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from zhengwu.core.errors import ApplicationError
from zhengwu.dispatch import rules, selectors, services
from zhengwu.dispatch.models import Assignment, Event
from zhengwu.dispatch.services import intake as intake_module
from zhengwu.ledger.models import Entry

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


def test_intake_classifies_and_dispatches_an_on_the_spot_event_to_the_community(cast, classify_as):
    classify_as("城乡建设", 0.9)
    event = intake()
    event.refresh_from_db()
    assert event.case_no.startswith("LH") and len(event.case_no) == 16
    assert (event.state, event.unit.code, event.tier) == ("dispatched", "GY-LDC", "community")
    assert (event.street.code, event.community.code, event.place_matched) == ("GY", "GY-LDC", "鹿丹村")
    assert event.category.level1 == "城乡建设" and event.category.level2 == "城市建设和市政管理"
    assert event.dispatch_rule == "分类默认层级：城乡建设" and event.dispatch_inputs["community"] == "GY-LDC"
    assert event.accept_due and event.resolve_due and event.resolve_due > event.accept_due
    assert actions_of(event) == [
        "dispatch.event.received",
        "dispatch.event.classified",
        "dispatch.event.dispatched",
    ]
    labels = list(
        Entry.objects.filter(object_type="dispatch.event", object_id=str(event.pk))
        .order_by("seq")
        .values_list("actor_label", flat=True)
    )
    assert labels == [
        "public",
        "system",
        "system",
    ]  # the citizen reports; the system classifies and dispatches
    assert Assignment.objects.get(event=event).automatic is True


def test_enforcement_category_goes_to_the_street_sub_centre(cast, classify_as):
    classify_as("环境保护", 0.9)
    event = intake(title="烧烤油烟扰民", text="东门步行街夜宵烧烤油烟很大", address="东门步行街")
    assert (event.unit.code, event.tier) == ("DM", "street")
    assert event.dispatch_rule.startswith("需要执法的事件")


def test_an_event_crossing_streets_goes_to_the_district_department(cast, classify_as):
    classify_as("环境保护", 0.9)
    event = intake(title="河道污水", text="从黄贝岭村一直到东门老街，河道发臭", address="")
    assert (event.unit.code, event.tier) == ("QHBSWJ", "department")
    assert event.dispatch_inputs["streets_mentioned"] == ["HB", "DM"]


def test_joint_enforcement_goes_to_the_coordination_centre(cast, classify_as):
    classify_as("城乡建设", 0.9)
    event = intake(text="鹿丹村顶楼违建屡禁不止，需要联合执法")
    assert (event.unit.code, event.tier) == ("QZFXTZX", "centre")


def test_low_confidence_goes_to_manual_triage_and_the_decision_becomes_training_data(cast, classify_as):
    classify_as("商贸旅游", 0.2)
    event = intake(title="一件难以归类的事", text="鹿丹村门口的情况")
    assert event.state == "triage" and event.unit is None
    assert "低于阈值" in event.dispatch_rule
    assert actions_of(event)[-1] == "dispatch.event.triage"
    cat = selectors.category_for("城乡建设", event.text)
    services.event_dispatch(
        event, unit=cast["gy"].memberships.first().unit, actor=cast["dispatcher"], category=cat
    )
    event.refresh_from_db()
    assert (event.state, event.unit.code, event.triage_label) == ("dispatched", "GY", "城乡建设")
    titles, texts, labels = selectors.training_rows()
    assert labels == ["城乡建设"] and titles == [event.title]


def test_unknown_address_goes_to_manual_triage(cast, classify_as):
    classify_as("城乡建设", 0.9)
    event = intake(text="路灯坏了", address="不知道哪里")
    assert event.state == "triage" and "无法从地址确定" in event.dispatch_rule


def test_intake_refuses_missing_title_and_bad_phone_without_writing_anything(cast, classify_as):
    classify_as("城乡建设", 0.9)
    with pytest.raises(ApplicationError) as exc:
        intake(title="  ")
    assert (exc.value.code, exc.value.field) == ("required", "title")
    with pytest.raises(ApplicationError) as exc:
        intake(reporter_phone="123")
    assert (exc.value.code, exc.value.field) == ("phone", "reporter_phone")
    assert Event.objects.count() == 0 and Entry.objects.filter(object_type="dispatch.event").count() == 0


def _dispatched(cast, classify_as):
    classify_as("城乡建设", 0.9)
    return intake()


def test_full_lifecycle_with_satisfied_rating_closes_and_every_step_is_in_the_ledger(cast, classify_as):
    event = _dispatched(cast, classify_as)
    staff = cast["gy_ldc"]
    services.event_accept(event, actor=staff)
    services.event_start(event, actor=staff)
    services.event_resolve(event, actor=staff, result="已更换灯泡。")
    services.event_reply(event, actor=cast["dispatcher"])
    assert "已更换灯泡" in event.reply and "路灯不亮" in event.reply  # the 城乡建设 template filled in
    services.event_rate(event, rating="satisfied", phone="138 1234 5678")
    event.refresh_from_db()
    assert (event.state, event.rating) == ("closed", "satisfied") and event.closed_at
    assert actions_of(event)[3:] == [
        "dispatch.event.accepted",
        "dispatch.event.started",
        "dispatch.event.resolved",
        "dispatch.event.replied",
        "dispatch.event.rated",
        "dispatch.event.closed",
    ]
    who = dict(
        Entry.objects.filter(object_type="dispatch.event", object_id=str(event.pk)).values_list(
            "action", "actor_label"
        )
    )
    assert who["dispatch.event.accepted"] == "ldc_staff" and who["dispatch.event.replied"] == "dispatcher"


def test_unsatisfied_rating_reopens_and_counts(cast, classify_as):
    event = _dispatched(cast, classify_as)
    for step in (services.event_accept,):
        step(event, actor=cast["gy"])  # street staff act for their communities
    services.event_resolve(event, actor=cast["gy"], result="已处理")
    services.event_reply(event, actor=cast["dispatcher"], text="已处理")
    services.event_rate(event, rating="unsatisfied", phone="13812345678", comment="灯还是不亮")
    event.refresh_from_db()
    assert (event.state, event.reopen_count) == ("reopened", 1)
    assert actions_of(event)[-1] == "dispatch.event.reopened"


def test_rating_with_the_wrong_phone_is_refused(cast, classify_as):
    event = _dispatched(cast, classify_as)
    services.event_accept(event, actor=cast["gy"])
    services.event_resolve(event, actor=cast["gy"], result="已处理")
    services.event_reply(event, actor=cast["dispatcher"])
    with pytest.raises(ApplicationError) as exc:
        services.event_rate(event, rating="satisfied", phone="13900000000")
    assert (exc.value.code, exc.value.status) == ("phone_mismatch", 403)
    event.refresh_from_db()
    assert event.state == "replied" and event.rating == ""


def test_return_needs_a_reason_is_counted_and_closes_the_assignment(cast, classify_as):
    event = _dispatched(cast, classify_as)
    with pytest.raises(ApplicationError) as exc:
        services.event_return(event, actor=cast["gy_ldc"], return_code="other", reason=" ")
    assert (exc.value.code, exc.value.field) == ("required", "reason")
    with pytest.raises(ApplicationError) as exc:
        services.event_return(event, actor=cast["gy_ldc"], return_code="", reason="不属于本社区")
    assert (exc.value.code, exc.value.field) == ("invalid_return_code", "return_code")
    services.event_return(event, actor=cast["gy_ldc"], return_code="wrong_place", reason="不属于本社区")
    event.refresh_from_db()
    assert (event.state, event.returns_count) == ("returned", 1)
    assert Assignment.objects.get(event=event).return_reason == "不属于本社区"
    services.event_dispatch(event, unit=cast["dm"].memberships.first().unit, actor=cast["dispatcher"])
    event.refresh_from_db()
    assert (event.state, event.unit.code, event.assignments.count()) == ("dispatched", "DM", 2)


def test_forbidden_transition_gives_a_clear_error_and_writes_nothing(cast, classify_as):
    event = _dispatched(cast, classify_as)
    before = Entry.objects.count()
    with pytest.raises(ApplicationError) as exc:
        services.event_resolve(event, actor=cast["gy_ldc"], result="x")
    assert exc.value.code == "forbidden_transition" and exc.value.status == 409
    assert str(rules.STATE_NAMES["dispatched"]) in exc.value.message  # it names where the event is
    event.refresh_from_db()
    assert event.state == "dispatched" and Entry.objects.count() == before


def test_other_units_and_non_dispatchers_are_refused(cast, classify_as):
    event = _dispatched(cast, classify_as)
    with pytest.raises(PermissionDenied):
        services.event_accept(event, actor=cast["dm"])  # another street
    with pytest.raises(PermissionDenied):
        services.event_dispatch(event, unit=event.unit, actor=cast["gy"])  # not a dispatcher
    event.refresh_from_db()
    assert event.state == "dispatched"


def test_extension_approved_moves_the_deadline_by_working_days(cast, classify_as):
    event = _dispatched(cast, classify_as)
    services.event_accept(event, actor=cast["gy"])
    old_due = event.resolve_due
    ext = services.extension_request(event, actor=cast["gy"], days=3, reason="需要协调物业")
    with pytest.raises(ApplicationError) as exc:
        services.extension_request(event, actor=cast["gy"], days=2, reason="再等等")
    assert (exc.value.code, exc.value.status) == ("pending_extension", 409)
    with pytest.raises(PermissionDenied):
        services.extension_decide(ext, actor=cast["gy"], approve=True)
    services.extension_decide(ext, actor=cast["dispatcher"], approve=True)
    event.refresh_from_db()
    assert event.resolve_due > old_due + timedelta(days=2)
    assert actions_of(event)[-2:] == [
        "dispatch.event.extension_requested",
        "dispatch.event.extension_decided",
    ]


def test_supervisor_flags_supervision(cast, classify_as):
    event = _dispatched(cast, classify_as)
    with pytest.raises(PermissionDenied):
        services.event_supervise(event, actor=cast["gy"], note="x")
    services.event_supervise(event, actor=cast["supervisor"], note="三天内办结")
    event.refresh_from_db()
    assert event.supervised is True and actions_of(event)[-1] == "dispatch.event.supervised"


def test_warnings_scan_turns_yellow_then_red(cast, classify_as):
    event = _dispatched(cast, classify_as)
    services.event_accept(event, actor=cast["gy"])
    event.refresh_from_db()
    assert services.warnings_scan(now=event.dispatched_at) == 0
    assert services.warnings_scan(now=event.resolve_due - timedelta(minutes=1)) == 1
    event.refresh_from_db()
    assert event.warning == "yellow"
    services.warnings_scan(now=event.resolve_due + timedelta(minutes=1))
    event.refresh_from_db()
    assert event.warning == "red" and actions_of(event)[-1] == "dispatch.event.warned"


def test_a_year_without_calendar_data_gives_a_clear_message_not_a_crash():
    got, message = services.due(timezone.make_aware(datetime(2031, 3, 2, 10)), 3, "workdays")
    assert got is None and "2031" in message


def test_migration_import_keeps_source_ids_and_skips_rows_already_imported(cast, classify_as):
    classify_as("城乡建设", 0.9)
    rows = [
        {
            "source_system": "数字城管",
            "source_id": "SZCG-1",
            "channel": "system",
            "title": "井盖缺失",
            "text": "鹿丹村井盖缺失",
            "received_at": "2025-06-03 10:00:00",
        },
        {"source_system": "数字城管", "source_id": "SZCG-2", "title": "", "text": ""},
        {
            "source_system": "数字城管",
            "source_id": "SZCG-3",
            "title": "x",
            "text": "y",
            "received_at": "昨天",
        },
    ]
    created, skipped, errors = services.event_import_rows(rows)
    assert (created, skipped, len(errors)) == (1, 0, 2)
    assert errors[0].startswith("第 2 行") and "第 3 行" in errors[1]
    e = Event.objects.get(source_id="SZCG-1")
    assert (e.channel, e.source_system, timezone.localtime(e.received_at).hour) == ("system", "数字城管", 10)
    assert actions_of(e)[0] == "dispatch.event.imported"
    assert services.event_import_rows(rows[:1]) == (0, 1, [])


def test_a_case_number_already_taken_is_drawn_again(cast, classify_as, monkeypatch):
    classify_as("城乡建设", 0.9)
    first = intake()
    drawn = iter([first.case_no, first.case_no, "LH20990101000001"])
    monkeypatch.setattr(intake_module, "_case_no", lambda now: next(drawn))
    second = intake()
    assert second.case_no == "LH20990101000001" and Event.objects.count() == 2


def test_scan_command_runs_the_warning_task(cast, classify_as, capsys):
    from django.core.management import call_command

    event = _dispatched(cast, classify_as)
    Event.objects.filter(pk=event.pk).update(accept_due=timezone.now() - timedelta(minutes=5))
    call_command("dispatch", "scan")  # the immediate backend runs the task at once
    event.refresh_from_db()
    assert event.warning == "red" and "enqueued" in capsys.readouterr().out
