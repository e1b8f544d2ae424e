from django.urls import path

from cocrea.ideas import comment_views, views

app_name = "ideas"
urlpatterns = [
    path("c/<slug:campaign_slug>/", views.idea_list, name="list"),
    path("c/<slug:campaign_slug>/submit/", views.idea_submit, name="submit"),
    path("ideas/<int:idea_id>/", views.idea_detail, name="detail"),
    path("ideas/<int:idea_id>/edit/", views.idea_edit, name="edit"),
    path("ideas/<int:idea_id>/withdraw/", views.idea_withdraw, name="withdraw"),
    path("ideas/<int:idea_id>/vote/", views.vote, name="vote"),
    path("ideas/<int:idea_id>/unvote/", views.unvote, name="unvote"),
    path("ideas/<int:idea_id>/rate/", views.rate, name="rate"),
    path("ideas/<int:idea_id>/follow/", views.follow, name="follow"),
    path("ideas/<int:idea_id>/unfollow/", views.unfollow, name="unfollow"),
    path("ideas/<int:idea_id>/comments/", comment_views.comment_post, name="comment_post"),
    path("comments/<int:comment_id>/edit/", comment_views.comment_edit, name="comment_edit"),
    path("comments/<int:comment_id>/delete/", comment_views.comment_delete, name="comment_delete"),
    path("comments/<int:comment_id>/upvote/", comment_views.comment_upvote, name="comment_upvote"),
    path(
        "comments/<int:comment_id>/unupvote/",
        comment_views.comment_unupvote,
        name="comment_unupvote",
    ),
]
