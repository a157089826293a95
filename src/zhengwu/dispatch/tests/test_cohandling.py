"""Issue 15 §2–4 (branch dispatch-cohandle): 大联动 sub-tasks and the close rule, re-categorising that
re-routes, coded returns and the 分拨中心's binding ruling, 督办单 by hand and by rule (once), 回访 with two
answers and its follow-up, 申诉 with evidence."""

import io
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from zhengwu.core.errors import ApplicationError
from zhengwu.core.systems import provided
from zhengwu.dispatch import selectors, services, tasks
from zhengwu.dispatch.models import (
    Appeal,
    Callback,
    Category,
    Event,
    Ruling,
    SubTask,
    SupervisionOrder,
    SupervisionRule,
)
from zhengwu.ledger.models import Entry
from zhengwu.org.models import Unit
from zhengwu.org.roles import Role

pytestmark = pytest.mark.django_db


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


def unit(code: str) -> Unit:
    return Unit.objects.get(code=code)


def actions(object_type: str, object_id) -> list[str]:
    return list(Entry.objects.filter(object_type=object_type, object_id=str(object_id)).order_by("seq")
                .values_list("action", flat=True))


@pytest.fixture
def case(cast, classify_as):
    classify_as("城乡建设", 0.9)
    event = intake()
    assert event.unit.code == "GY-LDC"
    return event


# --- 大联动: a co-handled case closes only after every unit's feedback --------------------------------------


def test_a_co_handled_case_closes_only_after_both_units_give_feedback(cast, case):
    services.cohandle_assign(case, actor=cast["dispatcher"], assists=[(unit("QHBSWJ"), "清理周边垃圾并反馈")])
    lead, assist = (
        SubTask.objects.get(event=case, role="lead"),
        SubTask.objects.get(event=case, role="assist"),
    )
    assert (lead.unit.code, assist.unit.code) == ("GY-LDC", "QHBSWJ") and assist.due_on > timezone.localdate()
    services.event_accept(case, actor=cast["gy_ldc"])
    assert (
        code_of(lambda: services.event_resolve(case, actor=cast["gy_ldc"], result="已修复"))
        == "subtasks_open"
    )
    assert Event.objects.get(pk=case.pk).state == "accepted"
    with pytest.raises(PermissionDenied):  # only the sub-task's own unit gives its feedback
        services.subtask_feedback(assist, actor=cast["gy_ldc"], feedback="已清理")
    assert (
        code_of(lambda: services.subtask_feedback(assist, actor=cast["qhbswj"], feedback=" ")) == "required"
    )
    services.subtask_feedback(assist, actor=cast["qhbswj"], feedback="周边垃圾已清理")
    assert code_of(lambda: services.subtask_feedback(assist, actor=cast["qhbswj"], feedback="再报")) \
        == "feedback_done"
    services.event_resolve(Event.objects.get(pk=case.pk), actor=cast["gy_ldc"], result="路灯已修复")
    lead.refresh_from_db()
    assert lead.feedback == "路灯已修复" and lead.feedback_at is not None  # the lead's feedback is its result
    event = services.event_reply(Event.objects.get(pk=case.pk), actor=cast["dispatcher"])
    services.event_close(event, actor=cast["dispatcher"])
    assert Event.objects.get(pk=case.pk).state == "closed"
    assert "dispatch.subtask.feedback" in actions("dispatch.subtask", assist.pk)


def test_the_lead_may_override_missing_feedback_with_a_reason_in_the_ledger(cast, case):
    services.cohandle_assign(case, actor=cast["dispatcher"], assists=[(unit("QHBSWJ"), "清理垃圾")])
    services.event_accept(case, actor=cast["gy_ldc"])
    assert code_of(lambda: services.subtasks_override(case, actor=cast["gy_ldc"], reason="")) == "required"
    with pytest.raises(PermissionDenied):  # the assisting unit is not the lead
        services.subtasks_override(Event.objects.get(pk=case.pk), actor=cast["qhbswj"], reason="x")
    services.subtasks_override(
        Event.objects.get(pk=case.pk), actor=cast["gy_ldc"], reason="协办单位逾期未反馈，现场已处置"
    )
    assert SubTask.objects.get(event=case, role="assist").waived_reason == "协办单位逾期未反馈，现场已处置"
    entry = Entry.objects.get(action="dispatch.event.subtasks_overridden", object_id=str(case.pk))
    assert entry.note == "协办单位逾期未反馈，现场已处置" and entry.before == {"open": ["QHBSWJ"]}
    services.event_resolve(Event.objects.get(pk=case.pk), actor=cast["gy_ldc"], result="已修复")
    assert Event.objects.get(pk=case.pk).state == "resolved"


