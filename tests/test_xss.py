"""Markup that members and staff type is inert on every page that shows it, and in e-mails.

The content is created through the real pages (so each service's sanitising runs), every field
carrying a visible ``XSS-`` marker and attack payloads: ``<script>``, ``onerror=``, ``javascript:``
links, ``<svg onload>``, attribute-breaking quotes, htmx attributes. Each page is then parsed:
no script carries a payload, no element has an ``on*`` handler, no link or source is
``javascript:``, no htmx attribute comes from a member, and the marker shows that the content is
really on the page.
"""

from __future__ import annotations

from datetime import timedelta
from html.parser import HTMLParser
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cocrea.brands.models import Brand
from cocrea.campaigns.models import Campaign
from cocrea.core.rows import rows_data
from cocrea.ideas.models import Comment, Idea, StatusChange
from cocrea.moderation.models import ModerationDecision, Report
from cocrea.notifications.models import Notification

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">js link</a>',
    '<a href=" JaVaScRiPt:alert(1)">spaced js link</a>',
    "<svg onload=alert(1)><circle r=1 /></svg>",
    '"><b onmouseover=alert(1)>quote</b>',
    "' onfocus='alert(1)' autofocus='",
    '<a hx-get="/evil" hx-trigger="load" href="https://example.org">htmx</a>',
    '<p style="background:url(javascript:alert(1))">style</p>',
    '<iframe src="javascript:alert(1)"></iframe>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<form action="javascript:alert(1)"><button>go</button></form>',
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
]
ALL = "XSS-rich " + " ".join(PAYLOADS)


def _short(marker: str) -> str:
    """A payload that fits a short field (display name: 60 characters)."""
    return f'XSS-{marker}"><img src=x onerror=alert(1)>'[:60]


# --- the content, made through the pages ------------------------------------------------------


def _as(membership: Any) -> Client:
    client = Client()
    client.force_login(membership.user)
    return client


def _ok(response: Any) -> None:
    assert response.status_code == 302, (response.status_code, response.content[:3000])


