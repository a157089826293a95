"""双随机 in the database: draws committed, run, verified by anyone and redrawn in the open; joint visits;
回避 replacements; results, the penalty draft through credit's declared service, publication on time."""

import io
import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import IntegrityError
from django.utils import timezone

from zhengwu.core import systems
from zhengwu.inspections import rules, selectors, services
from zhengwu.inspections.models import Batch, Draw, Entity, Inspector, Item, Plan, Task
from zhengwu.inspections.tasks import send_pending_penalties
from zhengwu.ledger.models import Entry
from zhengwu.org.roles import Role
from zhengwu.workdays.selectors import add_workdays

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
STREETS = ["GY", "HB", "DM", "CZ"]


@pytest.fixture
def world(units, make_user):
    """12 entities in 4 streets (one a 个体工商户), 6 inspectors of 市场监管罗湖局 and 4 of 区安监局 posted in
    different streets, one item per department, the plan of the 区行政执法协调中心 and two batches."""
    entities = [
        Entity.objects.create(
            name=f"企业{i}",
            uscc=f"91440300MA5F{i:06d}",
            street=units[STREETS[i % 4]],
            industry="餐饮",
            risk="high" if i < 4 else "low",
            natural_person=i == 11,
        )
        for i in range(12)
    ]
    entities[11].name = "张三（个体）"
    entities[11].save()
    inspectors = [
        Inspector.objects.create(
            name=f"市监执法员{i}",
            unit=units["SCJGLH"],
            street=units[STREETS[i % 4]],
            certificate_until=TODAY + timedelta(days=365),
        )
        for i in range(6)
    ]
    inspectors += [
        Inspector.objects.create(
            name=f"安监执法员{i}",
            unit=units["QAJJ"],
            street=units[STREETS[(i + 1) % 4]],
            certificate_until=TODAY + timedelta(days=365),
        )
        for i in range(4)
    ]
    inspectors.append(Inspector.objects.create(name="检测公司人员", unit=units["SCJGLH"], support_only=True,
                                               certificate_until=TODAY + timedelta(days=365)))
    inspectors.append(Inspector.objects.create(name="无证人员", unit=units["SCJGLH"]))
    inspectors[0].conflicts.add(entities[1])  # a declared relationship
    common = {
        "legal_basis": "《食品安全法》第一百一十条",
        "object_type": "食品经营者",
        "ratio": Decimal("0.5"),
        "frequency": 1,
        "methods": ["on_site"],
        "item_class": "general",
        "valid_from": date(TODAY.year, 1, 1),
    }
    food = Item.objects.create(
        department=units["SCJGLH"], code="SJ-001", name="食品经营许可情况检查", **common
    )
    safety = Item.objects.create(department=units["QAJJ"], code="AJ-001", name="安全生产主体责任检查",
                                 **common | {"legal_basis": "《安全生产法》第六十五条"})
    plan = Plan.objects.create(year=TODAY.year, unit=units["QZFXTZX"], title=f"{TODAY.year}年度联合抽查计划")
    joint = Batch.objects.create(plan=plan, title="第一批联合抽查", ratio=Decimal("0.5"), scheduled_on=TODAY)
    joint.items.set([food, safety])
    single = Batch.objects.create(plan=plan, title="第二批", ratio=Decimal("0.25"), scheduled_on=TODAY)
    single.items.set([food])
    return {"entities": entities, "inspectors": inspectors, "joint": joint, "single": single, "food": food,
            "operator": make_user("QZFXTZX", Role.OPERATOR), "head": make_user("QZFXTZX", Role.LEADER),
            "stranger": make_user("QFGJ", Role.OPERATOR), "units": units}


#: A day of this year whose +20 working days the calendar knows (December would need next year's calendar).
DONE = date(TODAY.year, 6, 10)


def _drawn(world, batch="joint", beacon=""):
    d = services.draw_commit(batch=world[batch], actor=world["operator"])
    return services.draw_run(draw=d, actor=world["operator"], beacon=beacon)


