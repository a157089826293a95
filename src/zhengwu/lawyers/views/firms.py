"""The overview of 律师驻队 (firms on the list, contracts, milestones) with
the §三(一) firm check, and its JSON twin. The check changes nothing; registering a firm on the list goes
through the API (firm_register)."""

from django.contrib.auth.decorators import login_required
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from zhengwu.core.render import twin
from zhengwu.lawyers import rules, selectors
from zhengwu.lawyers.forms import FirmForm
from zhengwu.lawyers.standard import FIRM_CONDITION_LABELS, FIRM_CONDITIONS


@login_required
@require_http_methods(["GET", "POST"])
@twin("lawyers/index.html")
def index(request):
    form = FirmForm(request.POST if request.method == "POST" else None, initial={"on": timezone.localdate()})
    today = timezone.localdate()
    data = {
        "conditions": [{"code": str(c), "label": str(label)} for c, label in FIRM_CONDITION_LABELS.items()],
        "result": None,
        "firms": [
            {
                "id": f.pk,
                "name": f.name,
                "listed": f.listed,
                "checked_on": f.checked_on.isoformat() if f.checked_on else None,
                "problems": [p["code"] for p in f.problems],
            }
            for f in selectors.firm_list()
        ],
        "contracts": [
            {
                "id": c.pk,
                "unit": c.unit.code,
                "unit_name": c.unit.name,
                "firm": c.firm.name,
                "lawyer": c.lawyer.name,
                "starts_on": c.starts_on.isoformat(),
                "ends_on": c.ends_on.isoformat(),
                "state": c.state,
            }
            for c in selectors.contract_list(user=request.user)
        ],
        "milestones": [
            r
            | {
                "due_on": r["due_on"].isoformat(),
                "done_on": r["done_on"].isoformat() if r["done_on"] else None,
                "late": r["done_on"] is None and r["due_on"] < today,
            }
            for r in selectors.programme_milestones()
        ],
    }
    page = {"form": form, "system_title": _("律师驻队"), "numbers": FIRM_CONDITIONS}
    if form.is_bound and form.is_valid():
        problems = rules.firm_eligibility(form.firm, on=form.cleaned_data["on"])
        failed = {p.code for p in problems}
        data["result"] = {"eligible": not problems, "problems": [{"code": str(p.code), "message": p.message}
                                                                 for p in problems]}
        page["rows"] = [{"label": label, "ok": c not in failed} for c, label in FIRM_CONDITION_LABELS.items()]
        page["problems"] = problems
    elif form.is_bound:
        data["errors"] = form.errors.get_json_data()
    return data, page
