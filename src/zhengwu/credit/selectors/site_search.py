"""双公示's part of the public site's search box (declared as `provides["public_search"]`).

The box's one field goes through the public search's own `q` rule (`public.parse_search`): an
18-character code is a 统一社会信用代码, anything else a name (at least two characters). Only
published records, presented by `public.present_row` (masked) — the same rows as the search page.
"""

from urllib.parse import urlencode

from django.urls import reverse

from zhengwu.credit.selectors import public


def site_search(q: str, *, limit: int = 5) -> dict:
    """{"items": [{title, url, summary}], "more_url"}: the newest public records matching `q`."""
    page = public.public_search(public.parse_search({"q": q, "limit": str(limit)}))
    items = [
        {
            "title": r["subject_name"] or r["kind_label"],
            "url": r["url"],
            "summary": " · ".join(
                v for v in (r["kind_label"], r["decision_no"], r["decided_on"], r["authority"]) if v
            ),
        }
        for r in page.records
    ]
    return {"items": items, "more_url": f"{reverse('credit:public_search')}?{urlencode({'q': q})}"}
