"""The contest's pages through HTTP: gallery, entering, votes, jury, console, fair voting,
partner; and bad input (oversize, wrong types, unknown or other people's ids) answered 4xx."""

from __future__ import annotations

import io

import pytest
from conftest import login
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from cocrea.brands.tests.factories import MembershipFactory
from cocrea.campaigns.models import Campaign, Phase
from cocrea.contests import jury
from cocrea.contests.models import Contest, Entry, EntryVote, Juror, Partner, Score, VoteVoid
from cocrea.contests.tests.helpers import add_entry, make_design, set_phase

pytestmark = pytest.mark.django_db
JSON = {"HTTP_ACCEPT": "application/json"}


def _page(contest):  # type: ignore[no-untyped-def]
    return reverse("contests:page", args=[contest.brand.slug, contest.campaign.slug])


def _url(name, contest, *args):  # type: ignore[no-untyped-def]
    return reverse(f"contests:{name}", args=[contest.brand.slug, *args])


def test_gallery_shows_each_design_in_a_constant_number_of_queries(client, brand, contest, bob):
    add_entry(contest, bob, "First")
    login(client, bob)
    client.get(_page(contest))
    with CaptureQueriesContext(connection) as few:
        response = client.get(_page(contest))
    for i in range(5):
        add_entry(contest, MembershipFactory(brand=brand), f"Design {i}")
    with CaptureQueriesContext(connection) as many:
        response = client.get(_page(contest))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<svg") >= 6 and "Design 4" in html
    assert len(many) == len(few)


def test_a_member_enters_a_saved_design(client, contest, bob):
    design = make_design(bob, contest.product, "Blue mug", colour=1)
    login(client, bob)
    response = client.get(_url("submit", contest, contest.campaign.slug))
    assert response.status_code == 200 and "Blue mug" in response.content.decode()
    response = client.post(
        _url("submit", contest, contest.campaign.slug),
        {"design": design.pk, "title": "Ocean", "story": "Waves at dawn."},
    )
    entry = Entry.objects.get()
    assert response.status_code == 302 and response["Location"] == _url("entry", contest, entry.pk)
    assert entry.svg.startswith("<svg") and entry.author == bob
    from cocrea.engagement.models import EngagementEvent

    assert EngagementEvent.objects.filter(member=bob, kind="contest_entry").count() == 1


def test_entering_is_limited_per_member(client, brand, alice, product, bob):
    from cocrea.contests.tests.helpers import make_contest

    contest = make_contest(brand, alice, product, title="One each", designs_per_member=1)
    first, second = make_design(bob, product, "A"), make_design(bob, product, "B")
    login(client, bob)
    path = _url("submit", contest, contest.campaign.slug)
    client.post(path, {"design": first.pk, "title": "A", "story": "A"})
    response = client.post(path, {"design": second.pk, "title": "B", "story": "B"})
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    assert Entry.objects.filter(contest=contest).count() == 1


@pytest.mark.parametrize(
    "data",
    [
        {"title": "x" * 101, "story": "ok"},
        {"title": "ok", "story": "x" * 1001},
        {"title": "", "story": "ok"},
        {"design": "not-a-number"},
        {"design": "99999999"},
        {"design": str(10**20)},
    ],
)
def test_bad_entries_are_refused_with_a_form_error(client, contest, bob, data):
    design = make_design(bob, contest.product)
    login(client, bob)
    payload = {"design": design.pk, "title": "T", "story": "S", **data}
    response = client.post(_url("submit", contest, contest.campaign.slug), payload)
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    assert not Entry.objects.exists()


def test_another_members_design_cannot_be_entered(client, contest, bob, dan):
    dans = make_design(dan, contest.product)
    login(client, bob)
    response = client.post(
        _url("submit", contest, contest.campaign.slug),
        {"design": dans.pk, "title": "Stolen", "story": "Mine now"},
    )
    assert response.status_code == 200 and not Entry.objects.exists()


def test_withdrawing_an_entry_during_submission(client, contest, bob):
    entry = add_entry(contest, bob)
    login(client, bob)
    response = client.post(_url("withdraw", contest, entry.pk))
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.withdrawn_at is not None
    assert "Sunrise" not in client.get(_page(contest)).content.decode().split("Gallery")[1]