def test_cohandling_refusals(cast, case):
    assert (
        code_of(lambda: services.cohandle_assign(case, actor=cast["dispatcher"], assists=[])) == "no_assists"
    )
    assert code_of(lambda: services.cohandle_assign(
        case, actor=cast["dispatcher"], assists=[(unit("GY-LDC"), "x")])) == "same_unit"
    with pytest.raises(PermissionDenied):
        services.cohandle_assign(case, actor=cast["gy_ldc"], assists=[(unit("QHBSWJ"), "x")])
    services.cohandle_assign(case, actor=cast["dispatcher"], assists=[(unit("QHBSWJ"), "x")])
    assert code_of(lambda: services.cohandle_assign(
        case, actor=cast["dispatcher"], assists=[(unit("QHBSWJ"), "y")])) == "already_assisting"


def test_figures_credit_each_role_separately(cast, case):
    services.cohandle_assign(
        case, actor=cast["dispatcher"], assists=[(unit("QHBSWJ"), "x"), (unit("DM"), "y")]
    )
    services.subtask_feedback(
        SubTask.objects.get(event=case, unit__code="DM"), actor=cast["dm"], feedback="已配合"
    )
    today = timezone.localdate()
    counts = provided("dispatch", "cohandling_roles")(start=today, end=today)
    assert counts["GY-LDC"] | {} == {
        "lead": 1,
        "lead_done": 0,
        "assist": 0,
        "assist_done": 0,
        "assist_late": 0,
    }
    assert (counts["DM"]["assist"], counts["DM"]["assist_done"]) == (1, 1)
    assert (counts["QHBSWJ"]["assist"], counts["QHBSWJ"]["assist_done"]) == (1, 0)
    assert (
        provided("dispatch", "cohandling_roles")(
            start=today + timedelta(days=1), end=today + timedelta(days=2)
        )
        == {}
    )


# --- re-categorising re-routes when the responsible unit changes --------------------------------------------


def test_recategorising_re_routes_when_the_responsible_unit_changes_and_keeps_the_reason(cast, case):
    noise = Category.objects.get(level1="环境保护", level3="噪音污染")
    assert code_of(lambda: services.event_recategorise(case, actor=cast["dispatcher"], category=noise,
                                                       reason="")) == "required"
    with pytest.raises(PermissionDenied):
        services.event_recategorise(case, actor=cast["gy_ldc"], category=noise, reason="x")
    event = services.event_recategorise(
        case, actor=cast["dispatcher"], category=noise, reason="实为夜间施工噪音"
    )
    event.refresh_from_db()
    assert (event.category_id, event.unit.code, event.state) == (noise.pk, "GY", "dispatched")
    first, second = event.assignments.order_by("dispatched_at", "id")
    assert (
        first.unit.code == "GY-LDC" and "实为夜间施工噪音" in first.return_reason and second.unit.code == "GY"
    )
    entry = Entry.objects.get(action="dispatch.event.recategorised", object_id=str(event.pk))
    assert "实为夜间施工噪音" in entry.note and (entry.before["unit"], entry.after["unit"]) != (None, None)
    assert entry.before["unit"] != entry.after["unit"]


def test_a_re_routed_co_handled_case_is_led_by_its_new_unit(cast, case):
    services.cohandle_assign(case, actor=cast["dispatcher"], assists=[(unit("QHBSWJ"), "清理")])
    noise = Category.objects.get(level1="环境保护", level3="噪音污染")
    services.event_recategorise(case, actor=cast["dispatcher"], category=noise, reason="实为噪音")
    assert SubTask.objects.get(event=case, role="lead").unit.code == "GY"


def test_recategorising_within_the_same_unit_keeps_the_case_where_it_is(cast, case):
    other = (
        Category.objects.filter(level1="城乡建设", level2="城市建设和市政管理")
        .exclude(pk=case.category_id)
        .first()
    )
    event = services.event_recategorise(case, actor=cast["dispatcher"], category=other, reason="细分类别更正")
    event.refresh_from_db()
    assert (event.category_id, event.unit.code, event.assignments.count()) == (other.pk, "GY-LDC", 1)
    assert (
        "细分类别更正"
        in Entry.objects.get(action="dispatch.event.recategorised", object_id=str(event.pk)).note
    )


