"""The brand's members (brand admins only): role, tier, score, activity, and the e-mail address
only where the member allowed the brand to use it.

Consent: until the member has a recorded consent that lets the brand contact them, ``email`` is
left empty (see docs/exports.md); the public name is what the site already shows to everyone.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocrea.brands.models import Brand, Membership
from cocrea.engagement.models import MemberScore
from cocrea.engagement.selectors import decayed_score
from cocrea.exports.datasets.base import CHUNK, Dataset, Rows, Table, chunks, public_name
from cocrea.ideas.models import Comment, Idea, Vote

COLUMNS = (
    "member_id",
    "name",
    "role",
    "language",
    "joined_at",
    "tier_fr",
    "tier_en",
    "score",
    "ideas",
    "comments",
    "votes",
    "email",
)


def _counts(model: type, field: str, ids: list[int]) -> dict[int, int]:
    rows = model.objects.filter(**{f"{field}__in": ids}).values(field).annotate(n=Count("pk"))  # type: ignore[attr-defined]
    return {row[field]: row["n"] for row in rows.order_by()}


def emails_brand_may_use(brand: Brand, member_ids: Iterable[int]) -> set[int]:
    """The members whose e-mail address the brand may use: those who accepted the brand's news
    and offers (``Membership.marketing_consent``, recorded by ``accounts.privacy``)."""
    return set(
        Membership.objects.filter(brand=brand, pk__in=list(member_ids), marketing_consent=True)
        .exclude(user__deleted_at__isnull=False)
        .values_list("pk", flat=True)
    )


def _members(brand: Brand) -> Rows:
    now = timezone.now()
    rows = (
        Membership.objects.filter(brand=brand)
        .order_by("id")
        .values_list(
            "id", "user__display_name", "user__email", "role", "user__language", "joined_at"
        )
    )
    for chunk in chunks(rows.iterator(chunk_size=CHUNK)):
        ids = [r[0] for r in chunk]
        scores = {
            member_id: (tier_fr, tier_en, score)
            for member_id, tier_fr, tier_en, score in MemberScore.objects.filter(member_id__in=ids)
            .annotate(now_score=decayed_score(now))
            .values_list("member_id", "tier__name_fr", "tier__name_en", "now_score")
        }
        ideas = _counts(Idea, "author_id", ids)
        comments = _counts(Comment, "author_id", ids)
        votes = _counts(Vote, "member_id", ids)
        allowed = emails_brand_may_use(brand, ids)
        for pk, name, email, role, language, joined_at in chunk:
            tier_fr, tier_en, score = scores.get(pk, (None, None, 0.0))
            yield (
                pk,
                public_name(name, email),
                role,
                language,
                joined_at,
                tier_fr,
                tier_en,
                round(score or 0.0, 2),
                ideas.get(pk, 0),
                comments.get(pk, 0),
                votes.get(pk, 0),
                email if pk in allowed else None,
            )


DATASET = Dataset(
    key="members",
    label=_("Members"),
    description=_(
        "The brand's members with their role, tier, score and activity. E-mail addresses only "
        "of the members who allowed the brand to use them. Brand admins only."
    ),
    role="admin",
    tables=(
        Table("members", COLUMNS, lambda b: Membership.objects.filter(brand=b).count(), _members),
    ),
)
