"""The approval workflow (§四(三), §五): two committees → (experts) → council → first secretary → notice.
Each step is one service, one transaction, one ledger
entry; a step out of order is refused (rules.advance)."""

import hashlib
import json
from datetime import date
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengwu.core.errors import ApplicationError
from zhengwu.ledger.services import PUBLIC, record
from zhengwu.microprojects import rules
from zhengwu.microprojects.models import Council, Expert, ExpertAssignment, Notice, Objection, Project
from zhengwu.microprojects.services.common import allow, move, refuse, steps_of, street_of, text
from zhengwu.microprojects.services.planning import check_budget
from zhengwu.microprojects.services.projects import check_can_review, state
from zhengwu.microprojects.standard import CATEGORY_LABELS, KIND_LABELS, STEP_LABELS, Category, Step
from zhengwu.workdays.selectors import add_workdays


def _log(action: str, project: Project, actor, **extra) -> None:
    record(action=f"microprojects.project.{action}", obj=project, actor=actor, after=state(project) | extra)


def two_committees_record(*, project: Project, actor, on: date, passed: bool, minutes: str,
                          attendees: int) -> Project:
    """§五 (1): the community's two committees pre-review the application in a joint meeting (recorded).
    Open findings (cap, negative list, self-raised proof, overlap) must be cleared first."""
    allow(actor, "project.two_committees", project.unit)
    minutes = text(minutes, "minutes", limit=20_000)
    if not isinstance(attendees, int) or attendees < 1:
        raise ApplicationError(_("请填写出席人数。"), code="required", field="attendees")
    if passed:
        check_can_review(project, today=on)
    with transaction.atomic():
        move(project, Step.TWO_COMMITTEES, actor=actor, on=on, passed=passed, note=minutes,
             data={"attendees": attendees})
        _log("two_committees", project, actor, passed=passed)
    return project


def experts_draw(*, project: Project, actor, need: dict[str, int], seed: str | None = None) -> list[Expert]:
    """§四(三): draw experts at random from the project's pool (区住房建设局 engineering, 区民政局 service) by
    field, excluding anyone tied to the community, the applicant or the implementer."""
    allow(actor, "project.expert_review", street_of(project))
    if rules.next_step(steps_of(project), Step(project.step)) != Step.EXPERT_REVIEW:
        raise ApplicationError(
            _("当前不是专家评审环节（当前为“%(s)s”）。") % {"s": STEP_LABELS[Step(project.step)]},
            code="workflow.out_of_order",
        )
    pool = {str(e.pk): e for e in Expert.objects.filter(pool=project.category, active=True)}
    candidates = [rules.Expert(pk, Category(e.pool), frozenset(e.fields), frozenset(e.interests))
                  for pk, e in pool.items()]
    parties = {project.unit.code, street_of(project).code, project.applicant_name, project.implementer} - {""}
    seed = seed or f"{project.pk}:{timezone.now().isoformat()}"
    try:
        drawn = rules.draw_experts(
            candidates, category=project.category, need=need, seed=seed, parties=parties
        )
    except rules.RuleError as exc:
        raise refuse(exc, "need") from None
    with transaction.atomic():
        project.experts.all().delete()
        for e in drawn:
            field = next(f for f in sorted(need) if f in e.fields)
            ExpertAssignment.objects.create(project=project, expert=pool[e.id], field=field)
        _log("experts_drawn", project, actor, experts=[int(e.id) for e in drawn], seed=seed)
    return [pool[e.id] for e in drawn]


def _amount(value, field: str) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ApplicationError(_("金额必须是数字。"), code="invalid", field=field) from None
    if not amount.is_finite() or amount <= 0 or amount > rules.MAX_AMOUNT:
        raise ApplicationError(_("金额必须大于零。"), code="invalid", field=field)
    return amount.quantize(rules.CENT)


