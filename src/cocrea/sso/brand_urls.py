from django.urls import path

from cocrea.sso import views

app_name = "sso"
urlpatterns = [
    path("console/sign-in/", views.console, name="console"),
    path("console/sign-in/providers/new/<str:protocol>/", views.provider_edit, name="new"),
    path("console/sign-in/providers/<int:provider_id>/", views.provider_edit, name="edit"),
    path(
        "console/sign-in/providers/<int:provider_id>/delete/",
        views.provider_delete,
        name="delete",
    ),
    path("console/sign-in/options/", views.options, name="options"),
    path("console/sign-in/customer-secret/", views.customer_secret, name="customer_secret"),
    path("sso/customer/", views.customer, name="customer"),
]
