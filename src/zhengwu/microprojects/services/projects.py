"""Filing a project (from suggestions or a library entry), and the street's exceptions (§一, 附件2)."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from zhengwu.core.errors import ApplicationError
from zhengwu.ledger.services import record
from zhengwu.microprojects import rules
from zhengwu.microprojects.models import GovernmentProject, LibraryEntry, Project, Suggestion
from zhengwu.microprojects.services.common import allow, street_of, text
from zhengwu.microprojects.standard import Step
from zhengwu.org.models import Unit

#: What a refusal at filing means: these rules cannot be fixed later by the street (§五, §五(二)2).
HARD_RULES = ("applicant.", "social_organization.", "admin_cost.")


def state(project: Project) -> dict:
    """The ledger's view of a project (what changed is readable without the database)."""
    return {"id": project.pk, "unit": project.unit.code, "step": project.step, "title": project.title,
            "category": project.category, "kind": project.kind, "amount": str(project.amount),
            "expert_amount": None if project.expert_amount is None else str(project.expert_amount),
            "reason": project.reason, "progress": project.progress}


def assessment_of(project: Project, *, today: date, organization=None) -> rules.Assessment:
    """The scheme's assessment of the stored project (exceptions and overrides included)."""
    proposal = rules.Proposal(
        category=project.category,
        kind=project.kind,
        amount=project.amount,
        applicant_kind=project.applicant_kind,
        title=project.title,
        description=project.text,
        admin_cost=project.admin_cost,
        cap_exception=(
            rules.CapException(True, project.cap_exception_reasons) if project.cap_exception_reasons else None
        ),
        organization=organization,
        negative_list_overrides={int(k): v for k, v in project.negative_overrides.items()},
        self_raised_funds=project.self_raised_funds,
        self_raised_proof_sent=project.self_raised_proof_sent,
    )
    gov = [rules.GovernmentProject(g.name, g.status) for g in GovernmentProject.objects.all()]
    return rules.assess(proposal, government_projects=gov, today=today)


def project_create(*, unit: Unit, actor, on: date, category: str, kind: str, title: str, body: str = "",
                   amount, admin_cost=0, applicant_kind: str, applicant_name: str, self_raised_funds=0,
                   self_raised_proof_sent: bool = False, procurement_catalogue: bool = False,
                   organization: rules.Organization | None = None, suggestions=(),
                   library_entry: LibraryEntry | None = None) -> Project:
    """File a project in a community. An applicant who may not apply (§五) or a service project whose
    administrative costs exceed a third (§五(二)2) is refused with the reason; a cap, negative-list or
    government-investment finding is stored and stops the project at the two committees until cleared."""
    if unit.kind != Unit.Kind.COMMUNITY:
        raise ApplicationError(_("民生微实事项目由社区申报。"), code="not_a_community", field="unit")
    allow(actor, "project.create", unit)
    raw = {"category": category, "kind": kind, "amount": str(amount), "admin_cost": str(admin_cost or 0),
           "applicant_kind": applicant_kind, "title": text(title, "title", limit=rules.MAX_TITLE),
           "description": body or "", "self_raised_funds": str(self_raised_funds or 0),
           "self_raised_proof_sent": bool(self_raised_proof_sent)}
    try:
        proposal = rules.parse_proposal(raw)
    except rules.InvalidProposal as exc:
        raise ApplicationError(exc.detail, code=exc.code,
                               field=exc.field) from None
    suggestions = list(suggestions)
    if any(s.unit_id != unit.pk for s in suggestions):
        raise ApplicationError(_("只能引用本社区的建议。"), code="foreign_suggestion", field="suggestions")
    project = Project(
        unit=unit,
        year=on.year,
        category=proposal.category,
        kind=proposal.kind,
        title=proposal.title,
        text=proposal.description,
        amount=proposal.amount,
        admin_cost=proposal.admin_cost,
        applicant_kind=proposal.applicant_kind,
        applicant_name=text(applicant_name, "applicant_name", limit=100),
        self_raised_funds=proposal.self_raised_funds,
        self_raised_proof_sent=proposal.self_raised_proof_sent,
        procurement_catalogue=bool(procurement_catalogue),
        library_entry=library_entry,
        applied_on=on,
        created_by=actor,
        step=Step.SUGGESTION,
    )
    found = assessment_of(project, today=on, organization=organization)
    hard = [v for v in found.violations if v.rule.startswith(HARD_RULES)]
    if hard:
        raise ApplicationError("；".join(v.message for v in hard), code=hard[0].rule, field="applicant_kind"
                               if hard[0].rule.startswith(("applicant.", "social_")) else "admin_cost")
    _store(project, found)
    with transaction.atomic():
        project.save()
        if suggestions:
            project.suggestions.set(suggestions)
            Suggestion.objects.filter(pk__in=[s.pk for s in suggestions]).update(
                state=Suggestion.State.PROJECT
            )
        record(action="microprojects.project.created", obj=project, actor=actor, after=state(project),
               note=f"suggestions={[s.pk for s in suggestions]} library={getattr(library_entry, 'pk', None)}")
    return project


def _store(project: Project, found: rules.Assessment) -> None:
    project.negative_matches = [
        m.as_json() | {"content": m.item.content} for m in found.negative_list_matches
    ]
    project.government_overlaps = [
        v.message for v in found.violations if v.rule == "government_investment.overlap"
    ]
    project.priority = found.priority
    project.areas = [str(a) for a in found.areas]


def open_findings(project: Project, *, today: date) -> list[rules.Violation]:
    """What still stops the project before the two committees:
    cap, negative list, self-raised proof, overlap."""
    return list(assessment_of(project, today=today).violations)


def cap_exception_approve(*, project: Project, reasons: str, actor) -> Project:
    """§一 原则上: the street approves an amount above the cap, with its reasons."""
    allow(actor, "project.exception", street_of(project))
    reasons = text(reasons, "reasons", limit=2000)
    if not rules.check_cap(project.category, project.amount):
        raise ApplicationError(_("项目金额未超过上限，无需例外。"), code="cap.not_exceeded")
    with transaction.atomic():
        project.cap_exception_reasons = reasons
        project.save(update_fields=["cap_exception_reasons"])
        record(action="microprojects.project.exception_approved", obj=project, actor=actor,
               after={"amount": str(project.amount), "reasons": reasons})
    return project


def negative_override(*, project: Project, item: int, reasons: str, actor) -> Project:
    """附件2: the street lets a project that matches a negative-list item go on, with its reasons."""
    allow(actor, "project.exception", street_of(project))
    reasons = text(reasons, "reasons", limit=2000)
    if int(item) not in {m["item"] for m in project.negative_matches}:
        raise ApplicationError(
            _("该项目没有命中负面清单第 %(n)s 项。") % {"n": item},
            code="negative_list.no_match",
            field="item",
        )
    with transaction.atomic():
        project.negative_overrides = {**project.negative_overrides, str(int(item)): reasons}
        project.save(update_fields=["negative_overrides"])
        record(action="microprojects.project.negative_overridden", obj=project, actor=actor,
               after={"item": int(item), "reasons": reasons})
    return project


def check_can_review(project: Project, *, today: date) -> None:
    findings = open_findings(project, today=today)
    if findings:
        raise ApplicationError("；".join(v.message for v in findings), code=findings[0].rule)