def _task(draw) -> Task:
    """A task of the draw, as if assigned in spring (so that it may be completed on DONE)."""
    t = draw.tasks.select_related("entity").first()
    Task.objects.filter(draw=draw).update(assigned_on=date(TODAY.year, 6, 1))
    t.refresh_from_db()
    return t


def _verify(pk) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("inspections", "verify", str(pk), stdout=out, stderr=io.StringIO())
    except SystemExit as exc:
        return exc.code, out.getvalue()
    return 0, out.getvalue()


def test_a_draw_is_committed_before_its_seed_is_shown_then_run_stored_and_verified_by_its_id(world, client):
    d = services.draw_commit(batch=world["joint"], actor=world["operator"])
    assert d.state == "committed" and d.commitment == rules.commitment_of(d.inputs)
    page = client.get(f"/inspections/public/draws/{d.pk}.json").json()
    assert page["commitment"] == d.commitment and page["seed"] is None  # the seed stays secret until the draw
    assert _verify(d.pk)[0] == 1  # nothing to verify yet
    d = services.draw_run(draw=d, actor=world["operator"], beacon="上证指数 3000.00")
    assert Entry.objects.filter(action="inspections.draw.run", object_id=str(d.pk)).exists()
    assert client.get(f"/inspections/public/draws/{d.pk}.json").json()["seed"] == d.seed
    assert _verify(d.pk) == (0, _verify(d.pk)[1]) and d.commitment in _verify(d.pk)[1]
    assert client.get(f"/inspections/public/draws/{d.pk}/verify.json").json()["ok"] is True
    # anyone re-runs it from the published record alone: the published inputs, seed, beacon and result
    assert rules.verify(d.inputs, page["seed"] or d.seed, d.result, beacon=d.beacon).ok
    Draw.objects.filter(pk=d.pk).update(result=d.result | {"objects": d.result["objects"][1:]})  # tampered
    code, out = _verify(d.pk)
    assert code == 1 and "result_mismatch" in out


def test_a_joint_batch_merges_every_departments_items_into_one_visit_with_an_inspector_of_each(world):
    d = _drawn(world)
    tasks = list(d.tasks.all())
    assert len(tasks) == 6 and len({t.entity_id for t in tasks}) == 6  # ceil(0.5 × 12), one visit each
    units = {i.code: i.unit.code for i in world["inspectors"]}
    for t in tasks:
        assert t.items == [["QAJJ", "AJ-001"], ["SCJGLH", "SJ-001"]]
        assert {units[i] for i in t.inspectors} == {"QAJJ", "SCJGLH"} and len(set(t.inspectors)) >= 2


def test_a_draw_never_gives_an_inspector_a_conflicted_object(world):
    for _ in range(3):
        d = _drawn(world, "single")
        by_code = {i.code: i for i in world["inspectors"]}
        for t in d.tasks.select_related("entity__street"):
            for code in t.inspectors:
                i = by_code[code]
                assert i.street_id != t.entity.street_id  # 回避: not posted in the object's street
                assert t.entity not in i.conflicts.all() and not i.support_only and i.certificate_until
        Task.objects.filter(draw=d).update(state="cancelled")  # clear the cycle for the next round


def test_the_public_draw_record_carries_no_personal_data(world, client):
    world["single"].ratio = Decimal("1")
    world["single"].save()
    d = _drawn(world, "single")
    body = client.get(f"/inspections/public/draws/{d.pk}/").content.decode()
    data = client.get(f"/inspections/public/draws/{d.pk}.json").content.decode()
    for text in (body, data):
        assert "企业0" in text  # a legal person is named
        assert "张三" not in text and world["entities"][11].uscc not in text  # a natural person is not
        assert "执法员" not in text  # inspectors by id only
        assert "credit_class" not in text and "信用风险" not in text
    assert "张三" not in json.dumps(d.inputs, ensure_ascii=False)  # nor are the published inputs