def test_vote_through_htmx_and_refusals_as_json(client, contest, bob, dan):
    entry = add_entry(contest, dan)
    mine = add_entry(contest, bob, "Bob's own")
    set_phase(contest, Phase.Kind.VOTING)
    login(client, bob)
    response = client.post(_url("vote", contest, entry.pk), HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and 'aria-pressed="true"' in response.content.decode()
    again = client.post(_url("vote", contest, entry.pk), **JSON)
    assert again.status_code == 409 and again.json()["code"] == "already_voted"
    own = client.post(_url("vote", contest, mine.pk), **JSON)
    assert own.status_code == 403 and own.json()["code"] == "own_entry"
    assert client.post(_url("unvote", contest, entry.pk), **JSON).status_code == 200
    assert not EntryVote.objects.exists()
    assert client.get(_url("vote", contest, entry.pk)).status_code == 405


def test_unknown_and_huge_entry_ids_are_not_found(client, contest, bob):
    login(client, bob)
    for entry_id in (999999, 2**62):
        assert client.post(_url("vote", contest, entry_id)).status_code == 404
        assert client.get(_url("entry", contest, entry_id)).status_code == 404


def test_jury_page_is_for_jurors_and_keeps_marks_private(client, brand, contest, alice, bob, dan):
    entries = [add_entry(contest, MembershipFactory(brand=brand), f"E{i}") for i in range(2)]
    jury.criteria_set(actor=alice, contest=contest, criteria=[("Originality", 2), ("Fit", 1)])
    Juror.objects.create(contest=contest, member=bob)
    Juror.objects.create(contest=contest, member=dan)
    contest = set_phase(contest, Phase.Kind.REVIEW)
    login(client, dan)
    path = _url("jury", contest, contest.campaign.slug)
    assert client.get(path).status_code == 200
    c1, c2 = contest.criteria.all()
    prefix = f"e{entries[0].pk}"
    response = client.post(
        _url("score", contest, entries[0].pk),
        {f"{prefix}-c{c1.pk}": "9", f"{prefix}-c{c2.pk}": "7"},
    )
    assert response.status_code == 302 and Score.objects.count() == 2
    bad = client.post(
        _url("score", contest, entries[0].pk), {f"{prefix}-c{c1.pk}": "eleven"}, **JSON
    )
    assert bad.status_code == 400
    client.logout()
    login(client, bob)
    html = client.get(path).content.decode()
    assert 'value="9"' not in html and 'value="7"' not in html  # dan's marks stay dan's
    login(client, MembershipFactory(brand=brand))
    assert client.get(path).status_code == 403


def test_admin_creates_a_contest_from_the_console(client, brand, alice, product):
    login(client, alice)
    data = {
        "title": "Cup of the year",
        "objective": "Pick our next cup",
        "description": "<p>Go!</p><script>x</script>",
        "visibility": "public",
        "product": product.pk,
        "designs_per_member": "2",
        "finalists": "10",
        "winners": "2",
        "vote_mode": "budget",
        "vote_budget": "5",
        "jury_weight": "40",
        "winner_prize": "Your cup in our cafés",
        "winner_points": "100",
        "finalist_points": "10",
        "royalty_percent": "1",
        "submission_starts": "2031-01-01T10:00",
        "submission_ends": "2031-01-10T10:00",
        "voting_starts": "2031-01-10T10:00",
        "voting_ends": "2031-01-20T10:00",
        "review_starts": "2031-01-20T10:00",
        "review_ends": "2031-01-25T10:00",
        "results_starts": "2031-01-25T10:00",
    }
    response = client.post(reverse("contests:create", args=[brand.slug]), data)
    contest = Contest.objects.get()
    assert response.status_code == 302
    assert contest.campaign.kind == Campaign.Kind.CONTEST and contest.vote_budget == 5
    assert "<script>" not in contest.campaign.description
    assert contest.campaign.phases.count() == 4
    bad = client.post(reverse("contests:create", args=[brand.slug]), {**data, "winners": "20"})
    assert bad.status_code == 200 and "errorlist" in bad.content.decode()
    wrong = client.post(reverse("contests:create", args=[brand.slug]), {**data, "product": "abc"})
    assert wrong.status_code == 200 and Contest.objects.count() == 1


def test_console_pages_render(client, brand, contest, alice, dan):
    add_entry(contest, dan)
    login(client, alice)
    for name, args in (
        ("console", []),
        ("manage", [contest.pk]),
        ("edit", [contest.pk]),
        ("fair_voting", [contest.pk]),
        ("partner", [contest.campaign_id]),
    ):
        assert client.get(reverse(f"contests:{name}", args=[brand.slug, *args])).status_code == 200


def test_campaign_console_links_a_contest_to_its_own_pages_and_counts_its_designs(
    client, brand, contest, alice, bob, dan
):
    add_entry(contest, dan, "First")
    add_entry(contest, bob, "Second")
    hidden = add_entry(contest, bob, "Third", colour=1)
    Entry.objects.filter(pk=hidden.pk).update(is_hidden=True)
    login(client, alice)
    response = client.get(reverse("campaigns:console", args=[brand.slug]))
    html = response.content.decode()
    assert _page(contest) in html
    assert reverse("ideas:list", args=[brand.slug, contest.campaign.slug]) not in html
    assert _url("manage", contest, contest.pk) in html
    assert _url("edit", contest, contest.pk) in html
    count = html.split('data-testid="contribution-count">', 1)[1].split("</td>", 1)[0]
    assert count.startswith("2 designs") and "1 hidden" in count


def test_moderator_voids_votes_from_the_fair_voting_page(client, brand, contest, mona, dan):
    entry = add_entry(contest, dan)
    set_phase(contest, Phase.Kind.VOTING)
    votes = [
        EntryVote.objects.create(
            contest=contest,
            entry=entry,
            member=MembershipFactory(brand=brand),
            created_at=entry.created_at,
        )
        for _ in range(3)
    ]
    Entry.objects.filter(pk=entry.pk).update(vote_count=3)
    login(client, mona)
    path = reverse("contests:void", args=[brand.slug, contest.pk])
    ids = ",".join(str(v.pk) for v in votes[:2])
    assert client.post(path, {"votes": ids, "reason": ""}).status_code == 302
    assert not VoteVoid.objects.exists()
    assert client.post(path, {"votes": "1,abc", "reason": "x"}).status_code == 302
    client.post(path, {"votes": ids, "reason": "Vote farm"})
    assert Entry.objects.get(pk=entry.pk).vote_count == 1
    assert VoteVoid.objects.filter(reason="Vote farm").count() == 2
    assert client.post(path, {"votes": "999999", "reason": "x"}).status_code == 404


def _png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "red").save(buffer, "PNG")
    return SimpleUploadedFile("face.png", buffer.getvalue(), content_type="image/png")


