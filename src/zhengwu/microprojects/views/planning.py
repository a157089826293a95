"""Staff pages of the yearly round: budgets per street and community with their findings (§七(三)),
the selection of excellent projects (§六(四)), stage dates per year with a preview of what a change moves,
and the suggestions' triage and historical import (§四). Thin: forms in, services out."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengwu.core import uploads
from zhengwu.core.conf import setting
from zhengwu.core.errors import ApplicationError
from zhengwu.core.render import twin
from zhengwu.microprojects import forms, rules, selectors, services
from zhengwu.microprojects.rules import schedule
from zhengwu.org.selectors import unit_by_code

TITLE = _("民生微实事")
IMPORT_MAX_BYTES = 50 * 1024 * 1024  # 58,000 suggestions are a few MB; more is not a backlog


def _year(request) -> int:
    try:
        year = int(request.GET.get("year") or request.POST.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    return min(max(year, 2016), 2100)


def _invalid(form) -> ApplicationError:
    """The first wrong field of a bound form as the one error shape (forms are bound on every POST)."""
    name, errors = next(iter(form.errors.items()))
    label = form.fields[name].label if name in form.fields else ""
    return ApplicationError(f"{label}：{errors[0]}", code="invalid_form", field=name)


def _money(v) -> str | None:
    return None if v is None else str(v)


def _budget_data(request, year: int) -> dict:
    o = selectors.planning.budget_overview(user=request.user, year=year, today=timezone.localdate())
    projects = selectors.project_list(user=request.user, year=year).filter(
        step__in=selectors.planning.COUNTED_STEPS).only("pk", "unit__code", "unit__parent__code", "amount",
                                                        "expert_amount", "progress", "step")
    roll = selectors.planning.progress_rollup(list(projects))
    return {
        "year": year,
        "streets": [
            {
                **s,
                "budget": _money(s["budget"]),
                "committed": _money(s["committed"]),
                "remaining": _money(s["remaining"]),
                "progress": roll["street"][s["code"]].progress if s["code"] in roll["street"] else None,
            }
            for s in o["streets"]
        ],
        "communities": [
            {
                "code": c["code"],
                "name": c["name"],
                "street": c["street"],
                "budget": _money(c["usage"].budget),
                "committed": _money(c["usage"].committed),
                "spent": _money(c["usage"].spent),
                "remaining": _money(c["usage"].remaining),
                "share": c["usage"].share,
                "projects": c["usage"].projects,
                "findings": c["findings"],
                "progress": roll["community"][c["code"]].progress if c["code"] in roll["community"] else None,
            }
            for c in o["communities"]
        ],
        "unfinished_at_year_end": [
            {"id": p.pk, "title": p.title, "community": p.unit.name, "rule": "budget.unfinished_at_year_end"}
            for p in o["unfinished"]
        ],
    }


@login_required
@twin(
    "microprojects/budgets.html",
    error_context=lambda r: {
        **_budget_data(r, _year(r)),
        "form": forms.BudgetForm(r.POST or None),
        "system_title": TITLE,
    },
)
def budgets(request):
    """Yearly budgets per street and community: set, committed, spent, remaining, progress, findings."""
    year = _year(request)
    form = forms.BudgetForm(request.POST if request.method == "POST" else None, initial={"year": year})
    if request.method == "POST":
        if not form.is_valid():
            raise _invalid(form)
        unit = unit_by_code(form.cleaned_data["unit"])
        if unit is None or unit.kind not in ("street", "community"):
            raise ApplicationError(_("单位代码须为街道或社区。"), code="invalid", field="unit")
        services.budget_set(actor=request.user, unit=unit, year=form.cleaned_data["year"],
                            amount=form.cleaned_data["amount"])
        return redirect(f"{request.path}?year={form.cleaned_data['year']}")
    return _budget_data(request, year), {"form": form, "system_title": TITLE}


def _excellence_data(request, year: int) -> dict:
    rows = selectors.planning.excellence_candidates(year=year, user=request.user).order_by(
        "excellence_rank", "project_id")
    return {
        "year": year,
        "projects": [
            {
                "id": e.project_id,
                "title": e.project.title,
                "community": e.project.unit.name,
                "residents": _money(e.resident_score),
                "council": _money(e.council_score),
                "experts": _money(e.expert_score),
                "total": _money(e.excellence_total),
                "rank": e.excellence_rank,
                "excellent": e.excellent,
            }
            for e in rows
        ],
    }


@login_required
@twin("microprojects/excellence.html", error_context=lambda r: {**_excellence_data(r, _year(r)),
                                                                "form": forms.ExcellenceForm(r.POST or None),
                                                                "system_title": TITLE})
def excellence(request):
    """§六(四) the yearly selection of excellent projects from the three scores."""
    year = _year(request)
    form = forms.ExcellenceForm(
        request.POST if request.method == "POST" else None, initial={"year": year, "count": 3}
    )
    if request.method == "POST":
        if not form.is_valid():
            raise _invalid(form)
        d = form.cleaned_data
        street = unit_by_code(d["street"]) if d["street"] else None
        if d["street"] and (street is None or street.kind != "street"):
            raise ApplicationError(_("街道代码无效。"), code="invalid", field="street")
        services.excellence_select(actor=request.user, year=d["year"], count=d["count"], street=street,
                                   weights={k: d[k] for k in ("residents", "council", "experts")})
        return redirect(f"{request.path}?year={d['year']}")
    return _excellence_data(request, year), {"form": form, "system_title": TITLE}


def _stage_data(year: int) -> dict:
    dates = selectors.planning.stage_dates_of(year)
    return {"year": year, "stages": [{"stage": s, "label": str(schedule.STAGE_LABELS[s]),
                                      "on": dates[s].isoformat() if s in dates else None}
                                     for s in schedule.STAGE_ORDER]}


@login_required
@twin("microprojects/stages.html", error_context=lambda r: {**_stage_data(_year(r)),
                                                            "form": forms.StageDateForm(r.POST or None),
                                                            "system_title": TITLE})
def stages(request):
    """Stage dates of a year; a change is shown first (what it moves), saved only when confirmed."""
    year = _year(request)
    form = forms.StageDateForm(request.POST if request.method == "POST" else None, initial={"year": year})
    preview = None
    if request.method == "POST":
        if not form.is_valid():
            raise _invalid(form)
        d = form.cleaned_data
        if d["stage"] not in schedule.STAGE_ORDER:
            raise ApplicationError(_("未知阶段。"), code="schedule.unknown_stage", field="stage")
        if d["confirm"]:
            services.stage_date_set(actor=request.user, year=d["year"], stage=d["stage"], on=d["on"])
            return redirect(f"{request.path}?year={d['year']}")
        try:
            p = selectors.planning.stage_preview(year=d["year"], stage=d["stage"], new=d["on"])
        except rules.RuleError as exc:
            raise ApplicationError(exc.message, code=exc.code, field="on") from None
        year = d["year"]
        preview = {"stage": p.change.stage, "label": str(schedule.STAGE_LABELS[p.change.stage]),
                   "old": p.change.old.isoformat() if p.change.old else None,
                   "new": p.change.new.isoformat() if p.change.new else None, "days": p.change.days,
                   "projects": list(p.projects)}
        form = forms.StageDateForm(initial={**d, "confirm": True})
    return _stage_data(year) | {"preview": preview}, {"form": form, "system_title": TITLE,
                                                      "stage_choices": [(s, schedule.STAGE_LABELS[s])
                                                                        for s in schedule.STAGE_ORDER]}


def _suggestion_data(request) -> dict:
    state = request.GET.get("state", "new")
    qs = selectors.suggestion_list(user=request.user, state=state if state in ("new", "library", "declined",
                                                                                 "duplicate") else "")
    page = Paginator(qs.order_by("-id"), setting("MICROPROJECTS_PAGE_SIZE")).get_page(request.GET.get("page"))
    return {
        "state": state,
        "suggestions": [
            {
                "id": s.pk,
                "title": s.title,
                "text": s.text,
                "community": s.unit.name,
                "channel": s.channel,
                "state": s.state,
                "areas": s.areas,
                "reason": s.reason,
                "proposer": s.proposer_name,
                "created_at": s.created_at.isoformat(),
            }
            for s in page
        ],
        "page": page.number,
        "pages": page.paginator.num_pages,
    }


def _suggestion_context(request) -> dict:
    return {
        **_suggestion_data(request),
        "import_form": forms.SuggestionImportForm(),
        "triage_form": forms.TriageForm(),
        "library": selectors.library_entries()[:200],
        "system_title": TITLE,
    }


@login_required
@twin("microprojects/suggestions.html", error_context=_suggestion_context)
def suggestions(request):
    """The suggestions waiting for triage (with who proposed them: staff only), and the historical import."""
    return _suggestion_data(request), {k: v for k, v in _suggestion_context(request).items()
                                       if k not in ("state", "suggestions", "page", "pages")}


@login_required
@twin("microprojects/suggestions.html", error_context=_suggestion_context)
def suggestions_import(request):
    """§四(一) the historical backlog from CSV/XLSX: de-duplicated, classified, all or nothing."""
    if request.method != "POST":
        return redirect("microprojects:suggestions")
    form = forms.SuggestionImportForm(request.POST, request.FILES)
    if not form.is_valid():
        raise _invalid(form)
    upload = form.cleaned_data["file"]
    name = upload.name or ""
    if not name.lower().endswith((".csv", ".xlsx")):
        raise ApplicationError(_("请上传 CSV 或 XLSX 文件。"), code="bad_file", field="file")
    kind = uploads.check_table(upload, field="file", max_bytes=IMPORT_MAX_BYTES)
    if kind != ("xlsx" if name.lower().endswith(".xlsx") else "csv"):
        raise ApplicationError(
            _("文件内容与扩展名不符（%(kind)s）。") % {"kind": kind}, code="bad_file", field="file"
        )
    upload.seek(0)
    summary = services.suggestions_import(data=upload.read(), filename=name, actor=request.user)
    return {"imported": summary}, {**_suggestion_context(request), "imported": summary}


@login_required
@twin("microprojects/suggestions.html", error_context=_suggestion_context)
def suggestion_triage(request, pk):
    """Triage one suggestion: into a library entry, declined
    with the reason the proposer is told, or duplicate."""
    if request.method != "POST":
        return redirect("microprojects:suggestions")
    suggestion = selectors.suggestion_get(user=request.user, pk=pk)
    form = forms.TriageForm(request.POST)
    if not form.is_valid():
        raise _invalid(form)
    d = form.cleaned_data
    entry = selectors.library_entry_get(d["library_entry"]) if d["library_entry"] else None
    other = selectors.suggestion_get(user=request.user, pk=d["duplicate_of"]) if d["duplicate_of"] else None
    services.suggestion_triage(suggestion=suggestion, decision=d["decision"], actor=request.user,
                               reason=d["reason"], library_entry=entry, duplicate_of=other)
    return redirect("microprojects:suggestions")