def test_no_silent_redraw(world, client):
    d = _drawn(world)
    with pytest.raises(rules.RuleError) as caught:
        services.draw_redo(draw=d, reason="", approver=world["head"], actor=world["operator"])
    assert caught.value.code == "redraw_reason_required"
    with pytest.raises(rules.RuleError) as caught:
        services.draw_redo(draw=d, reason="名单有误", approver=world["operator"], actor=world["operator"])
    assert caught.value.code == "redraw_approver_required"
    new = services.draw_redo(draw=d, reason="名单有误", approver=world["head"], actor=world["operator"])
    d.refresh_from_db()
    assert d.state == "superseded" and set(d.tasks.values_list("state", flat=True)) == {"cancelled"}
    assert new.redraw_of == d and new.redraw_approver == world["head"]
    record = client.get(f"/inspections/public/draws/{new.pk}.json").json()
    assert record["redraw_of"] == d.pk and record["redraw_reason"] == "名单有误"
    assert client.get(f"/inspections/public/draws/{d.pk}.json").json()["redrawn_by"] == new.pk  # kept visible
    assert Entry.objects.filter(action="inspections.draw.redrawn", object_id=str(d.pk)).exists()


def test_only_the_draw_puts_an_entity_on_a_result_list_and_complaints_are_their_own_type(world):
    with pytest.raises(IntegrityError):
        Task.objects.create(kind="random", unit=world["units"]["QZFXTZX"], entity=world["entities"][0],
                            assigned_on=TODAY)


def test_a_complaint_check_needs_an_item_in_force(world, make_user):
    officer = make_user("SCJGLH", Role.OPERATOR)
    t = services.complaint_task_create(
        unit=world["units"]["SCJGLH"], entity=world["entities"][2], item_code="SJ-001", actor=officer
    )
    assert t.kind == "complaint" and t.draw is None
    with pytest.raises(rules.RuleError) as caught:
        services.complaint_task_create(unit=world["units"]["SCJGLH"], entity=world["entities"][2],
                                       item_code="SJ-001", actor=officer, on=date(TODAY.year - 1, 6, 1))
    assert caught.value.code == "item_not_in_force"


def test_no_draw_for_an_item_not_on_the_list_in_force(world):
    Item.objects.filter(pk=world["food"].pk).update(valid_to=TODAY - timedelta(days=1))
    with pytest.raises(rules.RuleError) as caught:
        services.draw_commit(batch=world["single"], actor=world["operator"])
    assert caught.value.code == "item_not_in_force"


def test_only_the_lead_unit_draws(world):
    with pytest.raises(PermissionDenied):
        services.draw_commit(batch=world["joint"], actor=world["stranger"])


def test_a_joint_task_blocks_a_second_visit_for_an_item_it_covered(world):
    d = _drawn(world)
    covered = {t.entity.code for t in d.tasks.select_related("entity")}
    second = services.draw_commit(batch=world["single"], actor=world["operator"])
    assert {code for code, why in second.excluded if why == "already_covered"} == covered
    assert not covered & {o["id"] for o in second.inputs["objects"]}


def test_replacing_an_inspector_keeps_the_original_and_draws_the_replacement_at_random(world):
    d = _drawn(world)
    t = d.tasks.first()
    leaving = t.inspectors[0]
    with pytest.raises(PermissionDenied):  # 回避 is decided by the head
        services.inspector_swap(task=t, inspector=leaving, requested_by="entity", reason="曾有纠纷",
                                actor=world["operator"])
    swap = services.inspector_swap(task=t, inspector=leaving, requested_by="entity", reason="曾有纠纷",
                                   actor=world["head"])
    t.refresh_from_db()
    assert t.original_inspectors[0] == leaving and t.inspectors[0] == swap.incoming != leaving
    objects, inspectors, spec = rules.from_payload(d.inputs)
    obj = next(o for o in objects if o.id == t.entity.code)
    incoming = next(i for i in inspectors if i.id == swap.incoming)
    assert not rules.ineligibility(incoming, obj, spec.on)


