from django.urls import path

from zhengwu.credit import api
from zhengwu.credit.views import (
    assessment,
    catalog,
    contacts,
    objections,
    public,
    repairs,
    workflow,
    workflow_api,
)
from zhengwu.credit.views import records as views

app_name = "credit"
urlpatterns = [
    # The public JSON API first: the most requested paths, resolved without trying the others
    path("api/public/records/", public.search, {"fmt": "json"}, name="api_public_search"),
    path("api/public/records/<int:pk>/", public.detail, {"fmt": "json"}, name="api_public_detail"),
    path("api/public/embed/<str:unit_code>/", public.embed, {"fmt": "json"}, name="api_public_embed"),
    path("", views.index, name="index"),
    path("records/<int:pk>/", views.record_detail, name="record_detail"),
    path("upload/", views.upload, name="upload"),
    path("imports/<int:pk>/", views.import_detail, name="import_detail"),
    path("imports/<int:pk>/errors.xlsx", views.error_report, name="error_report"),
    path("template/<str:kind>.xlsx", views.template_download, name="template"),
    path("api/imports/", api.import_upload, name="api_import_upload"),
    path("api/imports/<int:pk>/", api.import_status, name="api_import_status"),
    # Public disclosure (no login): HTML pages, their .json twins and the JSON API (docs/credit-public.md)
    path("public/", public.search, name="public_search"),
    path("public.json", public.search, {"fmt": "json"}, name="public_search_json"),
    path("public/records/<int:pk>/", public.detail, name="public_detail"),
    path("public/records/<int:pk>.json", public.detail, {"fmt": "json"}, name="public_detail_json"),
    path("public/embed/<str:unit_code>/", public.embed, name="public_embed"),
    path("public/embed/<str:unit_code>.json", public.embed, {"fmt": "json"}, name="public_embed_json"),
    # Workflow, review, objections, catalog, assessment (issue 5 §1–3, §5, §7)
    path("work/", workflow.work, name="work"),
    path("work/submit/", workflow.bulk_submit, name="bulk_submit"),
    path("work/approve/", workflow.bulk_approve, name="bulk_approve"),
    path("records/<int:pk>/workflow/", workflow.record_workflow, name="record_workflow"),
    path("records/<int:pk>/submit/", workflow.record_submit, name="record_submit"),
    path("records/<int:pk>/review/", workflow.record_review, name="record_review"),
    path("records/<int:pk>/status/", workflow.record_status, name="record_status"),
    path("reviews/<int:pk>/form/", workflow.approval_form, name="approval_form"),
    path("objections/", objections.objection_list, name="objections"),
    path("objections/<int:pk>/", objections.objection_detail, name="objection_detail"),
    path("objections/new/<int:record_id>/", objections.objection_new, name="objection_new"),
    path("public/objections/", objections.objection_status, name="public_objection"),
    path("public/objections/<int:pk>/rate/", objections.objection_rate, name="public_objection_rate"),
    # 信用修复 (issue 16 §4): the public application, staff entry, the deciding unit's review
    path("public/records/<int:record_id>/repair/", repairs.repair_new_public, name="public_repair"),
    path("records/<int:record_id>/repair/", repairs.repair_new_staff, name="repair_new"),
    path("repairs/", repairs.repair_list, name="repairs"),
    path("repairs/<int:pk>/", repairs.repair_detail, name="repair_detail"),
    path("repairs/proofs/<int:pk>/", repairs.repair_proof, name="repair_proof"),
    path("catalog/", catalog.catalog, name="catalog"),
    path("catalog/items/", catalog.catalog_item_save, name="catalog_item_save"),
    path("catalog/submit/", catalog.catalog_submit, name="catalog_submit"),
    path("catalog/submissions/<int:pk>/decide/", catalog.catalog_decide, name="catalog_decide"),
    path("contacts/", contacts.contacts, name="contacts"),
    path("contacts/save/", contacts.contact_save, name="contact_save"),
    path("campaigns/", assessment.campaigns, name="campaigns"),
    path("assessment/", assessment.assessment_page, name="assessment"),
    path("assessment.json", assessment.assessment_page, {"fmt": "json"}, name="assessment_json"),
    path("assessment.xlsx", assessment.assessment_xlsx, name="assessment_xlsx"),
    path("api/records/<int:pk>/workflow/", workflow_api.record_state, name="api_record_workflow"),
    path(
        "api/records/<int:pk>/submit/",
        workflow_api.record_action,
        {"action": "submit"},
        name="api_record_submit",
    ),
    path(
        "api/records/<int:pk>/review/",
        workflow_api.record_action,
        {"action": "review"},
        name="api_record_review",
    ),
    path(
        "api/records/<int:pk>/status/",
        workflow_api.record_action,
        {"action": "status"},
        name="api_record_status",
    ),
]
