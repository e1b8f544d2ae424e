"""Reports by members, the moderators' queue and decisions, and the audit log."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cocrea.campaigns.tests.factories import CampaignFactory
from cocrea.core.errors import Conflict, DomainError, PermissionDenied
from cocrea.ideas.models import Comment, Idea, StatusChange
from cocrea.ideas.tests.factories import CommentFactory, IdeaFactory
from cocrea.moderation.models import ModerationDecision, Report
from cocrea.moderation.services import moderation_decide, report_submit
from cocrea.notifications.models import Notification

SLUG = "cafe-lumiere"


@pytest.fixture
def idea(campaign, bob):
    return IdeaFactory(campaign=campaign, author=bob, title="Cup with a lid")


@pytest.fixture
def comment(idea, bob):
    return CommentFactory(idea=idea, author=bob, body="Buy cheap watches here")


def url(name, *args):
    return reverse(f"moderation:{name}", args=[SLUG, *args])


def _report(idea=None, comment=None, reporter=None, reason="spam"):
    item = comment or idea
    return Report.objects.create(
        brand=item.brand, reporter=reporter, idea=idea, comment=comment, reason=reason
    )


# --- Who may see what -------------------------------------------------------------------------


def _all_urls(idea, comment):
    return [
        url("report_idea", idea.pk),
        url("report_comment", comment.pk),
        url("queue"),
        url("audit"),
        url("decide"),
    ]


def test_anonymous_is_sent_to_login_everywhere(client, idea, comment):
    for address in _all_urls(idea, comment):
        for response in (client.get(address), client.post(address, {"reason": "spam"})):
            assert response.status_code == 302, address
            assert reverse("account_login") in response["Location"]
    assert not Report.objects.exists()


def test_outsider_is_refused_everywhere(as_charlie, idea, comment):
    for address in _all_urls(idea, comment):
        assert as_charlie.get(address).status_code in (403, 404, 405), address
        response = as_charlie.post(
            address,
            {"reason": "spam", "target": "idea", "item_id": idea.pk, "action": "hide"},
        )
        assert response.status_code in (403, 404), address
    assert not Report.objects.exists()
    assert not Idea.objects.get(pk=idea.pk).is_hidden


def test_member_cannot_reach_the_queue_audit_or_decide(as_bob, idea):
    assert as_bob.get(url("queue")).status_code == 403
    assert as_bob.get(url("audit")).status_code == 403
    response = as_bob.post(
        url("decide"), {"target": "idea", "item_id": idea.pk, "action": "hide", "reason": "x"}
    )
    assert response.status_code == 403
    assert not Idea.objects.get(pk=idea.pk).is_hidden


# --- Reporting --------------------------------------------------------------------------------


def test_member_reports_an_idea(as_bob, dan, idea, client):
    client.force_login(dan.user)
    assert client.get(url("report_idea", idea.pk)).status_code == 200
    response = client.post(url("report_idea", idea.pk), {"reason": "spam", "details": "ad"})
    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.reporter, report.idea, report.reason, report.details) == (
        dan,
        idea,
        "spam",
        "ad",
    )
    assert report.state == Report.State.OPEN


def test_member_reports_a_comment(client, dan, comment):
    client.force_login(dan.user)
    response = client.post(url("report_comment", comment.pk), {"reason": "abuse"})
    assert response.status_code == 302
    assert Report.objects.get().comment == comment


def test_second_open_report_by_the_same_member_is_refused(client, dan, idea):
    client.force_login(dan.user)
    client.post(url("report_idea", idea.pk), {"reason": "spam"})
    response = client.post(url("report_idea", idea.pk), {"reason": "abuse"})
    assert response.status_code == 409
    assert "already reported" in response.content.decode()
    assert Report.objects.count() == 1


def test_report_form_errors(client, dan, idea):
    client.force_login(dan.user)
    for data in ({"reason": "bogus"}, {}, {"reason": "spam", "details": "x" * 501}):
        assert client.post(url("report_idea", idea.pk), data).status_code == 400
    assert client.post(url("report_idea", idea.pk), {"reason": "sp\x00am"}).status_code == 400
    assert not Report.objects.exists()


def test_reporting_unknown_or_foreign_items_is_404(client, dan, other_brand):
    client.force_login(dan.user)
    foreign = IdeaFactory(campaign=CampaignFactory(brand=other_brand))
    foreign_comment = CommentFactory(idea=foreign)
    assert client.post(url("report_idea", foreign.pk), {"reason": "spam"}).status_code == 404
    assert client.post(url("report_idea", 999_999), {"reason": "spam"}).status_code == 404
    response = client.post(url("report_comment", foreign_comment.pk), {"reason": "spam"})
    assert response.status_code == 404
    assert not Report.objects.exists()


def test_reports_are_rate_limited(client, dan, campaign, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "report_submit": (2, 3600)}
    client.force_login(dan.user)
    ideas = IdeaFactory.create_batch(3, campaign=campaign)
    codes = [client.post(url("report_idea", i.pk), {"reason": "spam"}).status_code for i in ideas]
    assert codes == [302, 302, 429]
    assert Report.objects.count() == 2


def test_report_service_refuses_another_brands_member(charlie, idea):
    with pytest.raises(PermissionDenied):
        report_submit(reporter=charlie, item=idea, reason="spam")


# --- Deciding ---------------------------------------------------------------------------------


def test_moderator_hides_an_idea(as_mona, mona, idea, dan, bob):
    _report(idea=idea, reporter=dan)
    response = as_mona.post(
        url("decide"), {"target": "idea", "item_id": idea.pk, "action": "hide", "reason": "Spam"}
    )
    assert response.status_code == 302
    assert Idea.objects.get(pk=idea.pk).is_hidden
    assert Report.objects.get().state == Report.State.CLOSED
    decision = ModerationDecision.objects.get()
    assert (decision.actor, decision.action, decision.reason) == (mona.user, "hide", "Spam")
    assert decision.before == {"is_hidden": False, "open_reports": 1}
    assert decision.after == {"is_hidden": True, "open_reports": 0}
    note = Notification.objects.get()
    assert (note.recipient, note.kind, note.idea) == (bob.user, "content_hidden", idea)


def test_moderator_hides_and_restores_a_comment(mona, comment, dan, bob):
    _report(comment=comment, reporter=dan)
    moderation_decide(actor_membership=mona, item=comment, action="hide", reason="Spam")
    assert Comment.objects.get(pk=comment.pk).is_hidden
    note = Notification.objects.get()
    assert (note.comment, note.idea) == (comment, comment.idea)
    moderation_decide(actor_membership=mona, item=comment, action="restore", reason="Mistake")
    assert not Comment.objects.get(pk=comment.pk).is_hidden
    assert ModerationDecision.objects.count() == 2


def test_hiding_without_a_reason_is_refused(as_mona, idea, dan):
    _report(idea=idea, reporter=dan)
    for reason in ("", "   "):
        response = as_mona.post(
            url("decide"),
            {"target": "idea", "item_id": idea.pk, "action": "hide", "reason": reason},
            follow=True,
        )
        assert "Give a reason" in response.content.decode()
    assert not Idea.objects.get(pk=idea.pk).is_hidden
    assert Report.objects.get().state == Report.State.OPEN
    assert not ModerationDecision.objects.exists()


def test_service_refuses_blank_reason_and_members(mona, bob, idea):
    with pytest.raises(DomainError):
        moderation_decide(actor_membership=mona, item=idea, action="hide", reason=" ")
    with pytest.raises(PermissionDenied):
        moderation_decide(actor_membership=bob, item=idea, action="hide", reason="x")
    assert not Idea.objects.get(pk=idea.pk).is_hidden


def test_dismiss_closes_reports_without_hiding(mona, idea, dan, bob):
    _report(idea=idea, reporter=dan)
    _report(idea=idea, reporter=bob, reason="abuse")
    moderation_decide(actor_membership=mona, item=idea, action="dismiss", reason="Fine")
    assert not Idea.objects.get(pk=idea.pk).is_hidden
    assert not Report.objects.filter(state=Report.State.OPEN).exists()
    assert not Notification.objects.exists()
    with pytest.raises(Conflict):  # nothing left to dismiss
        moderation_decide(actor_membership=mona, item=idea, action="dismiss", reason="Fine")


def test_a_member_may_report_again_after_the_reports_were_closed(mona, idea, dan):
    _report(idea=idea, reporter=dan)
    moderation_decide(actor_membership=mona, item=idea, action="dismiss", reason="Fine")
    report_submit(reporter=dan, item=idea, reason="spam")
    assert Report.objects.filter(state=Report.State.OPEN).count() == 1


def test_decide_rejects_bad_input(as_mona, idea, other_brand):
    foreign = IdeaFactory(campaign=CampaignFactory(brand=other_brand))
    base = {"target": "idea", "item_id": idea.pk, "action": "hide", "reason": "Spam"}
    for bad in (
        {"item_id": "abc"},
        {"item_id": "-4"},
        {"action": "nuke"},
        {"target": "user"},
        {"reason": "x" * 501},
    ):
        response = as_mona.post(url("decide"), {**base, **bad}, follow=True)
        assert response.status_code == 200
        assert "Nothing was changed" in response.content.decode()
    assert as_mona.post(url("decide"), {**base, "item_id": 999_999}).status_code == 404
    assert as_mona.post(url("decide"), {**base, "item_id": foreign.pk}).status_code == 404
    assert as_mona.get(url("decide")).status_code == 405
    assert not ModerationDecision.objects.exists()
    assert not Idea.objects.filter(is_hidden=True).exists()


# --- Queue ------------------------------------------------------------------------------------


def test_queue_groups_reports_per_item(as_mona, idea, comment, dan, bob, brand):
    _report(idea=idea, reporter=dan, reason="spam")
    _report(idea=idea, reporter=bob, reason="spam")
    _report(comment=comment, reporter=dan, reason="abuse")
    page = as_mona.get(url("queue")).content.decode()
    assert f'data-testid="queue-idea-{idea.pk}"' in page
    assert f'data-testid="queue-comment-{comment.pk}"' in page
    assert "2 reports" in page
    assert "Spam or advertising \u00d7 2" in page
    assert "Abusive or hateful \u00d7 1" in page


def test_queue_shows_only_open_reports_of_the_brand(as_alice, idea, dan, other_brand):
    closed = _report(idea=idea, reporter=dan)
    Report.objects.filter(pk=closed.pk).update(state=Report.State.CLOSED)
    foreign = IdeaFactory(campaign=CampaignFactory(brand=other_brand))
    _report(idea=foreign, reporter=foreign.author)
    page = as_alice.get(url("queue")).content.decode()
    assert 'data-testid="queue-idea-' not in page


def test_hidden_items_stay_visible_to_moderators_marked_hidden(as_mona, idea, dan):
    Idea.objects.filter(pk=idea.pk).update(is_hidden=True)
    _report(idea=idea, reporter=dan)
    page = as_mona.get(url("queue")).content.decode()
    assert f'data-testid="hidden-idea-{idea.pk}"' in page
    assert 'value="restore"' in page


def test_queue_query_count(as_mona, campaign, brand, dan, django_assert_max_num_queries):
    for _ in range(15):
        idea = IdeaFactory(campaign=campaign)
        _report(idea=idea, reporter=dan)
        _report(comment=CommentFactory(idea=idea), reporter=dan)
    with django_assert_max_num_queries(14):
        response = as_mona.get(url("queue"))
    assert response.content.decode().count('class="panel queue__item"') == 20


# --- Audit ------------------------------------------------------------------------------------


def test_audit_lists_decisions_and_status_changes_newest_first(as_alice, mona, idea, dan):
    from cocrea.ideas.workflow import idea_set_status

    idea_set_status(actor_membership=mona, idea=idea, to_status="accepted", answer="Nice one")
    _report(idea=idea, reporter=dan)
    moderation_decide(actor_membership=mona, item=idea, action="hide", reason="Off topic now")
    page = as_alice.get(url("audit")).content.decode()
    assert page.index("Off topic now") < page.index("Nice one")
    assert "Mona" in page
    assert "Accepted" in page and "hidden" in page


def test_audit_is_scoped_to_the_brand(as_alice, other_brand, charlie):
    foreign = IdeaFactory(campaign=CampaignFactory(brand=other_brand))
    StatusChange.objects.create(
        idea=foreign, from_status="new", to_status="accepted", answer="Foreign answer"
    )
    assert "Foreign answer" not in as_alice.get(url("audit")).content.decode()


def test_audit_query_count(as_mona, mona, campaign, dan, django_assert_max_num_queries):
    for _ in range(20):
        idea = IdeaFactory(campaign=campaign)
        StatusChange.objects.create(
            idea=idea, actor=mona.user, from_status="new", to_status="accepted", answer="ok"
        )
        ModerationDecision.objects.create(
            brand=idea.brand, actor=mona.user, idea=idea, action="dismiss", reason="fine"
        )
    with django_assert_max_num_queries(12):
        response = as_mona.get(url("audit"))
    assert response.content.decode().count('<tr class="audit__') == 30
    assert (
        as_mona.get(url("audit"), {"page": "2"}).content.decode().count('<tr class="audit__') == 10
    )
