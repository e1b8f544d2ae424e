from django.urls import path

from cocrea.programmes import assistant_views, dashboard_views, views

app_name = "programmes"
urlpatterns = [
    path("console/", views.home, name="home"),
    path("console/programmes/", views.programme_list, name="list"),
    path("console/programmes/new/", views.programme_create, name="create"),
    path("console/programmes/assistant/", assistant_views.assistant, name="assistant"),
    path("console/programmes/<int:programme_id>/", views.programme_detail, name="detail"),
    path("console/programmes/<int:programme_id>/edit/", views.programme_edit, name="edit"),
    path("console/programmes/<int:programme_id>/refresh/", dashboard_views.refresh, name="refresh"),
    path(
        "console/programmes/<int:programme_id>/export.csv",
        dashboard_views.export_csv,
        name="export",
    ),
    path("console/programmes/<int:programme_id>/time/", dashboard_views.time_add, name="time_add"),
    path(
        "console/programmes/<int:programme_id>/outcomes/",
        dashboard_views.outcome_add,
        name="outcome_add",
    ),
    path("console/programmes/staff-time/", dashboard_views.staff_time, name="staff_time"),
]
