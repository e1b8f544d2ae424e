"""Tenants never leak, across the whole platform.

Every URL under ``/b/<brand_slug>/`` is listed in ``URLS`` below with the least role it needs;
``test_every_brand_url_is_in_the_table`` walks the URL resolver and fails when a new brand-scoped
URL is not in the table, so a future page cannot forget these checks. For each URL:

- anonymous visitors and outsiders (charlie, admin of another brand) are refused on private URLs;
- members (bob) are refused on staff URLs, moderators (mona) on admin URLs;
- the ids of another brand's objects in this brand's URLs answer 404;
- nothing is ever written by a refused request.
"""

from __future__ import annotations

import importlib
import pkgutil
from datetime import timedelta
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from cocrea.accounts.tests.factories import UserFactory
from cocrea.brands.models import Brand, Membership
from cocrea.brands.tests.factories import MembershipFactory
from cocrea.campaigns.models import (
    Category,
    Invitation,
    Tag,
)
from cocrea.campaigns.tests.factories import CampaignFactory
from cocrea.ideas.models import (
    Comment,
    Idea,
)
from cocrea.ideas.tests.factories import CommentFactory, IdeaFactory
from cocrea.moderation.models import Report
from cocrea.notifications.models import Notification
from tests import tenancy
from tests.dbstate import make_cast, module_world, snapshot
from tests.tenancy import ADMIN, JOIN, MEMBER, MODERATOR, PRIVATE, PUBLIC, STAFF, TRY, Spec, World

pytestmark = pytest.mark.django_db


def _phases(prefix: str = "") -> dict[str, str]:
    start = timezone.localtime() + timedelta(days=2)
    return {
        "submission_starts": start.strftime("%Y-%m-%dT%H:%M"),
        "submission_ends": (start + timedelta(days=10)).strftime("%Y-%m-%dT%H:%M"),
    }


def _campaign_data(w: World) -> dict[str, Any]:
    return {
        "title": "Hacked campaign",
        "slug": "hacked",
        "objective": "Hacked",
        "description": "Hacked",
        "visibility": "public",
        **_phases(),
    }


def _settings_data(w: World) -> dict[str, Any]:
    return {
        "name": "Hacked",
        "tagline": "Hacked",
        "description": "Hacked",
        "primary_colour": "#000000",
        "accent_colour": "#000000",
        "languages": ["fr", "en"],
        "default_language": "fr",
        "visibility": "members",
    }


def _idea(w: World) -> dict[str, Any]:
    return {"idea_id": w.idea.pk}


def _g_idea(w: World) -> dict[str, Any]:
    return {"idea_id": w.g_idea.pk}


def _comment(w: World) -> dict[str, Any]:
    return {"comment_id": w.comment.pk}


def _g_comment(w: World) -> dict[str, Any]:
    return {"comment_id": w.g_comment.pk}


def _campaign_id(w: World) -> dict[str, Any]:
    return {"campaign_id": w.campaign.pk}


def _g_campaign_id(w: World) -> dict[str, Any]:
    return {"campaign_id": w.g_campaign.pk}