# --- returns with a coded reason; the second goes to a binding ruling ---------------------------------------


def test_a_case_returned_twice_goes_to_a_binding_ruling(cast, case, make_user):
    leader = make_user("QWGB", Role.LEADER, "qwgb_leader")
    services.event_return(case, actor=cast["gy_ldc"], return_code="not_our_duty")
    assert not Ruling.objects.filter(event=case).exists()
    event = services.event_dispatch(Event.objects.get(pk=case.pk), unit=unit("DM"), actor=cast["dispatcher"])
    assert code_of(lambda: services.event_return(event, actor=cast["dm"], return_code="bogus")) \
        == "invalid_return_code"
    services.event_return(event, actor=cast["dm"], return_code="wrong_place", reason="不在东门街道")
    ruling = Ruling.objects.get(event=case)
    assert ruling.units == ["DM", "GY-LDC"] and ruling.due_on is not None and ruling.ruled_at is None
    assert ruling.due_on > timezone.localdate()
    assert actions("dispatch.ruling", ruling.pk) == ["dispatch.ruling.requested"]
    # waiting for the ruling: no ordinary dispatch
    assert code_of(lambda: services.event_dispatch(Event.objects.get(pk=case.pk), unit=unit("GY"),
                                                   actor=cast["dispatcher"])) == "ruling_pending"
    with pytest.raises(PermissionDenied):  # an operator is not the 分拨中心's leader
        services.ruling_decide(ruling, actor=cast["dispatcher"], unit=unit("GY-LDC"), reason="x")
    services.ruling_decide(ruling, actor=leader, unit=unit("GY-LDC"), reason="路灯属社区公共设施，由社区处置")
    event = Event.objects.get(pk=case.pk)
    assert (event.state, event.unit.code) == ("dispatched", "GY-LDC")
    assert code_of(lambda: services.ruling_decide(ruling, actor=leader, unit=unit("DM"), reason="x")) \
        == "already_ruled"
    # bound: the unit named by the ruling cannot return the case
    assert code_of(lambda: services.event_return(event, actor=cast["gy_ldc"], return_code="not_our_duty")) \
        == "bound_by_ruling"
    assert Event.objects.get(pk=case.pk).state == "dispatched"


def test_escalations_and_uncoded_history_do_not_count_as_returns_between_units(cast, case):
    services.event_return(case, actor=cast["gy_ldc"], return_code="incomplete")
    assert not Ruling.objects.exists()


# --- 督办单 by rule, once; by hand; replies and sign-off; per-unit counts -----------------------------------


def _overdue_rule(**kw):
    return SupervisionRule.objects.create(
        **(
            {
                "name": "超期 2 个工作日",
                "trigger": "overdue",
                "n": 2,
                "level": "key",
                "demand": "请立即办结并说明超期原因",
            }
            | kw
        )
    )


def test_an_overdue_case_raises_a_supervision_order_by_rule_once(cast, case):
    rule = _overdue_rule()
    assert services.orders_from_rules() == 0  # not overdue yet
    Event.objects.filter(pk=case.pk).update(resolve_due=timezone.now() - timedelta(days=10))
    assert tasks.raise_supervision_orders.call() == 1  # the periodic job's task
    order = SupervisionOrder.objects.get(event=case)
    assert (order.rule_id, order.level, order.unit.code, order.state) == (rule.pk, "key", "GY-LDC", "open")
    assert order.due_on > timezone.localdate() and Event.objects.get(pk=case.pk).supervised
    assert services.orders_from_rules() == 0 and SupervisionOrder.objects.count() == 1  # never twice
    assert actions("dispatch.order", order.order_no) == ["dispatch.order.issued"]
    rule.is_active = False
    rule.save()
    _overdue_rule(name="超期 5 个工作日", n=50)
    assert services.orders_from_rules() == 0  # 10 calendar days are not 50 working days


def test_the_supervision_job_is_declared_as_a_periodic_job():
    from zhengwu.core.periodic import declared_jobs

    job = next(j for j in declared_jobs() if j.name == "dispatch.supervision")
    assert job.task == "zhengwu.dispatch.tasks.raise_supervision_orders"


