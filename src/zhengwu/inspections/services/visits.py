"""Tasks after the draw: complaint checks (their own type), 回避 replacements drawn at random, results, the
penalty draft in 双公示 (through the credit app's declared service), publication, third-party evaluations."""

from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from zhengwu.core.conf import setting
from zhengwu.core.systems import provided
from zhengwu.inspections import permissions, rules
from zhengwu.inspections.formats import national
from zhengwu.inspections.models import Entity, Evaluation, InspectorSwap, Item, Task
from zhengwu.inspections.selectors.inputs import item_facts
from zhengwu.inspections.standard import RESULT_CATEGORIES
from zhengwu.ledger.services import record, snapshot
from zhengwu.org.scoping import require_role
from zhengwu.outbox import services as outbox
from zhengwu.workdays.rules import UnknownYear
from zhengwu.workdays.selectors import add_workdays

#: the facts become the draft's 处罚事由 (CF_SY), at most 2,048 characters in the 双公示 standard
PENALTY_FACTS_MAX = 2048

TASK_FIELDS = ["kind", "draw", "unit", "entity", "items", "inspectors", "original_inspectors", "state",
               "completed_on", "results", "penalty", "penalty_draft", "due_on", "published_on"]


def complaint_task_create(*, unit, entity: Entity, item_code: str, actor, on: date | None = None) -> Task:
    """A check prompted by a complaint: a separate, labelled type that never enters a draw's result list."""
    require_role(actor, unit, permissions.roles_for("task.complaint"))
    on = on or timezone.localdate()
    items = [
        item_facts(i)
        for i in Item.objects.filter(code=item_code, department=unit).select_related("department")
    ]
    problem = rules.task_item_problem(item_code, items, on)
    if problem:
        rules.refuse([problem], field="item")
    with transaction.atomic():
        task = Task.objects.create(
            kind=Task.Kind.COMPLAINT, unit=unit, entity=entity, items=[[unit.code, item_code]], assigned_on=on
        )
        record(action="inspections.task.complaint", obj=task, actor=actor, after=snapshot(task, TASK_FIELDS))
    return task


def inspector_swap(*, task: Task, inspector: str, requested_by: str, reason: str, actor) -> InspectorSwap:
    """回避 requested by the inspector or the entity and decided by the head: the original assignment is kept
    (`original_inspectors`), and the replacement is drawn at random — from the draw's own seed, so anyone can
    re-run it — among the draw's eligible inspectors not yet on the team."""
    require_role(actor, task.unit, permissions.roles_for("task.swap"))
    if requested_by not in ("inspector", "entity"):
        raise rules.RuleError(
            _("回避申请方应为检查人员或检查对象"), code="swap_requested_by", field="requested_by"
        )
    if not (reason or "").strip():
        raise rules.RuleError(_("请写明回避理由"), code="swap_reason_required", field="reason")
    with transaction.atomic():
        task = Task.objects.select_for_update(of=("self",)).select_related("draw").get(pk=task.pk)
        if task.kind != Task.Kind.RANDOM or task.state != Task.State.ASSIGNED:
            raise rules.RuleError(_("只能为待检查的双随机任务更换检查人员"), code="swap_not_allowed")
        if inspector not in task.inspectors:
            raise rules.RuleError(
                _("%(who)s 不在该任务的检查组中") % {"who": inspector},
                code="swap_not_on_team",
                field="inspector",
            )
        objects, inspectors, spec = rules.from_payload(task.draw.inputs)
        obj = next(o for o in objects if o.id == task.entity.code)
        done = list(task.swaps.values_list("outgoing", flat=True))
        excluded = set(task.inspectors) | set(done) | {inspector}
        pool = [i.id for i in sorted(inspectors, key=lambda i: i.id)
                if i.id not in excluded and not rules.ineligibility(i, obj, spec.on)]
        if obj.departments:  # a joint visit keeps one inspector of the leaving one's department
            unit = next(i.unit for i in inspectors if i.id == inspector)
            pool = [p for p in pool if next(i.unit for i in inspectors if i.id == p) == unit] or pool
        if not pool:
            raise rules.RuleError(_("没有符合条件的检查人员可以替换"), code="no_fair_draw", field="inspector")
        stream = rules.Stream(rules.seed_bytes(task.draw.seed), task.draw.commitment,
                              f"swap|{task.entity.code}|{len(done)}")
        incoming = pool[stream.below(len(pool))]
        task.inspectors = [incoming if i == inspector else i for i in task.inspectors]
        task.save(update_fields=["inspectors"])
        swap = InspectorSwap.objects.create(
            task=task,
            outgoing=inspector,
            incoming=incoming,
            requested_by=requested_by,
            reason=reason.strip(),
            decided_by=actor,
        )
        record(action="inspections.task.swapped", obj=task, actor=actor,
               after={"outgoing": inspector, "incoming": incoming, "requested_by": requested_by,
                      "original": task.original_inspectors})
    return swap


