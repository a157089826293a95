"""Stored rows as the plain facts the pure rules judge (one translation, used by services and pages)."""

from datetime import date

from zhengwu.lawyers import rules
from zhengwu.lawyers.models import Firm, Person, WorkRecord


def firm_facts(firm: Firm) -> rules.FirmFacts:
    return rules.FirmFacts(
        name=firm.name,
        practising_lawyers=firm.practising_lawyers,
        admin_staff=firm.admin_staff,
        partners=tuple(
            rules.Partner(
                name=p.get("name", ""),
                government_adviser=bool(p.get("government_adviser")),
                admin_or_judicial_service=bool(p.get("admin_or_judicial_service")),
            )
            for p in firm.partners
        ),
        bad_records=tuple(date.fromisoformat(d) for d in firm.bad_records),
        admin_law_team=firm.admin_law_team,
    )


def lawyer_facts(person: Person) -> rules.LawyerFacts:
    return rules.LawyerFacts(name=person.name, practising_since=person.practising_since or date.max,
                             admin_law=person.admin_law, resident=person.resident)


def assistant_facts(person: Person) -> rules.AssistantFacts:
    return rules.AssistantFacts(
        name=person.name,
        degree=person.degree,
        full_time=person.full_time,
        law_major=person.law_major,
        admin_law=person.admin_law,
        resident=person.resident,
    )


def work_facts(row: WorkRecord) -> rules.WorkRecord:
    return rules.WorkRecord(
        day=row.day,
        kind=row.kind,
        hours=row.hours,
        cases=row.cases,
        disputes=row.disputes,
        documents=row.documents,
        present=row.present,
        actions=row.actions,
    )
