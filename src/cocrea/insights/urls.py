from django.urls import path

from cocrea.insights import views

app_name = "insights"
urlpatterns = [
    path("c/<slug:campaign_slug>/similar/", views.similar_ideas, name="similar"),
    path("console/insights/duplicates/", views.duplicates, name="duplicates"),
    path(
        "console/insights/duplicates/<slug:action>/",
        views.duplicate_action,
        name="duplicate_action",
    ),
]
