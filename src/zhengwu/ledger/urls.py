from django.urls import path

from zhengwu.ledger import views

app_name = "ledger"
urlpatterns = [path("", views.entries, name="entry_list")]
