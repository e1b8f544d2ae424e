from __future__ import annotations

from datetime import date

from cocrea.brands.models import Membership
from cocrea.influencers.models import Space
from cocrea.influencers.services import partnership_create


def make_space(admin: Membership, influencer: Membership, **space: object) -> Space:
    """A partnership through the service (it makes her space), then the space's settings."""
    partnership_create(
        actor=admin,
        influencer=influencer,
        capsule_name={"fr": "Capsule Aube", "en": "Dawn capsule"},
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 6, 30),
        terms="royalty",
        amount="7.5",
    )
    found = Space.objects.get(influencer=influencer)
    for name, value in space.items():
        setattr(found, name, value)
    found.save()
    influencer.refresh_from_db()
    return found
