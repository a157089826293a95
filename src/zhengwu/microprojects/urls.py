from django.urls import path

from zhengwu.microprojects import api
from zhengwu.microprojects.views import assess, planning, public, staff

app_name = "microprojects"
urlpatterns = [
    path("", staff.index, name="index"),
    path("index.json", staff.index, {"fmt": "json"}, name="index_json"),
    path("new/", staff.project_new, name="project_new"),
    path("<int:pk>/", staff.project, name="project"),
    path("<int:pk>.json", staff.project, {"fmt": "json"}, name="project_json"),
    path("<int:pk>/do/<slug:action>/", staff.project_act, name="project_act"),
    path("budgets/", planning.budgets, name="budgets"),
    path("budgets.json", planning.budgets, {"fmt": "json"}, name="budgets_json"),
    path("excellence/", planning.excellence, name="excellence"),
    path("excellence.json", planning.excellence, {"fmt": "json"}, name="excellence_json"),
    path("stages/", planning.stages, name="stages"),
    path("stages.json", planning.stages, {"fmt": "json"}, name="stages_json"),
    path("suggestions/", planning.suggestions, name="suggestions"),
    path("suggestions.json", planning.suggestions, {"fmt": "json"}, name="suggestions_json"),
    path("suggestions/import/", planning.suggestions_import, name="suggestions_import"),
    path("suggestions/<int:pk>/triage/", planning.suggestion_triage, name="suggestion_triage"),
    path("milestone-files/<int:pk>/", staff.milestone_file, name="milestone_file"),
    path("public/milestone-files/<int:pk>/", public.milestone_file, name="public_milestone_file"),
    path("assess/", assess.index, name="assess"),
    path("assess.json", assess.index, {"fmt": "json"}, name="assess_json"),
    path("public/", public.public_index, name="public_index"),
    path("public/index.json", public.public_index, {"fmt": "json"}, name="public_index_json"),
    path("public/suggest/", public.public_suggest, name="public_suggest"),
    path("public/receipt/", public.public_receipt, name="public_receipt"),
    path("public/c/<slug:code>/", public.public_community, name="public_community"),
    path("public/c/<slug:code>.json", public.public_community, {"fmt": "json"}, name="public_community_json"),
    path("public/notice/<int:pk>/", public.public_notice, name="public_notice"),
    path("public/p/<int:pk>/", public.public_project, name="public_project"),
    path("public/p/<int:pk>.json", public.public_project, {"fmt": "json"}, name="public_project_json"),
    path("public/p/<int:pk>/rate/", public.public_project_rate, name="public_project_rate"),
    path("<int:pk>/rating-codes/", staff.rating_codes, name="rating_codes"),
    path("api/assess/", api.assess, name="api_assess"),
    path("api/suggestions/", api.suggestions, name="api_suggestions"),
    path("api/projects/", api.projects, name="api_projects"),
]