def test_partner_is_checked_shown_and_may_join_the_jury(client, brand, contest, alice, dan):
    login(client, alice)
    path = reverse("contests:partner", args=[brand.slug, contest.campaign_id])
    fake = SimpleUploadedFile("x.png", b"not an image", content_type="image/png")
    response = client.post(path, {"kind": "influencer", "name": "Léa", "picture": fake})
    assert response.status_code == 200 and not Partner.objects.exists()
    response = client.post(
        path,
        {
            "kind": "influencer",
            "name": "Léa",
            "picture": _png(),
            "link": "https://lea.example",
            "account_email": dan.user.email,
        },
    )
    partner = Partner.objects.get()
    assert response.status_code == 302 and partner.picture.name.endswith(".png")
    assert "Léa" in client.get(_page(contest)).content.decode()
    client.post(reverse("contests:partner_jury", args=[brand.slug, contest.pk]))
    assert Juror.objects.filter(contest=contest, member=dan).exists()


def test_results_show_winners_and_how_the_ranking_was_computed(client, brand, contest, alice, dan):
    entry = add_entry(contest, dan, "The winner")
    set_phase(contest, Phase.Kind.REVIEW)
    login(client, alice)
    client.post(reverse("contests:close", args=[brand.slug, contest.pk]))
    html = client.get(_page(contest)).content.decode()
    assert 'data-testid="winner"' in html and "The winner" in html
    assert 'data-testid="formula"' in html and 'data-testid="ranking"' in html
    assert Entry.objects.get(pk=entry.pk).placement.is_winner


def test_nul_bytes_and_wrong_types_are_refused_without_a_500(client, contest, bob, dan):
    design = make_design(bob, contest.product)
    entry = add_entry(contest, dan)
    login(client, bob)
    path = _url("submit", contest, contest.campaign.slug)
    nul = client.post(path, {"design": design.pk, "title": "Bad\x00title", "story": "S"})
    assert nul.status_code == 400 and not Entry.objects.filter(author=bob).exists()
    listed = client.post(path, {"design": [design.pk, "x"], "title": ["a", "b"], "story": "S"})
    assert listed.status_code in (200, 400)
    assert client.post(_url("score", contest, entry.pk), {"x": "\x00"}).status_code == 400