URLS: dict[str, Spec] = {
    # brands
    "brands:brand_home": Spec(PUBLIC),
    "brands:join": Spec(JOIN),
    "brands:theme_css": Spec(PUBLIC),
    "brands:settings": Spec(ADMIN, data=_settings_data),
    "brands:team": Spec(MODERATOR),
    "brands:team_role": Spec(
        ADMIN,
        kwargs=lambda w: {"membership_id": w.dan.pk},
        data=lambda w: {"role": "admin"},
        foreign=[lambda w: {"membership_id": w.g_member.pk}],
    ),
    # campaigns (the console)
    "campaigns:console": Spec(MODERATOR),
    "campaigns:create": Spec(ADMIN, data=_campaign_data),
    "campaigns:detail": Spec(MODERATOR, kwargs=_campaign_id, foreign=[_g_campaign_id]),
    "campaigns:edit": Spec(
        ADMIN, kwargs=_campaign_id, data=_campaign_data, foreign=[_g_campaign_id]
    ),
    "campaigns:advance": Spec(ADMIN, kwargs=_campaign_id, foreign=[_g_campaign_id]),
    "campaigns:open_phase": Spec(
        ADMIN, kwargs=_campaign_id, data=lambda w: {"kind": "voting"}, foreign=[_g_campaign_id]
    ),
    "campaigns:invite": Spec(
        ADMIN,
        kwargs=lambda w: {"campaign_id": w.secret.pk},
        data=lambda w: {"email": w.bob.user.email},
        foreign=[lambda w: {"campaign_id": w.g_secret.pk}],
    ),
    "campaigns:uninvite": Spec(
        ADMIN,
        kwargs=lambda w: {"campaign_id": w.secret.pk, "invitation_id": w.invitation.pk},
        foreign=[
            lambda w: {"campaign_id": w.secret.pk, "invitation_id": w.g_invitation.pk},
            lambda w: {"campaign_id": w.g_secret.pk, "invitation_id": w.g_invitation.pk},
        ],
    ),
    # ideas
    "ideas:list": Spec(
        PUBLIC,
        kwargs=lambda w: {"campaign_slug": w.campaign.slug},
        foreign=[lambda w: {"campaign_slug": w.g_campaign.slug}],
    ),
    "ideas:submit": Spec(
        MEMBER,
        kwargs=lambda w: {"campaign_slug": w.campaign.slug},
        data=lambda w: {"title": "Hacked idea", "body": "Hacked"},
        foreign=[lambda w: {"campaign_slug": w.g_campaign.slug}],
    ),
    "ideas:detail": Spec(PUBLIC, kwargs=_idea, foreign=[_g_idea]),
    "ideas:edit": Spec(
        MEMBER,
        kwargs=_idea,
        data=lambda w: {"title": "Hacked", "body": "Hacked"},
        foreign=[_g_idea],
    ),
    "ideas:withdraw": Spec(MEMBER, kwargs=_idea, foreign=[_g_idea]),
    "ideas:vote": Spec(MEMBER, kwargs=_idea, foreign=[_g_idea]),
    "ideas:unvote": Spec(MEMBER, kwargs=_idea, foreign=[_g_idea]),
    "ideas:rate": Spec(MEMBER, kwargs=_idea, data=lambda w: {"stars": "4"}, foreign=[_g_idea]),
    "ideas:follow": Spec(MEMBER, kwargs=_idea, foreign=[_g_idea]),
    "ideas:unfollow": Spec(MEMBER, kwargs=_idea, foreign=[_g_idea]),
    "ideas:comment_post": Spec(
        MEMBER, kwargs=_idea, data=lambda w: {"body": "Hacked"}, foreign=[_g_idea]
    ),
    "ideas:comment_edit": Spec(
        MEMBER, kwargs=_comment, data=lambda w: {"body": "Hacked"}, foreign=[_g_comment]
    ),
    "ideas:comment_delete": Spec(MEMBER, kwargs=_comment, foreign=[_g_comment]),
    "ideas:comment_upvote": Spec(MEMBER, kwargs=_comment, foreign=[_g_comment]),
    "ideas:comment_unupvote": Spec(MEMBER, kwargs=_comment, foreign=[_g_comment]),
    # the brand's answers
    "answers:triage": Spec(MODERATOR),
    "answers:bulk": Spec(
        MODERATOR,
        data=lambda w: {"action": "status", "to_status": "accepted", "ideas": [w.idea.pk]},
        foreign_data=lambda w: {
            "action": "status",
            "to_status": "accepted",
            "ideas": [w.g_idea.pk],
        },
    ),
    "answers:answer": Spec(
        MODERATOR,
        kwargs=_idea,
        data=lambda w: {"to_status": "accepted", "answer": "Hacked"},
        foreign=[_g_idea],
    ),
    "answers:in_action": Spec(PUBLIC),
    # moderation
    "moderation:report_idea": Spec(
        MEMBER, kwargs=_idea, data=lambda w: {"reason": "spam"}, foreign=[_g_idea]
    ),
    "moderation:report_comment": Spec(
        MEMBER, kwargs=_comment, data=lambda w: {"reason": "spam"}, foreign=[_g_comment]
    ),
    "moderation:queue": Spec(MODERATOR),
    "moderation:decide": Spec(
        MODERATOR,
        data=lambda w: {"target": "idea", "item_id": w.idea.pk, "action": "hide", "reason": "x"},
        foreign_data=lambda w: {
            "target": "idea",
            "item_id": w.g_idea.pk,
            "action": "hide",
            "reason": "Hacked",
        },
    ),
    "moderation:audit": Spec(MODERATOR),
    # insights dashboard
    "insights_dashboard:home": Spec(MODERATOR),
    "insights_dashboard:voices": Spec(MODERATOR),
    "insights_dashboard:pulse": Spec(MODERATOR),
    "insights_dashboard:recompute": Spec(MODERATOR),
    "insights_dashboard:run": Spec(
        MODERATOR,
        kwargs=lambda w: {"run_id": w.run.pk},
        foreign=[lambda w: {"run_id": w.g_run.pk}],
    ),
    "insights_dashboard:export_voices": Spec(MODERATOR, kwargs=lambda w: {"fmt": "csv"}),
    "insights_dashboard:export_themes": Spec(MODERATOR, kwargs=lambda w: {"fmt": "json"}),
    # insights pipeline
    "insights:similar": Spec(
        MEMBER,
        kwargs=lambda w: {"campaign_slug": w.campaign.slug},
        foreign=[lambda w: {"campaign_slug": w.g_campaign.slug}],
    ),
    "insights:duplicates": Spec(MODERATOR),
    # engagement
    "engagement:leaderboard": Spec(MEMBER),
    "engagement:visibility": Spec(MEMBER, data=lambda w: {"visible": "on"}),
    "engagement:settings": Spec(ADMIN, data=lambda w: {"half_life_days": "30"}),
}

