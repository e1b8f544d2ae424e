"""Who may see and do what in partnerships and spaces. Pure predicates."""

from __future__ import annotations

from django.utils import timezone

from cocrea.brands.models import Brand, Membership
from cocrea.brands.permissions import can_view_brand, is_admin, is_moderator
from cocrea.influencers.models import Round, Space
from cocrea.polls.permissions import is_open


def is_influencer(membership: Membership | None) -> bool:
    return membership is not None and membership.role == Membership.Role.INFLUENCER


def can_manage_partnerships(membership: Membership | None) -> bool:
    return is_admin(membership)


def is_her_space(space: Space, membership: Membership | None) -> bool:
    return membership is not None and membership.pk == space.influencer_id


def can_manage_space(space: Space, membership: Membership | None) -> bool:
    """The influencer herself (while she holds the role), or the brand's team."""
    if membership is None or membership.brand_id != space.brand_id:
        return False
    return (is_her_space(space, membership) and is_influencer(membership)) or is_moderator(
        membership
    )


def can_view_space(
    brand: Brand, space: Space, membership: Membership | None, *, follows: bool
) -> bool:
    """A public space: whoever may see the brand. A followers-only space: her followers, herself
    and the brand's team; nobody else, not even other members."""
    if not can_view_brand(brand, membership) or space.brand_id != brand.pk:
        return False
    if space.visibility == Space.Visibility.PUBLIC:
        return True
    return follows or is_her_space(space, membership) or is_moderator(membership)


def can_take_part(
    brand: Brand, space: Space, membership: Membership | None, *, follows: bool
) -> bool:
    """Answer, post pictures, heart, vote: members who may see the space."""
    if membership is None or membership.brand_id != space.brand_id:
        return False
    return can_view_space(brand, space, membership, follows=follows)


def round_is_open(round_: Round) -> bool:
    if round_.poll is not None:
        return is_open(round_.poll)
    return round_.closes_at is None or timezone.now() < round_.closes_at
