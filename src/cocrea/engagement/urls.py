from django.urls import path

from cocrea.engagement import console_views, referral_views, status_views, views

app_name = "engagement"
console = "console/engagement/"
urlpatterns = [
    path("leaderboard/", views.leaderboard_page, name="leaderboard"),
    path("leaderboard/visibility/", views.leaderboard_visibility, name="visibility"),
    path(
        "leaderboard/c/<slug:campaign_slug>/",
        status_views.campaign_leaderboard_page,
        name="campaign_leaderboard",
    ),
    path("members/<int:member_id>/", status_views.profile_page, name="profile"),
    path("members/me/privacy/", status_views.privacy_update, name="privacy"),
    path("members-only/", status_views.areas_page, name="areas"),
    path("members-only/<int:area_id>/", status_views.area_page, name="area"),
    path("members-only/<int:area_id>/claim/", status_views.area_claim, name="area_claim"),
    path("invite/", referral_views.invite_page, name="invite"),
    path("share/", referral_views.share_create, name="share_create"),
    path("r/<str:code>/", referral_views.referral_page, name="referral"),
    path("r/<str:code>/join/", referral_views.referral_join_view, name="referral_join"),
    path("s/<str:code>/", referral_views.share_open, name="share"),
    path(console, views.settings_page, name="settings"),
    path(f"{console}badges/", console_views.badges_page, name="badges"),
    path(f"{console}badges/<int:badge_id>/", console_views.badge_page, name="badge"),
    path(
        f"{console}badges/<int:badge_id>/award/",
        console_views.badge_award_view,
        name="badge_award",
    ),
    path(
        f"{console}badges/<int:badge_id>/delete/",
        console_views.badge_delete_view,
        name="badge_delete",
    ),
    path(f"{console}rewards/", console_views.rewards_page, name="rewards"),
    path(f"{console}areas/", console_views.console_areas_page, name="console_areas"),
    path(f"{console}areas/<int:area_id>/", console_views.console_area_page, name="console_area"),
    path(
        f"{console}areas/<int:area_id>/delete/",
        console_views.console_area_delete,
        name="console_area_delete",
    ),
    path(f"{console}early-access/", console_views.early_access_page, name="early_access"),
    path(f"{console}events/", console_views.events_page, name="events"),
    path(f"{console}events/<int:event_id>/", console_views.event_page, name="event"),
]
