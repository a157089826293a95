"""Firms on 区司法局's list (§三(一), §四(三)) and the people they delegate (§三(二))."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from zhengwu.lawyers import permissions, rules
from zhengwu.lawyers.models import Firm, Person
from zhengwu.lawyers.standard import FIRM_LIST_KEEPER
from zhengwu.ledger.services import record, snapshot
from zhengwu.org.models import Unit
from zhengwu.org.scoping import require_role


def _keeper() -> Unit:
    return Unit.objects.get(code=FIRM_LIST_KEEPER)


def firm_register(*, facts: dict, on: date, actor) -> Firm:
    """区司法局 checks a firm's facts (`rules.parse_firm`) on day `on` and keeps the result: the firm is
    `listed` only when it meets every §三(一) condition; the failed conditions are stored beside it.
    Registering a known name again re-checks it with the new facts."""
    keeper = _keeper()
    require_role(actor, keeper, permissions.roles_for("firm.register"))
    try:
        parsed = rules.parse_firm(facts)
    except rules.InvalidFacts as exc:
        raise rules.RuleError(str(exc), code=exc.code, field=exc.field) from None
    problems = rules.firm_eligibility(parsed, on=on)
    values = {
        "practising_lawyers": parsed.practising_lawyers,
        "admin_staff": parsed.admin_staff,
        "partners": [
            {
                "name": p.name,
                "government_adviser": p.government_adviser,
                "admin_or_judicial_service": p.admin_or_judicial_service,
            }
            for p in parsed.partners
        ],
        "bad_records": [d.isoformat() for d in parsed.bad_records],
        "admin_law_team": parsed.admin_law_team,
        "listed": not problems,
        "checked_on": on,
        "problems": [{"code": str(p.code), "message": p.message} for p in problems],
    }
    with transaction.atomic():
        firm = Firm.objects.select_for_update().filter(name=parsed.name).first()
        before = snapshot(firm) if firm else None
        if firm is None:
            firm = Firm.objects.create(name=parsed.name, **values)
        else:
            for k, v in values.items():
                setattr(firm, k, v)
            firm.save()
        record(action="lawyers.firm.checked", obj=firm, actor=actor, unit=keeper, before=before,
               after=snapshot(firm))
    return firm


def person_add(
    *,
    firm: Firm,
    kind: str,
    name: str,
    actor,
    practising_since: date | None = None,
    admin_law: bool = False,
    degree: str = "none",
    full_time: bool = False,
    law_major: bool = False,
    resident: bool = True,
) -> Person:
    """A lawyer or an assistant of a listed firm (the qualification is judged when a contract names them)."""
    keeper = _keeper()
    require_role(actor, keeper, permissions.roles_for("firm.register"))
    name = (name or "").strip()
    if not name or len(name) > 64:
        raise rules.RuleError(_("请填写姓名（不超过 64 个字）。"), code="name_required", field="name")
    if kind not in Person.Kind.values:
        raise rules.RuleError(_("人员类别应为驻队律师或律师助理。"), code="person_kind", field="kind")
    if kind == Person.Kind.LAWYER and practising_since is None:
        raise rules.RuleError(
            _("请填写律师的执业起始日期。"), code="practising_since_required", field="practising_since"
        )
    with transaction.atomic():
        person = Person.objects.create(
            firm=firm,
            kind=kind,
            name=name,
            practising_since=practising_since,
            admin_law=admin_law,
            degree=degree,
            full_time=full_time,
            law_major=law_major,
            resident=resident,
        )
        record(action="lawyers.person.added", obj=person, actor=actor, unit=keeper, after=snapshot(person))
    return person
