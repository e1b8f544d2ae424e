"""The ``data`` of each event type, built from the rows the emitting service already holds.

Shapes are documented in docs/webhooks.md and only ever grow (new keys); a key is never renamed
or removed. Members appear by membership id and public name, never by e-mail address.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.urls import NoReverseMatch, reverse

EXCERPT = 500


def iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def absolute(name: str, *args: Any) -> str | None:
    try:
        return settings.SITE_URL + reverse(name, args=args)
    except NoReverseMatch:
        return None


def slug_of(brand_id: int) -> str:
    from cocrea.brands.models import Brand

    return str(Brand.objects.values_list("slug", flat=True).get(pk=brand_id))


def member(membership: Any) -> dict[str, Any]:
    return {"id": membership.pk, "name": membership.user.public_name}


def idea(value: Any, brand_slug: str | None = None) -> dict[str, Any]:
    brand_slug = brand_slug or slug_of(value.brand_id)
    return {
        "id": value.pk,
        "title": value.title,
        "excerpt": (value.body_text or "")[:EXCERPT],
        "status": value.status,
        "campaign": {"id": value.campaign_id, "slug": value.campaign.slug},
        "author": member(value.author),
        "support_count": value.support_count,
        "comment_count": value.comment_count,
        "created_at": iso(value.created_at),
        "url": absolute("ideas:detail", brand_slug, value.pk),
    }


def status_change(change: Any, value: Any) -> dict[str, Any]:
    return {
        "idea": idea(value),
        "from": change.from_status,
        "to": change.to_status,
        "answer_html": change.answer,
        "answered_by": change.actor.public_name if change.actor_id else None,
        "answered_at": iso(change.created_at),
    }


def comment(value: Any) -> dict[str, Any]:
    url = absolute("ideas:detail", slug_of(value.brand_id), value.idea_id)
    return {
        "id": value.pk,
        "idea": {"id": value.idea_id, "title": value.idea.title},
        "parent_id": value.parent_id,
        "body": value.body,
        "is_official": value.is_official,
        "author": member(value.author),
        "created_at": iso(value.created_at),
        "url": f"{url}#comment-{value.pk}" if url else None,
    }


def vote_milestone(value: Any, milestone: int) -> dict[str, Any]:
    return {"milestone": milestone, "idea": idea(value)}


def contest_results(contest: Any, placements: list[Any]) -> dict[str, Any]:
    campaign = contest.campaign
    brand_slug = slug_of(campaign.brand_id)
    return {
        "contest": {
            "id": contest.pk,
            "campaign_slug": campaign.slug,
            "title": campaign.title,
            "closed_at": iso(contest.closed_at),
            "url": absolute("contests:page", brand_slug, campaign.slug),
        },
        "placements": [
            {
                "rank": p.rank,
                "entry_id": p.entry_id,
                "votes": p.votes,
                "public_score": p.public_score,
                "jury_score": p.jury_score,
                "final_score": p.final_score,
                "is_winner": p.is_winner,
            }
            for p in placements
        ],
    }


def member_joined(membership: Any) -> dict[str, Any]:
    return {
        "member": member(membership),
        "role": membership.role,
        "joined_at": iso(membership.joined_at),
    }


def tier_changed(member_id: int, old: Any, new: Any, score: float) -> dict[str, Any]:
    from cocrea.brands.models import Membership

    membership = Membership.objects.select_related("user").get(pk=member_id)
    return {
        "member": member(membership),
        "from_tier": old.name if old is not None else None,
        "to_tier": new.name,
        "score": round(score, 2),
    }
