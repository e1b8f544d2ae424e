from django.urls import path

from cocrea.moderation import views

app_name = "moderation"
urlpatterns = [
    path("report/idea/<int:idea_id>/", views.report_idea, name="report_idea"),
    path("report/comment/<int:comment_id>/", views.report_comment, name="report_comment"),
    path("moderation/", views.queue, name="queue"),
    path("moderation/decide/", views.decide, name="decide"),
    path("moderation/audit/", views.audit, name="audit"),
]
