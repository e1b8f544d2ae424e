from django.urls import path

from cocrea.ideas import answer_views

app_name = "answers"
urlpatterns = [
    path("console/ideas/", answer_views.triage, name="triage"),
    path("console/ideas/bulk/", answer_views.bulk, name="bulk"),
    path("console/ideas/<int:idea_id>/answer/", answer_views.answer, name="answer"),
    path("in-action/", answer_views.in_action, name="in_action"),
]
