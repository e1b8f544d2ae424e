"""Bad input never gives a 500: NUL bytes, oversize text, wrong types, wrong uploads, unknown ids.

Every form that takes input is listed in ``FORMS`` with the person who may use it and data it
accepts (``test_each_form_accepts_its_valid_data`` proves the data is right, so the refusals below
are refusals of the bad part and not of the whole). Run on SQLite and on PostgreSQL, which cannot
store NUL characters in text: the platform must refuse them first, with a clear 400.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from PIL import Image

from cocrea.accounts.tests.factories import UserFactory
from cocrea.brands.tests.factories import MembershipFactory
from cocrea.campaigns.models import Category, Tag
from cocrea.campaigns.tests.factories import CampaignFactory
from cocrea.core.rows import rows_data
from cocrea.ideas.models import Comment, Idea, IdeaImage, Rating
from cocrea.ideas.tests.factories import CommentFactory, IdeaFactory
from cocrea.influencers.models import MoodPicture, Synthesis
from cocrea.influencers.services import response_post, round_create, round_poll_create, space_follow
from cocrea.influencers.synthesis import ClaimInput, claim_decide, synthesis_save
from cocrea.influencers.tests.factories import make_space
from cocrea.moderation.models import ModerationDecision
from cocrea.polls.services import OptionInput
from tests.dbstate import make_cast, module_world, snapshot

pytestmark = pytest.mark.django_db

World = SimpleNamespace
Data = Callable[[World], dict[str, Any]]
NUL = "\x00"
MEGABYTE = "é" * 1_000_000  # two bytes a character in UTF-8: 2 MB on the wire
HUGE_ID = 10**20  # beyond any 64-bit integer column
URLENCODED = "application/x-www-form-urlencoded"


@dataclass(frozen=True)
class Form:
    """One form: where it posts, who may post it, and data it accepts."""

    name: str
    actor: str | None  # a World attribute holding a Membership; None = anonymous
    kwargs: Data
    data: Data


def _when(days: float) -> str:
    return (timezone.localtime() + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


def _campaign_data(w: World) -> dict[str, Any]:
    return {
        "title": "Breakfast of tomorrow",
        "slug": "breakfast",
        "objective": "Learn what members eat",
        "description": "<p>Tell us.</p>",
        **rows_data("categories", [{"name_en": "Bread"}, {"name_en": "Fruit"}]),
        **rows_data("tags", [{"name_en": "morning"}, {"name_en": "fresh"}]),
        "visibility": "public",
        "submission_starts": _when(1),
        "submission_ends": _when(10),
        "voting_starts": _when(10),
        "voting_ends": _when(20),
        "results_starts": _when(30),
    }


def _brand(w: World) -> dict[str, Any]:
    return {}


def _idea(w: World) -> dict[str, Any]:
    return {"idea_id": w.idea.pk}


def _space(w: World) -> dict[str, Any]:
    return {"space_id": w.space.pk}


def _synthesis_data(w: World) -> dict[str, Any]:
    return {
        "title": "Autumn",
        "version": w.synthesis.version,
        "claims-TOTAL_FORMS": "1",
        "claims-INITIAL_FORMS": "0",
        "claims-0-kind": "must_have",
        "claims-0-text": "Linen only",
        "claims-0-evidence": [f"quote:{w.quote.pk}"],
    }


FORMS: dict[str, Form] = {
    "idea submit": Form(
        "ideas:submit",
        "bob",
        lambda w: {"campaign_slug": w.campaign.slug},
        lambda w: {
            "title": "Warm cups",
            "body": "Cups that keep coffee warm.",
            "category": w.cat.pk,
        },
    ),
    "idea edit": Form(
        "ideas:edit", "bob", _idea, lambda w: {"title": "Warmer cups", "body": "Even warmer."}
    ),
    "comment post": Form(
        "ideas:comment_post", "dan", _idea, lambda w: {"body": "Nice!", "parent": w.comment.pk}
    ),
    "comment edit": Form(
        "ideas:comment_edit",
        "bob",
        lambda w: {"comment_id": w.comment.pk},
        lambda w: {"body": "Edited comment"},
    ),
    "rating": Form("ideas:rate", "dan", _idea, lambda w: {"stars": "4"}),
    "answer": Form(
        "answers:answer",
        "mona",
        _idea,
        lambda w: {"to_status": "under_review", "answer": "We are looking at it."},
    ),
    "merge": Form(
        "answers:answer",
        "mona",
        _idea,
        lambda w: {"to_status": "merged", "merge_target": w.target.pk, "answer": "Same idea."},
    ),
    "report": Form(
        "moderation:report_idea", "dan", _idea, lambda w: {"reason": "spam", "details": "Ads"}
    ),
    "report comment": Form(
        "moderation:report_comment",
        "dan",
        lambda w: {"comment_id": w.comment.pk},
        lambda w: {"reason": "abuse", "details": "Rude"},
    ),
    "moderation decide": Form(
        "moderation:decide",
        "mona",
        _brand,
        lambda w: {"target": "idea", "item_id": w.idea.pk, "action": "hide", "reason": "Spam"},
    ),
    "campaign create": Form("campaigns:create", "alice", _brand, _campaign_data),
    "campaign edit": Form(
        "campaigns:edit", "alice", lambda w: {"campaign_id": w.campaign.pk}, _campaign_data
    ),
    "phase open": Form(
        "campaigns:open_phase",
        "alice",
        lambda w: {"campaign_id": w.campaign.pk},
        lambda w: {"kind": "voting"},
    ),
    "invitation": Form(
        "campaigns:invite",
        "alice",
        lambda w: {"campaign_id": w.secret.pk},
        lambda w: {"email": w.bob.user.email},
    ),
    "brand settings": Form(
        "brands:settings",
        "alice",
        _brand,
        lambda w: {
            "name": "Café Lumière",
            "tagline": "Coffee, together",
            "description": "We roast.",
            "primary_colour": "#1f4e79",
            "accent_colour": "#e07a1f",
            "languages": ["fr", "en"],
            "default_language": "fr",
            "visibility": "public",
        },
    ),
    "team role": Form(
        "brands:team_role",
        "alice",
        lambda w: {"membership_id": w.dan.pk},
        lambda w: {"role": "moderator"},
    ),
    "team search": Form("brands:team", "alice", _brand, lambda w: {"q": "dan"}),
    "profile": Form(
        "accounts:profile",
        "bob",
        _brand,
        lambda w: {"display_name": "Robert", "bio": "Coffee lover", "language": "en"},
    ),
    # influencers: Léa runs a space that Dan follows; her synthesis cites his answer.
    "partnership create": Form(
        "influencers:partnership_create",
        "alice",
        _brand,
        lambda w: {
            "influencer": w.bob.pk,
            "capsule_name_fr": "Capsule Nuit",
            "capsule_name_en": "Night capsule",
            "goals_en": "Warm colours",
            "starts_on": "2026-01-01",
            "ends_on": "2026-02-01",
            "terms": "fee",
            "amount": "1500",
            "currency": "EUR",
        },
    ),
    "space edit": Form(
        "influencers:space_edit",
        "lea",
        _space,
        lambda w: {
            "title": "Léa's corner",
            "bio": "Linen and mornings",
            "links": "https://example.org/lea",
            "visibility": "public",
        },
    ),
    "round new": Form(
        "influencers:round_new", "lea", _space, lambda w: {"kind": "question", "prompt": "Hues?"}
    ),
    "space poll new": Form(
        "influencers:poll_new",
        "lea",
        _space,
        lambda w: {
            "question_en": "Which cut?",
            "kind": "single",
            "answers_en": "Wide\nSlim",
        },
    ),
    "space poll vote": Form(
        "influencers:poll_vote",
        "dan",
        lambda w: {"space_id": w.space.pk, "poll_id": w.space_poll.pk},
        lambda w: {"option": w.space_poll.options.first().pk},
    ),
    "space answer": Form(
        "influencers:answer",
        "dan",
        lambda w: {"round_id": w.question.pk},
        lambda w: {"body": "Cotton, please"},
    ),
    "synthesis new": Form("influencers:synthesis_new", "lea", _space, _synthesis_data),
    "synthesis edit": Form(
        "influencers:synthesis_edit",
        "lea",
        lambda w: {"space_id": w.space.pk, "synthesis_id": w.synthesis.pk},
        _synthesis_data,
    ),
    "claim decide": Form(
        "influencers:claim_decide",
        "mona",
        lambda w: {"claim_id": w.claim.pk},
        lambda w: {"decision": "questioned", "reply": "Why linen?"},
    ),
    "claim open": Form(
        "influencers:claim_open",
        "alice",
        lambda w: {"claim_id": w.claim.pk},
        lambda w: {"what": "brief"},
    ),
    "sign-up": Form(
        "account_signup",
        None,
        _brand,
        lambda w: {
            "email": "nina@example.org",
            "password1": "a-long Passphrase 42",
            "password2": "a-long Passphrase 42",
            "display_name": "Nina",
            "language": "en",
        },
    ),
}

BRANDLESS = {"accounts:profile", "account_signup"}


def _build_world() -> World:
    cast = make_cast()
    brand, other_brand, campaign = cast["brand"], cast["other_brand"], cast["campaign"]
    alice, mona, bob, dan, charlie = (cast[n] for n in ("alice", "mona", "bob", "dan", "charlie"))
    cat = Category.objects.create(campaign=campaign, name="Cups")
    idea = IdeaFactory(campaign=campaign, author=bob, title="Keep it warm")
    target = IdeaFactory(campaign=campaign, author=dan, title="Warm lids")
    comment = CommentFactory(idea=idea, author=bob, body="My own comment")
    secret = CampaignFactory(brand=brand, slug="secret-panel", visibility="invited")
    g_campaign = CampaignFactory(brand=other_brand, slug="moon-shot")
    g_category = Category.objects.create(campaign=g_campaign, name="Rockets")
    g_tag = Tag.objects.create(brand=other_brand, name="Space", slug="space")
    tag = Tag.objects.create(brand=brand, name="Reuse", slug="reuse")
    del cast
    spaces = _spaces(alice, dan, other_brand)
    return World(**{**locals(), **spaces})


def _spaces(alice: Any, dan: Any, other_brand: Any) -> dict[str, Any]:
    """Léa's space (Dan follows it): a question Dan answered, a poll, a mood board, and her
    synthesis citing his answer, accepted by the brand; Globex has a space of its own."""
    lea = MembershipFactory(
        brand=alice.brand, user=UserFactory(email="lea@example.org", display_name="Léa")
    )
    space = make_space(alice, lea)
    space_follow(space=space, member=dan)
    question = round_create(actor=lea, space=space, kind="question", prompt="Fabric?")
    board = round_create(actor=lea, space=space, kind="moodboard", prompt="Mood")
    options = [OptionInput("Wide"), OptionInput("Slim")]
    space_poll = round_poll_create(
        actor=lea, space=space, question="Cut?", kind="single", options=options
    ).poll
    quote = response_post(member=dan, round_=question, body="Linen, never polyester.")
    picture = MoodPicture.objects.create(round=board, member=dan, image="moodboards/x.png")
    claims = [ClaimInput("must_have", "Natural fabrics", [f"quote:{quote.pk}"])]
    synthesis = synthesis_save(actor=lea, space=space, title="Summer", claims=claims)
    claim = synthesis.claims.get()
    claim_decide(actor=alice, claim=claim, decision="accepted")
    g_admin = MembershipFactory(brand=other_brand, role="admin")
    g_space = make_space(g_admin, MembershipFactory(brand=other_brand))
    g_question = round_create(
        actor=g_space.influencer, space=g_space, kind="question", prompt="Why?"
    )
    g_member = MembershipFactory(brand=other_brand)
    space_follow(space=g_space, member=g_member)
    g_quote = response_post(member=g_member, round_=g_question, body="Globex answer")
    g_poll = round_poll_create(
        actor=g_space.influencer, space=g_space, question="Q?", kind="single", options=options
    ).poll
    return {
        "lea": lea,
        "space": space,
        "question": question,
        "board": board,
        "space_poll": space_poll,
        "quote": quote,
        "picture": picture,
        "synthesis": synthesis,
        "claim": claim,
        "g_space": g_space,
        "g_quote": g_quote,
        "g_poll": g_poll,
    }


_module_world, world = module_world(_build_world)


def _path(form: Form, w: World) -> str:
    kwargs = form.kwargs(w)
    if form.name not in BRANDLESS:
        kwargs = {"brand_slug": w.brand.slug, **kwargs}
    return reverse(form.name, kwargs=kwargs)


def _client(form: Form, w: World) -> Client:
    client = Client()
    if form.actor is not None:
        client.force_login(getattr(w, form.actor).user)
    return client


def _form_page_with_error(response: Any) -> bool:
    """A refusal people can read: a form error on the page, a 4xx, or a flash message."""
    if response.status_code in (400, 403, 404, 409, 413, 429):
        return True
    if response.status_code == 302:
        return True  # the views that redirect put a message in the session (checked below)
    html = response.content.decode()
    return response.status_code == 200 and ("errorlist" in html or "form-errors" in html)


def _flash_messages(client: Client) -> list[str]:
    response = client.get("/", follow=True)
    return [str(m) for m in response.context["messages"]] if response.context else []


# --- the valid data is valid (so the refusals below refuse the bad part) ---------------------


@pytest.mark.parametrize("key", list(FORMS))
def test_each_form_accepts_its_valid_data(world, key):
    form = FORMS[key]
    client = _client(form, world)
    before = snapshot()
    response = client.post(_path(form, world), form.data(world))
    assert response.status_code in (200, 302), (key, response.status_code)
    if key != "team search":
        assert response.status_code == 302, key
        assert snapshot() != before or key == "brand settings", key


# --- NUL bytes ------------------------------------------------------------------------------


@pytest.mark.parametrize("key", list(FORMS))
@pytest.mark.parametrize("encoding", ["urlencoded", "multipart"])
def test_nul_bytes_are_refused_in_every_field(world, key, encoding):
    form = FORMS[key]
    client = _client(form, world)
    path = _path(form, world)
    before = snapshot()
    for name, value in form.data(world).items():
        bad = [f"{v}{NUL}x" for v in value] if isinstance(value, list) else f"{value}{NUL}x"
        data = {**form.data(world), name: bad}
        if encoding == "urlencoded":
            response = client.post(path, urlencode(data, doseq=True), content_type=URLENCODED)
        else:
            response = client.post(path, data)
        assert response.status_code == 400, (key, name, response.status_code)
        assert "NUL" in response.content.decode(), (key, name)
    assert snapshot() == before, key


@pytest.mark.parametrize("key", list(FORMS))
def test_nul_bytes_in_a_field_name_and_the_query_string_are_refused(world, key):
    form = FORMS[key]
    client = _client(form, world)
    path = _path(form, world)
    before = snapshot()
    assert client.post(path, {**form.data(world), f"x{NUL}": "1"}).status_code == 400
    assert client.get(path, {"q": f"a{NUL}b"}).status_code == 400
    assert snapshot() == before


@pytest.mark.parametrize("key", list(FORMS))
def test_a_json_body_with_nul_bytes_is_refused_without_error(world, key):
    form = FORMS[key]
    client = _client(form, world)
    before = snapshot()
    body = json.dumps({name: f"{NUL}{value}" for name, value in form.data(world).items()})
    response = client.post(_path(form, world), body, content_type="application/json")
    # Forms read form-encoded bodies: a JSON body is an empty form (shown again) or a refusal.
    assert response.status_code in (200, 302, 400, 403, 404), (key, response.status_code)
    assert snapshot() == before, key


def test_nul_bytes_in_the_path_and_an_uploaded_file_name_are_harmless(world):
    client = _client(FORMS["idea submit"], world)
    assert client.get(f"/b/cafe{NUL}lumiere/").status_code in (400, 404)
    assert client.get(f"/b/{world.brand.slug}/c/a%00b/").status_code in (400, 404)
    upload = SimpleUploadedFile(f"cup{NUL}.png", _png(), content_type="image/png")
    data = {**FORMS["idea submit"].data(world), "images": upload}
    response = client.post(_path(FORMS["idea submit"], world), data)
    assert response.status_code in (302, 400)
    for image in IdeaImage.objects.all():
        assert NUL not in image.image.name


def test_nul_bytes_to_the_api_get_a_json_error(world):
    client = Client()
    response = client.get("/api/health", {"q": f"a{NUL}"})
    assert response.status_code == 400 and response.json()["code"] == "nul_byte"
    response = client.post("/api/health", '{"a": "\\u0000"}', content_type="application/json")
    assert response.status_code < 500


# --- oversize text --------------------------------------------------------------------------


@pytest.mark.parametrize("key", [key for key in FORMS if key != "team search"])
def test_a_megabyte_in_any_field_is_refused_clearly(world, key):
    form = FORMS[key]
    client = _client(form, world)
    path = _path(form, world)
    before = snapshot()
    for name, value in form.data(world).items():
        bad = [MEGABYTE] if isinstance(value, list) else MEGABYTE
        response = client.post(path, {**form.data(world), name: bad})
        assert _form_page_with_error(response), (key, name, response.status_code)
        assert snapshot() == before, (key, name)


def test_a_body_over_the_upload_limit_is_a_400(world, settings):
    form = FORMS["comment post"]
    client = _client(form, world)
    body = urlencode({"body": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10)})
    response = client.post(_path(form, world), body, content_type=URLENCODED)
    assert response.status_code == 400
    assert Comment.objects.count() == 1


def test_too_many_fields_is_a_400(world, settings):
    form = FORMS["idea submit"]
    client = _client(form, world)
    fields = {f"f{n}": "1" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 5)}
    response = client.post(
        _path(form, world), urlencode({**form.data(world), **fields}), content_type=URLENCODED
    )
    assert response.status_code == 400
    assert Idea.objects.count() == 2


def test_oversize_idea_and_comment_texts_say_what_the_limit_is(world):
    bob = _client(FORMS["idea submit"], world)
    response = bob.post(_path(FORMS["idea submit"], world), {"title": "x" * 141, "body": "ok"})
    assert response.status_code == 200 and "140" in response.content.decode()
    dan = _client(FORMS["comment post"], world)
    response = dan.post(_path(FORMS["comment post"], world), {"body": "x" * 5001})
    assert response.status_code == 400 and "5" in response.content.decode()
    assert Idea.objects.count() == 2 and Comment.objects.count() == 1


# --- wrong types ----------------------------------------------------------------------------


@pytest.mark.parametrize("stars", ["abc", "9", "0", "-1", "", "4.5", str(HUGE_ID), "1e3"])
def test_bad_stars_are_refused_and_nothing_is_rated(world, stars):
    form = FORMS["rating"]
    client = _client(form, world)
    response = client.post(_path(form, world), {"stars": stars})
    assert response.status_code in (302, 400), response.status_code
    assert not Rating.objects.exists()
    if response.status_code == 302:
        assert _flash_messages(client), "the member is told why"


LIST_QUERIES = [
    {"page": "x"},
    {"page": "-1"},
    {"page": "0"},
    {"page": str(10**12)},
    {"page": str(10**40)},
    {"page": "1" * 5000},
    {"sort": "unknown"},
    {"sort": "-support_count"},
    {"status": "unknown"},
    {"category": "abc"},
    {"category": str(HUGE_ID)},
    {"tag": "no-such-tag"},
    {"q": "x" * 5000},
    {"q": "' OR 1=1 --"},
    {"q": '"unbalanced & | ! ( :*'},
    {"q": "<script>alert(1)</script>"},
]


@pytest.mark.parametrize(
    "query", LIST_QUERIES, ids=lambda q: "-".join(f"{k}={v[:12]}" for k, v in q.items())
)
def test_idea_list_falls_back_to_defaults_on_bad_query_strings(world, query):
    client = _client(FORMS["idea submit"], world)
    path = reverse("ideas:list", args=[world.brand.slug, world.campaign.slug])
    response = client.get(path, query)
    assert response.status_code == 200


def test_idea_list_ignores_another_brands_category_and_tag(world):
    client = _client(FORMS["idea submit"], world)
    path = reverse("ideas:list", args=[world.brand.slug, world.campaign.slug])
    for query in ({"category": world.g_category.pk}, {"tag": world.g_tag.slug}):
        response = client.get(path, query)
        assert response.status_code == 200
        assert "Keep it warm" in response.content.decode()  # no filter applied


PAGED = [
    ("answers:triage", "alice"),
    ("moderation:queue", "mona"),
    ("moderation:audit", "mona"),
    ("brands:team", "alice"),
    ("answers:in_action", "bob"),
    ("campaigns:console", "alice"),
]


@pytest.mark.parametrize(("name", "actor"), PAGED)
@pytest.mark.parametrize("page", ["x", "-1", "0", str(10**12), "1" * 5000])
def test_paged_staff_lists_survive_bad_page_numbers(world, name, actor, page):
    client = Client()
    client.force_login(getattr(world, actor).user)
    response = client.get(reverse(name, args=[world.brand.slug]), {"page": page})
    assert response.status_code == 200


@pytest.mark.parametrize("page", ["x", "-1", str(10**12)])
def test_notification_centre_survives_bad_page_numbers(world, page):
    client = _client(FORMS["profile"], world)
    assert client.get(reverse("notifications:list"), {"page": page}).status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        {"status": "unknown"},
        {"campaign": "abc"},
        {"campaign": str(HUGE_ID)},
        {"campaign": "-1"},
        {"q": "#" + "9" * 30},
        {"q": "#99999999999999999"},
        {"q": "x" * 5000},
    ],
)
def test_triage_and_answer_pages_survive_bad_filters(world, query):
    client = _client(FORMS["answer"], world)
    assert client.get(reverse("answers:triage", args=[world.brand.slug]), query).status_code == 200
    answer = reverse("answers:answer", args=[world.brand.slug, world.idea.pk])
    assert client.get(answer, query).status_code == 200


WRONG_VALUES: list[tuple[str, dict[str, Any]]] = [
    ("idea submit", {"category": "abc"}),
    ("idea submit", {"category": str(HUGE_ID)}),
    ("idea submit", {"tags": ["abc"]}),
    ("idea submit", {"tags": [str(HUGE_ID)]}),
    ("idea submit", {"title": "   "}),
    ("idea submit", {"body": "<p> </p>"}),
    ("comment post", {"parent": "abc"}),
    ("comment post", {"parent": "-1"}),
    ("comment post", {"body": "   "}),
    ("answer", {"to_status": "unknown"}),
    ("answer", {"to_status": "launched" * 3}),
    ("merge", {"merge_target": "abc"}),
    ("merge", {"merge_target": str(HUGE_ID)}),
    ("merge", {"merge_target": ""}),
    ("report", {"reason": "unknown"}),
    ("moderation decide", {"target": "unknown"}),
    ("moderation decide", {"item_id": "abc"}),
    ("moderation decide", {"item_id": str(HUGE_ID)}),
    ("moderation decide", {"action": "delete"}),
    ("moderation decide", {"reason": ""}),
    ("campaign create", {"visibility": "everyone"}),
    ("campaign create", {"submission_starts": "tomorrow"}),
    ("campaign create", {"submission_ends": "2020-13-45T99:99"}),
    ("campaign create", {"submission_ends": _when(-5)}),
    ("campaign create", {"submission_starts": "99999-01-01T00:00"}),
    ("campaign create", {"slug": "../../etc"}),
    ("campaign create", {"title": " "}),
    ("campaign edit", {"voting_starts": _when(5)}),
    ("campaign edit", {"results_starts": "abc"}),
    ("phase open", {"kind": "unknown"}),
    ("invitation", {"email": "not-an-email"}),
    ("invitation", {"email": "nobody@example.org"}),
    ("brand settings", {"primary_colour": "red"}),
    ("brand settings", {"primary_colour": "#ffffff"}),
    ("brand settings", {"languages": ["xx"]}),
    ("brand settings", {"default_language": "de"}),
    ("brand settings", {"visibility": "secret"}),
    ("team role", {"role": "owner"}),
    ("profile", {"language": "xx"}),
    ("profile", {"display_name": "   "}),
    ("partnership create", {"terms": "barter"}),
    ("partnership create", {"ends_on": "2025-01-01"}),
    ("partnership create", {"amount": "-5"}),
    ("partnership create", {"amount": "abc"}),
    ("partnership create", {"currency": "€€€"}),
    ("partnership create", {"influencer": str(HUGE_ID)}),
    ("partnership create", {"capsule_name_fr": " ", "capsule_name_en": ""}),
    ("space edit", {"links": "javascript:alert(1)"}),
    ("space edit", {"visibility": "secret"}),
    ("space edit", {"title": "   "}),
    ("round new", {"kind": "poll"}),
    ("round new", {"closes_at": _when(-1)}),
    ("round new", {"closes_at": "0001-01-01T00:00"}),
    ("space poll new", {"kind": "weird"}),
    ("space poll new", {"answers_en": ""}),
    ("space poll new", {"closes_at": "0001-01-01T00:00"}),
    ("space poll vote", {"option": "abc"}),
    ("space poll vote", {"option": str(HUGE_ID)}),
    ("space poll vote", {"option": ""}),
    ("space answer", {"body": "   "}),
    ("synthesis new", {"claims-0-evidence": ["quote:999999"]}),
    ("synthesis new", {"claims-0-evidence": [f"quote:{HUGE_ID}"]}),
    ("synthesis new", {"claims-0-evidence": ["nonsense"]}),
    ("synthesis new", {"claims-0-kind": "maybe"}),
    ("synthesis new", {"claims-TOTAL_FORMS": "abc"}),
    ("synthesis new", {"claims-TOTAL_FORMS": str(HUGE_ID)}),
    ("synthesis edit", {"version": "0"}),
    ("synthesis edit", {"version": "abc"}),
    ("claim decide", {"decision": "maybe"}),
    ("claim decide", {"reply": ""}),
    ("claim open", {"what": "spaceship"}),
    ("claim open", {"what": "contest", "product": "abc"}),
    ("claim open", {"what": "contest", "product": str(HUGE_ID)}),
    ("sign-up", {"email": "not-an-email"}),
    ("sign-up", {"language": "xx"}),
    ("sign-up", {"display_name": "x" * 61}),
]


@pytest.mark.parametrize(("key", "bad"), WRONG_VALUES, ids=lambda v: str(v)[:30])
def test_wrong_values_get_a_clear_refusal_and_change_nothing(world, key, bad):
    form = FORMS[key]
    client = _client(form, world)
    before = snapshot()
    response = client.post(_path(form, world), {**form.data(world), **bad})
    assert _form_page_with_error(response), (key, bad, response.status_code)
    if response.status_code == 302:
        assert _flash_messages(client), (key, bad)
    assert snapshot() == before, (key, bad)


def test_another_brands_category_and_tag_are_refused_on_submit(world):
    form = FORMS["idea submit"]
    client = _client(form, world)
    for bad in ({"category": world.g_category.pk}, {"tags": [world.g_tag.pk]}):
        response = client.post(_path(form, world), {**form.data(world), **bad})
        assert response.status_code == 200 and "errorlist" in response.content.decode()
    assert Idea.objects.count() == 2


# --- uploads --------------------------------------------------------------------------------


def _png(size: tuple[int, int] = (8, 8), mode: str = "RGB") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size).save(buffer, format="PNG")
    return buffer.getvalue()


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>'

BAD_UPLOADS: dict[str, Callable[[], SimpleUploadedFile]] = {
    "text renamed .png": lambda: SimpleUploadedFile("cup.png", b"just some text", "image/png"),
    "truncated png": lambda: SimpleUploadedFile("cup.png", _png((64, 64))[:60], "image/png"),
    "svg": lambda: SimpleUploadedFile("cup.svg", SVG, "image/svg+xml"),
    "svg renamed .png": lambda: SimpleUploadedFile("cup.png", SVG, "image/png"),
    "html renamed .jpg": lambda: SimpleUploadedFile(
        "x.jpg", b"<html><script>1</script>", "image/jpeg"
    ),
    "empty file": lambda: SimpleUploadedFile("cup.png", b"", "image/png"),
    "20 MB image": lambda: SimpleUploadedFile(
        "big.png", _png() + b"\0" * (20 * 1024 * 1024), "image/png"
    ),
    "pixel bomb": lambda: SimpleUploadedFile("bomb.png", _png((8000, 8000), "1"), "image/png"),
    "bmp": lambda: SimpleUploadedFile("cup.bmp", _bmp(), "image/bmp"),
}

UPLOAD_FORMS = [
    ("idea submit", "images"),
    ("campaign create", "cover"),
    ("brand settings", "logo"),
    ("profile", "avatar"),
    ("space edit", "photo"),
]


def _bmp() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, format="BMP")
    return buffer.getvalue()


@pytest.mark.parametrize(("key", "field"), UPLOAD_FORMS)
@pytest.mark.parametrize("upload", list(BAD_UPLOADS))
def test_wrong_uploads_get_a_form_error(world, key, field, upload, settings, tmp_path):
    form = FORMS[key]
    client = _client(form, world)
    before = snapshot()
    response = client.post(_path(form, world), {**form.data(world), field: BAD_UPLOADS[upload]()})
    assert response.status_code in (200, 400), (key, upload, response.status_code)
    html = response.content.decode()
    assert "errorlist" in html or "form-errors" in html, (key, upload)
    assert snapshot() == before, (key, upload)
    media = settings.MEDIA_ROOT
    stored = [p for p in media.rglob("*") if p.is_file()] if media.exists() else []
    assert stored == [], (key, upload, stored)


@pytest.mark.parametrize(("key", "field"), UPLOAD_FORMS)
def test_a_real_image_is_accepted_and_renamed(world, key, field, settings):
    form = FORMS[key]
    client = _client(form, world)
    upload = SimpleUploadedFile("../../evil name.php.png", _png(), "image/png")
    response = client.post(_path(form, world), {**form.data(world), field: upload})
    assert response.status_code == 302, (key, response.status_code)
    stored = [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()]
    assert len(stored) == 1 and stored[0].suffix == ".png" and "evil" not in stored[0].name


def test_more_than_three_images_is_a_form_error(world):
    form = FORMS["idea submit"]
    client = _client(form, world)
    images = [SimpleUploadedFile(f"{n}.png", _png(), "image/png") for n in range(4)]
    response = client.post(_path(form, world), {**form.data(world), "images": images})
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    assert Idea.objects.count() == 2 and not IdeaImage.objects.exists()


# --- unknown ids ----------------------------------------------------------------------------

ID_URLS: list[tuple[str, str, str]] = [
    ("ideas:detail", "idea_id", "bob"),
    ("ideas:edit", "idea_id", "bob"),
    ("ideas:withdraw", "idea_id", "bob"),
    ("ideas:vote", "idea_id", "bob"),
    ("ideas:unvote", "idea_id", "bob"),
    ("ideas:rate", "idea_id", "bob"),
    ("ideas:follow", "idea_id", "bob"),
    ("ideas:unfollow", "idea_id", "bob"),
    ("ideas:comment_post", "idea_id", "bob"),
    ("ideas:comment_edit", "comment_id", "bob"),
    ("ideas:comment_delete", "comment_id", "bob"),
    ("ideas:comment_upvote", "comment_id", "bob"),
    ("ideas:comment_unupvote", "comment_id", "bob"),
    ("answers:answer", "idea_id", "alice"),
    ("moderation:report_idea", "idea_id", "bob"),
    ("moderation:report_comment", "comment_id", "bob"),
    ("campaigns:detail", "campaign_id", "alice"),
    ("campaigns:edit", "campaign_id", "alice"),
    ("campaigns:advance", "campaign_id", "alice"),
    ("campaigns:open_phase", "campaign_id", "alice"),
    ("campaigns:invite", "campaign_id", "alice"),
    ("brands:team_role", "membership_id", "alice"),
    ("influencers:space", "space_id", "dan"),
    ("influencers:space_edit", "space_id", "lea"),
    ("influencers:space_follow", "space_id", "bob"),
    ("influencers:poll_new", "space_id", "lea"),
    ("influencers:round_new", "space_id", "lea"),
    ("influencers:synthesis_new", "space_id", "lea"),
    ("influencers:made_with", "space_id", "dan"),
    ("influencers:answer", "round_id", "dan"),
    ("influencers:picture", "round_id", "dan"),
    ("influencers:heart", "picture_id", "dan"),
    ("influencers:claim_decide", "claim_id", "alice"),
    ("influencers:claim_open", "claim_id", "alice"),
]


@pytest.mark.parametrize(("name", "kwarg", "actor"), ID_URLS)
@pytest.mark.parametrize("unknown", [999_999, HUGE_ID, 2**63, 2**64])
def test_unknown_ids_are_not_found(world, name, kwarg, actor, unknown):
    client = Client()
    client.force_login(getattr(world, actor).user)
    path = reverse(name, kwargs={"brand_slug": world.brand.slug, kwarg: unknown})
    before = snapshot()
    assert client.get(path).status_code in (404, 405), path
    assert client.post(path, {"body": "x", "stars": "3", "reason": "spam"}).status_code == 404
    assert snapshot() == before


@pytest.mark.parametrize("unknown", [999_999, HUGE_ID])
def test_unknown_ids_elsewhere_are_not_found(world, unknown):
    alice = _client(FORMS["campaign create"], world)
    uninvite = reverse(
        "campaigns:uninvite",
        kwargs={
            "brand_slug": world.brand.slug,
            "campaign_id": world.secret.pk,
            "invitation_id": unknown,
        },
    )
    assert alice.post(uninvite).status_code == 404
    assert (
        alice.get(reverse("ideas:list", args=[world.brand.slug, "no-such-campaign"])).status_code
        == 404
    )
    assert alice.get("/b/no-such-brand/").status_code == 404
    assert alice.get(reverse("notifications:open", args=[unknown])).status_code == 404
    decide = reverse("moderation:decide", args=[world.brand.slug])
    data = {"target": "comment", "item_id": unknown, "action": "hide", "reason": "x"}
    assert alice.post(decide, data).status_code in (302, 404)
    assert not ModerationDecision.objects.exists()


def test_a_reply_to_an_unknown_comment_is_refused_or_top_level(world):
    form = FORMS["comment post"]
    client = _client(form, world)
    for parent in ("999999", str(HUGE_ID), str(2**63)):
        response = client.post(_path(form, world), {"body": "A reply", "parent": parent})
        assert response.status_code in (302, 400), parent
    assert not Comment.objects.filter(body="A reply", parent__isnull=False).exists()


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("influencers:poll_vote", lambda w, n: {"space_id": w.space.pk, "poll_id": n}),
        ("influencers:poll_results", lambda w, n: {"space_id": w.space.pk, "poll_id": n}),
        ("influencers:poll_close", lambda w, n: {"space_id": w.space.pk, "poll_id": n}),
        ("influencers:synthesis", lambda w, n: {"space_id": w.space.pk, "synthesis_id": n}),
        ("influencers:synthesis_edit", lambda w, n: {"space_id": w.space.pk, "synthesis_id": n}),
        ("influencers:poll_vote", lambda w, n: {"space_id": n, "poll_id": w.space_poll.pk}),
    ],
)
@pytest.mark.parametrize("unknown", [999_999, HUGE_ID])
def test_unknown_ids_in_a_space_are_not_found(world, name, kwargs, unknown):
    client = _client(FORMS["synthesis new"], world)
    path = reverse(name, kwargs={"brand_slug": world.brand.slug, **kwargs(world, unknown)})
    before = snapshot()
    assert client.get(path).status_code in (404, 405), path
    assert client.post(path, {"option": world.space_poll.options.first().pk}).status_code == 404
    assert snapshot() == before


def test_another_spaces_or_brands_evidence_and_options_are_refused(world):
    """Her synthesis may not cite Globex's answer or poll; Dan may not vote with the option of
    another poll; the brand may not open a contest on another brand's product: nothing saved."""
    from cocrea.customizer.tests.factories import make_product

    g_product = make_product(world.other_brand, world.g_space.partnership.created_by)
    before = snapshot()
    form = FORMS["synthesis new"]
    lea = _client(form, world)
    for ref in (f"quote:{world.g_quote.pk}", f"poll:{world.g_poll.pk}"):
        response = lea.post(_path(form, world), {**form.data(world), "claims-0-evidence": [ref]})
        assert _form_page_with_error(response) and response.status_code != 302, ref
    vote = FORMS["space poll vote"]
    response = _client(vote, world).post(
        _path(vote, world), {"option": world.g_poll.options.first().pk}
    )
    assert _form_page_with_error(response)
    opening = FORMS["claim open"]
    response = _client(opening, world).post(
        _path(opening, world), {"what": "contest", "product": g_product.pk}
    )
    assert _form_page_with_error(response)
    assert snapshot() == before
    assert Synthesis.objects.filter(space=world.space).count() == 1


