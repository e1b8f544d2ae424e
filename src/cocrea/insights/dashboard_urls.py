from django.urls import path

from cocrea.insights import dashboard_views

app_name = "insights_dashboard"
urlpatterns = [
    path("console/insights/", dashboard_views.home, name="home"),
    path("console/insights/voices/", dashboard_views.voices, name="voices"),
    path("console/insights/pulse/", dashboard_views.pulse, name="pulse"),
    path("console/insights/recompute/", dashboard_views.recompute, name="recompute"),
    path("console/insights/runs/<int:run_id>/", dashboard_views.run, name="run"),
    path(
        "console/insights/export/voices.<str:fmt>",
        dashboard_views.export_voices,
        name="export_voices",
    ),
    path(
        "console/insights/export/themes.<str:fmt>",
        dashboard_views.export_themes,
        name="export_themes",
    ),
]