def test_the_same_caller_n_times_in_m_days_raises_one_order(cast, classify_as):
    classify_as("城乡建设", 0.9)
    SupervisionRule.objects.create(name="同一来电人 7 天 3 次", trigger="repeat_caller", n=3, m_days=7,
                                   demand="请重点关注重复来电")
    first = [intake(text=f"鹿丹村路灯坏了第{i}次", reporter_phone="138-1234-5678") for i in range(2)]
    intake(text="另一个人反映井盖", reporter_phone="13900000000")
    assert services.orders_from_rules() == 0
    third = intake(text="鹿丹村路灯又坏了", reporter_phone="+86 138 1234 5678")
    assert services.orders_from_rules() == 1
    assert SupervisionOrder.objects.get().event_id == third.pk
    intake(text="鹿丹村路灯第四次", reporter_phone="13812345678")
    assert services.orders_from_rules() == 0  # the same caller in the same window: one order
    assert first[0].pk < third.pk


def test_a_sensitive_tag_and_an_unsatisfied_citizen_raise_orders(cast, classify_as):
    classify_as("城乡建设", 0.9)
    SupervisionRule.objects.create(
        name="敏感", trigger="sensitive", keywords="媒体曝光|群体性", level="listed", demand="挂牌督办"
    )
    tagged = intake(text="鹿丹村路灯坏了，已被媒体曝光")
    intake(text="鹿丹村井盖松动")
    assert services.orders_from_rules() == 1
    assert SupervisionOrder.objects.get().event_id == tagged.pk
    SupervisionRule.objects.create(name="不满意", trigger="unsatisfied", demand="群众不满意，请重新核实")
    Event.objects.filter(pk=tagged.pk).update(rating="unsatisfied")
    assert services.orders_from_rules() == 1 and services.orders_from_rules() == 0


def test_order_by_hand_reply_sign_off_and_counts_by_unit(cast, case):
    assert code_of(lambda: services.order_issue(case, actor=cast["supervisor"], level="x", demand="d")) \
        == "invalid_level"
    with pytest.raises(PermissionDenied):
        services.order_issue(case, actor=cast["gy_ldc"], level="general", demand="d")
    order = services.order_issue(case, actor=cast["supervisor"], level="general", demand="三日内办结", days=3)
    assert order.order_no.startswith("DB") and order.source == "manual"
    assert code_of(lambda: services.order_sign_off(order, actor=cast["supervisor"])) == "not_replied"
    with pytest.raises(PermissionDenied):
        services.order_reply(order, actor=cast["dm"], text="x")
    services.order_reply(order, actor=cast["gy_ldc"], text="已安排维修，明日办结")
    services.order_sign_off(order, actor=cast["supervisor"], note="同意销号")
    order.refresh_from_db()
    assert order.state == "signed_off"
    assert code_of(lambda: services.order_reply(order, actor=cast["gy_ldc"], text="y")) == "signed_off"
    late = services.order_issue(case, actor=cast["supervisor"], level="key", demand="限期答复", days=1)
    SupervisionOrder.objects.filter(pk=late.pk).update(due_on=timezone.localdate() - timedelta(days=1))
    today = timezone.localdate()
    counts = provided("dispatch", "supervision_orders")(start=today, end=today)
    assert counts == {"GY-LDC": {"issued": 2, "replied_in_time": 1, "overdue": 1}}
    assert selectors.counts_by_unit(start=date(2020, 1, 1), end=date(2020, 1, 2)) == {}
    assert [o.order_no for o in selectors.order_list(user=cast["gy_ldc"])] == [late.order_no, order.order_no]
    assert list(selectors.order_list(user=cast["dm"])) == []


# --- 回访 with two answers; unsatisfied → 重办 or 督办; 申诉 ------------------------------------------------


def _resolved(cast, classify_as):
    classify_as("城乡建设", 0.9)
    event = intake(callback_requested=True)
    services.event_accept(event, actor=cast["gy_ldc"])
    return services.event_resolve(Event.objects.get(pk=event.pk), actor=cast["gy_ldc"], result="已修复")


def test_a_callback_records_two_separate_answers_and_unsatisfied_reopens(cast, classify_as):
    event = _resolved(cast, classify_as)
    assert code_of(lambda: services.callback_record(event, actor=cast["dispatcher"], note="x",
                                                    satisfaction="satisfied")) == "required"
    assert code_of(lambda: services.callback_record(event, actor=cast["dispatcher"], note="x",
                                                    resolved="resolved")) == "required"
    done = services.callback_record(
        event,
        actor=cast["dispatcher"],
        note="群众称仍不亮",
        resolved="unresolved",
        satisfaction="unsatisfied",
    )
    assert (done.resolved, done.satisfaction, done.follow_up) == ("unresolved", "unsatisfied", "reopen")
    event.refresh_from_db()
    assert (event.state, event.reopen_count) == ("reopened", 1)
    assert not SupervisionOrder.objects.exists()


