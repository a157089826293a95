from django.urls import path

from zhengwu.org import views

app_name = "org"
urlpatterns = [path("", views.units, name="unit_list")]