@pytest.mark.parametrize("upload", list(BAD_UPLOADS))
def test_wrong_mood_pictures_are_refused_with_a_message(world, upload, settings):
    client = _client(FORMS["space answer"], world)
    path = reverse("influencers:picture", args=[world.brand.slug, world.board.pk])
    before = snapshot()
    response = client.post(path, {"image": BAD_UPLOADS[upload](), "caption": "Mine"})
    assert response.status_code == 302, (upload, response.status_code)
    assert _flash_messages(client), upload
    json_answer = client.post(
        path, {"image": BAD_UPLOADS[upload]()}, HTTP_ACCEPT="application/json"
    )
    assert json_answer.status_code == 400 and json_answer.json()["detail"], upload
    assert snapshot() == before, upload
    stored = [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()]
    assert stored == [], (upload, stored)


def test_a_real_mood_picture_is_accepted_and_renamed(world, settings):
    client = _client(FORMS["space answer"], world)
    path = reverse("influencers:picture", args=[world.brand.slug, world.board.pk])
    upload = SimpleUploadedFile("../../evil name.php.png", _png(), "image/png")
    assert client.post(path, {"image": upload, "caption": "Linen"}).status_code == 302
    stored = [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()]
    assert len(stored) == 1 and stored[0].suffix == ".png" and "evil" not in stored[0].name
    assert MoodPicture.objects.filter(round=world.board).count() == 2


