"""The members an influencer brought into the brand are a segment of the insight engine: the
dashboard compares them, the voices list filters on them, and the brand's side-by-side view
takes each space's sentiment and themes from that segment. Real rows: ideas submitted through
the service, analysed by the real pipeline, themes recomputed by the real clustering."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from cocrea.accounts.tests.factories import UserFactory
from cocrea.ideas.services import idea_submit
from cocrea.influencers.selectors import spaces_side_by_side
from cocrea.influencers.services import space_follow, space_join
from cocrea.influencers.tests.factories import make_space
from cocrea.insights import selectors
from cocrea.insights.models import Voice
from cocrea.insights.selectors import Filters
from cocrea.insights.services import themes_recompute

pytestmark = pytest.mark.django_db

BIKES = [
    "Plus de pistes cyclables sécurisées en ville",
    "Une piste cyclable le long du canal",
    "Réparer les pistes cyclables abîmées",
    "Des parkings à vélos devant la gare",
]
TREES = [
    "Planter des arbres dans la cour de l'école",
    "Des arbres fruitiers dans le parc",
    "Planter des arbres le long de l'avenue",
    "Végétaliser la place avec des arbres",
]


@pytest.fixture
def brought(alice, bob, dan, brand, campaign, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """Two newcomers joined through Bob's link and wrote about bikes; Dan, a member before who
    follows Bob, wrote about trees. Analysed, then themes recomputed."""
    space = make_space(alice, bob)
    newcomers = [space_join(space=space, user=UserFactory())[0] for _ in range(2)]
    space_follow(space=space, member=dan)
    with django_capture_on_commit_callbacks(execute=True):
        for i, text in enumerate(BIKES):
            idea_submit(member=newcomers[i % 2], campaign=campaign, title=text, body=text)
        for text in TREES:
            idea_submit(member=dan, campaign=campaign, title=text, body=text)
    themes_recompute(brand=brand)
    return space, newcomers


def test_the_dashboard_compares_the_members_each_influencer_brought(
    brought, brand, as_alice, django_assert_max_num_queries
):
    space, _newcomers = brought
    segments = {
        s["key"]: s for s in selectors.segments(brand, Filters(period=None), {}, now=timezone.now())
    }
    rows = {r["name"]: (r["voices"], r["param"]) for r in segments["space"]["rows"]}
    assert rows == {space.title: (4, f"space={space.pk}"), "Not brought by an influencer": (4, "")}
    with django_assert_max_num_queries(25):  # the dashboard's 24, and the spaces' names
        page = as_alice.get(
            reverse("insights_dashboard:home", args=[brand.slug]), {"period": "all"}
        )
    html = page.content.decode()
    assert "Brought by an influencer" in html and f"space={space.pk}" in html


def test_the_voices_list_keeps_only_her_segment(brought, brand, as_alice, other_brand):
    space, _newcomers = brought
    url = reverse("insights_dashboard:voices", args=[brand.slug])
    html = as_alice.get(url, {"period": "all", "space": space.pk}).content.decode()
    assert all(text in html for text in BIKES) and not any(t in html for t in TREES)
    # Another brand's space or a bad id keeps nothing or is ignored, never a 500.
    other = make_space_elsewhere(other_brand)
    html = as_alice.get(url, {"period": "all", "space": other.pk}).content.decode()
    assert not any(text in html for text in BIKES + TREES)
    assert as_alice.get(url, {"space": "x"}).status_code == 200  # ignored
    assert as_alice.get(url, {"space": "x\x00"}).status_code == 400


def make_space_elsewhere(other_brand):  # type: ignore[no-untyped-def]
    from cocrea.brands.models import Membership
    from cocrea.brands.tests.factories import MembershipFactory

    admin = MembershipFactory(brand=other_brand, role=Membership.Role.ADMIN)
    return make_space(admin, MembershipFactory(brand=other_brand))


def test_the_side_by_side_view_reads_her_segment(brought, brand, dan):
    space, newcomers = brought
    hers = list(Voice.objects.filter(author__in=newcomers))
    assert len(hers) == 4 and all(v.analysed_at and v.theme_id for v in hers)
    tree_theme = Voice.objects.filter(author=dan).first().theme  # type: ignore[union-attr]
    figures = next(f for f in spaces_side_by_side(brand) if f.space.pk == space.pk)
    assert figures.voices == 4
    assert figures.sentiment == pytest.approx(sum(v.sentiment for v in hers) / 4)
    assert figures.themes and figures.themes[0] in {v.theme.label for v in hers}
    assert tree_theme.label not in figures.themes  # Dan follows her but was not brought by her
