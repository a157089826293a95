"""URLs for test_edge: one API view of each kind and one page with its JSON twin."""

from django.http import Http404
from django.urls import path

from zhengwu.core.api import api_view
from zhengwu.core.errors import ApplicationError
from zhengwu.core.render import twin
from zhengwu.urls import urlpatterns as site_urls


@api_view(methods=["POST"], scope="test.scope", session=True)
def write(request):
    if request.POST.get("fail"):
        raise ApplicationError("不行", code="nope", field="fail")
    who = request.principal
    return {"principal": getattr(who, "username", None) or getattr(who, "name", None)}, 201


@api_view(methods=["GET"], public=True)
def read(request):
    return [1, 2, 3]


@twin("edge_test/page.html", cors=True, error_context=lambda request: {"message": "no data"})
def page(request, pk):
    if pk == 0:
        raise Http404("no such thing")
    if pk == 1:
        raise ApplicationError("坏的参数", code="bad_param")
    return {"status": 200, "message": f"item {pk}"}, {"title": "page-only"}


urlpatterns = [
    path("write/", write),
    path("read/", read),
    path("page/<int:pk>/", page),
    path("page/<int:pk>.json", page, {"fmt": "json"}),
    *site_urls,  # the base template links to the shell's pages
]
