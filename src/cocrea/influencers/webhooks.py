"""The influencers' webhook events: a synthesis saved (each version), a claim accepted.

Registered here, at import, in the webhooks registry (docs/webhooks.md lists their payloads).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cocrea.webhooks import registry
from cocrea.webhooks.services import emit

SYNTHESIS_SAVED = registry.register(
    "synthesis.saved",
    _("Synthesis saved"),
    _("An influencer saved a synthesis of her community's wishes (each new version)."),
).key
CLAIM_ACCEPTED = registry.register(
    "claim.accepted",
    _("Claim accepted"),
    _("The brand accepted a claim of an influencer's synthesis."),
).key


def _url(synthesis: Any) -> str:
    space = synthesis.space
    path = reverse("influencers:synthesis", args=[space.brand.slug, space.pk, synthesis.pk])
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def _claim(claim: Any) -> dict[str, Any]:
    return {
        "id": claim.pk,
        "kind": claim.kind,
        "text": claim.text,
        "decision": claim.decision,
        "citations": [
            {"kind": c.kind, "id": c.response_id or c.poll_id or c.picture_id or c.theme_id}
            for c in claim.citations.all()
        ],
    }


def _synthesis(synthesis: Any) -> dict[str, Any]:
    space = synthesis.space
    return {
        "id": synthesis.pk,
        "title": synthesis.title,
        "version": synthesis.version,
        "space": {"id": space.pk, "title": space.title},
        "influencer": {"id": space.influencer_id, "name": space.influencer.user.public_name},
        "claims": [_claim(c) for c in synthesis.claims.prefetch_related("citations")],
        "url": _url(synthesis),
    }


def new_synthesis(synthesis: Any) -> None:
    emit(
        brand=synthesis.space.brand_id,
        event_type=SYNTHESIS_SAVED,
        payload=lambda: _synthesis(synthesis),
        dedupe_key=f"synthesis:{synthesis.pk}:v{synthesis.version}",
    )


def accepted_claim(claim: Any) -> None:
    synthesis = claim.synthesis
    emit(
        brand=synthesis.space.brand_id,
        event_type=CLAIM_ACCEPTED,
        payload=lambda: {
            "claim": _claim(claim) | {"reply": claim.reply},
            "synthesis": {"id": synthesis.pk, "title": synthesis.title, "url": _url(synthesis)},
        },
    )
