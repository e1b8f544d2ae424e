from django.urls import path

from cocrea.notifications import pref_views, views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("read-all/", views.mark_all_read, name="mark_all_read"),
    path("<int:pk>/open/", views.notification_open, name="open"),
    path("preferences/", pref_views.preferences, name="preferences"),
    path("unsubscribe/<str:token>/", pref_views.unsubscribe, name="unsubscribe"),
]
