"""The proposal check: anyone may test a proposal against the scheme before filing it (and its JSON twin)."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from zhengwu.core.render import twin
from zhengwu.microprojects import rules
from zhengwu.microprojects.forms import ProposalForm
from zhengwu.microprojects.standard import (
    AREAS,
    CAPS,
    CATEGORY_LABELS,
    EXPERT_REVIEW,
    NOTICE_WORKDAYS,
    SOURCE,
    STEP_LABELS,
)

_AREA_NAMES = {a.area: a.name for a in AREAS}


def _scheme() -> dict:
    """The scheme's numbers the page states (and its twin returns): caps and the expert-review thresholds."""
    return {"caps": {str(c): str(v) for c, v in CAPS.items()},
            "expert_review_from": {str(c): str(r.low) for c, r in EXPERT_REVIEW.items()},
            "notice_workdays": NOTICE_WORKDAYS}


@require_http_methods(["GET", "POST"])
@twin("microprojects/assess.html")
def index(request):
    form = ProposalForm(request.POST if request.method == "POST" else None)
    data = {"scheme": _scheme(), "assessment": None}
    page = {"form": form, "source": SOURCE, "system_title": _("民生微实事"),
            "caps": [(CATEGORY_LABELS[c], v) for c, v in CAPS.items()]}
    if form.is_bound and form.is_valid():
        assessment = rules.assess(form.proposal, today=timezone.localdate())
        data["assessment"] = assessment.as_json() | {"ok": assessment.ok}
        page["result"] = {
            "ok": assessment.ok, "violations": assessment.violations, "priority": assessment.priority,
            "path": [STEP_LABELS[s] for s in assessment.review_path],
            "audits": [STEP_LABELS[a] for a in assessment.audits],
            "areas": [_AREA_NAMES[a] for a in assessment.areas],
            "matches": assessment.negative_list_matches, "experts_set_amount": assessment.experts_set_amount,
        }
    elif form.is_bound:
        data["errors"] = form.errors.get_json_data()
    return data, page