def _when(days: float) -> str:
    return (timezone.localtime() + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def xss(  # type: ignore[no-untyped-def]
    brand,
    other_brand,
    alice,
    mona,
    bob,
    dan,
    charlie,
    mailoutbox,
    django_capture_on_commit_callbacks,
) -> SimpleNamespace:
    admin, moderator, author, commenter = _as(alice), _as(mona), _as(bob), _as(dan)
    slug = brand.slug
    _ok(
        admin.post(
            reverse("brands:settings", args=[slug]),
            {
                "name": "XSS-brand<script>alert(1)</script>\"'><svg onload=alert(1)>",
                "tagline": "XSS-tagline <img src=x onerror=alert(1)> ' onfocus='alert(1)'",
                "description": ALL,
                "primary_colour": "#1f4e79",
                "accent_colour": "#e07a1f",
                "languages": ["fr", "en"],
                "default_language": "en",
                "visibility": "public",
            },
        )
    )
    for client, marker in ((author, "bob"), (commenter, "dan"), (moderator, "mona")):
        data = {"display_name": _short(marker), "bio": ALL[:280], "language": "en"}
        _ok(client.post(reverse("accounts:profile"), data))
    _ok(
        admin.post(
            reverse("campaigns:create", args=[slug]),
            {
                "title": "XSS-campaign <script>alert(1)</script>\"'><svg onload=alert(1)>",
                "slug": "xss",
                "objective": "XSS-objective <img src=x onerror=alert(1)> javascript:alert(1)",
                "description": ALL,
                **rows_data(
                    "categories",
                    [
                        {"name_en": "XSS-category<script>alert(1)</script>"},
                        {"name_fr": '"><svg onload=alert(1)>'},
                    ],
                ),
                **rows_data("tags", [{"name_en": "XSS-tag<img src=x onerror=alert(1)>"}]),
                "visibility": "public",
                "allow_rating": "on",
                "submission_starts": _when(-1),
                "submission_ends": _when(20),
            },
        )
    )
    campaign = Campaign.objects.get(brand=brand, slug="xss")
    submit = reverse("ideas:submit", args=[slug, campaign.slug])
    title = "XSS-idea <script>alert(1)</script>\"'><img src=x onerror=alert(1)>"
    _ok(author.post(submit, {"title": title, "body": ALL}))
    idea = Idea.objects.get(brand=brand, author=bob)
    _ok(commenter.post(submit, {"title": "XSS-merged <svg onload=alert(1)>", "body": ALL}))
    twin = Idea.objects.get(brand=brand, author=dan)

    comment_url = reverse("ideas:comment_post", args=[slug, idea.pk])
    _ok(commenter.post(comment_url, {"body": "XSS-comment " + ALL}))
    comment = Comment.objects.get(idea=idea)
    _ok(author.post(comment_url, {"body": "XSS-reply " + ALL, "parent": comment.pk}))
    reply = Comment.objects.get(parent=comment)
    _ok(author.post(reverse("ideas:rate", args=[slug, idea.pk]), {"stars": "5"}))

    details = "XSS-report " + ALL[:480]
    for name, item in (("report_idea", idea.pk), ("report_comment", reply.pk)):
        path = reverse(f"moderation:{name}", args=[slug, item])
        _ok(commenter.post(path, {"reason": "abuse", "details": details[:500]}))

    answer = reverse("answers:answer", args=[slug, idea.pk])
    with django_capture_on_commit_callbacks(execute=True):
        _ok(moderator.post(answer, {"to_status": "in_development", "answer": "XSS-answer " + ALL}))
        merge = reverse("answers:answer", args=[slug, twin.pk])
        data = {"to_status": "merged", "merge_target": idea.pk, "answer": "XSS-merge " + ALL}
        _ok(moderator.post(merge, data))
        decide = reverse("moderation:decide", args=[slug])
        reason = "XSS-reason <script>alert(1)</script>\"'><img src=x onerror=alert(1)>"
        data = {"target": "comment", "item_id": reply.pk, "action": "hide", "reason": reason}
        _ok(moderator.post(decide, data))

    assert StatusChange.objects.filter(idea=idea).exclude(answer="").exists()
    assert Report.objects.count() == 2 and ModerationDecision.objects.exists()
    assert Notification.objects.filter(recipient=bob.user).count() >= 2
    assert mailoutbox, "the answer and the merge sent e-mails"
    return SimpleNamespace(
        brand=Brand.objects.get(pk=brand.pk),
        campaign=campaign,
        idea=idea,
        twin=twin,
        comment=comment,
        reply=reply,
        alice=alice,
        mona=mona,
        bob=bob,
        dan=dan,
        charlie=charlie,
        mails=list(mailoutbox),
    )


# --- the checker ------------------------------------------------------------------------------

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "srcdoc", "xlink:href", "poster"}
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:text/html")


