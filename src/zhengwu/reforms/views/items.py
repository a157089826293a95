"""The items list and its JSON twin."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.utils.translation import gettext as _

from zhengwu.core.conf import setting
from zhengwu.core.render import twin
from zhengwu.reforms import selectors


@login_required
@twin("reforms/index.html")
def index(request):
    page = Paginator(selectors.item_list(user=request.user), setting("REFORMS_PAGE_SIZE")).get_page(
        request.GET.get("page"))
    items = [{"id": i.pk, "title": i.title, "state": i.state, "unit": i.unit.name} for i in page]
    return {"items": items}, {"page": page, "system_title": _("改革督查")}