EXTENSIONS = [
    importlib.import_module(f"tests.tenancy.{info.name}")
    for info in pkgutil.iter_modules(tenancy.__path__)
]
for _extension in EXTENSIONS:
    _clash = set(URLS) & set(_extension.URLS)
    assert not _clash, f"{_extension.__name__} repeats {_clash}"
    URLS.update(_extension.URLS)

# A second table for decide: a comment of the other brand too.
DECIDE_FOREIGN_COMMENT = {"target": "comment", "action": "hide", "reason": "Hacked"}

NON_BRAND_PRIVATE = ["accounts:profile", "notifications:list", "notifications:mark_all_read"]


# --- the world: two brands with one of everything --------------------------------------------


def _build_world() -> World:
    cast = make_cast()
    brand, other_brand, campaign = cast["brand"], cast["other_brand"], cast["campaign"]
    alice, mona, bob, dan, charlie = (cast[n] for n in ("alice", "mona", "bob", "dan", "charlie"))
    idea = IdeaFactory(campaign=campaign, author=bob, title="Bob's private thoughts")
    comment = CommentFactory(idea=idea, author=dan, body="Dan's comment")
    Category.objects.create(campaign=campaign, name="Cups")
    Tag.objects.create(brand=brand, name="Reuse", slug="reuse")
    secret = CampaignFactory(brand=brand, slug="secret-panel", visibility="invited")
    invitation = Invitation.objects.create(campaign=secret, member=dan)

    g_member = MembershipFactory(
        brand=other_brand, user=UserFactory(email="gina@example.org", display_name="Gina")
    )
    g_campaign = CampaignFactory(brand=other_brand, slug="moon-shot", title="Moon shot")
    g_idea = IdeaFactory(campaign=g_campaign, author=g_member, title="Globex secret plan")
    g_comment = CommentFactory(idea=g_idea, author=g_member, body="Globex comment")
    g_secret = CampaignFactory(brand=other_brand, slug="globex-panel", visibility="invited")
    g_invitation = Invitation.objects.create(campaign=g_secret, member=g_member)
    Category.objects.create(campaign=g_campaign, name="Rockets")
    Tag.objects.create(brand=other_brand, name="Space", slug="space")
    analysis_run = apps.get_model("insights", "AnalysisRun")
    w = World(
        run=analysis_run.objects.create(brand=brand, state="done"),
        g_run=analysis_run.objects.create(brand=other_brand, state="done"),
        brand=brand,
        other=other_brand,
        alice=alice,
        mona=mona,
        bob=bob,
        dan=dan,
        charlie=charlie,
        campaign=campaign,
        idea=idea,
        comment=comment,
        secret=secret,
        invitation=invitation,
        g_member=g_member,
        g_campaign=g_campaign,
        g_idea=g_idea,
        g_comment=g_comment,
        g_secret=g_secret,
        g_invitation=g_invitation,
    )
    for extension in EXTENSIONS:
        vars(w).update(extension.objects(w))
    return w


_module_world, world = module_world(_build_world)


def as_(client: Client, membership: Membership | None) -> Client:
    if membership is not None:
        client.force_login(membership.user)
    return client


def url_for(name: str, brand: Brand, kwargs: dict[str, Any]) -> str:
    return reverse(name, kwargs={"brand_slug": brand.slug, **kwargs})


