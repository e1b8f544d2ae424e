from django.urls import path

from cocrea.community import moderation_views, qa_views, views

app_name = "community"
urlpatterns = [
    path("stories/", views.story_list, name="stories"),
    path("stories/new/", views.story_new, name="story_new"),
    path("stories/<int:story_id>/", views.story_detail, name="story"),
    path("stories/<int:story_id>/edit/", views.story_edit, name="story_edit"),
    path("stories/<int:story_id>/delete/", views.story_delete, name="story_delete"),
    path("stories/<int:story_id>/comment/", views.story_comment, name="story_comment"),
    path("stories/<int:story_id>/rate/", views.story_rate, name="story_rate"),
    path("questions/", qa_views.question_list, name="questions"),
    path("questions/new/", qa_views.question_new, name="question_new"),
    path("questions/<int:question_id>/", qa_views.question_detail, name="question"),
    path("questions/<int:question_id>/answer/", qa_views.answer_post, name="answer_post"),
    path("answers/<int:answer_id>/helpful/", qa_views.answer_helpful, name="answer_helpful"),
    path("answers/<int:answer_id>/upvote/", qa_views.answer_upvote, name="answer_upvote"),
    path(
        "answers/<int:answer_id>/unupvote/",
        qa_views.answer_upvote,
        {"up": False},
        name="answer_unupvote",
    ),
    path("feed/", views.feed, name="feed"),
    path("members/<int:membership_id>/follow/", views.member_follow, name="member_follow"),
    path(
        "members/<int:membership_id>/unfollow/",
        views.member_follow,
        {"follow": False},
        name="member_unfollow",
    ),
    path("topics/<slug:tag_slug>/follow/", views.topic_follow, name="topic_follow"),
    path(
        "topics/<slug:tag_slug>/unfollow/",
        views.topic_follow,
        {"follow": False},
        name="topic_unfollow",
    ),
    path("community/report/<slug:target>/<int:item_id>/", moderation_views.report, name="report"),
    path("community/moderation/", moderation_views.queue, name="moderation"),
    path(
        "community/moderate/<slug:target>/<int:item_id>/",
        moderation_views.moderate,
        name="moderate",
    ),
]
