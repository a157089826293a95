"""Staff pages: the inbox across streets and years, filing a project, one project with its actions."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhengwu.core import uploads
from zhengwu.core.conf import setting
from zhengwu.core.errors import ApplicationError
from zhengwu.core.render import twin
from zhengwu.microprojects import forms, rules, selectors, services
from zhengwu.microprojects.standard import STEP_LABELS, Step
from zhengwu.org.scoping import units_for


def _row(p) -> dict:
    return {
        "id": p.pk,
        "title": p.title,
        "community": p.unit.name,
        "street": p.unit.parent.name if p.unit.parent else "",
        "year": p.year,
        "category": p.category,
        "amount": str(p.amount),
        "step": p.step,
        "step_label": str(STEP_LABELS[Step(p.step)]),
        "priority": p.priority,
        "progress": p.progress,
    }


@login_required
@twin("microprojects/index.html")
def index(request):
    """The reviewer's inbox: every project waiting, across the streets and years the user may see."""
    step = request.GET.get("step", "")
    if step and step not in Step.__members__.values():
        step = ""
    qs = (
        selectors.inbox(user=request.user)
        if not step
        else selectors.project_list(user=request.user, step=step)
    )
    page = Paginator(qs, setting("MICROPROJECTS_PAGE_SIZE")).get_page(request.GET.get("page"))
    return {"projects": [_row(p) for p in page]}, {"page": page, "system_title": _("民生微实事"),
                                                  "steps": [(s.value, STEP_LABELS[s]) for s in Step]}


@login_required
@twin("microprojects/project_new.html", error_context=lambda r: {"form": forms.ProjectForm(r.POST or None),
                                                                 "units": units_for(r.user)})
def project_new(request):
    form = forms.ProjectForm(request.POST or None)
    units = units_for(request.user).filter(kind="community")
    if request.method == "POST" and form.is_valid():
        unit = units.filter(code=request.POST.get("unit", "")).first()
        if unit is None:
            raise ApplicationError(_("请选择您所在的社区。"), code="not_a_community", field="unit")
        d = form.cleaned_data
        suggestions = [selectors.suggestion_get(user=request.user, pk=pk) for pk in form.suggestion_ids()]
        entry = selectors.library_entry_get(d.get("library_entry")) if d.get("library_entry") else None
        project = services.project_create(
            unit=unit, actor=request.user, on=timezone.localdate(), category=d["category"], kind=d["kind"],
            title=d["title"], body=d["description"], amount=d["amount"], admin_cost=d["admin_cost"] or 0,
            applicant_kind=d["applicant_kind"], applicant_name=d["applicant_name"], suggestions=suggestions,
            library_entry=entry)
        return redirect("microprojects:project", pk=project.pk)
    return {}, {"form": form, "units": units}


def _detail(request, pk):
    project = selectors.project_get(user=request.user, pk=pk)
    today = timezone.localdate()
    steps = rules.project_steps(project.category, project.amount)
    due = rules.next_step(steps, Step(project.step))
    deadlines = selectors.deadlines_of(project)
    notice = getattr(project, "notice", None) if hasattr(project, "notice") else None
    data = {
        "project": _row(project)
        | {
            "text": project.text,
            "reason": project.reason,
            "negative_matches": project.negative_matches,
            "government_overlaps": project.government_overlaps,
            "expert_amount": None if project.expert_amount is None else str(project.expert_amount),
        },
        "path": [{"step": s, "label": str(STEP_LABELS[s])} for s in steps],
        "next": due,
        "deadlines": {k: v.isoformat() if v else None for k, v in deadlines.items()},
        "year_end": selectors.year_end_flag(project, today=today),
        "record": [
            {"step": r.step, "passed": r.passed, "on": r.on.isoformat(), "note": r.note, "data": r.data}
            for r in selectors.project_record(project)
        ],
    }
    page = {
        "p": project,
        "next_label": STEP_LABELS.get(due) if due else "",
        "experts": selectors.experts_of(project),
        "notice": notice,
        "step_form": forms.StepForm(),
        "council_form": forms.CouncilForm(),
        "draw_form": forms.ExpertDrawForm(),
        "reasons_form": forms.ReasonsForm(),
        "implementer_form": forms.ImplementerForm(),
        "milestone_form": forms.MilestoneForm(),
        "complete_form": forms.CompleteForm(),
        "audit_form": forms.AuditForm(),
        "evaluation_form": forms.EvaluationForm(),
        "answer_form": forms.ObjectionAnswerForm(),
        "milestones": list(project.milestones.all()),
        "contribution_form": forms.ContributionForm(),
        "contributions": list(project.contributions.all()),
        "milestone_files": selectors.milestone_files(project),
        "system_title": _("民生微实事"),
    }
    return data, page


@login_required
@twin("microprojects/project.html")
def project(request, pk):
    return _detail(request, pk)