def is_login_redirect(response: Any) -> bool:
    return response.status_code == 302 and reverse("account_login") in response["Location"]


def get_and_post(client: Client, path: str, data: dict[str, Any]) -> list[Any]:
    """The GET and POST answers but 405s: a wrong method is refused too, but at least one
    method must reach the view's own checks."""
    responses = [client.get(path), client.post(path, data)]
    allowed = [response for response in responses if response.status_code != 405]
    assert allowed, f"{path}: neither GET nor POST is allowed"
    return allowed


def _names(access: tuple[str, ...]) -> list[str]:
    return [name for name, spec in URLS.items() if spec.access in access]


# --- the table covers every brand-scoped URL ---------------------------------------------------


def _walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or ""
            inner = f"{namespace}:{ns}".strip(":") if ns else namespace
            found += _walk(pattern.url_patterns, route, inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}".strip(":") if pattern.name else ""
            found.append((route, name))
    return found


def brand_scoped_urls() -> list[tuple[str, str]]:
    return [
        (route, name)
        for route, name in _walk(get_resolver().url_patterns)
        if route.startswith("b/")
    ]


def test_every_brand_url_is_in_the_table():
    urls = brand_scoped_urls()
    unnamed = [route for route, name in urls if not name]
    assert not unnamed, f"brand-scoped URLs without a name: {unnamed}"
    names = {name for _route, name in urls}
    assert names - set(URLS) == set(), "add these brand-scoped URLs to URLS in test_tenancy.py"
    assert set(URLS) - names == set(), "these URLs no longer exist: remove them from URLS"
    assert len(URLS) >= 37


def test_every_url_with_an_object_id_has_a_foreign_check():
    for route, name in brand_scoped_urls():
        spec = URLS[name]
        takes_id = "<int:" in route or "<slug:campaign_slug>" in route
        assert not takes_id or spec.foreign, f"{name} takes an id: give it a foreign check"


# --- (a) anonymous visitors -------------------------------------------------------------------


@pytest.mark.parametrize("name", _names(PRIVATE))
def test_anonymous_is_sent_to_login_on_private_urls(client, world, name):
    spec = URLS[name]
    path = url_for(name, world.brand, spec.kwargs(world))
    before = snapshot()
    for response in get_and_post(client, path, spec.data(world)):
        assert is_login_redirect(response), (name, response.status_code)
    assert snapshot() == before, name


@pytest.mark.parametrize("name", _names(PRIVATE))
def test_anonymous_htmx_requests_are_sent_to_login_too(client, world, name):
    """htmx calls get a client-side redirect to the login page, never the private fragment."""
    spec = URLS[name]
    path = url_for(name, world.brand, spec.kwargs(world))
    before = snapshot()
    for method in (client.get, client.post):
        response = method(path, HTTP_HX_REQUEST="true")
        if response.status_code == 405:
            continue
        hx_redirect = response.headers.get("HX-Redirect", "")
        assert is_login_redirect(response) or reverse("account_login") in hx_redirect, name
        if hx_redirect:
            assert world.idea.title not in response.content.decode()
    assert snapshot() == before, name


@pytest.mark.parametrize("name", _names((PUBLIC,)))
def test_anonymous_reads_public_pages_of_a_public_brand(client, world, name):
    spec = URLS[name]
    response = client.get(url_for(name, world.brand, spec.kwargs(world)))
    assert response.status_code == 200, name


@pytest.mark.parametrize("name", _names((TRY,)))
def test_anonymous_tries_without_writing_anything(client, world, name):
    spec = URLS[name]
    before = snapshot()
    response = client.post(url_for(name, world.brand, spec.kwargs(world)), spec.data(world))
    assert response.status_code == 200, name
    assert snapshot() == before, name


def test_anonymous_must_log_in_to_join(client, world):
    path = url_for("brands:join", world.brand, {})
    assert is_login_redirect(client.post(path))
    assert not Membership.objects.filter(brand=world.brand, user__isnull=True).exists()


@pytest.mark.parametrize("name", NON_BRAND_PRIVATE)
def test_anonymous_is_sent_to_login_on_account_and_notification_urls(client, world, name):
    path = reverse(name)
    assert is_login_redirect(client.get(path)) or client.get(path).status_code == 405
    assert is_login_redirect(client.post(path))