def test_unsatisfied_callback_raises_a_supervision_order_when_so_configured(cast, classify_as, settings):
    settings.DISPATCH_UNSATISFIED_ACTION = "supervise"
    event = _resolved(cast, classify_as)
    services.callback_record(event, actor=cast["dispatcher"], note="不满意", resolved="resolved",
                             satisfaction="unsatisfied")
    assert Event.objects.get(pk=event.pk).state == "resolved"
    assert SupervisionOrder.objects.get(event=event).source == "callback"


def test_a_satisfied_but_unresolved_answer_is_kept_apart_and_changes_nothing(cast, classify_as):
    event = _resolved(cast, classify_as)
    services.callback_record(event, actor=cast["dispatcher"], note="基本满意", resolved="unresolved",
                             satisfaction="basically")
    assert (
        Callback.objects.get(event=event).follow_up == ""
        and Event.objects.get(pk=event.pk).state == "resolved"
    )


def _png() -> SimpleUploadedFile:
    buf = io.BytesIO()
    Image.new("RGB", (20, 20), "red").save(buf, "PNG")
    return SimpleUploadedFile("现场.png", buf.getvalue(), content_type="image/png")


def test_a_unit_appeals_an_unreasonable_rating_with_evidence_and_a_supervisor_decides(cast, classify_as):
    event = _resolved(cast, classify_as)
    assert (
        code_of(lambda: services.appeal_file(event, actor=cast["gy_ldc"], reason="x")) == "nothing_to_appeal"
    )
    services.callback_record(event, actor=cast["dispatcher"], note="不满意", resolved="resolved",
                             satisfaction="unsatisfied")
    event.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.appeal_file(event, actor=cast["dm"], reason="x")
    bad = SimpleUploadedFile("x.png", b"<html>not an image</html>", content_type="image/png")
    with pytest.raises(ApplicationError) as exc:
        services.appeal_file(event, actor=cast["gy_ldc"], reason="已修复，群众诉求超出职责", files=[bad])
    assert exc.value.field == "evidence" and not Appeal.objects.exists()
    appeal = services.appeal_file(
        event, actor=cast["gy_ldc"], reason="已修复，群众诉求超出职责", files=[_png()]
    )
    assert appeal.rating == "unsatisfied" and appeal.evidence.get().content_type == "image/png"
    assert (
        code_of(lambda: services.appeal_file(event, actor=cast["gy_ldc"], reason="again")) == "appeal_filed"
    )
    with pytest.raises(PermissionDenied):
        services.appeal_decide(appeal, actor=cast["dispatcher"], uphold=True, note="x")
    services.appeal_decide(appeal, actor=cast["supervisor"], uphold=True, note="照片显示路灯已修复")
    assert Appeal.objects.get(pk=appeal.pk).state == "upheld"
    assert actions("dispatch.appeal", appeal.pk) == ["dispatch.appeal.filed", "dispatch.appeal.decided"]
    assert code_of(lambda: services.appeal_decide(appeal, actor=cast["supervisor"], uphold=False, note="x")) \
        == "appeal_decided"


# --- the staff pages --------------------------------------------------------------------------------------


def test_pages_cohandle_feedback_and_return_with_a_code(cast, case, client):
    from django.urls import reverse

    client.force_login(cast["dispatcher"])
    page = client.get(case.get_absolute_url())
    assert b'id="form-cohandle"' in page.content and b'id="form-recategorise"' in page.content
    url = reverse("dispatch:case_action", args=[case.case_no, "cohandle"])
    r = client.post(url, {"units": [], "task": "清理"})
    assert r.status_code == 400 and b'data-code="no_assists"' in r.content
    r = client.post(url, {"units": [unit("QHBSWJ").pk], "task": "清理周边垃圾", "days": "3"})
    assert r.status_code == 302 and SubTask.objects.filter(event=case).count() == 2
    client.force_login(cast["qhbswj"])
    page = client.get(reverse("dispatch:subtasks"))
    task = SubTask.objects.get(event=case, role="assist")
    assert page.status_code == 200 and f'data-subtask="{task.pk}"'.encode() in page.content
    r = client.post(reverse("dispatch:subtask_feedback", args=[task.pk]), {"feedback": ""})
    assert r.status_code == 400 and b'data-code="required"' in r.content
    r = client.post(reverse("dispatch:subtask_feedback", args=[task.pk]), {"feedback": "已清理"})
    assert r.status_code == 302 and SubTask.objects.get(pk=task.pk).feedback == "已清理"
    client.force_login(cast["dm"])  # another unit's sub-task: not found, as if missing
    assert (
        client.post(reverse("dispatch:subtask_feedback", args=[task.pk]), {"feedback": "x"}).status_code
        == 404
    )
    client.force_login(cast["gy_ldc"])
    r = client.post(
        reverse("dispatch:case_action", args=[case.case_no, "return"]), {"return_code": "", "reason": "x"}
    )
    assert r.status_code == 400 and b'data-code="invalid_return_code"' in r.content
    r = client.post(
        reverse("dispatch:case_action", args=[case.case_no, "return"]), {"return_code": "incomplete"}
    )
    assert (
        r.status_code == 302 and Event.objects.get(pk=case.pk).assignments.get().return_code == "incomplete"
    )


