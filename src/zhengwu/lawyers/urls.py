from django.urls import path

from zhengwu.lawyers import api
from zhengwu.lawyers.views import contracts, firms

app_name = "lawyers"
urlpatterns = [
    path("", firms.index, name="index"),
    path("index.json", firms.index, {"fmt": "json"}, name="index_json"),
    path("contracts/<int:pk>/", contracts.detail, name="contract"),
    path("contracts/<int:pk>.json", contracts.detail, {"fmt": "json"}, name="contract_json"),
    path("api/firm-eligibility/", api.firm_eligibility, name="api_firm_eligibility"),
    path("api/firms/", api.firms, name="api_firms"),
    path("api/contracts/<int:pk>/records/", api.records, name="api_records"),
    path("api/contracts/<int:pk>/assessments/", api.assessments, name="api_assessments"),
    path("api/contracts/<int:pk>/replacements/", api.replacements, name="api_replacements"),
    path("api/replacements/<int:pk>/<slug:step>/", api.replacement_step, name="api_replacement_step"),
    path("api/milestones/", api.milestones, name="api_milestones"),
]
