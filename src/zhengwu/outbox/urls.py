from django.urls import path

from zhengwu.outbox import views

app_name = "outbox"
urlpatterns = [
    path("", views.index, name="index"),
    path("failures/", views.failures, name="failures"),
    path("destinations/", views.destinations, name="destinations"),
    path("messages/<int:pk>/", views.message_detail, name="message_detail"),
    path("messages/<int:pk>/retry/", views.message_retry, name="message_retry"),
]
