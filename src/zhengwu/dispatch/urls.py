from django.urls import path

from zhengwu.dispatch import api
from zhengwu.dispatch.views import cases, channels, figures, followup, hotline, hotspots, matters, public

app_name = "dispatch"
urlpatterns = [
    path("", cases.index, name="index"),
    path("report/", public.report, name="report"),
    path("report/done/", public.report_done, name="report_done"),
    path("lookup/", public.lookup, name="lookup"),
    path("lookup/<str:case_no>/rate/", public.rate, name="rate"),
    path("lookup/<str:case_no>/evaluate/", public.service_rate, name="service_rate"),  # 好差评 (core.ratings)
    path("photo/<int:pk>/", public.photo, name="photo"),
    path("hotline/", hotline.hotline, name="hotline"),
    path("triage/", cases.triage, name="triage"),
    path("todo/", cases.todo, name="todo"),
    path("cases/", cases.cases, name="cases"),
    path("escalations/", followup.escalations, name="escalations"),
    path("callbacks/", followup.callbacks, name="callbacks"),
    path("callbacks/<str:case_no>/done/", followup.callback_done, name="callback_done"),
    path("figures/", figures.figures, name="figures"),  # 大督查 unit figures (issue 15 §8)
    path("figures.json", figures.figures, {"fmt": "json"}, name="figures_json"),
    path("figures/report.xlsx", figures.figures_xlsx, name="figures_xlsx"),
    path("figures/report.pdf", figures.figures_pdf, name="figures_pdf"),
    path("hotspots/", hotspots.hotspots, name="hotspots"),  # 大数据 (item 35)
    path("hotspots.json", hotspots.hotspots, {"fmt": "json"}, name="hotspots_json"),
    path("hotspots.xlsx", hotspots.hotspots_xlsx, name="hotspots_xlsx"),
    path("hotspots/cases/", hotspots.hotspot_cases, name="hotspot_cases"),
    path("proactive/", hotspots.proactive_list, name="proactive"),
    path("proactive/new/", hotspots.proactive_new, name="proactive_new"),
    path("proactive/<int:pk>/", hotspots.proactive_task, name="proactive_task"),
    path("proactive/<int:pk>/done/", hotspots.proactive_done, name="proactive_done"),
    path("proactive/<int:pk>/suggest/", hotspots.proactive_suggest, name="proactive_suggest"),
    path("case/<str:case_no>/", cases.case, name="case"),
    path("case/<str:case_no>/merge/", matters.merge, name="merge"),  # 同一事项 (item 32)
    path("case/<str:case_no>/publish/", matters.publish, name="publish"),
    path("support/<str:case_no>/", matters.support, name="support"),
    path("case/<str:case_no>/<str:action>/", cases.case_action, name="case_action"),
    path("extension/<int:pk>/decide/", cases.extension_decide, name="extension_decide"),
    path("api/events/", api.events, name="api_events"),
    path("api/events/batch/", api.events_batch, name="api_events_batch"),
    path("api/events/<str:case_no>/", api.event_status, name="api_event"),
    path("api/figures/", api.figures, name="api_figures"),  # for 改革督查: reads, never copies
    path("api/pushes/updates/", api.push_update, name="api_push_update"),  # item 31: updates pulled back
    path("channels/", channels.channels, name="channels"),  # item 31: one port for all hotlines
]
