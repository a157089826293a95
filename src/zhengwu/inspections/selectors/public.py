"""What the public sees of 双随机: the draw records and published results — ids and legal persons' names
only: no inspector's name, no natural person's name or code, and never an entity's credit-risk class."""

from urllib.parse import urlencode

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from zhengwu.inspections import rules
from zhengwu.inspections.models import Draw, Entity, Task
from zhengwu.inspections.standard import RESULT_CATEGORIES

_RESULT_LABELS = {c.code: str(c.label) for c in RESULT_CATEGORIES}


def public_entity(entity: Entity) -> dict:
    if entity.natural_person:
        return {"id": entity.code, "name": _("个体工商户（已隐去）"), "uscc": ""}
    return {"id": entity.code, "name": entity.name, "uscc": entity.uscc}


def public_inputs(inputs: dict) -> dict:
    """The published inputs without the credit-risk classes (they size the draw but are never shown): enough
    to re-run a draw by one ratio anywhere; a draw by class is re-run by `verify` on the server."""
    out = dict(
        inputs, objects=[{k: v for k, v in o.items() if k != "credit_class"} for o in inputs["objects"]]
    )
    out["classes_withheld"] = inputs["spec"]["class_ratios"] is not None
    return out


def draw_record(pk) -> dict:
    """One draw as the public sees it: batch, commitment, seed (once run), result, redraw history."""
    try:
        d = Draw.objects.select_related("batch", "batch__plan", "unit", "redraw_of").get(pk=int(pk))
    except (Draw.DoesNotExist, ValueError, TypeError):
        raise Http404(_("没有这次抽取。")) from None
    names = {}
    if d.result:
        ids = [int(o["id"][1:]) for o in d.result["objects"]]
        names = {e.code: public_entity(e) for e in Entity.objects.filter(pk__in=ids)}
    return {
        "id": d.pk, "batch": d.batch.title, "plan": d.batch.plan.title, "unit": d.unit.name,
        "state": d.state, "drawn_on": d.drawn_on.isoformat(), "commitment": d.commitment,
        "seed_sha256": d.seed_sha256, "seed": d.seed if d.state != Draw.State.COMMITTED else None,
        "beacon": d.beacon, "excluded": d.excluded,
        "redraw_of": d.redraw_of_id, "redraw_reason": d.redraw_reason if d.redraw_of_id else "",
        "redrawn_by": getattr(getattr(d, "redrawn_by", None), "pk", None),
        "result": None if not d.result else {
            "commitment": d.result["commitment"],
            "objects": [names.get(o["id"], {"id": o["id"]}) | {"inspectors": o["inspectors"]}
                        for o in d.result["objects"]]},
    }


def public_draws() -> list[dict]:
    return [{"id": d.pk, "batch": d.batch.title, "state": d.state, "drawn_on": d.drawn_on.isoformat(),
             "commitment": d.commitment, "redraw": d.redraw_of_id is not None}
            for d in Draw.objects.select_related("batch")[:200]]


def draw_verification(pk) -> dict:
    """Re-run a draw from its stored inputs and published seed: {"ok", "problems"} (anyone may ask)."""
    d = Draw.objects.filter(pk=pk).first() if str(pk).isdigit() else None
    if d is None:
        raise Http404(_("没有这次抽取。"))
    if d.result is None:
        return {"ok": False, "problems": [{"code": "not_drawn", "message": _("尚未抽取，种子未公布")}]}
    outcome = rules.verify(d.inputs, d.seed, d.result, beacon=d.beacon)
    return {"ok": outcome.ok, "commitment": d.commitment,
            "problems": [{"code": c, "message": str(rules.verification_message(c)), "detail": detail}
                         for c, detail in outcome.problems]}


def results(q: str = "", *, limit: int = 100) -> list[dict]:
    """Published results (一公开), newest first; `q` matches a legal person's name or code."""
    qs = Task.objects.filter(state=Task.State.PUBLISHED).select_related("entity", "unit")
    if q:
        qs = qs.filter(entity__natural_person=False).filter(entity__name__icontains=q) | qs.filter(
            entity__natural_person=False, entity__uscc=q.upper())
    return [public_entity(t.entity) | {"task": t.pk, "kind": t.kind, "unit": t.unit.name,
                                       "completed_on": t.completed_on.isoformat(),
                                       "published_on": t.published_on.isoformat(),
                                       "results": [_RESULT_LABELS.get(c, c) for c in t.results]}
            for t in qs.order_by("-published_on", "-id")[:limit]]


def site_search(q: str, *, limit: int = 5) -> dict:
    """The public-search provider (core/public/search.py):
    published results by a legal person's name or code."""
    if not q:
        return {"items": [], "more_url": ""}
    rows = results(q, limit=limit)
    url = reverse("inspections:public_results")
    return {
        "items": [
            {
                "title": r["name"],
                "url": f"{url}?{urlencode({'q': r['uscc'] or r['name']})}",
                "summary": f"{r['unit']} · {r['completed_on']} · {'、'.join(r['results'])}",
            }
            for r in rows
        ],
        "more_url": f"{url}?{urlencode({'q': q})}",
    }