def test_anonymous_cannot_open_a_notification(client, world):
    note = Notification.objects.create(
        recipient=world.bob.user, brand=world.brand, kind="new_comment", idea=world.idea
    )
    response = client.get(reverse("notifications:open", args=[note.pk]))
    assert is_login_redirect(response)
    note.refresh_from_db()
    assert note.read_at is None


# --- (b) the outsider, (c) members and moderators --------------------------------------------


@pytest.mark.parametrize("name", _names(PRIVATE))
def test_outsider_is_refused_on_private_urls(client, world, name):
    spec = URLS[name]
    as_(client, world.charlie)
    path = url_for(name, world.brand, spec.kwargs(world))
    before = snapshot()
    for response in get_and_post(client, path, spec.data(world)):
        assert response.status_code in (403, 404), (name, response.status_code)
    assert snapshot() == before, name


@pytest.mark.parametrize("name", _names(STAFF))
def test_member_is_refused_on_staff_urls(client, world, name):
    spec = URLS[name]
    as_(client, world.bob)
    path = url_for(name, world.brand, spec.kwargs(world))
    before = snapshot()
    for response in get_and_post(client, path, spec.data(world)):
        assert response.status_code == 403, (name, response.status_code)
    assert snapshot() == before, name


@pytest.mark.parametrize("name", _names((ADMIN,)))
def test_moderator_is_refused_on_admin_urls(client, world, name):
    spec = URLS[name]
    as_(client, world.mona)
    path = url_for(name, world.brand, spec.kwargs(world))
    before = snapshot()
    for response in get_and_post(client, path, spec.data(world)):
        assert response.status_code == 403, (name, response.status_code)
    assert snapshot() == before, name


@pytest.mark.parametrize("name", _names(STAFF))
def test_staff_urls_open_for_the_staff(client, world, name):
    """The refusals above are not an accident of broken URLs: the right role gets in."""
    spec = URLS[name]
    as_(client, world.alice)
    path = url_for(name, world.brand, spec.kwargs(world))
    get = client.get(path)
    assert get.status_code in (200, 405), (name, get.status_code)


# --- (d) another brand's ids ------------------------------------------------------------------


FOREIGN = [(name, i) for name, spec in URLS.items() for i in range(len(spec.foreign))]


@pytest.mark.parametrize(("name", "index"), FOREIGN)
def test_other_brands_ids_are_not_found(client, world, name, index):
    """Alice (admin of Café Lumière) uses her brand's URLs with Globex's ids: 404, no change."""
    spec = URLS[name]
    as_(client, world.alice)
    path = url_for(name, world.brand, spec.foreign[index](world))
    before = snapshot()
    for response in get_and_post(client, path, spec.data(world)):
        assert response.status_code == 404, (name, response.status_code)
    assert snapshot() == before, name


@pytest.mark.parametrize(("name", "index"), FOREIGN)
def test_other_brands_admin_cannot_reach_our_objects_through_his_brand(client, world, name, index):
    """Charlie (admin of Globex) uses Globex URLs with Café Lumière's ids: 404, no change."""
    spec = URLS[name]
    as_(client, world.charlie)
    mirror = World(**{**vars(world), **_mirrored(world)})
    path = url_for(name, world.other, spec.foreign[index](mirror))
    before = snapshot()
    for response in get_and_post(client, path, spec.data(mirror)):
        assert response.status_code == 404, (name, response.status_code)
    assert snapshot() == before, name


def _mirrored(w: World) -> dict[str, Any]:
    """The ``g_*`` names pointing at Café Lumière's objects (the attacker's view reversed)."""
    return {
        "g_member": w.dan,
        "g_campaign": w.campaign,
        "g_idea": w.idea,
        "g_comment": w.comment,
        "g_secret": w.secret,
        "g_invitation": w.invitation,
        "secret": w.g_secret,
        "bob": w.g_member,
        "g_run": w.run,
        **{
            name: getattr(w, mine)
            for extension in EXTENSIONS
            for name, mine in extension.MIRROR.items()
        },
    }


def test_moderation_decision_on_another_brands_items_is_not_found(client, world):
    as_(client, world.alice)
    path = url_for("moderation:decide", world.brand, {})
    before = snapshot()
    idea_data = URLS["moderation:decide"].foreign_data(world)  # type: ignore[misc]
    comment_data = {**DECIDE_FOREIGN_COMMENT, "item_id": world.g_comment.pk}
    for data in (idea_data, comment_data):
        assert client.post(path, data).status_code == 404
    assert snapshot() == before


