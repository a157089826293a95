"""Staff reads: the reviewer's inbox across streets and years, one project with its record, the pools."""

from zhengwu.microprojects.models import Expert, LibraryEntry, MilestoneFile, Project, Suggestion
from zhengwu.microprojects.standard import Step
from zhengwu.org.scoping import get_for_user, scoped


def project_list(*, user, step: str = "", year: int | None = None):
    """The projects this user may see (all streets and years for district roles), priority first."""
    qs = scoped(Project.objects.select_related("unit", "unit__parent"), user)
    if step:
        qs = qs.filter(step=step)
    if year:
        qs = qs.filter(year=year)
    return qs


def inbox(*, user):
    """Projects waiting for someone (not finished, not refused), oldest application first."""
    return project_list(user=user).exclude(step__in=[Step.REJECTED, Step.EVALUATION]).order_by(
        "-priority", "applied_on", "id")


def project_get(*, user, pk) -> Project:
    return get_for_user(Project.objects.select_related("unit", "unit__parent"), user, pk)


def project_record(project: Project) -> list:
    """Every step recorded, in order (review notes stay on staff pages)."""
    return list(project.records.select_related("actor"))


def suggestion_list(*, user, state: str = ""):
    qs = scoped(Suggestion.objects.select_related("unit"), user)
    return qs.filter(state=state) if state else qs


def suggestion_get(*, user, pk) -> Suggestion:
    return get_for_user(Suggestion.objects.select_related("unit"), user, pk)


def library_entries():
    return LibraryEntry.objects.select_related("unit")


def library_entry_get(pk) -> LibraryEntry | None:
    try:
        return LibraryEntry.objects.filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        return None


def experts_of(project: Project) -> list[Expert]:
    return [a.expert for a in project.experts.select_related("expert")]


def milestone_file_get(*, user, pk) -> MilestoneFile:
    """A milestone's photo or document, for staff who may see its project (anyone else: 404)."""
    return get_for_user(MilestoneFile.objects.select_related("milestone__project"), user, pk,
                        unit_field="milestone__project__unit")


def milestone_files(project: Project) -> list[MilestoneFile]:
    return list(MilestoneFile.objects.filter(milestone__project=project).select_related("milestone"))
