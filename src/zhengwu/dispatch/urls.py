from django.urls import path

from zhengwu.dispatch import api
from zhengwu.dispatch.views import (
    cases,
    channels,
    cohandling,
    figures,
    followup,
    hotline,
    hotspots,
    matters,
    public,
)

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
    # 大联动, rulings, 督办单, 申诉 (issue 15 §2–4)
    path("subtasks/", cohandling.subtasks, name="subtasks"),
    path("subtasks/<int:pk>/feedback/", cohandling.subtask_feedback, name="subtask_feedback"),
    path("rulings/", cohandling.rulings, name="rulings"),
    path("rulings/<int:pk>/decide/", cohandling.ruling_decide, name="ruling_decide"),
    path("orders/", cohandling.orders, name="orders"),
    path("orders/<str:order_no>/", cohandling.order, name="order"),
    path("orders/<str:order_no>/reply/", cohandling.order_reply, name="order_reply"),
    path("orders/<str:order_no>/sign-off/", cohandling.order_sign_off, name="order_sign_off"),
    path("appeals/", cohandling.appeals, name="appeals"),
    path("appeals/<int:pk>/decide/", cohandling.appeal_decide, name="appeal_decide"),
    path("appeals/evidence/<int:pk>/", cohandling.evidence, name="evidence"),
    path("case/<str:case_no>/appeal/", cases.appeal_file, name="appeal_file"),
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
