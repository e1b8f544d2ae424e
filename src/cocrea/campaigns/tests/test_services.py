from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from django.utils import timezone

from cocrea.brands.models import Membership
from cocrea.campaigns.models import Campaign, Invitation, Phase, PhaseChange, Tag
from cocrea.campaigns.permissions import can_view_campaign
from cocrea.campaigns.phases import allowed_actions, current_phase
from cocrea.campaigns.services import (
    PhaseSpec,
    campaign_create,
    campaign_update,
    invitation_add,
    invitation_remove,
    phase_advance,
    phase_open,
    phases_set,
)
from cocrea.campaigns.tests.factories import CampaignFactory
from cocrea.core.errors import DomainError, NotFound, PermissionDenied

Kind = Phase.Kind


NOW = timezone.now().replace(microsecond=0)


def _day(n: float):  # type: ignore[no-untyped-def]
    return NOW + timedelta(days=n)


def _four_phases() -> list[PhaseSpec]:
    return [
        PhaseSpec(Kind.SUBMISSION, _day(-1), _day(10)),
        PhaseSpec(Kind.VOTING, _day(10), _day(20)),
        PhaseSpec(Kind.REVIEW, _day(20), _day(30)),
        PhaseSpec(Kind.RESULTS, _day(30)),
    ]


# --- creation, slugs, tags ------------------------------------------------------------------


def test_create_makes_the_slug_from_the_title_and_keeps_it_unique_per_brand(brand, alice):
    first = campaign_create(actor=alice, brand=brand, title="Summer menu", objective="Taste")
    second = campaign_create(actor=alice, brand=brand, title="Summer menu", objective="Again")
    assert first.slug == "summer-menu"
    assert second.slug == "summer-menu-2"


def test_same_slug_is_allowed_in_another_brand(brand, alice, other_brand, charlie):
    campaign_create(actor=alice, brand=brand, title="Summer menu", objective="Taste")
    theirs = campaign_create(actor=charlie, brand=other_brand, title="Summer menu", objective="x")
    assert theirs.slug == "summer-menu"


def test_an_explicit_slug_already_taken_is_refused(brand, alice, campaign):
    with pytest.raises(DomainError) as error:
        campaign_create(actor=alice, brand=brand, title="Other", objective="x", slug=campaign.slug)
    assert error.value.field == "slug"


def test_update_refuses_the_slug_of_a_sibling_but_keeps_its_own(brand, alice, campaign):
    other = CampaignFactory(brand=brand, slug="other-one")
    kwargs = {"actor": alice, "title": "T", "objective": "O"}
    campaign_update(campaign=campaign, slug=campaign.slug, **kwargs)
    with pytest.raises(DomainError):
        campaign_update(campaign=other, slug=campaign.slug, **kwargs)


def test_description_is_sanitised(brand, alice):
    campaign = campaign_create(
        actor=alice,
        brand=brand,
        title="T",
        objective="O",
        description='<p onclick="x()">Hi<script>alert(1)</script></p>',
    )
    assert campaign.description == "<p>Hi</p>"


def test_tags_are_slugified_and_belong_to_the_brand(brand, alice, other_brand, charlie):
    campaign_create(
        actor=alice, brand=brand, title="T", objective="O", tags=["Oat milk", "oat milk", "Cups"]
    )
    campaign_create(actor=charlie, brand=other_brand, title="T", objective="O", tags=["Oat milk"])
    assert sorted(Tag.objects.filter(brand=brand).values_list("slug", flat=True)) == [
        "cups",
        "oat-milk",
    ]
    assert Tag.objects.filter(brand=other_brand, slug="oat-milk").count() == 1
    assert Tag.objects.filter(slug="oat-milk").count() == 2


def test_categories_are_replaced_on_update(brand, alice):
    campaign = campaign_create(
        actor=alice, brand=brand, title="T", objective="O", categories=["Drinks", "Food"]
    )
    campaign_update(
        actor=alice, campaign=campaign, title="T", objective="O", categories=["Food", "Cups"]
    )
    assert sorted(campaign.categories.values_list("name", flat=True)) == ["Cups", "Food"]


def test_members_and_moderators_cannot_create_campaigns(brand, bob, mona):
    for actor in (bob, mona):
        with pytest.raises(PermissionDenied):
            campaign_create(actor=actor, brand=brand, title="T", objective="O")


def test_an_admin_of_another_brand_cannot_create_here(brand, charlie):
    with pytest.raises(PermissionDenied):
        campaign_create(actor=charlie, brand=brand, title="T", objective="O")


# --- phase validation ------------------------------------------------------------------------


