"""The JSON API of 民生微实事 (core.api: one authentication, one error shape).

POST /microprojects/api/assess/       a proposal, as `zhengwu microprojects assess FILE.json` reads it
     → 200 {"ok", "review_path", "violations", "negative_list_matches", "audits"}   (public, stores nothing)
POST /microprojects/api/suggestions/  {"community", "title", "text", "name", "contact"} from the WeChat
     account's server (key scope "microprojects.suggestions") → 201 {"id", "receipt"} (the
     proposer's receipt code, to look up the outcome at /microprojects/public/receipt/)
GET  /microprojects/api/projects/     the projects the caller may see (session or key "microprojects.read")
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from zhengwu.core.api import api_view
from zhengwu.core.errors import ApplicationError
from zhengwu.core.http import json_body
from zhengwu.microprojects import rules, selectors, services
from zhengwu.org.selectors import unit_by_code


@api_view(methods=["POST"], public=True)
def assess(request):
    try:
        proposal = rules.parse_proposal(json_body(request))
    except rules.InvalidProposal as exc:
        raise ApplicationError(exc.message, code="invalid_proposal", field=exc.field) from None
    assessment = rules.assess(proposal, today=timezone.localdate())
    return {"ok": assessment.ok, **assessment.as_json()}


@api_view(methods=["POST"], scope="microprojects.suggestions", session=False)
def suggestions(request):
    body = json_body(request)
    unit = unit_by_code(str(body.get("community", ""))[:32])
    if unit is None:
        raise ApplicationError(_("未知社区代码。"), code="not_a_community", field="community")
    s = services.suggestion_submit(
        unit=unit,
        title=str(body.get("title", "")),
        body=str(body.get("text", "")),
        channel="wechat",
        proposer_name=str(body.get("name", "")),
        proposer_contact=str(body.get("contact", "")),
    )
    return {"id": s.pk, "receipt": s.receipt}, 201


@api_view(methods=["GET"], scope="microprojects.read")
def projects(request):
    rows = selectors.project_list(user=request.principal)[:500]
    return {
        "projects": [
            {
                "id": p.pk,
                "community": p.unit.code,
                "year": p.year,
                "title": p.title,
                "category": p.category,
                "amount": str(p.amount),
                "step": p.step,
                "progress": p.progress,
            }
            for p in rows
        ]
    }
