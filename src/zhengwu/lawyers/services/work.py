"""Work records (§二, §五(二)) and the annual assessment (§五(四))."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengwu.lawyers import permissions, rules
from zhengwu.lawyers.models import Assessment, Contract, Person, WorkRecord
from zhengwu.lawyers.selectors.facts import work_facts
from zhengwu.ledger.services import record, snapshot
from zhengwu.org.scoping import require_role


def work_record_add(
    *,
    contract: Contract,
    person: Person,
    day: date,
    kind: str,
    actor,
    hours=0,
    cases: int = 0,
    disputes: int = 0,
    documents: int = 0,
    present: bool = True,
    actions: int = 0,
    note: str = "",
) -> WorkRecord:
    """One day's work of the contract's lawyer or an assistant, in one of the six kinds of service."""
    require_role(actor, contract.unit, permissions.roles_for("record.add"))
    if person.pk != contract.lawyer_id and not contract.assistants.filter(pk=person.pk).exists():
        raise rules.RuleError(
            _("%(name)s 不是该合同的驻队人员") % {"name": person.name}, code="not_stationed", field="person"
        )
    try:
        hours = Decimal(str(hours))
    except InvalidOperation:
        raise rules.RuleError(
            _("工作时间应为数字，收到 %(v)s") % {"v": hours}, code="record_hours", field="hours"
        ) from None
    facts = rules.WorkRecord(
        day=day,
        kind=kind,
        hours=hours,
        cases=cases,
        disputes=disputes,
        documents=documents,
        present=present,
        actions=actions,
    )
    rules.refuse(rules.work_record_problems(facts, today=timezone.localdate()))
    if not contract.starts_on <= day <= contract.ends_on:
        raise rules.RuleError(_("记录日期 %(day)s 不在合同期内（%(a)s 至 %(b)s）") % {
            "day": day.isoformat(), "a": contract.starts_on.isoformat(), "b": contract.ends_on.isoformat()},
            code="record_outside_contract", field="day")
    with transaction.atomic():
        row = WorkRecord.objects.create(
            contract=contract,
            unit=contract.unit,
            person=person,
            day=day,
            kind=kind,
            hours=hours,
            cases=cases,
            disputes=disputes,
            documents=documents,
            present=present,
            actions=actions,
            note=(note or "").strip()[:2000],
            created_by=actor,
        )
        record(action="lawyers.record.added", obj=row, actor=actor, after=snapshot(row))
    return row


def _months(contract: Contract, year: int) -> int:
    """Whole or part months of `year` under contract (a started month counts)."""
    start = max(contract.starts_on, date(year, 1, 1))
    end = min(contract.ends_on, date(year, 12, 31))
    if end < start:
        return 0
    return (end.year - start.year) * 12 + end.month - start.month + 1


def assessment_make(
    *, contract: Contract, year: int, unit_evaluation, actor, on: date | None = None
) -> Assessment:
    """The unit's annual assessment of its lawyer from the year's work records and its own evaluation (0–100):
    a score and a recommendation to renew or end the contract (rules.assess, the policy in standard.py)."""
    require_role(actor, contract.unit, permissions.roles_for("assessment.make"))
    months = _months(contract, year)
    if months == 0:
        raise rules.RuleError(
            _("%(year)s 年不在合同期内") % {"year": year}, code="year_outside_contract", field="year"
        )
    try:
        evaluation = Decimal(str(unit_evaluation))
    except InvalidOperation:
        evaluation = Decimal(-1)
    if not Decimal(0) <= evaluation <= Decimal(100):
        raise rules.RuleError(_("单位评价应在 0–100 分之间，收到 %(v)s") % {"v": unit_evaluation},
                              code="evaluation_range", field="unit_evaluation")
    rows = WorkRecord.objects.filter(contract=contract, day__year=year)
    totals = rules.summarise(work_facts(r) for r in rows)
    result = rules.assess(totals, unit_evaluation=evaluation, months=months)
    with transaction.atomic():
        try:
            with transaction.atomic():
                a = Assessment.objects.create(
                    contract=contract,
                    unit=contract.unit,
                    year=year,
                    months=months,
                    unit_evaluation=evaluation,
                    totals={
                        "hours": str(totals.hours),
                        "cases": totals.cases,
                        "disputes": totals.disputes,
                        "documents": totals.documents,
                        "days_present": totals.days_present,
                        "actions": totals.actions,
                        "by_kind": dict(totals.by_kind),
                    },
                    parts={k: str(v) for k, v in result.parts.items()},
                    score=result.score,
                    recommendation=result.recommendation,
                    reasons=[{"code": p.code, "message": p.message} for p in result.reasons],
                    assessed_on=on or timezone.localdate(),
                    created_by=actor,
                )
        except IntegrityError:
            raise rules.RuleError(_("%(year)s 年度已考核") % {"year": year}, code="already_assessed",
                                  field="year") from None
        record(action="lawyers.assessment.made", obj=a, actor=actor, after=snapshot(a))
    return a