def test_four_valid_phases_are_saved(brand, alice):
    campaign = campaign_create(
        actor=alice, brand=brand, title="T", objective="O", phases=_four_phases()
    )
    assert [p.kind for p in campaign.phases.order_by("starts_at")] == [
        "submission",
        "voting",
        "review",
        "results",
    ]
    assert current_phase(campaign).kind == Kind.SUBMISSION


def test_phases_other_than_submission_may_be_left_out(campaign):
    phases_set(campaign=campaign, phases=[PhaseSpec(Kind.SUBMISSION, _day(-1), _day(5))])
    assert list(campaign.phases.values_list("kind", flat=True)) == ["submission"]


@pytest.mark.parametrize(
    ("phases", "field"),
    [
        ([PhaseSpec(Kind.VOTING, _day(1), _day(2))], Kind.SUBMISSION),
        ([PhaseSpec(Kind.SUBMISSION, _day(2), _day(1))], Kind.SUBMISSION),
        ([PhaseSpec(Kind.SUBMISSION, _day(1), _day(1))], Kind.SUBMISSION),
        ([PhaseSpec(Kind.SUBMISSION, _day(1), None)], Kind.SUBMISSION),
        (
            [
                PhaseSpec(Kind.SUBMISSION, _day(1), _day(5)),
                PhaseSpec(Kind.VOTING, _day(4), _day(9)),
            ],
            Kind.VOTING,
        ),
        (
            [
                PhaseSpec(Kind.SUBMISSION, _day(1), _day(5)),
                PhaseSpec(Kind.RESULTS, _day(6), _day(7)),
            ],
            Kind.RESULTS,
        ),
        (
            [
                PhaseSpec(Kind.SUBMISSION, _day(1), _day(5)),
                PhaseSpec(Kind.REVIEW, _day(3), _day(9)),
            ],
            Kind.REVIEW,
        ),
    ],
    ids=[
        "no-submission",
        "ends-before-start",
        "ends-at-start",
        "submission-without-end",
        "voting-overlaps",
        "results-with-end",
        "review-overlaps-with-voting-left-out",
    ],
)
def test_invalid_phases_are_refused_and_nothing_changes(campaign, phases, field):
    before = list(campaign.phases.values_list("kind", "starts_at", "ends_at"))
    with pytest.raises(DomainError) as error:
        phases_set(campaign=campaign, phases=phases)
    assert error.value.field == field
    assert list(campaign.phases.values_list("kind", "starts_at", "ends_at")) == before


def test_a_phase_may_start_exactly_when_the_previous_one_ends(campaign):
    phases_set(
        campaign=campaign,
        phases=[
            PhaseSpec(Kind.SUBMISSION, _day(-1), _day(3)),
            PhaseSpec(
                Kind.RESULTS, campaign.phases.get(kind="submission").starts_at + timedelta(days=30)
            ),
        ],
    )
    assert campaign.phases.count() == 2


# --- phase moves -----------------------------------------------------------------------------


def test_advance_ends_the_current_phase_now_and_opens_the_next(campaign, alice):
    phase = phase_advance(actor=alice, campaign=campaign)
    assert phase.kind == Kind.VOTING
    campaign = Campaign.objects.get(pk=campaign.pk)
    submission = campaign.phases.get(kind=Kind.SUBMISSION)
    voting = campaign.phases.get(kind=Kind.VOTING)
    assert submission.ends_at <= timezone.now()
    assert voting.starts_at == submission.ends_at
    assert current_phase(campaign).kind == Kind.VOTING
    assert "submit" not in allowed_actions(campaign)
    assert "vote" in allowed_actions(campaign)


def test_advance_records_an_audit_row(campaign, alice):
    phase_advance(actor=alice, campaign=campaign)
    change = PhaseChange.objects.get(campaign=campaign)
    assert (change.actor, change.from_kind, change.to_kind) == (alice, "submission", "voting")


def test_advance_keeps_the_later_phases_in_order(campaign, alice):
    phase_advance(actor=alice, campaign=campaign)
    phase_advance(actor=alice, campaign=campaign)
    phases = list(campaign.phases.order_by("starts_at"))
    assert [p.kind for p in phases] == ["submission", "voting", "review", "results"]
    for previous, phase in itertools.pairwise(phases):
        assert phase.starts_at >= previous.ends_at


def test_advance_skips_a_left_out_phase(campaign, alice):
    campaign.phases.filter(kind=Kind.VOTING).delete()
    assert phase_advance(actor=alice, campaign=campaign).kind == Kind.REVIEW


def test_advance_at_the_last_phase_is_refused(brand, alice):
    campaign = CampaignFactory(brand=brand, phases="results")
    with pytest.raises(DomainError) as error:
        phase_advance(actor=alice, campaign=campaign)
    assert error.value.code == "last_phase"
    assert not PhaseChange.objects.exists()