@pytest.fixture
def credit_provider(monkeypatch):
    """A stand-in for the credit app's declared `penalty_draft_create` (credit is being restructured)."""
    calls = []

    def penalty_draft_create(
        *, unit, subject_name, uscc, natural_person, facts, found_on, source, source_ref, note, actor
    ):
        calls.append({"unit": unit, "subject_name": subject_name, "uscc": uscc, "facts": facts,
                      "found_on": found_on, "source": source, "source_ref": source_ref})
        return f"CF-{len(calls)}"

    real = systems.provided

    def provided(app, name):
        if (app, name) == ("credit", "penalty_draft_create"):
            return penalty_draft_create
        return real(app, name)

    monkeypatch.setattr("zhengwu.inspections.services.visits.provided", provided)
    return calls


def test_a_finding_that_leads_to_a_penalty_creates_a_penalty_draft_for_its_unit(world, credit_provider):
    t = _task(_drawn(world))
    with pytest.raises(rules.RuleError) as caught:
        services.task_complete(
            task=t, completed_on=DONE, results=["未发现问题", "D"], actor=world["operator"]
        )
    assert caught.value.code == "result_contradiction"
    t = services.task_complete(
        task=t,
        completed_on=DONE,
        results=["D"],
        penalty=True,
        penalty_facts="无证经营",
        actor=world["operator"],
    )
    assert t.penalty_draft == "CF-1"
    assert credit_provider == [{"unit": "QZFXTZX", "subject_name": t.entity.name, "uscc": t.entity.uscc,
                                "facts": "无证经营", "found_on": DONE, "source": "inspections.task",
                                "source_ref": f"T{t.pk}"}]
    assert t.due_on == add_workdays(DONE, 20)


@pytest.fixture
def without_credit(monkeypatch):
    """The credit app declares no `penalty_draft_create` (e.g. an installation without 双公示's service)."""
    from django.apps import apps

    provides = dict(apps.get_app_config("credit").provides)
    provides.pop("penalty_draft_create", None)
    monkeypatch.setattr(apps.get_app_config("credit"), "provides", provides)


def test_without_credits_service_the_finding_waits_with_a_clear_code(world, without_credit):
    t = _task(_drawn(world))
    t = services.task_complete(
        task=t,
        completed_on=DONE,
        results=["D"],
        penalty=True,
        penalty_facts="无证经营",
        actor=world["operator"],
    )
    assert t.state == "completed" and t.penalty_draft == ""  # the result is kept
    assert selectors.pending_penalties() == [t.pk]
    with pytest.raises(rules.RuleError) as caught:
        services.task_penalty_draft(task=t)
    assert caught.value.code == "credit_penalty_draft_unavailable"
    assert send_pending_penalties.call() == 0


def test_a_penalty_finding_becomes_a_draft_in_credit_once_and_never_public(world, client):
    """The whole path through the real credit service: a draft record of the task's unit, not public,
    ledgered on both sides; a retry (the periodic job, a second call) returns the same draft."""
    from zhengwu.credit.models import Record

    t = _task(_drawn(world))
    t = services.task_complete(task=t, completed_on=DONE, results=["3"], penalty=True,
                               penalty_facts="未取得食品经营许可从事餐饮服务", actor=world["operator"])
    assert t.penalty_draft == f"inspections.task:T{t.pk}"
    draft = Record.objects.get(key=t.penalty_draft)
    assert (draft.kind, draft.state, draft.unit.code, draft.subject_name) == ("penalty", "draft", "QZFXTZX",
                                                                             t.entity.name)
    assert draft.data["CF_SY"] == "未取得食品经营许可从事餐饮服务" and draft.draft_source.found_on == DONE
    assert Entry.objects.filter(action="credit.record.drafted", object_id=str(draft.pk)).count() == 1
    assert selectors.pending_penalties() == []
    # a retry of the same finding gets the same draft, nothing new is written
    again = systems.provided("credit", "penalty_draft_create")(
        unit="QZFXTZX", subject_name=t.entity.name, uscc=t.entity.uscc, natural_person=False, facts="x",
        found_on=DONE, source="inspections.task", source_ref=f"T{t.pk}", note="", actor=None)
    assert again == t.penalty_draft and Record.objects.filter(kind="penalty").count() == 1
    assert client.get("/credit/public.json", {"q": t.entity.name}).json()["records"] == []