# --- arbitrary text (hypothesis) ------------------------------------------------------------

ANY_TEXT = st.one_of(
    st.text(max_size=300),
    st.text(
        st.characters(codec="utf-8", categories=["Cc", "Cf", "Zl", "Zp", "Zs", "Mn"]), max_size=50
    ),
    st.text(st.characters(min_codepoint=0x10000), min_size=1, max_size=200),
    st.builds(lambda s, n: s * n, st.text(min_size=1, max_size=3), st.integers(1, 30_000)),
    st.sampled_from(["<script>alert(1)</script>", "\ufeff", "\u202e", "\r\n" * 50, "\U0010ffff"]),
)


def _row_or_error(client: Client, path: str, data: dict[str, str], model: type) -> None:
    count = model.objects.count()
    response = client.post(path, data)
    added = model.objects.count() - count
    assert response.status_code < 500
    if response.status_code == 302:
        assert added == 1, (data, response.status_code)
        return
    assert added == 0, (data, response.status_code)
    if any(NUL in value for value in data.values()):
        assert response.status_code == 400 and "NUL" in response.content.decode()
    else:
        assert "errorlist" in response.content.decode(), (data, response.status_code)


@pytest.fixture
def no_rate_limits(settings):  # type: ignore[no-untyped-def]
    settings.RATE_LIMITS = {action: (0, 60) for action in settings.RATE_LIMITS}