class _Scan(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.text: list[str] = []
        self._script: tuple[str, dict[str, str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            compact = "".join(value.split()).lower()
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}={value!r}>: an event handler")
            if name in URL_ATTRIBUTES and compact.startswith(DANGEROUS_SCHEMES):
                self.problems.append(f"<{tag} {name}={value!r}>: a script URL")
            if name == "style" and ("javascript:" in compact or "alert(" in compact):
                self.problems.append(f"<{tag} style={value!r}>: member-written style")
            if name.startswith(("hx-", "data-hx-")) and ("evil" in value or value == "load"):
                self.problems.append(f"<{tag} {name}={value!r}>: member-written htmx")
            if name == "autofocus" and tag not in ("input", "textarea", "select"):
                self.problems.append(f"<{tag} autofocus>: broke out of an attribute")
            if tag in ("meta", "base", "link") and "alert" in value:
                self.problems.append(f"<{tag} {name}={value!r}>: member-written head element")
        if tag in ("iframe", "object", "embed", "svg", "math", "frame", "frameset"):
            self.problems.append(f"<{tag}>: an active element in the page")
        if tag == "img" and values.get("src") == "x":
            self.problems.append("<img src=x>: a member's image tag")
        if tag == "script":
            self._script = (tag, values)
            if "evil" in values.get("src", ""):
                self.problems.append("<script src>: a member's script")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self._script = None

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            kind = self._script[1].get("type", "")
            if kind == "application/json":  # data for scripts: inert unless it closes the tag
                if "<" in data:
                    self.problems.append("JSON in a script with a raw '<'")
            elif "alert(" in data or "XSS-" in data:
                self.problems.append(f"<script>{data[:80]!r}: a member's script")
        else:
            self.text.append(data)


def inert(html: str) -> str:
    """The page's visible text, after asserting nothing member-written can run."""
    scan = _Scan()
    scan.feed(html)
    scan.close()
    assert not scan.problems, "\n".join(scan.problems)
    return " ".join(scan.text)


def test_the_checker_catches_each_payload_when_unescaped():
    """The scanner itself: every raw payload (but the quote ones, inert as text) is caught."""
    for payload in PAYLOADS:
        if payload.startswith("'") or payload.startswith("</title>"):
            continue
        with pytest.raises(AssertionError):
            inert(f"<html><body>{payload}</body></html>")
    with pytest.raises(AssertionError):
        inert('<input value="x"><b onmouseover=alert(1)>')
    with pytest.raises(AssertionError):
        inert("<input value='' onfocus='alert(1)' autofocus=''>")
    inert("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>")  # escaped text is fine


# --- every page that shows member-written content ---------------------------------------------


def _pages(x: SimpleNamespace) -> list[tuple[str, Any, str]]:
    slug = x.brand.slug
    return [
        ("/", None, "XSS-brand"),
        (reverse("brands:brand_home", args=[slug]), None, "XSS-campaign"),
        (reverse("ideas:list", args=[slug, x.campaign.slug]), None, "XSS-idea"),
        (reverse("ideas:detail", args=[slug, x.idea.pk]), None, "XSS-comment"),
        (reverse("ideas:detail", args=[slug, x.twin.pk]), x.dan, "XSS-merged"),
        (reverse("answers:in_action", args=[slug]), None, "XSS-answer"),
        (reverse("ideas:detail", args=[slug, x.idea.pk]), x.bob, "XSS-answer"),
        (reverse("ideas:detail", args=[slug, x.idea.pk]), x.mona, "XSS-reply"),
        (reverse("ideas:submit", args=[slug, x.campaign.slug]), x.charlie, "XSS-brand"),
        (reverse("ideas:comment_edit", args=[slug, x.comment.pk]), x.dan, "XSS-comment"),
        (reverse("moderation:report_idea", args=[slug, x.idea.pk]), x.dan, "XSS-idea"),
        (reverse("notifications:list"), x.bob, "XSS-idea"),
        (reverse("accounts:profile"), x.bob, "XSS-bob"),
        (reverse("campaigns:console", args=[slug]), x.alice, "XSS-campaign"),
        (reverse("campaigns:detail", args=[slug, x.campaign.pk]), x.alice, "XSS-campaign"),
        (reverse("campaigns:edit", args=[slug, x.campaign.pk]), x.alice, "XSS-campaign"),
        (reverse("brands:settings", args=[slug]), x.alice, "XSS-brand"),
        (reverse("brands:team", args=[slug]), x.alice, "XSS-bob"),
        (reverse("answers:triage", args=[slug]), x.mona, "XSS-idea"),
        (reverse("answers:answer", args=[slug, x.idea.pk]), x.mona, "XSS-answer"),
        (reverse("moderation:queue", args=[slug]), x.mona, "XSS-report"),
        (reverse("moderation:audit", args=[slug]), x.mona, "XSS-reason"),
    ]


PAGE_COUNT = 22


def test_the_page_list_is_complete_enough(xss):
    assert len(_pages(xss)) == PAGE_COUNT


@pytest.mark.parametrize("index", range(PAGE_COUNT))
def test_member_content_is_inert_on_every_page(xss, index):
    path, viewer, marker = _pages(xss)[index]
    client = _as(viewer) if viewer is not None else Client()
    response = client.get(path, follow=True)
    assert response.status_code in (200, 403), (path, response.status_code)
    text = inert(response.content.decode())
    assert marker in text, f"{path}: {marker} is not shown, so this test proves nothing"


# --- influencers' pages: her space, polls, synthesis, claims, credits, the brand's view ---------


@pytest.fixture
def space_xss(brand, alice, mona, bob, dan, django_capture_on_commit_callbacks) -> SimpleNamespace:  # type: ignore[no-untyped-def]
    """Bob's space, its poll, question and synthesis, and the brand's answer, all typed with
    payloads through the real pages; Dan follows and answers."""
    from cocrea.influencers.models import Claim, Round, Space, Synthesis

    admin, moderator, influencer, follower = _as(alice), _as(mona), _as(bob), _as(dan)
    slug = brand.slug
    for client, marker in ((influencer, "bob"), (follower, "dan")):
        data = {"display_name": _short(marker), "bio": ALL[:280], "language": "en"}
        _ok(client.post(reverse("accounts:profile"), data))
    partnership = {
        "influencer": bob.pk,
        "capsule_name_en": "XSS-capsule <script>alert(1)</script>\"'><svg onload=alert(1)>",
        "goals_en": "XSS-goals " + ALL[:1900],
        "starts_on": "2026-01-01",
        "ends_on": "2026-12-31",
        "terms": "fee",
        "amount": "100",
        "currency": "EUR",
    }
    _ok(admin.post(reverse("influencers:partnership_create", args=[slug]), partnership))
    space = Space.objects.get(influencer=bob)
    edit = {
        "title": _short("space"),
        "bio": "XSS-bio " + ALL[:1900],
        "links": "https://example.org/?q=<script>alert(1)</script>\"'>",
        "visibility": "public",
    }
    _ok(influencer.post(reverse("influencers:space_edit", args=[slug, space.pk]), edit))
    _ok(follower.post(reverse("influencers:space_follow", args=[slug, space.pk])))
    poll = {
        "question_en": "XSS-poll <img src=x onerror=alert(1)>\"'>"[:200],
        "kind": "single",
        "answers_en": "XSS-option <script>alert(1)</script>\n\"'><svg onload=alert(1)>",
    }
    _ok(influencer.post(reverse("influencers:poll_new", args=[slug, space.pk]), poll))
    prompt = "XSS-prompt <script>alert(1)</script>\"'><img src=x onerror=alert(1)>"
    rounds = reverse("influencers:round_new", args=[slug, space.pk])
    _ok(influencer.post(rounds, {"kind": "question", "prompt": prompt}))
    question = Round.objects.get(space=space, kind="question")
    answer = reverse("influencers:answer", args=[slug, question.pk])
    _ok(follower.post(answer, {"body": "XSS-answer " + ALL[:1900]}))
    quote = question.responses.get()
    poll_id = Round.objects.get(space=space, kind="poll").poll_id
    synthesis = {
        "title": "XSS-synthesis <svg onload=alert(1)>\"'><img src=x onerror=alert(1)>",
        "claims-TOTAL_FORMS": "1",
        "claims-INITIAL_FORMS": "0",
        "claims-0-kind": "must_have",
        "claims-0-text": "XSS-claim <script>alert(1)</script>\"'><img src=x onerror=alert(1)>",
        "claims-0-evidence": [f"quote:{quote.pk}", f"poll:{poll_id}"],
    }
    _ok(influencer.post(reverse("influencers:synthesis_new", args=[slug, space.pk]), synthesis))
    claim = Claim.objects.get(synthesis__space=space)
    decide = reverse("influencers:claim_decide", args=[slug, claim.pk])
    reply = "XSS-reply <script>alert(1)</script>\"'><img src=x onerror=alert(1)>"
    _ok(moderator.post(decide, {"decision": "accepted", "reply": reply}))
    with django_capture_on_commit_callbacks(execute=True):
        _ok(admin.post(reverse("influencers:claim_open", args=[slug, claim.pk]), {"what": "brief"}))
    return SimpleNamespace(
        brand=brand,
        space=space,
        poll_id=poll_id,
        synthesis=Synthesis.objects.get(space=space),
        alice=alice,
        bob=bob,
        dan=dan,
    )


def _space_pages(x: SimpleNamespace) -> list[tuple[str, Any, str]]:
    slug, space = x.brand.slug, x.space
    synthesis = [slug, space.pk, x.synthesis.pk]
    return [
        (reverse("influencers:spaces", args=[slug]), None, "XSS-space"),
        (reverse("influencers:space", args=[slug, space.pk]), None, "XSS-answer"),
        (reverse("influencers:space", args=[slug, space.pk]), x.bob, "XSS-option"),
        (reverse("influencers:poll_results", args=[slug, space.pk, x.poll_id]), x.dan, "XSS-poll"),
        (reverse("influencers:space_edit", args=[slug, space.pk]), x.bob, "XSS-bio"),
        (reverse("influencers:synthesis", args=synthesis), None, "XSS-claim"),
        (reverse("influencers:synthesis", args=synthesis), x.alice, "XSS-reply"),
        (reverse("influencers:synthesis_edit", args=synthesis), x.bob, "XSS-answer"),
        (reverse("influencers:synthesis_new", args=[slug, space.pk]), x.bob, "XSS-answer"),
        (reverse("influencers:made_with", args=[slug, space.pk]), None, "XSS-dan"),
        (reverse("influencers:partnerships", args=[slug]), x.alice, "XSS-capsule"),
        (reverse("notifications:list"), x.dan, "XSS-capsule"),
    ]


SPACE_PAGE_COUNT = 12


def test_the_space_page_list_is_complete_enough(space_xss):
    assert len(_space_pages(space_xss)) == SPACE_PAGE_COUNT


@pytest.mark.parametrize("index", range(SPACE_PAGE_COUNT))
def test_member_content_is_inert_on_every_space_page(space_xss, index):
    path, viewer, marker = _space_pages(space_xss)[index]
    client = _as(viewer) if viewer is not None else Client()
    response = client.get(path, follow=True)
    assert response.status_code == 200, (path, response.status_code)
    text = inert(response.content.decode())
    assert marker in text, f"{path}: {marker} is not shown, so this test proves nothing"


def test_the_idea_edit_form_keeps_the_payload_as_inert_text(xss):
    idea = xss.idea
    Idea.objects.filter(pk=idea.pk).update(status=Idea.Status.NEW)
    response = _as(xss.bob).get(reverse("ideas:edit", args=[xss.brand.slug, idea.pk]))
    assert response.status_code == 200
    inert(response.content.decode())
    assert "XSS-idea" in response.content.decode()


def test_notification_emails_are_inert(xss):
    """The HTML part is parsed like a page; the plain text part is text, inert by nature."""
    htmls = [content for mail in xss.mails for content, _type in mail.alternatives]
    assert len(htmls) == len(xss.mails) >= 2
    for mail, html in zip(xss.mails, htmls, strict=True):
        assert "\n" not in mail.subject and "\r" not in mail.subject
        assert "XSS-" in inert(html)


@pytest.mark.parametrize(
    "target", ["javascript:alert(1)", "//evil.example/", "/\\evil.example/", " javascript:alert(1)"]
)
def test_next_parameters_never_lead_off_site_or_to_script(brand, charlie, bob, campaign, target):
    outsider = _as(charlie)
    response = outsider.post(reverse("brands:join", args=[brand.slug]), {"next": target})
    assert response.status_code == 302
    assert response["Location"].startswith("/") and not response["Location"].startswith(
        ("//", "/\\")
    )
    assert "evil" not in response["Location"] and "javascript" not in response["Location"]
    member = _as(bob)
    idea = Idea.objects.create(
        brand=brand, campaign=campaign, author=bob, title="Cup", body="<p>Cup</p>", body_text="Cup"
    )
    response = member.post(reverse("ideas:vote", args=[brand.slug, idea.pk]), {"next": target})
    assert response.status_code == 302
    assert "evil" not in response["Location"] and "javascript" not in response["Location"]


def test_the_official_answer_keeps_safe_formatting_and_drops_the_rest(xss):
    answer = StatusChange.objects.filter(idea=xss.idea).exclude(answer="").first().answer
    assert "<script" not in answer and "onerror" not in answer and "javascript:" not in answer
    assert 'href="https://example.org"' in answer and "hx-" not in answer


def test_stored_rich_text_is_sanitised(xss):
    idea = Idea.objects.get(pk=xss.idea.pk)
    campaign = Campaign.objects.get(pk=xss.campaign.pk)
    for html in (idea.body, campaign.description):
        inert(html)
        assert "<script" not in html and "javascript:" not in html.lower()
