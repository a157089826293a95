from django.contrib.auth import views as auth_views
from django.urls import include, path

from zhengwu.core import uploads, views

urlpatterns = [
    path("", include("zhengwu.core.public.urls")),  # the public home, search, site map, privacy, display mode
    path("workbench/", views.workbench, name="workbench"),
    path("ratings/", include("zhengwu.core.ratings.urls")),
    path("healthz", views.health, name="health"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("uploads/<str:token>/", uploads.uploaded_file, name="uploaded_file"),  # only on UPLOADS_ORIGIN
]
