"""What the public sees (no account): the library, notices, each community's projects and results.

Only projects whose notice has been published are public. No person's data reaches these dicts in any
field: applicants are named by kind, proposers, objectors and experts never appear, and every free text
is scrubbed of the persons' own names and contacts and of any ID, phone number or e-mail (core.privacy).
"""

from datetime import date

from django.db.models import Sum

from zhengwu.core.privacy import known_values, scrub_text
from zhengwu.core.ratings.selectors import level_counts
from zhengwu.core.tokens import token_hash
from zhengwu.microprojects.models import (
    Budget,
    LibraryEntry,
    MilestoneFile,
    Notice,
    Project,
    RatingCode,
    Suggestion,
)
from zhengwu.microprojects.selectors.planning import progress_rollup as rollup
from zhengwu.microprojects.standard import APPLICANT_LABELS, CATEGORY_LABELS, STEP_LABELS, Step
from zhengwu.org.models import Unit


def _known(project: Project):
    names = [project.applicant_name] + [s.proposer_name for s in project.suggestions.all()]
    numbers = [s.proposer_contact for s in project.suggestions.all()]
    return known_values(names=tuple(n for n in names if n), numbers=tuple(n for n in numbers if n))


def clean(text: str, project: Project | None = None) -> str:
    return scrub_text(text, _known(project) if project is not None else None)


def public_projects():
    return (
        Project.objects.filter(notice__isnull=False)
        .select_related("unit", "notice", "evaluation")
        .prefetch_related("audits", "milestones__files", "suggestions")
        .order_by("-year", "-priority", "-id")
    )


def project_public(project: Project) -> dict:
    notice = project.notice
    evaluation = getattr(project, "evaluation", None)
    return {
        "id": project.pk,
        "community": project.unit.code,
        "community_name": project.unit.name,
        "year": project.year,
        "title": clean(project.title, project),
        "text": clean(project.text, project),
        "category": str(CATEGORY_LABELS[project.category]),
        "applicant": str(APPLICANT_LABELS[project.applicant_kind]),
        "amount": str(project.expert_amount or project.amount),
        "step": project.step,
        "step_label": str(STEP_LABELS[Step(project.step)]),
        "progress": project.progress,
        "reason": clean(project.reason, project) if project.step == Step.REJECTED else "",
        "notice": {
            "published_on": notice.published_on.isoformat(),
            "ends_on": notice.ends_on.isoformat(),
            "content_hash": notice.content_hash,
        },
        "milestones": [
            {
                "on": m.on.isoformat(),
                "title": clean(m.title, project),
                "progress": m.progress,
                "photos": [f.pk for f in m.files.all() if f.is_photo],
            }
            for m in project.milestones.all()
        ],
        "completed_on": project.completed_on.isoformat() if project.completed_on else None,
        "maintenance_unit": clean(project.maintenance_unit, project) if project.completed_on else "",
        "funds_used": str(project.funds_used) if project.funds_used is not None else None,
        "results": clean(project.results, project),
        "audits": [
            {
                "audit": a.audit,
                "label": str(STEP_LABELS[Step(a.audit)]),
                "on": a.on.isoformat(),
                "result": clean(a.result, project),
            }
            for a in project.audits.all()
        ],
        "satisfaction": str(evaluation.satisfaction) if evaluation else None,
        "excellent": bool(evaluation and evaluation.excellent),
    }


def community_public(*, code: str) -> dict | None:
    """A community's page: its projects, status, budget, progress, audit results and satisfaction."""
    unit = (
        Unit.objects.filter(code=code, kind=Unit.Kind.COMMUNITY, is_active=True)
        .select_related("parent")
        .first()
    )
    if unit is None:
        return None
    projects = with_resident_ratings([project_public(p) for p in public_projects().filter(unit=unit)])
    budgets = {b.year: str(b.amount) for b in Budget.objects.filter(unit=unit)}
    rows = list(public_projects().filter(unit=unit).select_related("unit__parent"))
    mine = rollup(rows)["community"].get(unit.code)
    street = rollup(list(public_projects().filter(unit__parent=unit.parent).select_related("unit__parent")))[
        "street"].get(unit.parent.code) if unit.parent else None
    return {"community": unit.code, "name": unit.name, "street": unit.parent.name if unit.parent else "",
            "budgets": budgets, "progress": mine.progress if mine else 0,
            "street_progress": street.progress if street else None, "projects": projects}


#: the core.ratings system key of 民生微实事
#: (services.ratings.RATING_SYSTEM; selectors do not import services)
RATING_SYSTEM = "microprojects"


