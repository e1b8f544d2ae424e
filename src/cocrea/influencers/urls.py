from django.urls import path

from cocrea.influencers import capsule_views, synthesis_views, views

app_name = "influencers"
urlpatterns = [
    path("spaces/", views.space_list, name="spaces"),
    path("spaces/<int:space_id>/", views.space_detail, name="space"),
    path("spaces/<int:space_id>/edit/", views.space_edit, name="space_edit"),
    path("spaces/<int:space_id>/follow/", views.space_follow, name="space_follow"),
    path("spaces/<int:space_id>/polls/new/", views.poll_new, name="poll_new"),
    path("spaces/<int:space_id>/rounds/new/", views.round_new, name="round_new"),
    path("spaces/<int:space_id>/polls/<int:poll_id>/vote/", views.poll_vote, name="poll_vote"),
    path(
        "spaces/<int:space_id>/polls/<int:poll_id>/results/",
        views.poll_results,
        name="poll_results",
    ),
    path(
        "spaces/<int:space_id>/polls/<int:poll_id>/close/",
        views.poll_close_view,
        name="poll_close",
    ),
    path("rounds/<int:round_id>/answer/", views.response_post, name="answer"),
    path("rounds/<int:round_id>/picture/", views.picture_post, name="picture"),
    path("pictures/<int:picture_id>/heart/", views.picture_heart, name="heart"),
    path(
        "spaces/<int:space_id>/syntheses/new/",
        synthesis_views.synthesis_edit,
        name="synthesis_new",
    ),
    path(
        "spaces/<int:space_id>/syntheses/<int:synthesis_id>/",
        synthesis_views.synthesis_detail,
        name="synthesis",
    ),
    path(
        "spaces/<int:space_id>/syntheses/<int:synthesis_id>/edit/",
        synthesis_views.synthesis_edit,
        name="synthesis_edit",
    ),
    path("claims/<int:claim_id>/decide/", synthesis_views.claim_decision, name="claim_decide"),
    path("claims/<int:claim_id>/open/", capsule_views.claim_open, name="claim_open"),
    path("spaces/<int:space_id>/made-with/", capsule_views.made_with, name="made_with"),
    path("with/<str:code>/", views.invite, name="invite"),
    path("console/partnerships/", views.partnership_list, name="partnerships"),
    path("console/partnerships/new/", views.partnership_create, name="partnership_create"),
]