def test_a_finding_made_while_credit_was_absent_is_sent_by_the_periodic_job(world, monkeypatch):
    from django.apps import apps

    from zhengwu.credit.models import Record

    cfg = apps.get_app_config("credit")
    with monkeypatch.context() as m:
        m.setattr(cfg, "provides", {k: v for k, v in cfg.provides.items() if k != "penalty_draft_create"})
        t = services.task_complete(task=_task(_drawn(world)), completed_on=DONE, results=["D"], penalty=True,
                                   penalty_facts="无证经营", actor=world["operator"])
        assert send_pending_penalties.call() == 0 and t.penalty_draft == ""
    assert send_pending_penalties.call() == 1  # credit provides it again
    t.refresh_from_db()
    assert Record.objects.get(key=t.penalty_draft).state == "draft"
    assert Entry.objects.filter(action="inspections.task.penalty_drafted", object_id=str(t.pk)).count() == 1
    assert send_pending_penalties.call() == 0  # nothing pending, nothing doubled
    assert Record.objects.filter(kind="penalty").count() == 1


def test_penalty_facts_longer_than_the_standards_reason_are_refused(world):
    with pytest.raises(rules.RuleError) as caught:
        services.task_complete(task=_task(_drawn(world)), completed_on=DONE, results=["D"], penalty=True,
                               penalty_facts="违" * 2049, actor=world["operator"])
    assert caught.value.code == "penalty_facts_too_long"


@pytest.fixture
def gsxt():
    """The declared push target of results, made active (as when INSPECTIONS_PUSH_GSXT_URL is set)."""
    from zhengwu.inspections.reference import push_destinations
    from zhengwu.outbox.models import Destination

    push_destinations.load()
    dest = Destination.objects.get(topics=["inspections.result"])
    dest.is_active = True
    dest.save()
    return dest


def test_a_published_result_is_pushed_on_for_the_national_system_with_its_deadline(world, gsxt):
    from zhengwu.outbox.models import Message

    t = _task(_drawn(world))
    services.task_complete(task=t, completed_on=DONE, results=["3", "E"], actor=world["operator"])
    due = add_workdays(DONE, 20)
    t = services.task_publish(task=t, actor=world["operator"], on=due)  # the last day: on time
    message = Message.objects.get(destination=gsxt)
    assert message.idempotency_key == f"inspections.result:T{t.pk}" and message.topic == "inspections.result"
    assert message.payload == {
        "table": "CCJC_JG",
        "record": {
            "JCXH": f"T{t.pk}",
            "ZTMC": t.entity.name,
            "TYSHXYDM": t.entity.uscc,
            "ZTLX": "2" if t.entity.natural_person else "1",  # the draw may pick a 个体
            "JCSSJG": t.unit.full_name or t.unit.name,
            "JCSSJGDM": "QZFXTZX",
            "JCLX": "1",
            "JCSX": "QAJJ:AJ-001;SCJGLH:SJ-001",
            "JCRQ": DONE.isoformat(),
            "JCJGDM": "3,E",
            "JCJG": "违反食品药品管理相关规定；发现问题经责令已改正",
            "GSQX": due.isoformat(),
            "GSRQ": due.isoformat(),
            "YQGS": "0",
        },
    }
    assert (
        Entry.objects.get(action="inspections.task.published", object_id=str(t.pk)).after["overdue"] is False
    )


