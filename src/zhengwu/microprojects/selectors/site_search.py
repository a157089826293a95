"""The public_search provider (issue 14's site search): published projects by title or community."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from zhengwu.microprojects.selectors.public import clean, public_projects

MAX_QUERY = 64


def site_search(q: str, *, limit: int = 5) -> dict:
    """{"items": [{"title", "url", "summary"}], "more_url"}: only what the public pages show."""
    q = " ".join((q or "").split())[:MAX_QUERY]
    if not q:
        return {"items": [], "more_url": ""}
    found = public_projects().filter(Q(title__icontains=q) | Q(unit__name__icontains=q))[:max(0, int(limit))]
    items = [
        {
            "title": clean(p.title, p),
            "url": reverse("microprojects:public_community", args=[p.unit.code]),
            "summary": _("%(community)s · %(year)s 年 · 进度 %(progress)s%%")
            % {"community": p.unit.name, "year": p.year, "progress": p.progress},
        }
        for p in found
    ]
    return {"items": items, "more_url": reverse("microprojects:public_index") if items else ""}
