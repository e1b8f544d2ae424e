from django.urls import path

from cocrea.webhooks import views

app_name = "webhooks"
urlpatterns = [
    path("console/webhooks/", views.console, name="console"),
    path("console/webhooks/new/", views.create, name="create"),
    path("console/webhooks/<uuid:endpoint_id>/", views.endpoint, name="endpoint"),
    path("console/webhooks/<uuid:endpoint_id>/edit/", views.edit, name="edit"),
    path("console/webhooks/<uuid:endpoint_id>/rotate/", views.rotate, name="rotate"),
    path("console/webhooks/<uuid:endpoint_id>/ping/", views.ping, name="ping"),
    path("console/webhooks/<uuid:endpoint_id>/delete/", views.delete, name="delete"),
    path("console/webhooks/deliveries/<uuid:delivery_id>/", views.delivery, name="delivery"),
    path(
        "console/webhooks/deliveries/<uuid:delivery_id>/redeliver/",
        views.redeliver,
        name="redeliver",
    ),
]