def test_a_result_published_after_20_working_days_is_flagged_overdue_and_listed_before(world, gsxt):
    from zhengwu.outbox.models import Message

    t = _task(_drawn(world))
    services.task_complete(task=t, completed_on=DONE, results=["1"], actor=world["operator"])
    due = add_workdays(DONE, 20)
    late = add_workdays(DONE, 21)
    assert list(selectors.overdue_results(on=due)) == []
    assert list(selectors.overdue_results(on=late)) == [Task.objects.get(pk=t.pk)]
    assert list(selectors.overdue_results(user=world["stranger"], on=late)) == []  # scoped
    with pytest.raises(rules.RuleError) as caught:
        services.task_publish(task=t, actor=world["operator"], on=DONE - timedelta(days=1))
    assert caught.value.code == "published_on_range"
    t = services.task_publish(task=t, actor=world["operator"], on=late)
    assert Message.objects.get(destination=gsxt).payload["record"]["YQGS"] == "1"
    assert (
        Entry.objects.get(action="inspections.task.published", object_id=str(t.pk)).after["overdue"] is True
    )
    assert list(selectors.overdue_results(on=late)) == []


def test_results_are_published_within_20_working_days_and_counted_for_supervision(world, client):
    tasks = list(_drawn(world).tasks.filter(entity__natural_person=False).order_by("id"))
    late_day = date(TODAY.year, 3, 2)
    for t in tasks[:2]:
        Task.objects.filter(pk=t.pk).update(assigned_on=late_day)
        services.task_complete(task=Task.objects.get(pk=t.pk), completed_on=late_day, results=["1"],
                               actor=world["operator"])
    services.task_publish(task=tasks[0], actor=world["operator"])  # late: more than 20 working days after
    figures = systems.provided("inspections", "supervision_figures")(start=late_day, end=TODAY, on=TODAY)
    assert figures == [{"unit": "QZFXTZX", "measure": "inspections.publication", "label": figures[0]["label"],
                        "due": 2, "kept": 0}]
    assert client.get("/inspections/public/results.json").json()["results"][0]["results"] == ["未发现问题"]
    found = selectors.site_search("企业", limit=5)
    assert found["items"] and "results" in found["more_url"]


def test_third_party_evaluations_are_recorded_for_checked_tasks(world):
    t = _task(_drawn(world))
    with pytest.raises(rules.RuleError):
        services.evaluation_record(task=t, evaluator="深圳某评估公司", score=90, actor=world["operator"])
    services.task_complete(task=t, completed_on=DONE, results=["1"], actor=world["operator"])
    ev = services.evaluation_record(task=t, evaluator="深圳某评估公司", score=90, actor=world["operator"])
    assert Entry.objects.filter(action="inspections.evaluation.recorded", object_id=str(ev.pk)).exists()


def test_draw_from_a_plan_batch_is_deterministic(world):
    def run(seed):
        out = io.StringIO()
        with pytest.raises(SystemExit) as exit_:
            call_command("inspections", "draw", "--plan", str(world["joint"].pk), "--seed", seed, "--json",
                         stdout=out, stderr=io.StringIO())
        assert exit_.value.code == 0
        return json.loads(out.getvalue())

    assert run("00ff") == run("00ff") != run("00fe")
    assert not Draw.objects.exists()


def test_the_api_commits_runs_and_records_a_result(world, client):
    client.force_login(world["operator"])
    made = client.post(
        f"/inspections/api/batches/{world['joint'].pk}/draws/", "{}", content_type="application/json"
    )
    assert made.status_code == 201
    ran = client.post(
        f"/inspections/api/draws/{made.json()['id']}/run/", "{}", content_type="application/json"
    )
    assert ran.status_code == 200 and ran.json()["seed"]
    task = Task.objects.first()
    bad = client.post(f"/inspections/api/tasks/{task.pk}/result/", json.dumps({"completed_on": "2026-02-30",
                      "results": ["1"]}), content_type="application/json")
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "invalid_date"
    assert client.get("/inspections/index.json").json()["draws"][0]["id"] == made.json()["id"]