def _penalty_draft(task: Task, actor) -> str:
    """Create the 双公示 penalty draft through the service the credit app declares (never its tables)."""
    try:
        create = provided("credit", "penalty_draft_create")
    except LookupError:
        raise rules.RuleError(_("双公示系统尚未提供处罚草稿服务，处罚线索已保存，待服务可用后自动推送"),
                              code="credit_penalty_draft_unavailable", status=503) from None
    items = ", ".join(code for _d, code in task.items)
    ref = create(unit=task.unit.code, subject_name=task.entity.name, uscc=task.entity.uscc,
                 natural_person=task.entity.natural_person, facts=task.penalty_facts,
                 found_on=task.completed_on, source="inspections.task", source_ref=f"T{task.pk}",
                 note=_("双随机抽查发现（事项 %(items)s）") % {"items": items}, actor=actor)
    return str(ref)


def task_complete(*, task: Task, completed_on: date, results: list[str], actor, penalty: bool = False,
                  penalty_facts: str = "") -> Task:
    """Record a check's result in the national categories; it must be published within
    INSPECTIONS_PUBLICATION_WORKDAYS working days of completion (official calendar). A finding that leads to a
    penalty creates a 双公示 penalty draft for the task's unit — or, while the credit app provides no such
    service, stays pending (`penalty_draft` empty) for the periodic retry."""
    require_role(actor, task.unit, permissions.roles_for("task.result"))
    rules.refuse(rules.result_problems(list(results)), field="results")
    codes = [rules.result_code(r) for r in results]
    if penalty and not (penalty_facts or "").strip():
        raise rules.RuleError(
            _("需行政处罚的，请写明违法事实"), code="penalty_facts_required", field="penalty_facts"
        )
    if penalty and len(penalty_facts.strip()) > PENALTY_FACTS_MAX:
        raise rules.RuleError(
            _("违法事实不超过 %(n)s 个字符（双公示“处罚事由”的长度）") % {"n": PENALTY_FACTS_MAX},
            code="penalty_facts_too_long",
            field="penalty_facts",
        )
    if penalty and codes == ["1"]:
        raise rules.RuleError(_("“未发现问题”不能需要行政处罚"), code="result_contradiction", field="penalty")
    if completed_on > timezone.localdate() or completed_on < task.assigned_on:
        raise rules.RuleError(
            _("检查完成日期 %(day)s 不在下达日期与今天之间") % {"day": completed_on.isoformat()},
            code="completed_on_range",
            field="completed_on",
        )
    with transaction.atomic():
        task = Task.objects.select_for_update(of=("self",)).select_related("entity", "unit").get(pk=task.pk)
        if task.state != Task.State.ASSIGNED:
            raise rules.RuleError(_("该任务不是待检查状态"), code="task_not_assigned", field="state")
        before = snapshot(task, TASK_FIELDS)
        task.state, task.completed_on, task.results = Task.State.COMPLETED, completed_on, codes
        try:
            task.due_on = rules.publication_due(completed_on, add_workdays,
                                                workdays=setting("INSPECTIONS_PUBLICATION_WORKDAYS"))
        except UnknownYear as exc:
            raise rules.RuleError(
                _("工作日历尚未包含计算公示时限所需的年份（%(error)s），请先在工作日历中补充")
                % {"error": exc},
                code="calendar_unknown_year",
                field="completed_on",
            ) from None
        task.penalty, task.penalty_facts = penalty, (penalty_facts or "").strip()
        task.save()
        if penalty:
            try:
                task.penalty_draft = _penalty_draft(task, actor)
                task.save(update_fields=["penalty_draft"])
            except rules.RuleError as exc:
                if exc.code != "credit_penalty_draft_unavailable":
                    raise
        record(action="inspections.task.completed", obj=task, actor=actor, before=before,
               after=snapshot(task, TASK_FIELDS))
    return task


