"""May this member see or do this with an idea or a comment? Pure predicates.

Used by views, templates and the services themselves (services re-check, so the API and the
pages refuse the same things). Phase rules come from ``cocrea.campaigns.permissions``.
"""

from __future__ import annotations

from cocrea.brands.models import Brand, Membership
from cocrea.brands.permissions import is_moderator
from cocrea.campaigns.models import Campaign
from cocrea.campaigns.permissions import can_participate, can_view_campaign
from cocrea.ideas.models import Comment, Idea


def _belongs(membership: Membership | None, brand_id: int) -> bool:
    return membership is not None and membership.brand_id == brand_id


def is_open_for_support(idea: Idea) -> bool:
    """Ideas that still take votes, ratings and comments (not withdrawn, hidden or merged)."""
    return idea.withdrawn_at is None and not idea.is_hidden and idea.status != Idea.Status.MERGED


def can_view_idea(idea: Idea, membership: Membership | None) -> bool:
    """Withdrawn and hidden ideas stay visible to their author and to the brand's moderators."""
    if not can_view_campaign(idea.campaign, membership):
        return False
    if idea.withdrawn_at is None and not idea.is_hidden:
        return True
    if not _belongs(membership, idea.brand_id):
        return False
    return is_moderator(membership) or is_author(idea, membership)


def may_act(campaign: Campaign, membership: Membership | None, action: str) -> bool:
    """``can_participate`` for a member of the campaign's own brand."""
    return _belongs(membership, campaign.brand_id) and can_participate(campaign, membership, action)


def can_submit(campaign: Campaign, membership: Membership | None) -> bool:
    """Ideas go to idea campaigns only: a contest takes designs (contests.services)."""
    return campaign.kind == Campaign.Kind.IDEAS and may_act(campaign, membership, "submit")


def is_author(idea: Idea, membership: Membership | None) -> bool:
    return membership is not None and idea.author_id == membership.pk


def can_edit_idea(idea: Idea, membership: Membership | None) -> bool:
    """The author may edit while the phase allows it and the brand has not started to answer."""
    return (
        is_author(idea, membership)
        and idea.withdrawn_at is None
        and idea.status == Idea.Status.NEW
        and may_act(idea.campaign, membership, "edit")
    )


def can_withdraw_idea(idea: Idea, membership: Membership | None) -> bool:
    return (
        is_author(idea, membership)
        and idea.withdrawn_at is None
        and idea.status != Idea.Status.MERGED
        and may_act(idea.campaign, membership, "withdraw")
    )


def can_vote(idea: Idea, membership: Membership | None) -> bool:
    """Authors may support their own idea, as on myStarbucksIdea (it counts like any other)."""
    return is_open_for_support(idea) and may_act(idea.campaign, membership, "vote")


def can_rate(idea: Idea, membership: Membership | None) -> bool:
    return is_open_for_support(idea) and may_act(idea.campaign, membership, "rate")


def can_comment(idea: Idea, membership: Membership | None) -> bool:
    return is_open_for_support(idea) and may_act(idea.campaign, membership, "comment")


def can_follow(idea: Idea, membership: Membership | None) -> bool:
    return _belongs(membership, idea.brand_id) and can_view_idea(idea, membership)


def can_edit_comment(comment: Comment, membership: Membership | None) -> bool:
    return (
        membership is not None
        and comment.author_id == membership.pk
        and comment.deleted_at is None
        and not comment.is_hidden
        and can_comment(comment.idea, membership)
    )


def can_delete_comment(comment: Comment, membership: Membership | None) -> bool:
    """Authors delete their own comments at any time; the row stays for the replies."""
    return (
        membership is not None
        and comment.author_id == membership.pk
        and comment.deleted_at is None
        and _belongs(membership, comment.brand_id)
    )


def can_upvote_comment(comment: Comment, membership: Membership | None) -> bool:
    return (
        comment.deleted_at is None
        and not comment.is_hidden
        and can_comment(comment.idea, membership)
    )


def writes_officially(membership: Membership | None) -> bool:
    """Comments by the brand team (moderators and admins) carry the brand's voice."""
    return membership is not None and membership.is_staff_role


def should_offer_join(brand: Brand, membership: Membership | None, user: object) -> bool:
    """A signed-in visitor of a public brand who is not a member yet is invited to join."""
    return (
        membership is None
        and getattr(user, "is_authenticated", False)
        and brand.visibility == Brand.Visibility.PUBLIC
    )
