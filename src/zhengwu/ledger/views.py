from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from zhengwu.ledger.selectors import entry_list


@login_required
def entries(request):
    qs = entry_list(user=request.user, action=request.GET.get("action", "").strip(),
                    object_type=request.GET.get("object_type", "").strip(),
                    object_id=request.GET.get("object_id", "").strip())
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "ledger/entry_list.html", {"page": page})
