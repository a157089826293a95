"""Contracts of the enforcement units (§三, §四(三)) and the replacement workflow (§五(一))."""

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengwu.lawyers import permissions, rules
from zhengwu.lawyers.models import Contract, Firm, Person, Replacement
from zhengwu.lawyers.selectors.facts import assistant_facts, firm_facts, lawyer_facts
from zhengwu.ledger.services import record, snapshot
from zhengwu.org.models import Unit
from zhengwu.org.scoping import require_role

#: A contract's fields in the ledger (the assistants are written as ids beside them).
CONTRACT_FIELDS = ["unit", "firm", "lawyer", "starts_on", "ends_on", "state"]


def _check_enforcement_unit(unit: Unit) -> None:
    streets = Unit.objects.filter(kind=Unit.Kind.STREET, is_active=True).values_list("code", flat=True)
    if unit.code not in dict(rules.enforcement_units(streets)):
        raise rules.RuleError(_("%(unit)s 不是律师驻队方案中的执法单位") % {"unit": unit.name},
                              code="not_an_enforcement_unit", field="unit")


def _check_people(firm: Firm, lawyer: Person, assistants: list[Person], on: date) -> None:
    if lawyer.firm_id != firm.pk or lawyer.kind != Person.Kind.LAWYER:
        raise rules.RuleError(
            _("%(name)s 不是该律师事务所的律师") % {"name": lawyer.name},
            code="not_the_firms_lawyer",
            field="lawyer",
        )
    rules.refuse(rules.lawyer_eligibility(lawyer_facts(lawyer), on=on), field="lawyer")
    for a in assistants:
        if a.firm_id != firm.pk or a.kind != Person.Kind.ASSISTANT:
            raise rules.RuleError(_("%(name)s 不是该律师事务所的律师助理") % {"name": a.name},
                                  code="not_the_firms_assistant", field="assistants")
        rules.refuse(rules.assistant_eligibility(assistant_facts(a)), field="assistants")
    rules.refuse(rules.stationing_problems(lawyer_facts(lawyer), [assistant_facts(a) for a in assistants]),
                 field="assistants")


def contract_sign(*, unit: Unit, firm: Firm, lawyer: Person, assistants=(), starts_on: date, ends_on: date,
                  actor) -> Contract:
    """An enforcement unit contracts one stationed lawyer of an eligible firm (政府采购, 区财政保障).

    Refused: a unit that is not an enforcement unit; a firm not on the list or failing §三(一) on the first
    day (the stored facts are judged again); a lawyer or
    assistant failing §三(二); a second contract in force."""
    require_role(actor, unit, permissions.roles_for("contract.sign"))
    _check_enforcement_unit(unit)
    if ends_on < starts_on:
        raise rules.RuleError(_("合同结束日期早于开始日期"), code="contract_period", field="ends_on")
    rules.refuse(rules.firm_eligibility(firm_facts(firm), on=starts_on), field="firm")
    if not firm.listed:
        raise rules.RuleError(
            _("%(firm)s 不在区司法局的律师事务所名单中") % {"firm": firm.name},
            code="firm_not_listed",
            field="firm",
        )
    assistants = list(assistants)
    _check_people(firm, lawyer, assistants, starts_on)
    with transaction.atomic():
        try:
            with transaction.atomic():
                contract = Contract.objects.create(unit=unit, firm=firm, lawyer=lawyer, starts_on=starts_on,
                                                   ends_on=ends_on, created_by=actor)
        except IntegrityError:
            raise rules.RuleError(
                _("%(unit)s 已有履行中的驻队律师合同（约定1名律师驻队）") % {"unit": unit.name},
                code="unit_has_lawyer",
                field="unit",
            ) from None
        contract.assistants.set(assistants)
        record(action="lawyers.contract.signed", obj=contract, actor=actor,
               after=snapshot(contract, CONTRACT_FIELDS) | {"assistants": [a.pk for a in assistants]})
    return contract


def replacement_request(
    *, contract: Contract, outgoing: Person, incoming: Person, reason: str, actor
) -> Replacement:
    """Ask to replace the stationed lawyer or an assistant; nothing changes until the unit consents."""
    require_role(actor, contract.unit, permissions.roles_for("replacement.request"))
    reason = (reason or "").strip()
    if not reason:
        raise rules.RuleError(_("请说明更换理由（特殊情况）。"), code="reason_required", field="reason")
    current = {contract.lawyer_id, *contract.assistants.values_list("pk", flat=True)}
    if outgoing.pk not in current:
        raise rules.RuleError(
            _("%(name)s 不是该合同的驻队人员") % {"name": outgoing.name},
            code="not_stationed",
            field="outgoing",
        )
    if incoming.kind != outgoing.kind or incoming.pk in current:
        raise rules.RuleError(_("接替人员应为同类别、尚未驻队的人员"), code="incoming_kind", field="incoming")
    if contract.state != Contract.State.ACTIVE:
        raise rules.RuleError(_("合同已终止"), code="contract_ended")
    with transaction.atomic():
        r = Replacement.objects.create(
            contract=contract,
            unit=contract.unit,
            outgoing=outgoing,
            incoming=incoming,
            reason=reason,
            requested_by=actor,
        )
        record(action="lawyers.replacement.requested", obj=r, actor=actor, after=snapshot(r))
    return r


def _step(r: Replacement, action: str, actor, ledger_action: str, note: str = "") -> Replacement:
    with transaction.atomic():
        r = Replacement.objects.select_for_update().get(pk=r.pk)
        before = snapshot(r)
        try:
            r.state = rules.replacement_transition(state=r.state, action=action)
        except rules.ReplacementError as exc:
            raise rules.RuleError(str(exc), code=exc.code, field="state") from None
        if action in ("consent", "refuse"):
            r.decided_by, r.decision_note = actor, (note or "").strip()[:2000]
        r.save()
        if action == "replace":
            _swap(r)
        record(action=ledger_action, obj=r, actor=actor, before=before, after=snapshot(r))
    return r


def _swap(r: Replacement) -> None:
    contract = Contract.objects.select_for_update().get(pk=r.contract_id)
    if r.outgoing_id == contract.lawyer_id:
        rules.refuse(
            rules.lawyer_eligibility(lawyer_facts(r.incoming), on=timezone.localdate()), field="incoming"
        )
        contract.lawyer = r.incoming
        contract.save(update_fields=["lawyer"])
    else:
        rules.refuse(rules.assistant_eligibility(assistant_facts(r.incoming)), field="incoming")
        contract.assistants.remove(r.outgoing)
        contract.assistants.add(r.incoming)


def replacement_decide(*, replacement: Replacement, consent: bool, note: str = "", actor) -> Replacement:
    """The enforcement unit consents to (or refuses) a replacement — beforehand, as §五(一) requires."""
    require_role(actor, replacement.unit, permissions.roles_for("replacement.decide"))
    return _step(replacement, "consent" if consent else "refuse", actor,
                 "lawyers.replacement.consented" if consent else "lawyers.replacement.refused", note)


def replacement_withdraw(*, replacement: Replacement, actor) -> Replacement:
    require_role(actor, replacement.unit, permissions.roles_for("replacement.request"))
    return _step(replacement, "withdraw", actor, "lawyers.replacement.withdrawn")


def replacement_complete(*, replacement: Replacement, actor) -> Replacement:
    """Put the incoming person in the outgoing one's place: refused (`consent_required`) before consent."""
    require_role(actor, replacement.unit, permissions.roles_for("replacement.complete"))
    return _step(replacement, "replace", actor, "lawyers.replacement.completed")

