"""Engagement's rows of the tenancy table: profiles, members-only areas, badges, rewards,
early access, per-campaign leaderboards, invitation and share links.

Two rows have their own tests in src/cocrea/engagement/tests/test_referrals.py rather than the
generic ones: ``referral_join`` (JOIN, like ``brands:join``: a signed-in outsider of a public
brand may join) and ``share`` (a shared link answers a redirect to anyone who may see the brand).
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from cocrea.engagement.models import (
    Badge,
    BadgeRule,
    BrandEvent,
    MemberArea,
    ReferralLink,
    ShareLink,
    Tier,
)
from tests.tenancy import ADMIN, JOIN, MEMBER, MODERATOR, PUBLIC, Spec, World

SHARED_LINK = "shared-link"  # a redirect for anyone who may see the brand (own tests)


def _area(w: World) -> dict[str, Any]:
    return {"area_id": w.area.pk}


def _g_area(w: World) -> dict[str, Any]:
    return {"area_id": w.g_area.pk}


def _badge(w: World) -> dict[str, Any]:
    return {"badge_id": w.badge.pk}


def _g_badge(w: World) -> dict[str, Any]:
    return {"badge_id": w.g_badge.pk}


URLS: dict[str, Spec] = {
    "engagement:campaign_leaderboard": Spec(
        MEMBER,
        kwargs=lambda w: {"campaign_slug": w.campaign.slug},
        foreign=[lambda w: {"campaign_slug": w.g_campaign.slug}],
    ),
    "engagement:profile": Spec(
        PUBLIC,
        kwargs=lambda w: {"member_id": w.bob.pk},
        foreign=[lambda w: {"member_id": w.g_member.pk}],
    ),
    "engagement:privacy": Spec(MEMBER, data=lambda w: {"show_rewards": "on"}),
    "engagement:areas": Spec(MEMBER),
    "engagement:area": Spec(MEMBER, kwargs=_area, foreign=[_g_area]),
    "engagement:area_claim": Spec(MEMBER, kwargs=_area, foreign=[_g_area]),
    "engagement:invite": Spec(MEMBER),
    "engagement:share_create": Spec(MEMBER, data=lambda w: {"idea": w.idea.pk}),
    "engagement:referral": Spec(PUBLIC, kwargs=lambda w: {"code": w.ref_link.code}),
    "engagement:referral_join": Spec(JOIN, kwargs=lambda w: {"code": w.ref_link.code}),
    "engagement:share": Spec(SHARED_LINK, kwargs=lambda w: {"code": w.share_link.code}),
    "engagement:badges": Spec(ADMIN, data=lambda w: {"name": "Hacked"}),
    "engagement:badge": Spec(
        ADMIN, kwargs=_badge, data=lambda w: {"name": "Hacked"}, foreign=[_g_badge]
    ),
    "engagement:badge_award": Spec(
        ADMIN, kwargs=_badge, data=lambda w: {"member": w.bob.pk}, foreign=[_g_badge]
    ),
    "engagement:badge_delete": Spec(ADMIN, kwargs=_badge, foreign=[_g_badge]),
    "engagement:rewards": Spec(
        ADMIN, data=lambda w: {"member": w.bob.pk, "kind": "other", "label": "Hacked"}
    ),
    "engagement:console_areas": Spec(ADMIN, data=lambda w: {"title": "Hacked"}),
    "engagement:console_area": Spec(
        ADMIN, kwargs=_area, data=lambda w: {"title": "Hacked"}, foreign=[_g_area]
    ),
    "engagement:console_area_delete": Spec(ADMIN, kwargs=_area, foreign=[_g_area]),
    "engagement:early_access": Spec(
        ADMIN, data=lambda w: {"campaign": w.campaign.pk, "tier": w.top_tier.pk, "days": 3}
    ),
    "engagement:events": Spec(
        MODERATOR,
        data=lambda w: {"title": "Hacked", "starts_at": "2026-11-20T18:00", "place": ""},
    ),
    "engagement:event": Spec(
        MODERATOR,
        kwargs=lambda w: {"event_id": w.event.pk},
        data=lambda w: {"emails": w.dan.user.email},
        foreign=[lambda w: {"event_id": w.g_event.pk}],
    ),
}


def _brand_objects(brand: Any, member: Any, campaign: Any, idea: Any, prefix: str) -> list[Any]:
    top = Tier.objects.create(brand=brand, name=f"{prefix}Gold", threshold=500)
    area = MemberArea.objects.create(
        brand=brand, title=f"{prefix}Secret shop", body="<p>Secret</p>", drop_label="Mug", stock=3
    )
    badge = Badge.objects.create(brand=brand, name=f"{prefix}First idea")
    BadgeRule.objects.create(badge=badge, brand=brand, kind="idea_submitted", threshold=1)
    link = ReferralLink.objects.create(brand=brand, member=member, code=f"{prefix}ref".lower())
    share = ShareLink.objects.create(
        brand=brand, member=member, idea=idea, code=f"{prefix}share".lower()
    )
    return [top, area, badge, link, share]


def objects(w: World) -> dict[str, Any]:
    top, area, badge, link, share = _brand_objects(w.brand, w.bob, w.campaign, w.idea, "cl")
    g_top, g_area, g_badge, g_link, g_share = _brand_objects(
        w.other, w.g_member, w.g_campaign, w.g_idea, "gx"
    )
    return {
        "top_tier": top,
        "area": area,
        "badge": badge,
        "ref_link": link,
        "share_link": share,
        "g_top_tier": g_top,
        "g_area": g_area,
        "g_badge": g_badge,
        "g_ref_link": g_link,
        "g_share_link": g_share,
        "event": BrandEvent.objects.create(
            brand=w.brand, title="Tasting", starts_at=timezone.now(), created_by=w.alice
        ),
        "g_event": BrandEvent.objects.create(
            brand=w.other, title="Globex launch", starts_at=timezone.now(), created_by=w.charlie
        ),
    }


MIRROR = {
    "g_area": "area",
    "g_badge": "badge",
    "g_top_tier": "top_tier",
    "g_event": "event",
}
