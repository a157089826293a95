from django.urls import path

from zhengwu.core.public import views

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="site_search"),
    path("search.json", views.search, {"fmt": "json"}, name="site_search_json"),
    path("sitemap/", views.sitemap, name="sitemap"),
    path("sitemap.json", views.sitemap, {"fmt": "json"}, name="sitemap_json"),
    path("privacy/", views.privacy, name="privacy"),
    path("display/", views.display_mode, name="display_mode"),
]