def expert_review_record(*, project: Project, actor, on: date, passed: bool, notes: str,
                         amount=None) -> Project:
    """§四(三): the street's expert review meeting; for an engineering project the experts set the amount."""
    allow(actor, "project.expert_review", street_of(project))
    notes = text(notes, "notes", limit=20_000)
    if not project.experts.exists():
        raise ApplicationError(_("请先随机抽取评审专家。"), code="experts.not_drawn")
    setting_amount = rules.experts_set_amount(project.category, project.amount)
    if passed and setting_amount:
        if amount in (None, ""):
            raise ApplicationError(_("工程类项目的金额由专家评审会议评定，请填写评定金额。"),
                                   code="council.expert_amount_missing", field="amount")
        project.expert_amount = _amount(amount, "amount")
    with transaction.atomic():
        move(project, Step.EXPERT_REVIEW, actor=actor, on=on, passed=passed, note=notes,
             data={"amount": None if project.expert_amount is None else str(project.expert_amount)})
        _log("expert_review", project, actor, passed=passed)
    return project


def council_rules(council: Council) -> rules.CouncilRules:
    return rules.CouncilRules(quorum=Fraction(council.quorum), quorum_inclusive=council.quorum_inclusive,
                              majority=Fraction(council.majority), majority_base=council.majority_base,
                              majority_inclusive=council.majority_inclusive)


def council_record(*, project: Project, actor, on: date, minutes: str, tallies: list[rules.Tally],
                   amount=None) -> Project:
    """§五 (2), §七(四): the residents' council votes under its configured rules; paper and meeting tallies
    count together; no quorum → refused; where the experts set the amount, it judges feasibility only."""
    allow(actor, "project.council", project.unit)
    minutes = text(minutes, "minutes", limit=20_000)
    council = Council.objects.filter(unit=project.unit).first()
    if council is None:
        raise ApplicationError(
            _("本社区尚未登记居民议事会（成员数与议事规则）。"), code="council.not_configured"
        )
    expert_sets = rules.experts_set_amount(project.category, project.amount)
    try:
        decision = rules.council_decision(
            members=council.members,
            tallies=tallies,
            rules=council_rules(council),
            experts_set_amount=expert_sets,
            expert_amount=project.expert_amount,
            council_amount=_amount(amount, "amount") if amount not in (None, "") else None,
        )
    except rules.RuleError as exc:
        raise refuse(exc, "tallies") from None
    data = {"members": decision.members, "present": decision.present, "yes": decision.yes, "no": decision.no,
            "abstain": decision.abstain, "scope": decision.scope,
            "tallies": [t.__dict__ for t in tallies]}
    note = (
        minutes
        if decision.passed
        else (
            minutes
            + "\n"
            + _("议事会表决未通过：赞成 %(y)s，反对 %(n)s。") % {"y": decision.yes, "n": decision.no}
        )
    )
    with transaction.atomic():
        move(
            project, Step.RESIDENTS_COUNCIL, actor=actor, on=on, passed=decision.passed, note=note, data=data
        )
        _log("residents_council", project, actor, passed=decision.passed, votes=data)
    return project


def first_secretary_record(*, project: Project, actor, on: date, approved: bool, note: str = "") -> Project:
    """§五 (3): the community's first secretary approves the project on behalf of the street."""
    allow(actor, "project.first_secretary", project.unit)
    note = text(note, "note", limit=5000, required=not approved)
    with transaction.atomic():
        if approved:
            # the year's projects of the street, locked: two approvals at once cannot both fit the last money
            same = {"unit__parent": project.unit.parent} if project.unit.parent else {"unit": project.unit}
            list(Project.objects.select_for_update(of=("self",)).filter(year=project.year, **same)
                 .values_list("pk", flat=True))
            check_budget(project)
        move(project, Step.FIRST_SECRETARY, actor=actor, on=on, passed=approved, note=note)
        if approved:
            project.determined_on = on
            project.save(update_fields=["determined_on"])
        _log("first_secretary", project, actor, passed=approved)
    return project


