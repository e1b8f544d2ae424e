from django.urls import path

from cocrea.engagement import views

app_name = "engagement"
urlpatterns = [
    path("leaderboard/", views.leaderboard_page, name="leaderboard"),
    path("leaderboard/visibility/", views.leaderboard_visibility, name="visibility"),
    path("console/engagement/", views.settings_page, name="settings"),
]
