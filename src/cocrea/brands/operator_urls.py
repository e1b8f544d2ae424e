from django.urls import path

from cocrea.brands import operator_views as views

app_name = "operators"
urlpatterns = [
    path("", views.operators_home, name="home"),
    path("brands/new/", views.operators_create, name="create"),
    path("brands/<int:brand_id>/suspend/", views.operators_suspend, name="suspend"),
    path("brands/<int:brand_id>/resume/", views.operators_resume, name="resume"),
    path("brands/<int:brand_id>/delete/", views.operators_delete, name="delete"),
    path("audit/", views.operators_audit, name="audit"),
]