def task_penalty_draft(*, task: Task, actor=None) -> Task:
    """Send a pending penalty finding to 双公示
    (`credit_penalty_draft_unavailable` while credit offers none)."""
    with transaction.atomic():
        task = Task.objects.select_for_update(of=("self",)).select_related("entity", "unit").get(pk=task.pk)
        if not task.penalty or task.penalty_draft:
            return task
        task.penalty_draft = _penalty_draft(task, actor)
        task.save(update_fields=["penalty_draft"])
        record(action="inspections.task.penalty_drafted", obj=task, actor=actor,
               after={"penalty_draft": task.penalty_draft})
    return task


def task_publish(*, task: Task, actor, on: date | None = None) -> Task:
    """一公开: publish the result (on time when on or before `due_on`, else flagged 逾期公示) and, in the same
    transaction, queue its push to the 国家企业信用信息公示系统 through the outbox
    (topic `inspections.result`, payload `formats.national.result_payload`; one message per check,
    idempotency key `inspections.result:T<id>`)."""
    require_role(actor, task.unit, permissions.roles_for("task.publish"))
    with transaction.atomic():
        task = Task.objects.select_for_update(of=("self",)).select_related("entity", "unit").get(pk=task.pk)
        if task.state != Task.State.COMPLETED:
            raise rules.RuleError(_("只能公示已检查的任务"), code="task_not_completed", field="state")
        published_on = on or timezone.localdate()
        if published_on < task.completed_on or published_on > timezone.localdate():
            raise rules.RuleError(
                _("公示日期 %(day)s 不在检查完成日期与今天之间") % {"day": published_on.isoformat()},
                code="published_on_range",
                field="published_on",
            )
        task.state, task.published_on = Task.State.PUBLISHED, published_on
        task.save(update_fields=["state", "published_on"])
        payload = _national_payload(task)
        outbox.enqueue(
            topic=national.TOPIC,
            key=national.message_key(f"T{task.pk}"),
            payload=payload,
            source=task,
            unit=task.unit,
        )
        record(action="inspections.task.published", obj=task, actor=actor,
               after={"published_on": task.published_on.isoformat(), "due_on": task.due_on.isoformat(),
                      "overdue": national.overdue(task.due_on, task.published_on)})
    return task


def _national_payload(task: Task) -> dict:
    """The row pushed on for the 国家企业信用信息公示系统
    (labels in Chinese whatever the actor's language)."""
    with translation.override(settings.LANGUAGE_CODE):
        labels = {c.code: str(c.label) for c in RESULT_CATEGORIES}
        kind = str(task.kind)
    return national.result_payload(
        ref=f"T{task.pk}",
        name=task.entity.name,
        uscc=task.entity.uscc,
        natural_person=task.entity.natural_person,
        body=task.unit.full_name or task.unit.name,
        body_code=task.unit.code,
        kind=kind,
        items=task.items,
        completed_on=task.completed_on,
        results=task.results,
        labels=labels,
        due_on=task.due_on,
        published_on=task.published_on,
    )


def evaluation_record(*, task: Task, evaluator: str, score: int, comment: str = "", actor) -> Evaluation:
    """A third-party evaluation of a completed check (第三方评价机制)."""
    require_role(actor, task.unit, permissions.roles_for("task.evaluate"))
    evaluator = (evaluator or "").strip()
    if not evaluator or len(evaluator) > 200:
        raise rules.RuleError(_("请填写评价机构"), code="evaluator_required", field="evaluator")
    if isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= 100:
        raise rules.RuleError(_("评分应为 0–100 的整数"), code="score_range", field="score")
    task = Task.objects.select_related("unit").get(pk=task.pk)  # its state now, not as the caller last saw it
    if task.state not in (Task.State.COMPLETED, Task.State.PUBLISHED):
        raise rules.RuleError(_("只能评价已检查的任务"), code="task_not_completed", field="state")
    with transaction.atomic():
        ev = Evaluation.objects.create(
            task=task, evaluator=evaluator, score=score, comment=(comment or "")[:4000], recorded_by=actor
        )
        record(
            action="inspections.evaluation.recorded", obj=ev, actor=actor, unit=task.unit, after=snapshot(ev)
        )
    return ev
