"""Writes for members-only areas, their drops, and early access to campaigns."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from cocrea.brands.models import Brand, Membership
from cocrea.campaigns.models import Campaign
from cocrea.core.errors import Conflict, DomainError, PermissionDenied
from cocrea.core.html import sanitize_html
from cocrea.core.texts import Texts, assign, clean_texts, columns, first_text
from cocrea.engagement.badges import require_admin
from cocrea.engagement.models import DropClaim, EarlyAccess, MemberArea, Tier
from cocrea.engagement.permissions import area_may_open

BODY_MAX = 20_000
STOCK_MAX = 1_000_000
EARLY_DAYS_MAX = 90


def _clean(
    brand: Brand,
    title: str | Texts,
    body: str | Texts,
    min_tier: Tier | None,
    drop_label: str | Texts,
    stock: int | None,
) -> tuple[str | dict[str, str], str | dict[str, str], str | dict[str, str]]:
    message = _("Give the area a title of at most 120 characters.")
    title = clean_texts(
        title or "", field="title", max_length=120, required=message, too_long=message
    )
    body = clean_texts(
        body or "",
        field="body",
        max_length=BODY_MAX,
        too_long=_("The text is too long."),
        normalise=lambda text: sanitize_html(text) if len(text) <= BODY_MAX else text,
    )
    if min_tier is not None and min_tier.brand_id != brand.pk:
        raise DomainError(_("Choose one of the brand's tiers."), field="min_tier")
    drop_label = clean_texts(drop_label or "", field="drop_label", max_length=120)
    if stock is not None and (not isinstance(stock, int) or not 0 <= stock <= STOCK_MAX):
        raise DomainError(
            _("Enter a stock between 0 and %(max)d.") % {"max": STOCK_MAX}, field="stock"
        )
    if stock is not None and not first_text(drop_label):
        raise DomainError(_("Name the offer or product of the drop."), field="drop_label")
    return title, body, drop_label


@transaction.atomic
def area_create(
    *,
    actor: Membership,
    brand: Brand,
    title: str | Texts,
    body: str | Texts = "",
    min_tier: Tier | None = None,
    drop_label: str | Texts = "",
    stock: int | None = None,
    is_published: bool = True,
) -> MemberArea:
    """A members-only page (``body`` is sanitised), with a drop when ``stock`` is given."""
    require_admin(actor, brand)
    title, body, drop_label = _clean(brand, title, body, min_tier, drop_label, stock)
    area = MemberArea(brand=brand, min_tier=min_tier, stock=stock, is_published=is_published)
    assign(area, "title", title)
    assign(area, "body", body)
    assign(area, "drop_label", drop_label)
    area.save(force_insert=True)
    return area


@transaction.atomic
def area_update(
    *,
    actor: Membership,
    area: MemberArea,
    title: str | Texts,
    body: str | Texts = "",
    min_tier: Tier | None = None,
    drop_label: str | Texts = "",
    stock: int | None = None,
    is_published: bool = True,
) -> MemberArea:
    """Edit an area; the stock given is what is left to claim (claims already made stay)."""
    require_admin(actor, area.brand)
    title, body, drop_label = _clean(area.brand, title, body, min_tier, drop_label, stock)
    assign(area, "title", title)
    assign(area, "body", body)
    assign(area, "drop_label", drop_label)
    area.min_tier, area.stock, area.is_published = min_tier, stock, is_published
    area.save(
        update_fields=[*columns("title", "body", "drop_label"), "min_tier", "stock", "is_published"]
    )
    return area


@transaction.atomic
def area_delete(*, actor: Membership, area: MemberArea) -> None:
    require_admin(actor, area.brand)
    area.delete()


@transaction.atomic
def drop_claim(*, member: Membership, area: MemberArea) -> DropClaim:
    """Claim the area's drop: one per member, the stock never below zero.

    The claim row is inserted first (its unique constraint refuses a second claim, even from a
    concurrent request), then the stock falls by one with ``UPDATE … WHERE stock > 0``: the
    database serialises concurrent decrements, and when none is left the whole claim rolls back.
    """
    if not area_may_open(member, area) or member.is_staff_role:
        raise PermissionDenied(_("This area is not open to you."))
    if not area.has_drop or not area.is_published:
        raise DomainError(_("There is nothing to claim here."), code="no_drop")
    try:
        with transaction.atomic():
            claim = DropClaim.objects.create(area=area, brand_id=area.brand_id, member=member)
    except IntegrityError as error:
        raise Conflict(_("You already claimed this drop."), code="claimed") from error
    taken = MemberArea.objects.filter(pk=area.pk, stock__gt=0).update(stock=F("stock") - 1)
    if not taken:
        raise Conflict(_("Sorry, this drop is sold out."), code="sold_out")
    return claim


@transaction.atomic
def early_access_set(
    *, actor: Membership, campaign: Campaign, tier: Tier | None, days: int = 7
) -> EarlyAccess | None:
    """Open ``campaign`` to ``tier`` and above ``days`` days before its first phase; ``tier``
    None removes the early access."""
    brand = campaign.brand
    require_admin(actor, brand)
    campaign.__dict__.pop("_early_access", None)  # the predicate's per-instance memo
    if tier is None:
        EarlyAccess.objects.filter(campaign=campaign).delete()
        return None
    if tier.brand_id != brand.pk:
        raise DomainError(_("Choose one of the brand's tiers."), field="tier")
    if not isinstance(days, int) or not 1 <= days <= EARLY_DAYS_MAX:
        raise DomainError(
            _("Enter a number of days between 1 and %(max)d.") % {"max": EARLY_DAYS_MAX},
            field="days",
        )
    row, _created = EarlyAccess.objects.update_or_create(
        campaign=campaign, defaults={"brand": brand, "tier": tier, "days": days}
    )
    return row