def test_pages_rulings_orders_and_appeals(cast, case, client, make_user):
    from django.urls import reverse

    leader = make_user("QWGB", Role.LEADER, "qwgb_leader2")
    services.event_return(case, actor=cast["gy_ldc"], return_code="not_our_duty")
    event = services.event_dispatch(Event.objects.get(pk=case.pk), unit=unit("DM"), actor=cast["dispatcher"])
    services.event_return(event, actor=cast["dm"], return_code="not_our_duty")
    ruling = Ruling.objects.get(event=case)
    client.force_login(cast["gy_ldc"])
    assert client.get(reverse("dispatch:rulings")).status_code == 403
    client.force_login(leader)
    assert case.case_no.encode() in client.get(reverse("dispatch:rulings")).content
    r = client.post(
        reverse("dispatch:ruling_decide", args=[ruling.pk]), {"unit": unit("GY-LDC").pk, "reason": ""}
    )
    assert r.status_code == 400 and b'data-code="required"' in r.content
    r = client.post(reverse("dispatch:ruling_decide", args=[ruling.pk]),
                    {"unit": unit("GY-LDC").pk, "reason": "社区公共设施"})
    assert r.status_code == 302 and Event.objects.get(pk=case.pk).unit.code == "GY-LDC"

    client.force_login(cast["supervisor"])
    r = client.post(reverse("dispatch:case_action", args=[case.case_no, "issue_order"]),
                    {"level": "listed", "demand": "挂牌督办，三日内办结", "days": "3"})
    assert r.status_code == 302
    order = SupervisionOrder.objects.get(event=case)
    assert order.order_no.encode() in client.get(reverse("dispatch:orders")).content
    client.force_login(cast["gy_ldc"])
    page = client.get(order.get_absolute_url())
    assert page.status_code == 200 and b'id="form-order-reply"' in page.content
    assert (
        client.post(reverse("dispatch:order_reply", args=[order.order_no]), {"text": "已安排"}).status_code
        == 302
    )
    client.force_login(cast["dm"])
    assert client.get(order.get_absolute_url()).status_code == 404
    client.force_login(cast["supervisor"])
    assert b'id="form-sign-off"' in client.get(order.get_absolute_url()).content
    r = client.post(reverse("dispatch:order_sign_off", args=[order.order_no]), {"note": "同意"})
    assert r.status_code == 302 and SupervisionOrder.objects.get(pk=order.pk).state == "signed_off"

    Event.objects.filter(pk=case.pk).update(rating="unsatisfied")
    client.force_login(cast["gy_ldc"])
    assert b'id="form-appeal"' in client.get(case.get_absolute_url()).content
    r = client.post(
        reverse("dispatch:appeal_file", args=[case.case_no]), {"reason": "诉求超出职责", "evidence": [_png()]}
    )
    assert r.status_code == 302
    appeal = Appeal.objects.get(event=case)
    client.force_login(cast["supervisor"])
    page = client.get(reverse("dispatch:appeals"))
    assert f'data-appeal="{appeal.pk}"'.encode() in page.content
    evidence = appeal.evidence.get()
    assert client.get(reverse("dispatch:evidence", args=[evidence.pk])).status_code == 200
    r = client.post(reverse("dispatch:appeal_decide", args=[appeal.pk]), {"uphold": "0", "note": "评价合理"})
    assert r.status_code == 302 and Appeal.objects.get(pk=appeal.pk).state == "rejected"
    client.force_login(cast["dm"])
    assert client.get(reverse("dispatch:evidence", args=[evidence.pk])).status_code == 404
