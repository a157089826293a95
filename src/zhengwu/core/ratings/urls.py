from django.urls import path

from zhengwu.core.ratings import views

app_name = "ratings"
urlpatterns = [
    path("", views.rating_list, name="list"),
    path("<int:pk>/rectify/", views.rating_rectify, name="rectify"),
]
