from django.urls import path

from zhengwu.reforms import api
from zhengwu.reforms.views import register

app_name = "reforms"
urlpatterns = [
    path("", register.index, name="index"),
    path("index.json", register.index, {"fmt": "json"}, name="index_json"),
    path("api/register/", api.register, name="api_register"),
    path("api/lights/", api.lights, name="api_lights"),
    path("api/plans/", api.plans, name="api_plans"),
]
