"""One contract: its people, work records with their totals,
assessments and replacements; a work-record form."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from zhengwu.core.errors import ApplicationError
from zhengwu.core.render import twin
from zhengwu.lawyers import rules, selectors, services
from zhengwu.lawyers.forms import WorkRecordForm
from zhengwu.lawyers.selectors.facts import work_facts
from zhengwu.lawyers.standard import REPLACEMENT_STATE_LABELS, SERVICE_KIND_LABELS


def _data(contract) -> dict:
    records = list(contract.records.all())
    totals = rules.summarise(work_facts(r) for r in records)
    return {
        "id": contract.pk,
        "unit": contract.unit.code,
        "unit_name": contract.unit.name,
        "firm": contract.firm.name,
        "lawyer": {"id": contract.lawyer.pk, "name": contract.lawyer.name},
        "assistants": [{"id": a.pk, "name": a.name} for a in contract.assistants.all()],
        "starts_on": contract.starts_on.isoformat(),
        "ends_on": contract.ends_on.isoformat(),
        "state": contract.state,
        "totals": {
            "hours": str(totals.hours),
            "cases": totals.cases,
            "disputes": totals.disputes,
            "documents": totals.documents,
            "days_present": totals.days_present,
            "actions": totals.actions,
            "by_kind": {str(SERVICE_KIND_LABELS[k]): n for k, n in totals.by_kind.items()},
        },
        "records": [
            {
                "day": r.day.isoformat(),
                "person": r.person.name,
                "kind": str(SERVICE_KIND_LABELS[r.kind]),
                "hours": str(r.hours),
                "cases": r.cases,
                "disputes": r.disputes,
                "documents": r.documents,
                "present": r.present,
                "actions": r.actions,
            }
            for r in records
        ],
        "assessments": [
            {
                "year": a.year,
                "score": str(a.score),
                "recommendation": a.recommendation,
                "parts": a.parts,
                "reasons": a.reasons,
            }
            for a in contract.assessments.all()
        ],
        "replacements": [
            {
                "id": r.pk,
                "outgoing": r.outgoing.name,
                "incoming": r.incoming.name,
                "reason": r.reason,
                "state": r.state,
                "state_label": str(REPLACEMENT_STATE_LABELS[r.state]),
            }
            for r in contract.replacements.all()
        ],
    }


@login_required
@require_http_methods(["GET", "POST"])
@twin("lawyers/contract.html")
def detail(request, pk: int):
    contract = selectors.contract_get(user=request.user, pk=pk)
    people = [contract.lawyer, *contract.assistants.all()]
    form = WorkRecordForm(request.POST if request.method == "POST" else None, people=people)
    if form.is_bound and form.is_valid():
        try:
            services.work_record_add(contract=contract, actor=request.user, **form.service_kwargs())
        except ApplicationError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return redirect("lawyers:contract", pk=contract.pk)
    return _data(contract), {"contract": contract, "form": form, "system_title": _("驻队律师合同")}
