from django.urls import path

from cocrea.campaigns import views

app_name = "campaigns"
urlpatterns = [
    # The console's home ("needs attention") is programmes:home at console/.
    path("console/campaigns/", views.console, name="console"),
    path("console/campaigns/new/", views.create, name="create"),
    path("console/campaigns/<int:campaign_id>/", views.detail, name="detail"),
    path("console/campaigns/<int:campaign_id>/edit/", views.edit, name="edit"),
    path("console/campaigns/<int:campaign_id>/advance/", views.advance, name="advance"),
    path("console/campaigns/<int:campaign_id>/open/", views.open_phase, name="open_phase"),
    path("console/campaigns/<int:campaign_id>/invitations/", views.invite, name="invite"),
    path(
        "console/campaigns/<int:campaign_id>/invitations/<int:invitation_id>/remove/",
        views.uninvite,
        name="uninvite",
    ),
]