def with_resident_ratings(projects: list[dict]) -> list[dict]:
    """Each completed project's residents' 好差评 (core.ratings, the national five levels): how many, per
    level, the share of 满意 and 非常满意 — beside the third party's survey figure, never merged into it.
    Counts only: no rater, tag or comment."""
    counts = level_counts(system=RATING_SYSTEM, groups=[p["id"] for p in projects if p["completed_on"]])
    for p in projects:
        row = counts.get(str(p["id"]))
        p["resident_ratings"] = None if row is None else {
            "count": row["count"], "satisfied_share": row["satisfied_share"],
            "levels": [{"label": label, "count": n} for label, n in row["labelled"]]}
    return projects


def project_public_get(pk) -> Project | None:
    """A public project (its notice published) by its number, else None."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    if not 0 < pk < 2**63:
        return None
    return public_projects().filter(pk=pk).first()


def rating_code_for(project: Project, subjects) -> RatingCode | None:
    """The project's 评价码 the visitor proved in this session (`subjects`: core.ratings.session.proven, as
    "<project>/<code>"), the latest one, else None."""
    prefix = f"{project.pk}/"
    ids = [s[len(prefix):] for s in subjects if s.startswith(prefix) and s[len(prefix):].isdigit()]
    if not ids:
        return None
    return RatingCode.objects.filter(project=project, pk=int(ids[-1])).first()


def project_page(project: Project) -> dict:
    """One public project with its residents' ratings (the JSON twin of its page)."""
    return with_resident_ratings([project_public(project)])[0]


def communities_public() -> list[dict]:
    """Every community with its count of public projects and mean progress (the street roll-up by street)."""
    projects = list(public_projects().select_related("unit__parent"))
    names = {p.unit.code: p.unit.name for p in projects}
    counts = {}
    for p in projects:
        counts[p.unit.code] = counts.get(p.unit.code, 0) + 1
    rolled = rollup(projects)["community"]
    return [{"code": code, "name": names[code], "projects": counts[code],
             "progress": rolled[code].progress if code in rolled else 0} for code in sorted(counts)]


def library_public() -> list[dict]:
    return [{"id": e.pk, "level": e.level, "category": str(CATEGORY_LABELS[e.category]), "kind": e.kind,
             "title": scrub_text(e.title), "text": scrub_text(e.text), "guide": scrub_text(e.guide),
             "standard": scrub_text(e.standard), "reference_amount": str(e.reference_amount),
             "publisher": e.unit.name}
            for e in LibraryEntry.objects.select_related("unit")]


def notices_running(*, today: date) -> list[dict]:
    """Notices open for objections today, with their frozen content (scrubbed) and hash."""
    out = []
    for n in Notice.objects.filter(closed_on__isnull=True, published_on__lte=today, ends_on__gte=today
                                   ).select_related("project", "project__unit"):
        content = {k: clean(v, n.project) if isinstance(v, str) else v for k, v in n.content.items()}
        out.append({"id": n.pk, "published_on": n.published_on.isoformat(), "ends_on": n.ends_on.isoformat(),
                    "content": content, "content_hash": n.content_hash})
    return out


def notice_get(pk) -> Notice | None:
    try:
        return Notice.objects.select_related("project").filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        return None


def totals() -> dict:
    money = public_projects().aggregate(total=Sum("amount"))["total"]
    return {"projects": public_projects().count(), "amount": str(money or 0)}


def milestone_photo_public(pk) -> MilestoneFile | None:
    """A milestone's photo (re-encoded, no metadata) of a public project; documents stay on staff pages."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    f = MilestoneFile.objects.filter(pk=pk, milestone__project__notice__isnull=False).first()
    return f if f is not None and f.is_photo else None


def suggestion_by_receipt(code: str) -> dict | None:
    """What the proposer of a suggestion may see with their receipt code: its state, the reason when it was
    declined, and the projects made from it (status; the reason when refused). Nothing about anyone."""
    code = (code or "").strip().upper()
    if not code or len(code) > 32:
        return None
    s = Suggestion.objects.filter(receipt_digest=token_hash(code)).select_related("unit").first()
    if s is None:
        return None
    projects = [
        {
            "id": p.pk,
            "title": clean(p.title, p),
            "step": p.step,
            "step_label": str(STEP_LABELS[Step(p.step)]),
            "reason": clean(p.reason, p) if p.step == Step.REJECTED else "",
            "public": hasattr(p, "notice"),
        }
        for p in s.projects.all()
    ]
    return {
        "id": s.pk,
        "community": s.unit.name,
        "title": clean(s.title),
        "state": s.state,
        "state_label": str(s.get_state_display()),
        "reason": clean(s.reason) if s.state == "declined" else "",
        "projects": projects,
    }
