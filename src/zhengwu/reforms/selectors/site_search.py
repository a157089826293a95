"""The public site search's provider (issue 14 contract): the reform plan's items by number or words of their
title — the plan is a public document; progress shows only for items the reform office published."""

from django.urls import reverse

from zhengwu.reforms.models import Plan
from zhengwu.reforms.standard import ITEMS, STAGE_LABELS, Stage


def site_search(q: str, *, limit: int = 5) -> dict:
    """{"items": [{"title", "url", "summary"}], "more_url"} for items whose number is `q` or whose title or
    text contains it; [] for an empty query."""
    q = (q or "").strip()
    if not q:
        return {"items": [], "more_url": ""}
    found = [i for i in ITEMS if q == str(i.number) or q in i.title or q in i.summary]
    published = dict(Plan.objects.filter(published=True, item_number__in=[i.number for i in found])
                     .values_list("item_number", "stage"))
    page = reverse("reforms:public")
    items = [{"title": f"{i.number}. {i.title}", "url": f"{page}#item-{i.number}",
              "summary": "、".join(i.lead_units) + (f" · {STAGE_LABELS[Stage(published[i.number])]}"
                                                   if i.number in published else "")}
             for i in found[:limit]]
    return {"items": items, "more_url": page if len(found) > limit else ""}
