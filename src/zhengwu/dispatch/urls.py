from django.urls import path

from zhengwu.dispatch import api, views

app_name = "dispatch"
urlpatterns = [
    path("", views.index, name="index"),
    path("report/", views.report, name="report"),
    path("report/done/", views.report_done, name="report_done"),
    path("lookup/", views.lookup, name="lookup"),
    path("lookup/<str:case_no>/rate/", views.rate, name="rate"),
    path("lookup/<str:case_no>/evaluate/", views.service_rate, name="service_rate"),  # 好差评 (core.ratings)
    path("hotline/", views.hotline, name="hotline"),
    path("triage/", views.triage, name="triage"),
    path("todo/", views.todo, name="todo"),
    path("cases/", views.cases, name="cases"),
    path("case/<str:case_no>/", views.case, name="case"),
    path("case/<str:case_no>/<str:action>/", views.case_action, name="case_action"),
    path("extension/<int:pk>/decide/", views.extension_decide, name="extension_decide"),
    path("photo/<int:pk>/", views.photo, name="photo"),
    path("api/events/", api.events, name="api_events"),
    path("api/events/batch/", api.events_batch, name="api_events_batch"),
    path("api/events/<str:case_no>/", api.event_status, name="api_event"),
]
