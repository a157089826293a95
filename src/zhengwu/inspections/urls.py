from django.urls import path

from zhengwu.inspections import api
from zhengwu.inspections.views import public, staff

app_name = "inspections"
urlpatterns = [
    path("", staff.index, name="index"),
    path("index.json", staff.index, {"fmt": "json"}, name="index_json"),
    path("public/draws/", public.draws, name="public_draws"),
    path("public/draws.json", public.draws, {"fmt": "json"}, name="public_draws_json"),
    path("public/draws/<int:pk>/", public.draw, name="public_draw"),
    path("public/draws/<int:pk>.json", public.draw, {"fmt": "json"}, name="public_draw_json"),
    path("public/draws/<int:pk>/verify/", public.verify, name="public_verify"),
    path("public/draws/<int:pk>/verify.json", public.verify, {"fmt": "json"}, name="public_verify_json"),
    path("public/results/", public.results, name="public_results"),
    path("public/results.json", public.results, {"fmt": "json"}, name="public_results_json"),
    path("api/batches/<int:pk>/draws/", api.draws, name="api_draws"),
    path("api/draws/<int:pk>/run/", api.run, name="api_run"),
    path("api/draws/<int:pk>/redraw/", api.redraw, name="api_redraw"),
    path("api/tasks/<int:pk>/result/", api.result, name="api_result"),
    path("api/tasks/<int:pk>/publish/", api.publish, name="api_publish"),
]