@hsettings(
    max_examples=60,
    deadline=None,
    database=None,  # no .hypothesis/ folder in the checkout
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(title=ANY_TEXT, body=ANY_TEXT)
def test_any_text_as_an_idea_gives_one_idea_or_a_form_error(world, no_rate_limits, title, body):
    form = FORMS["idea submit"]
    _row_or_error(_client(form, world), _path(form, world), {"title": title, "body": body}, Idea)


@hsettings(
    max_examples=60,
    deadline=None,
    database=None,  # no .hypothesis/ folder in the checkout
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(body=ANY_TEXT)
def test_any_text_as_a_comment_gives_one_comment_or_a_form_error(world, no_rate_limits, body):
    form = FORMS["comment post"]
    _row_or_error(_client(form, world), _path(form, world), {"body": body}, Comment)


@hsettings(
    max_examples=40,
    deadline=None,
    database=None,  # no .hypothesis/ folder in the checkout
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(q=ANY_TEXT, sort=ANY_TEXT, page=ANY_TEXT)
def test_any_query_string_on_the_idea_list_is_answered(world, q, sort, page):
    client = _client(FORMS["idea submit"], world)
    path = reverse("ideas:list", args=[world.brand.slug, world.campaign.slug])
    response = client.get(path, {"q": q, "sort": sort, "page": page})
    assert response.status_code == (400 if NUL in q + sort + page else 200)


def test_a_megabyte_team_search_is_answered(world):
    client = _client(FORMS["team search"], world)
    response = client.get(reverse("brands:team", args=[world.brand.slug]), {"q": MEGABYTE})
    assert response.status_code == 200


# --- malformed requests -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("multipart/form-data; boundary=xyz", b"--xyz\r\nbroken"),
        ("multipart/form-data", b"no boundary at all"),
        ("multipart/form-data; boundary=" + "x" * 100, b"x"),
        ("application/x-www-form-urlencoded; charset=no-such-charset", b"title=a&body=b"),
        ("application/x-www-form-urlencoded", b"title=%FF%FE%00&body=%C3"),
        ("application/x-www-form-urlencoded", b"title=\xff\xfe&body=\xc3"),
        ("application/json", b"{not json"),
        ("application/json", b'{"title": "\\u0000"}'),
        ("text/plain", b"\x00\x01\x02"),
    ],
)
def test_malformed_bodies_are_refused_or_ignored(world, content_type, body):
    form = FORMS["idea submit"]
    client = _client(form, world)
    before = snapshot()
    response = client.generic("POST", _path(form, world), body, content_type=content_type)
    assert response.status_code in (200, 302, 400), response.status_code
    if (
        response.status_code == 302
    ):  # readable enough: bad bytes become U+FFFD, unknown charsets UTF-8
        (idea,) = Idea.objects.exclude(pk__in=[world.idea.pk, world.target.pk])
        assert NUL not in idea.title + idea.body
    else:
        assert snapshot() == before


@pytest.mark.parametrize(
    "when", ["0001-01-01T00:00", "9999-12-31T23:59", "1900-01-01", "0000-00-00T00:00", "3000-01-01"]
)
@pytest.mark.parametrize("field", ["submission_starts", "voting_ends", "results_starts"])
def test_dates_at_the_edge_of_the_calendar_are_refused(world, when, field):
    """Year 1 would overflow once converted to UTC (Paris is ahead of it): a form error."""
    form = FORMS["campaign create"]
    client = _client(form, world)
    before = snapshot()
    response = client.post(_path(form, world), {**form.data(world), field: when})
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert snapshot() == before


def test_bad_paths_are_not_found(world):
    client = _client(FORMS["idea submit"], world)
    for path in ("/b/%FF/", "/b/cafe-lumiere/ideas/%FF/", "/b/" + "a" * 5000 + "/"):
        assert client.get(path).status_code in (400, 404), path
