"""The site-wide public search: one query to every system that provides `public_search`, results by system.

A provider is `fn(q: str, *, limit: int) -> {"items": [{"title", "url", "summary"}], "more_url": str}`
and reads only what its system publishes (双公示 records by name or code, 大分拨 case numbers …); a
query it refuses (ApplicationError) is shown in that system's group, the others still answer.
"""

from django.apps import apps
from django.utils.translation import gettext as _

from zhengwu.core.errors import ApplicationError
from zhengwu.core.systems import providers

MAX_QUERY = 64
PER_SYSTEM = 5


def parse_query(params) -> str:
    q = " ".join((params.get("q") or "").split())
    if len(q) > MAX_QUERY:
        raise ApplicationError(
            _("搜索词最多 %(n)s 个字。") % {"n": MAX_QUERY}, code="invalid_parameter", field="q"
        )
    return q


def site_search(q: str, *, limit: int = PER_SYSTEM) -> list[dict]:
    """[{system, title, items, more_url, error}] for every provider, in the registry's order."""
    found = providers("public_search")
    groups = []
    for label, fn in found.items():
        system = getattr(apps.get_app_config(label), "system", None)
        group = {"system": label, "title": str(system.public_title if system else label), "items": [],
                 "more_url": "", "error": "", "order": system.order if system else 100}
        try:
            answer = fn(q, limit=limit)
        except ApplicationError as exc:
            group["error"] = exc.message
        else:
            group["items"] = list(answer.get("items", []))[:limit]
            group["more_url"] = answer.get("more_url", "") if group["items"] else ""
        groups.append(group)
    groups.sort(key=lambda g: g["order"])
    for g in groups:
        del g["order"]
    return groups
