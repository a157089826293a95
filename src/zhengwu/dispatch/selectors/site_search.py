"""大分拨's part of the public site's search box (declared as `provides["public_search"]`)."""

import re
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

CASE_NO_SHAPE = re.compile(r"LH\d{14}")


def site_search(q: str, *, limit: int = 5) -> dict:
    """A case number leads to the lookup with the number filled in. Nothing is read: whether a number
    exists is told only to whoever proves the case with its phone (as in the lookup, dispatch.limits)."""
    case_no = (q or "").strip().upper()
    if not CASE_NO_SHAPE.fullmatch(case_no):
        return {"items": [], "more_url": ""}
    url = f"{reverse('dispatch:lookup')}?{urlencode({'case_no': case_no})}"
    return {
        "items": [
            {
                "title": _("受理编号 %(case_no)s 的办理进度") % {"case_no": case_no},
                "url": url,
                "summary": _("输入反映时留下的联系电话即可查看办理进度并评价。"),
            }
        ][:limit],
        "more_url": "",
    }
