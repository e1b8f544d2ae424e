"""What a newcomer read wrong on the contest pages (issue 18), and the jury page's gaps: an
admin may preview it, jurors do not see the public vote, a save comes back to its card."""

from __future__ import annotations

import re

import pytest
from conftest import login
from django.urls import reverse

from cocrea.brands.models import Membership
from cocrea.brands.tests.factories import MembershipFactory
from cocrea.campaigns.models import Phase
from cocrea.contests import jury
from cocrea.contests.models import Entry, Juror
from cocrea.contests.tests.helpers import add_entry, set_phase

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"


def _french(membership: Membership) -> Membership:
    membership.user.language = "fr"
    membership.user.save(update_fields=["language"])
    return membership


def _text(html: object) -> str:
    if not isinstance(html, str):
        html = html.content.decode()  # type: ignore[attr-defined]
    return re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&nbsp;", NBSP)


def test_a_contest_names_its_submission_phase_after_designs(client, brand, contest, bob):
    login(client, _french(bob))
    page = client.get(reverse("contests:page", args=[brand.slug, contest.campaign.slug]))
    html = page.content.decode()
    assert "Dépôt des créations" in html and "Dépôt des idées" not in html
    home = client.get(reverse("brands:brand_home", args=[brand.slug])).content.decode()
    assert "Dépôt des créations" in home and "Dépôt des idées" not in home


def test_the_home_page_counts_a_contests_designs(client, brand, contest, bob, dan):
    for index in range(3):
        add_entry(contest, dan if index else bob, f"Design {index}")
    home = client.get(reverse("brands:brand_home", args=[brand.slug])).content.decode()
    assert "3 designs" in _text(home) and "0 ideas" not in _text(home)


def test_the_fair_voting_table_heads_its_column_with_a_noun(client, brand, contest, mona):
    login(client, _french(mona))
    html = client.get(reverse("contests:fair_voting", args=[brand.slug, contest.pk]))
    headers = re.findall(r'<th scope="col">([^<]+)</th>', html.content.decode())
    assert "Vote" in headers and "Voter" not in headers


def test_results_write_points_and_colons_the_french_way(client, brand, contest, alice, dan):
    add_entry(contest, dan, "La tasse aurore")
    set_phase(contest, Phase.Kind.REVIEW)
    login(client, _french(alice))
    client.post(reverse("contests:close", args=[brand.slug, contest.pk]))
    text = _text(client.get(reverse("contests:page", args=[brand.slug, contest.campaign.slug])))
    assert f"Points{NBSP}: " in text and "(100 points)" in text
    assert "( )" not in text and "(100 )" not in text and "Points:" not in text


def test_an_admin_previews_the_jury_page_without_forms(client, brand, contest, alice, dan):
    entry = add_entry(contest, dan, "Aurore")
    jury.criteria_set(actor=alice, contest=contest, criteria=[("Originality", 1)])
    contest = set_phase(contest, Phase.Kind.REVIEW)
    login(client, alice)
    manage = client.get(reverse("contests:manage", args=[brand.slug, contest.pk]))
    assert 'data-testid="jury-preview-link"' in manage.content.decode()
    response = client.get(reverse("contests:jury", args=[brand.slug, contest.campaign.slug]))
    html = response.content.decode()
    assert response.status_code == 200 and 'data-testid="jury-preview"' in html
    assert f'data-testid="jury-card-{entry.pk}"' in html and "score-form" not in html
    login(client, MembershipFactory(brand=brand, role=Membership.Role.MODERATOR))
    jury_url = reverse("contests:jury", args=[brand.slug, contest.campaign.slug])
    assert client.get(jury_url).status_code == 403


def test_jurors_do_not_see_the_public_vote(client, brand, contest, alice, bob, dan):
    entry = add_entry(contest, dan, "Aurore")
    Entry.objects.filter(pk=entry.pk).update(vote_count=37)
    Juror.objects.create(contest=contest, member=bob)
    contest = set_phase(contest, Phase.Kind.REVIEW)
    login(client, bob)
    text = _text(client.get(reverse("contests:jury", args=[brand.slug, contest.campaign.slug])))
    assert "Aurore" in text and "37" not in text and "votes" not in text


def test_a_jury_save_comes_back_to_the_card_it_marked(client, brand, contest, alice, bob, dan):
    entries = [add_entry(contest, dan, f"E{i}") for i in range(3)]
    jury.criteria_set(actor=alice, contest=contest, criteria=[("Originality", 1)])
    Juror.objects.create(contest=contest, member=bob)
    contest = set_phase(contest, Phase.Kind.REVIEW)
    (criterion,) = contest.criteria.all()
    login(client, bob)
    target = entries[2]
    score_url = reverse("contests:score", args=[brand.slug, target.pk])
    response = client.post(score_url, {f"e{target.pk}-c{criterion.pk}": "8"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"?saved={target.pk}#jury-card-{target.pk}")
    html = client.get(response["Location"].split("#")[0]).content.decode()
    assert f'id="jury-card-{target.pk}"' in html and 'data-testid="just-saved"' in html
    bad = client.post(score_url, {f"e{target.pk}-c{criterion.pk}": "eleven"})
    assert bad["Location"].endswith(f"#jury-card-{target.pk}")
    page = reverse("contests:jury", args=[brand.slug, contest.campaign.slug])
    assert client.get(page + "?saved=x").status_code == 200  # junk is ignored, not a 500
    assert client.get(page + "?saved=" + "9" * 40).status_code == 200