def test_advance_before_the_first_phase_opens_it(campaign, alice):
    campaign.phases.all().delete()
    phases_set(campaign=campaign, phases=[PhaseSpec(Kind.SUBMISSION, _day(3), _day(10))])
    phase_advance(actor=alice, campaign=campaign)
    assert current_phase(Campaign.objects.get(pk=campaign.pk)).kind == Kind.SUBMISSION


def test_open_a_later_phase_skips_the_ones_never_started(campaign, alice):
    phase_open(actor=alice, campaign=campaign, kind=Kind.REVIEW)
    assert sorted(campaign.phases.values_list("kind", flat=True)) == [
        "results",
        "review",
        "submission",
    ]
    assert current_phase(Campaign.objects.get(pk=campaign.pk)).kind == Kind.REVIEW


def test_reopening_submission_moves_voting_after_it(brand, alice):
    campaign = CampaignFactory(brand=brand, phases="voting")
    phase_open(actor=alice, campaign=campaign, kind=Kind.SUBMISSION)
    campaign = Campaign.objects.get(pk=campaign.pk)
    assert current_phase(campaign).kind == Kind.SUBMISSION
    submission = campaign.phases.get(kind=Kind.SUBMISSION)
    voting = campaign.phases.get(kind=Kind.VOTING)
    assert voting.starts_at >= submission.ends_at > timezone.now()


def test_opening_a_left_out_phase_creates_it(campaign, alice):
    campaign.phases.filter(kind=Kind.VOTING).delete()
    phase_open(actor=alice, campaign=campaign, kind=Kind.VOTING)
    voting = campaign.phases.get(kind=Kind.VOTING)
    assert voting.ends_at > timezone.now()


def test_opening_the_open_phase_or_an_unknown_one_is_refused(campaign, alice):
    with pytest.raises(DomainError):
        phase_open(actor=alice, campaign=campaign, kind=Kind.SUBMISSION)
    with pytest.raises(DomainError):
        phase_open(actor=alice, campaign=campaign, kind="party")


def test_only_admins_move_phases(campaign, mona, bob, charlie):
    for actor in (mona, bob, charlie):
        with pytest.raises(PermissionDenied):
            phase_advance(actor=actor, campaign=campaign)
        with pytest.raises(PermissionDenied):
            phase_open(actor=actor, campaign=campaign, kind=Kind.VOTING)
    assert current_phase(campaign).kind == Kind.SUBMISSION


# --- invitations -----------------------------------------------------------------------------


@pytest.fixture
def secret(brand, alice) -> Campaign:  # type: ignore[no-untyped-def]
    return CampaignFactory(brand=brand, visibility=Campaign.Visibility.INVITED)


def test_an_invited_member_sees_the_campaign_and_another_does_not(secret, alice, bob, dan):
    invitation_add(actor=alice, campaign=secret, email="BOB@example.org")
    assert can_view_campaign(secret, bob)
    assert not can_view_campaign(secret, dan)
    assert not can_view_campaign(secret, None)


def test_inviting_twice_keeps_one_invitation(secret, alice, bob):
    invitation_add(actor=alice, campaign=secret, email=bob.user.email)
    invitation_add(actor=alice, campaign=secret, email=bob.user.email)
    assert Invitation.objects.filter(campaign=secret).count() == 1


def test_only_members_of_the_brand_can_be_invited(secret, alice, charlie):
    with pytest.raises(NotFound):
        invitation_add(actor=alice, campaign=secret, email=charlie.user.email)
    with pytest.raises(NotFound):
        invitation_add(actor=alice, campaign=secret, email="nobody@example.org")


def test_public_campaigns_take_no_invitations(campaign, alice, bob):
    with pytest.raises(DomainError):
        invitation_add(actor=alice, campaign=campaign, email=bob.user.email)


def test_removing_an_invitation_hides_the_campaign_again(secret, alice, bob):
    invitation = invitation_add(actor=alice, campaign=secret, email=bob.user.email)
    invitation_remove(actor=alice, campaign=secret, invitation_id=invitation.pk)
    assert not can_view_campaign(secret, Membership.objects.get(pk=bob.pk))


def test_an_invitation_of_another_campaign_cannot_be_removed_through_this_one(
    secret, campaign, alice, bob
):
    invitation = invitation_add(actor=alice, campaign=secret, email=bob.user.email)
    with pytest.raises(NotFound):
        invitation_remove(actor=alice, campaign=campaign, invitation_id=invitation.pk)
    assert Invitation.objects.filter(pk=invitation.pk).exists()


def test_moderators_cannot_invite(secret, mona, bob):
    with pytest.raises(PermissionDenied):
        invitation_add(actor=mona, campaign=secret, email=bob.user.email)
