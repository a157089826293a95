from django.urls import path

from zhengwu.reforms import api
from zhengwu.reforms.views import items

app_name = "reforms"
urlpatterns = [
    path("", items.index, name="index"),
    path("index.json", items.index, {"fmt": "json"}, name="index_json"),
    path("api/items/", api.items, name="api_items"),
]
