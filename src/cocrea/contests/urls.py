from django.urls import path

from cocrea.contests import console_views, views

app_name = "contests"
urlpatterns = [
    path("contests/<slug:campaign_slug>/", views.contest_page, name="page"),
    path("contests/<slug:campaign_slug>/enter/", views.submit, name="submit"),
    path("contests/<slug:campaign_slug>/jury/", views.jury_page, name="jury"),
    path("entries/<int:entry_id>/", views.entry_page, name="entry"),
    path("entries/<int:entry_id>/withdraw/", views.withdraw, name="withdraw"),
    path("entries/<int:entry_id>/vote/", views.vote, name="vote"),
    path("entries/<int:entry_id>/unvote/", views.unvote, name="unvote"),
    path("entries/<int:entry_id>/score/", views.score, name="score"),
    path("console/contests/", console_views.console, name="console"),
    path("console/contests/new/", console_views.create, name="create"),
    path("console/contests/<int:contest_id>/", console_views.manage, name="manage"),
    path("console/contests/<int:contest_id>/edit/", console_views.edit, name="edit"),
    path("console/contests/<int:contest_id>/jurors/", console_views.juror_add, name="juror_add"),
    path(
        "console/contests/<int:contest_id>/jurors/<int:juror_id>/remove/",
        console_views.juror_remove,
        name="juror_remove",
    ),
    path("console/contests/<int:contest_id>/criteria/", console_views.criteria, name="criteria"),
    path("console/contests/<int:contest_id>/shortlist/", console_views.shortlist, name="shortlist"),
    path("console/contests/<int:contest_id>/close/", console_views.close, name="close"),
    path(
        "console/contests/<int:contest_id>/partner-jury/",
        console_views.partner_jury,
        name="partner_jury",
    ),
    path(
        "console/contests/<int:contest_id>/fair-voting/",
        console_views.fair_voting,
        name="fair_voting",
    ),
    path("console/contests/<int:contest_id>/fair-voting/void/", console_views.void, name="void"),
    path("console/entries/<int:entry_id>/hide/", console_views.hide, name="hide"),
    path("console/campaigns/<int:campaign_id>/partner/", console_views.partner, name="partner"),
]
