from django.urls import path

from zhengwu.credit import api
from zhengwu.credit.views import records as views

app_name = "credit"
urlpatterns = [
    path("", views.index, name="index"),
    path("records/<int:pk>/", views.record_detail, name="record_detail"),
    path("upload/", views.upload, name="upload"),
    path("imports/<int:pk>/", views.import_detail, name="import_detail"),
    path("imports/<int:pk>/errors.xlsx", views.error_report, name="error_report"),
    path("template/<str:kind>.xlsx", views.template_download, name="template"),
    path("api/imports/", api.import_upload, name="api_import_upload"),
    path("api/imports/<int:pk>/", api.import_status, name="api_import_status"),
]