def test_other_brands_category_tag_and_merge_target_are_refused(client, world):
    as_(client, world.bob)
    g_category = Category.objects.get(campaign=world.g_campaign)
    g_tag = Tag.objects.get(brand=world.other)
    path = url_for("ideas:submit", world.brand, {"campaign_slug": world.campaign.slug})
    before = snapshot()
    for extra in ({"category": g_category.pk}, {"tags": [g_tag.pk]}):
        response = client.post(path, {"title": "Mine", "body": "Mine", **extra})
        assert response.status_code == 200 and "errorlist" in response.content.decode()
    assert snapshot() == before

    as_(client, world.alice)
    path = url_for("answers:answer", world.brand, {"idea_id": world.idea.pk})
    data = {"to_status": "merged", "merge_target": world.g_idea.pk, "answer": "Merged"}
    assert client.post(path, data).status_code == 400
    assert snapshot() == before


def test_replying_to_another_brands_comment_does_not_attach_to_it(client, world):
    as_(client, world.bob)
    path = url_for("ideas:comment_post", world.brand, {"idea_id": world.idea.pk})
    client.post(path, {"body": "A reply", "parent": world.g_comment.pk})
    assert not Comment.objects.filter(parent=world.g_comment).exists()
    assert not Comment.objects.filter(idea=world.g_idea, body="A reply").exists()


def test_team_role_change_with_another_brands_membership_keeps_it(client, world):
    as_(client, world.alice)
    path = url_for("brands:team_role", world.brand, {"membership_id": world.charlie.pk})
    assert client.post(path, {"role": "member"}).status_code == 404
    world.charlie.refresh_from_db()
    assert world.charlie.role == Membership.Role.ADMIN


def test_staff_pages_list_only_the_brands_own_rows(client, world):
    """Console, triage, team, queue and audit show nothing of Globex."""
    Report.objects.create(
        brand=world.other, reporter=world.g_member, idea=world.g_idea, reason="spam"
    )
    as_(client, world.alice)
    for name in ("campaigns:console", "answers:triage", "brands:team", "moderation:queue"):
        html = client.get(url_for(name, world.brand, {})).content.decode()
        for secret in ("Globex secret plan", "Moon shot", "gina@example.org", "Gina"):
            assert secret not in html, (name, secret)
    response = client.get(
        url_for("answers:triage", world.brand, {}), {"campaign": world.g_campaign.pk}
    )
    assert response.status_code == 200 and "Globex secret plan" not in response.content.decode()


# --- (e) a members-only brand -----------------------------------------------------------------


@pytest.fixture
def members_only(world) -> World:  # type: ignore[no-untyped-def]
    Brand.objects.filter(pk=world.brand.pk).update(visibility=Brand.Visibility.MEMBERS)
    world.brand.refresh_from_db()
    return world


@pytest.mark.parametrize("name", list(URLS))
def test_members_only_brand_is_not_found_for_outsiders(client, members_only, name):
    w = members_only
    spec = URLS[name]
    as_(client, w.charlie)
    path = url_for(name, w.brand, spec.kwargs(w))
    before = snapshot()
    for response in get_and_post(client, path, spec.data(w)):
        assert response.status_code == 404, (name, response.status_code)
    assert snapshot() == before, name


@pytest.mark.parametrize("name", [n for n in URLS if n not in ("brands:theme_css",)])
def test_members_only_brand_sends_anonymous_visitors_to_login(client, members_only, name):
    w = members_only
    spec = URLS[name]
    path = url_for(name, w.brand, spec.kwargs(w))
    before = snapshot()
    for response in get_and_post(client, path, spec.data(w)):
        assert is_login_redirect(response), (name, response.status_code)
    assert snapshot() == before, name


def test_members_only_brand_theme_does_not_leak(client, members_only):
    path = url_for("brands:theme_css", members_only.brand, {})
    assert client.get(path).status_code == 404
    as_(client, members_only.charlie)
    assert client.get(path).status_code == 404
    as_(client, members_only.bob)
    assert client.get(path).status_code == 200


def test_members_only_brand_is_open_to_its_members(client, members_only):
    w = members_only
    as_(client, w.bob)
    for name in ("brands:brand_home", "ideas:list", "ideas:detail", "answers:in_action"):
        assert client.get(url_for(name, w.brand, URLS[name].kwargs(w))).status_code == 200, name


