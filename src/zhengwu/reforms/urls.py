from django.urls import path

from zhengwu.reforms import api
from zhengwu.reforms.views import assessment, micro, monthly, notices, plans, public, register, supervision

app_name = "reforms"
urlpatterns = [
    path("", register.index, name="index"),
    path("index.json", register.index, {"fmt": "json"}, name="index_json"),
    path("items/<int:number>/", plans.item, name="item"),
    path("attachments/<int:pk>/", plans.attachment, name="attachment"),
    path("micro/", micro.library, name="micro"),
    path("micro.json", micro.library, {"fmt": "json"}, name="micro_json"),
    path("reports/", monthly.reports, name="monthly"),
    path("reports.json", monthly.reports, {"fmt": "json"}, name="monthly_json"),
    path("reports/<int:pk>.pdf", monthly.download, name="monthly_pdf"),
    path("assessment/", assessment.records, name="assessment"),
    path("assessment.json", assessment.records, {"fmt": "json"}, name="assessment_json"),
    path("notices/", notices.notices, name="notices"),
    path("notices.json", notices.notices, {"fmt": "json"}, name="notices_json"),
    path("supervision/", supervision.dashboard, name="supervision"),
    path("supervision.json", supervision.dashboard, {"fmt": "json"}, name="supervision_json"),
    path("supervision.xlsx", supervision.dashboard_xlsx, name="supervision_xlsx"),
    path("supervision/trend.json", supervision.trend, {"fmt": "json"}, name="supervision_trend"),
    path("supervision/units/<str:code>/", supervision.unit, name="supervision_unit"),
    path("public/", public.progress, name="public"),
    path("public.json", public.progress, {"fmt": "json"}, name="public_json"),
    path("public/rate/", public.rate, name="public_rate"),
    path("api/register/", api.register, name="api_register"),
    path("api/lights/", api.lights, name="api_lights"),
    path("api/plans/", api.plans, name="api_plans"),
]