def notice_content(project: Project) -> dict:
    """What the notice shows: no person's name (the applicant is named by kind unless it is a unit)."""
    amount = project.expert_amount or project.amount
    return {
        "project": project.pk,
        "community": project.unit.name,
        "title": project.title,
        "text": project.text,
        "category": str(CATEGORY_LABELS[Category(project.category)]),
        "kind": str(KIND_LABELS[project.kind]),
        "amount": str(amount),
        "applicant": project.get_applicant_kind_display() and str(project.get_applicant_kind_display()),
        "year": project.year,
    }


def content_hash(content: dict) -> str:
    return hashlib.sha256(json.dumps(content, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def notice_publish(*, project: Project, actor, on: date) -> Notice:
    """§五 (4): publish for 5 working days; the content is
    frozen with its hash (it cannot change silently)."""
    allow(actor, "project.notice", project.unit)
    if rules.next_step(steps_of(project), Step(project.step)) != Step.PUBLIC_NOTICE:
        raise ApplicationError(
            _("步骤顺序错误：当前为“%(s)s”，不能公示。") % {"s": STEP_LABELS[Step(project.step)]},
            code="workflow.out_of_order",
        )
    if Notice.objects.filter(project=project).exists():
        raise ApplicationError(_("该项目已公示。"), code="notice.exists")
    content = notice_content(project)
    with transaction.atomic():
        notice = Notice.objects.create(
            project=project,
            published_on=on,
            ends_on=rules.notice_ends(on, add_workdays=add_workdays),
            content=content,
            content_hash=content_hash(content),
        )
        _log("notice_published", project, actor, notice=notice.pk, ends_on=notice.ends_on.isoformat(),
             content_hash=notice.content_hash)
    return notice


def notice_verify(notice: Notice) -> bool:
    """Whether the stored content still has the hash it was published with."""
    return content_hash(notice.content) == notice.content_hash


def objection_submit(*, notice: Notice, body: str, contact: str = "", on: date) -> Objection:
    """Anyone may object while the notice runs (public input: limited, stored as text, never as HTML)."""
    if notice.closed_on is not None or on > notice.ends_on or on < notice.published_on:
        raise ApplicationError(_("公示期已结束，不再受理异议。"), code="notice.not_running")
    body = text(body, "text", limit=2000)
    with transaction.atomic():
        objection = Objection.objects.create(notice=notice, text=body,
                                             contact=text(contact, "contact", limit=64, required=False))
        _log("objection_received", notice.project, PUBLIC, objection=objection.pk)
    return objection


def objection_answer(*, objection: Objection, actor, answer: str, upheld: bool) -> Objection:
    project = objection.notice.project
    allow(actor, "project.notice", project.unit)
    if objection.answered_at is not None:
        raise ApplicationError(_("该异议已答复。"), code="objection.answered")
    with transaction.atomic():
        objection.answer = text(answer, "answer", limit=5000)
        objection.upheld = bool(upheld)
        objection.answered_at = timezone.now()
        objection.save()
        _log("objection_answered", project, actor, objection=objection.pk, upheld=objection.upheld)
    return objection


def notice_close(*, project: Project, actor, on: date) -> Project:
    """公示无异议后实施: after the 5th working day, with every objection answered. An upheld objection ends
    the project (its answer is the reason the proposer is told)."""
    allow(actor, "project.notice", project.unit)
    notice = Notice.objects.filter(project=project).first()
    if notice is None:
        raise ApplicationError(_("该项目尚未公示。"), code="workflow.out_of_order")
    try:
        rules.check_notice_close(ends_on=notice.ends_on, today=on,
                                 open_objections=notice.objections.filter(answered_at__isnull=True).count())
    except rules.RuleError as exc:
        raise refuse(exc) from None
    upheld = list(notice.objections.filter(upheld=True))
    with transaction.atomic():
        move(project, Step.PUBLIC_NOTICE, actor=actor, on=on, passed=not upheld,
             note="；".join(o.answer for o in upheld), data={"content_hash": notice.content_hash})
        notice.closed_on = on
        notice.save(update_fields=["closed_on"])
        _log("notice_closed", project, actor, upheld=[o.pk for o in upheld])
    return project