def test_members_only_brand_is_absent_from_the_home_page_for_outsiders(client, members_only):
    for who in (None, members_only.charlie):
        as_(client, who)
        html = client.get("/").content.decode()
        assert "Café Lumière" not in html and "cafe-lumiere" not in html
        client.logout()


# --- (f) invitation-only campaigns ------------------------------------------------------------


@pytest.fixture
def secret_idea(world) -> Idea:  # type: ignore[no-untyped-def]
    return IdeaFactory(campaign=world.secret, author=world.dan, title="Invited-only idea")


def test_invitation_only_campaign_is_invisible_to_members_not_invited(client, world, secret_idea):
    w = world
    as_(client, w.bob)
    home = client.get(url_for("brands:brand_home", w.brand, {})).content.decode()
    assert w.secret.title not in home and "secret-panel" not in home
    list_url = url_for("ideas:list", w.brand, {"campaign_slug": w.secret.slug})
    assert client.get(list_url).status_code == 404
    detail = url_for("ideas:detail", w.brand, {"idea_id": secret_idea.pk})
    assert client.get(detail).status_code == 404
    before = snapshot()
    for name in ("ideas:vote", "ideas:comment_post", "ideas:follow", "moderation:report_idea"):
        path = url_for(name, w.brand, {"idea_id": secret_idea.pk})
        assert client.post(path, {"body": "x", "reason": "spam"}).status_code == 404, name
    assert snapshot() == before


def test_invitation_only_campaign_is_visible_to_the_invited(client, world, secret_idea):
    as_(client, world.dan)
    home = client.get(url_for("brands:brand_home", world.brand, {})).content.decode()
    assert world.secret.title in home
    list_url = url_for("ideas:list", world.brand, {"campaign_slug": world.secret.slug})
    assert client.get(list_url).status_code == 200


def test_invitation_only_campaign_is_invisible_to_anonymous_and_outsiders(
    client, world, secret_idea
):
    list_url = url_for("ideas:list", world.brand, {"campaign_slug": world.secret.slug})
    detail = url_for("ideas:detail", world.brand, {"idea_id": secret_idea.pk})
    assert is_login_redirect(client.get(list_url)) and is_login_redirect(client.get(detail))
    as_(client, world.charlie)
    assert client.get(list_url).status_code == 404 and client.get(detail).status_code == 404
    home = client.get(url_for("brands:brand_home", world.brand, {})).content.decode()
    assert world.secret.title not in home


def test_ideas_in_action_hide_invitation_only_ideas_from_the_uninvited(client, world, secret_idea):
    Idea.objects.filter(pk=secret_idea.pk).update(status="launched", answered_at=timezone.now())
    path = url_for("answers:in_action", world.brand, {})
    as_(client, world.bob)
    assert "Invited-only idea" not in client.get(path).content.decode()
    as_(client, world.dan)
    assert "Invited-only idea" in client.get(path).content.decode()


# --- (g) notifications ------------------------------------------------------------------------


def test_notification_centre_shows_only_ones_own(client, world):
    mine = Notification.objects.create(
        recipient=world.bob.user, brand=world.brand, kind="new_comment", idea=world.idea
    )
    theirs = Notification.objects.create(
        recipient=world.g_member.user, brand=world.other, kind="new_comment", idea=world.g_idea
    )
    as_(client, world.bob)
    html = client.get(reverse("notifications:list")).content.decode()
    assert "Bob&#x27;s private thoughts" in html or "Bob's private thoughts" in html
    assert "Globex secret plan" not in html
    response = client.get(reverse("notifications:open", args=[theirs.pk]))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
    client.post(reverse("notifications:mark_all_read"))
    theirs.refresh_from_db()
    mine.refresh_from_db()
    assert theirs.read_at is None and mine.read_at is not None


def test_notification_of_a_member_of_the_same_brand_is_not_found(client, world):
    dans = Notification.objects.create(
        recipient=world.dan.user, brand=world.brand, kind="new_comment", idea=world.idea
    )
    as_(client, world.bob)
    assert client.get(reverse("notifications:open", args=[dans.pk])).status_code == 404
    html = client.get(reverse("notifications:list")).content.decode()
    assert reverse("notifications:open", args=[dans.pk]) not in html


def test_profile_shows_only_ones_own_memberships(client, world):
    as_(client, world.bob)
    html = client.get(reverse("accounts:profile")).content.decode()
    assert "Globex" not in html
