from django.urls import path

from zhengwu.org import views

app_name = "org"
urlpatterns = [
    path("", views.units, name="unit_list"),
    path("units/<str:code>/", views.unit_detail, name="unit_detail"),
    path("api/units/<str:code>", views.api_unit, name="api_unit"),
]