def _act(request, project, action):
    """Run one action's form and service; ApplicationError goes back to the page as its message."""
    on, user, post = timezone.localdate(), request.user, request.POST
    if action in {"two_committees", "expert_review", "first_secretary"}:
        f = forms.StepForm(post)
        if not f.is_valid():
            raise ApplicationError(_("请检查表单。"), code="invalid_form")
        d = f.cleaned_data
        if action == "two_committees":
            return services.two_committees_record(project=project, actor=user, on=on, passed=d["passed"],
                                                  minutes=d["note"], attendees=d["attendees"] or 0)
        if action == "expert_review":
            return services.expert_review_record(project=project, actor=user, on=on, passed=d["passed"],
                                                 notes=d["note"], amount=d["amount"])
        return services.first_secretary_record(project=project, actor=user, on=on, approved=d["passed"],
                                               note=d["note"])
    form_class, call = (
        {
            "draw": (
                forms.ExpertDrawForm,
                lambda d: services.experts_draw(project=project, actor=user, need={d["field"]: d["count"]}),
            ),
            "council": (forms.CouncilForm, None),
            "reasons": (
                forms.ReasonsForm,
                lambda d: (
                    services.negative_override(
                        project=project, item=d["item"], reasons=d["reasons"], actor=user
                    )
                    if d["item"]
                    else services.cap_exception_approve(project=project, reasons=d["reasons"], actor=user)
                ),
            ),
            "notice": (None, lambda d: services.notice_publish(project=project, actor=user, on=on)),
            "notice_close": (None, lambda d: services.notice_close(project=project, actor=user, on=on)),
            "answer": (
                forms.ObjectionAnswerForm,
                lambda d: services.objection_answer(
                    objection=project.notice.objections.get(pk=d["objection"]),
                    actor=user,
                    answer=d["answer"],
                    upheld=d["upheld"],
                ),
            ),
            "implementer": (
                forms.ImplementerForm,
                lambda d: services.implementer_choose(
                    project=project, actor=user, on=on, implementer=d["implementer"]
                ),
            ),
            "contribution": (
                forms.ContributionForm,
                lambda d: services.contribution_record(
                    project=project, actor=user, on=on, kind=d["kind"], party=d["party"], amount=d["amount"]
                ),
            ),
            "milestone": (
                forms.MilestoneForm,
                lambda d: services.milestone_record(
                    project=project,
                    actor=user,
                    on=on,
                    title=d["title"],
                    progress=d["progress"],
                    note=d["note"],
                    files=request.FILES.getlist("files"),
                ),
            ),
            "complete": (
                forms.CompleteForm,
                lambda d: services.project_complete(
                    project=project,
                    actor=user,
                    on=on,
                    maintenance_unit=d["maintenance_unit"],
                    funds_used=d["funds_used"],
                    results=d["results"],
                ),
            ),
            "evaluate": (
                forms.EvaluationForm,
                lambda d: services.evaluation_record(
                    project=project,
                    actor=user,
                    on=on,
                    evaluator=d["evaluator"],
                    satisfaction=d["satisfaction"],
                    respondents=forms.respondents(d),
                    resident_score=d["resident_score"],
                    council_score=d["council_score"],
                    expert_score=d["expert_score"],
                ),
            ),
        }.get(action, (None, None))
        if not action.startswith("audit_")
        else (
            forms.AuditForm,
            lambda d: services.audit_record(
                project=project,
                actor=user,
                on=on,
                audit=action[6:],
                result=d["result"],
                approved_amount=d["approved_amount"],
            ),
        )
    )
    if action == "council":
        f = forms.CouncilForm(post)
        if not f.is_valid():
            raise ApplicationError(_("请检查表决人数。"), code="invalid_form")
        return services.council_record(project=project, actor=user, on=on, minutes=f.cleaned_data["minutes"],
                                       tallies=f.tallies())
    if call is None:
        raise ApplicationError(_("未知操作。"), code="unknown_action")
    data = {}
    if form_class is not None:
        f = form_class(post)
        if not f.is_valid():
            first = next(iter(f.errors.items()))
            raise ApplicationError(
                f"{f.fields[first[0]].label if first[0] in f.fields else ''}：{first[1][0]}",
                code="invalid_form",
                field=first[0],
            )
        data = f.cleaned_data
    return call(data)


def _page_again(request) -> dict:
    """The project page's context, for showing a refused action's message on it (status 4xx)."""
    data, page = _detail(request, request.resolver_match.kwargs["pk"])
    return {**data, **page}


@login_required
@require_POST
@twin("microprojects/project.html", error_context=_page_again)
def project_act(request, pk, action):
    project = selectors.project_get(user=request.user, pk=pk)
    _act(request, project, action)
    return redirect("microprojects:project", pk=pk)


@login_required
@require_POST
@twin("microprojects/rating_codes.html", error_context=_page_again)
def rating_codes(request, pk):
    """The street issues 评价码 of a completed project for residents' 好差评: shown this once, to print and
    hand out (one per person asked); only their digests are kept."""
    project = selectors.project_get(user=request.user, pk=pk)
    form = forms.RatingCodesIssueForm(request.POST)
    if not form.is_valid():
        raise ApplicationError(_("每次发放 1 至 500 个评价码。"), code="invalid_count", field="count")
    codes = services.rating_codes_issue(project=project, count=form.cleaned_data["count"], actor=request.user)
    return {"project": project.pk, "count": len(codes)}, {
        "p": project, "codes": codes, "system_title": _("民生微实事"),
        "public_url": request.build_absolute_uri(reverse("microprojects:public_project", args=[project.pk]))}


@login_required
def milestone_file(request, pk):
    """A milestone's photo or document for staff who may see the project: photos inline (re-encoded),
    everything else a download (core.uploads)."""
    found = selectors.milestone_file_get(user=request.user, pk=pk)
    extension = {"application/pdf": "pdf"}.get(found.content_type, found.content_type.rsplit("/", 1)[-1])
    if "spreadsheetml" in found.content_type:
        extension = "xlsx"
    return uploads.serve(request, found.file.name, content_type=found.content_type,
                         filename=f"milestone-{found.pk}.{extension}")
