from django.urls import path

from cocrea.polls import views

app_name = "polls"
urlpatterns = [
    path("polls/", views.poll_list, name="list"),
    path("polls/new/", views.poll_create, name="create"),
    path("polls/<int:poll_id>/", views.poll_detail, name="detail"),
    path("polls/<int:poll_id>/results/", views.poll_results, name="results"),
    path("polls/<int:poll_id>/vote/", views.poll_vote, name="vote"),
    path("polls/<int:poll_id>/close/", views.poll_close, name="close"),
]
