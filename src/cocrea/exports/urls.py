from django.urls import path

from cocrea.exports import views

app_name = "exports"
urlpatterns = [
    path("console/exports/", views.console, name="console"),
    path("console/exports/start/", views.start, name="start"),
    path("console/exports/<uuid:job_id>/", views.job, name="job"),
    path("console/exports/<uuid:job_id>/download/", views.download, name="download"),
]
