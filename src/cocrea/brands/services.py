from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from cocrea.brands.colours import MIN_TEXT_CONTRAST, WHITE, contrast_ratio
from cocrea.brands.models import Brand, Membership
from cocrea.brands.permissions import is_admin, membership_for
from cocrea.core.errors import Conflict, DomainError, PermissionDenied
from cocrea.core.files import files_removed_on_error
from cocrea.core.images import clean_image
from cocrea.core.texts import Texts, assign, clean_texts, columns
from cocrea.webhooks import events as webhooks

HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


@transaction.atomic
def brand_join(*, brand: Brand, user: Any, vouched: bool = False) -> Membership:
    """Join a public brand as a member; idempotent.

    ``vouched``: the brand itself vouches for the person (its identity provider or customer
    token, ``cocrea.sso``), so a members-only brand takes her too.
    """
    existing = membership_for(brand, user)
    if existing is not None:
        return existing
    closed = brand.visibility != Brand.Visibility.PUBLIC and not vouched
    if closed or brand.is_suspended:
        raise PermissionDenied(_("This community is open by invitation only."), code="closed")
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                brand=brand, user=user, role=Membership.Role.MEMBER
            )
    except IntegrityError:
        return Membership.objects.get(brand=brand, user=user)
    webhooks.member_joined(membership)
    return membership


@transaction.atomic
def membership_set_role(
    *, membership: Membership, role: str, actor: Membership | None = None
) -> Membership:
    """Change a member's role. With ``actor``, only an admin of the same brand may do it.

    The brand's last admin cannot step down (nobody could manage the brand any more).
    """
    new_role = Membership.Role(role)
    if actor is not None:
        _require_admin(actor, membership.brand)
    if membership.role == Membership.Role.ADMIN and new_role != Membership.Role.ADMIN:
        # Lock the brand's admin rows so two admins cannot demote each other at once.
        admins = list(
            Membership.objects.select_for_update()
            .filter(brand_id=membership.brand_id, role=Membership.Role.ADMIN)
            .values_list("pk", flat=True)
        )
        if admins == [membership.pk]:
            raise Conflict(
                _("The brand needs at least one admin: name another admin first."),
                code="last_admin",
            )
    membership.role = new_role
    membership.save(update_fields=["role"])
    return membership


def _require_admin(actor: Membership, brand: Brand) -> None:
    if actor.brand_id != brand.pk or not is_admin(actor):
        raise PermissionDenied(_("Only the brand's admins may do this."), code="not_admin")


def check_languages(languages: list[str], default_language: str) -> list[str]:
    """The brand's languages in the platform's order; the default must be one of them."""
    known = [code for code, _name in settings.LANGUAGES]
    chosen = [code for code in known if code in languages]
    if not chosen:
        raise DomainError(_("Choose at least one language."), code="required", field="languages")
    if default_language not in chosen:
        raise DomainError(
            _("The default language must be one of the brand's languages."),
            code="bad_language",
            field="default_language",
        )
    return chosen


def _check_colour(value: str, field: str) -> str:
    if not HEX_COLOUR.fullmatch(value or ""):
        raise DomainError(_("Use a colour such as #1f6feb."), code="bad_colour", field=field)
    return value.lower()


@files_removed_on_error
@transaction.atomic
def brand_update(
    *,
    actor: Membership,
    brand: Brand,
    name: str,
    tagline: str | Texts = "",
    description: str | Texts = "",
    logo: UploadedFile | None = None,
    remove_logo: bool = False,
    primary_colour: str,
    accent_colour: str,
    languages: list[str],
    default_language: str,
    visibility: str,
) -> Brand:
    """Change the brand's identity and settings (brand admins only).

    White text sits on the primary colour (top bar, buttons), so a primary colour whose
    contrast with white is under 4.5:1 (WCAG AA) is refused.
    """
    _require_admin(actor, brand)
    if not name.strip():
        raise DomainError(_("The brand needs a name."), code="required", field="name")
    primary = _check_colour(primary_colour, "primary_colour")
    accent = _check_colour(accent_colour, "accent_colour")
    ratio = contrast_ratio(primary, WHITE)
    if ratio < MIN_TEXT_CONTRAST:
        raise DomainError(
            _(
                "White text on this primary colour is hard to read (contrast %(ratio)s:1, "
                "4.5:1 is needed). Choose a darker colour."
            )
            % {"ratio": f"{ratio:.1f}"},
            code="low_contrast",
            field="primary_colour",
        )
    chosen = check_languages(languages, default_language)
    if logo is not None:
        try:
            logo = clean_image(logo)  # type: ignore[assignment]
        except ValidationError as error:
            raise DomainError(error.messages[0], code="bad_image", field="logo") from None
    brand.name = name.strip()
    assign(brand, "tagline", clean_texts(tagline, field="tagline", max_length=160))
    assign(
        brand,
        "description",
        clean_texts(description, field="description", max_length=5000, normalise=str.strip),
    )
    brand.primary_colour, brand.accent_colour = primary, accent
    brand.languages, brand.default_language = chosen, default_language
    brand.visibility = Brand.Visibility(visibility)
    fields = ["name", *columns("tagline", "description"), "primary_colour", "accent_colour"]
    fields += ["languages", "default_language", "visibility"]
    if logo is not None:
        brand.logo = logo
        fields.append("logo")
    elif remove_logo:
        brand.logo = ""
        fields.append("logo")
    brand.save(update_fields=fields)
    return brand
