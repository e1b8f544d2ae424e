"""Brands from nothing: creation (command line, operators' console, self-service sign-up),
suspension and deletion by the platform's operators, and the team invitations that bring a
new brand its first admin."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocrea.accounts.audit import audit_record
from cocrea.accounts.models import AuditEvent, User
from cocrea.brands.models import Brand, Membership, TeamInvitation
from cocrea.brands.services import check_languages
from cocrea.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from cocrea.webhooks import events as webhooks

SLUG = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?")
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class BrandCreated:
    brand: Brand
    invitation: TeamInvitation | None
    token: str  # the invitation's token, shown once (the command prints the link)


def _check_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise DomainError(_("The brand needs a name."), code="required", field="name")
    if len(name) > 80 or CONTROL.search(name):
        raise DomainError(_("80 printable characters at most."), code="bad_name", field="name")
    return name


def _check_slug(slug: str) -> str:
    if not SLUG.fullmatch(slug or ""):
        raise DomainError(
            _(
                "The address takes lower-case letters, digits and hyphens "
                "(1 to 50, no hyphen at either end)."
            ),
            code="bad_slug",
            field="slug",
        )
    return slug


def check_email(email: str, field: str = "admin_email") -> str:
    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        raise DomainError(
            _("Enter a valid e-mail address."), code="bad_email", field=field
        ) from None
    return email.lower()


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def brand_create(
    *,
    name: str,
    slug: str,
    languages: list[str],
    default_language: str = "",
    admin_email: str = "",
    admin_user: User | None = None,
    actor: User | None = None,
    visibility: str = Brand.Visibility.PUBLIC,
) -> BrandCreated:
    """Create a brand with its first admin: ``admin_user`` at once, or ``admin_email`` invited.

    The invitation e-mail leaves after commit; a refused brand writes nothing.
    """
    name, slug = _check_name(name), _check_slug(slug)
    default_language = default_language or (languages[0] if languages else "")
    chosen = check_languages(languages, default_language)
    if (admin_user is None) == (not admin_email):
        raise DomainError(
            _("Give the e-mail address of the brand's first admin."),
            code="required",
            field="admin_email",
        )
    email = check_email(admin_email) if admin_user is None else ""
    try:
        with transaction.atomic():
            brand = Brand.objects.create(
                name=name,
                slug=slug,
                languages=chosen,
                default_language=default_language,
                visibility=Brand.Visibility(visibility),
            )
    except IntegrityError:
        raise Conflict(
            _("Another brand already has this address."), code="slug_taken", field="slug"
        ) from None
    audit_record(action=AuditEvent.Action.BRAND_CREATED, actor=actor or admin_user, brand=brand)
    if admin_user is not None:
        Membership.objects.create(brand=brand, user=admin_user, role=Membership.Role.ADMIN)
        return BrandCreated(brand=brand, invitation=None, token="")
    invitation, token = invitation_send(
        brand=brand, email=email, role=Membership.Role.ADMIN, invited_by=actor
    )
    return BrandCreated(brand=brand, invitation=invitation, token=token)


@transaction.atomic
def invitation_send(
    *, brand: Brand, email: str, role: str, invited_by: User | None
) -> tuple[TeamInvitation, str]:
    """Invite ``email`` to the brand's team; returns the invitation and its one-time token."""
    email = check_email(email, field="email")
    token = secrets.token_urlsafe(32)
    invitation = TeamInvitation.objects.create(
        brand=brand,
        email=email,
        role=Membership.Role(role),
        token_hash=_token_hash(token),
        invited_by=invited_by,
        expires_at=timezone.now() + timedelta(days=settings.TEAM_INVITATION_DAYS),
    )
    audit_record(
        action=AuditEvent.Action.INVITATION_SENT, actor=invited_by, brand=brand, subject=email
    )
    from cocrea.brands.tasks import send_team_invitation

    transaction.on_commit(lambda: send_team_invitation.delay(invitation.pk, token))
    return invitation, token


def invitation_by_token(token: str) -> TeamInvitation | None:
    """The open invitation a link names (``None`` if unknown, used, expired or brand suspended)."""
    if not token or len(token) > 100:
        return None
    invitation = (
        TeamInvitation.objects.select_related("brand")
        .filter(token_hash=_token_hash(token), accepted_at=None, expires_at__gt=timezone.now())
        .first()
    )
    if invitation is None or invitation.brand.is_suspended:
        return None
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: TeamInvitation, user: User) -> Membership:
    """Join the team with the invitation's role; only the invited address may, and only once.

    A member already in the brand keeps the higher of the two roles.
    """
    locked = TeamInvitation.objects.select_for_update().filter(pk=invitation.pk).first()
    if locked is None or locked.accepted_at is not None:
        raise Conflict(_("This invitation has already been used."), code="invitation_used")
    if locked.expires_at <= timezone.now():
        raise DomainError(_("This invitation has expired."), code="invitation_expired")
    if user.email.lower() != locked.email:
        raise PermissionDenied(
            _("This invitation was sent to another e-mail address."), code="wrong_account"
        )
    membership, created = Membership.objects.get_or_create(
        brand_id=locked.brand_id, user=user, defaults={"role": locked.role}
    )
    if created:
        webhooks.member_joined(membership)
    rank = [
        Membership.Role.MEMBER,
        Membership.Role.INFLUENCER,
        Membership.Role.MODERATOR,
        Membership.Role.ADMIN,
    ]
    if not created and rank.index(Membership.Role(locked.role)) > rank.index(
        Membership.Role(membership.role)
    ):
        membership.role = locked.role
        membership.save(update_fields=["role"])
    locked.accepted_at, locked.accepted_by = timezone.now(), user
    locked.save(update_fields=["accepted_at", "accepted_by"])
    audit_record(
        action=AuditEvent.Action.INVITATION_ACCEPTED,
        actor=user,
        brand=membership.brand,
        subject=f"{locked.role}",
    )
    return membership


@transaction.atomic
def invitation_accept_new_account(
    *, invitation: TeamInvitation, display_name: str, password: str, language: str
) -> User:
    """Create the invited person's account (its address is proven by the link) and accept."""
    from allauth.account.models import EmailAddress

    if User.objects.filter(email__iexact=invitation.email).exists():
        raise Conflict(
            _("An account already uses this e-mail address: log in to accept the invitation."),
            code="email_taken",
        )
    display_name = " ".join(display_name.split())
    if not display_name or len(display_name) > 60 or CONTROL.search(display_name):
        raise DomainError(_("Choose a display name."), code="required", field="display_name")
    if language not in {code for code, _name in settings.LANGUAGES}:
        raise DomainError(_("Unknown language."), code="bad_language", field="language")
    candidate = User(email=invitation.email, username=invitation.email, display_name=display_name)
    try:
        validate_password(password, candidate)
    except ValidationError as error:
        raise DomainError(
            " ".join(error.messages), code="bad_password", field="password1"
        ) from None
    user = User.objects.create_user(
        email=invitation.email, password=password, display_name=display_name, language=language
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    invitation_accept(invitation=invitation, user=user)
    return user


@transaction.atomic
def brand_suspend(*, brand: Brand, actor: User, reason: str = "") -> Brand:
    """Close a brand's pages to everyone (its data is kept); an operator may resume it."""
    reason = " ".join(reason.split())[:200]
    if brand.is_suspended:
        return brand
    brand.suspended_at, brand.suspension_reason = timezone.now(), reason
    brand.save(update_fields=["suspended_at", "suspension_reason"])
    audit_record(
        action=AuditEvent.Action.BRAND_SUSPENDED, actor=actor, brand=brand, data={"reason": reason}
    )
    return brand


@transaction.atomic
def brand_resume(*, brand: Brand, actor: User) -> Brand:
    if not brand.is_suspended:
        return brand
    brand.suspended_at, brand.suspension_reason = None, ""
    brand.save(update_fields=["suspended_at", "suspension_reason"])
    audit_record(action=AuditEvent.Action.BRAND_RESUMED, actor=actor, brand=brand)
    return brand


@transaction.atomic
def brand_delete(*, brand: Brand, actor: User, confirm_slug: str) -> None:
    """Delete a brand and everything it owns; the operator types the brand's address to confirm.

    The audit row stays (it keeps the brand's address as text).
    """
    if confirm_slug.strip() != brand.slug:
        raise DomainError(
            _("Type the brand's address exactly to confirm the deletion."),
            code="confirm",
            field="confirm_slug",
        )
    audit_record(
        action=AuditEvent.Action.BRAND_DELETED,
        actor=actor,
        brand=brand,  # the key is emptied with the brand; its address stays as text
        subject=brand.slug,
        data={"name": brand.name},
    )
    brand.delete()


def require_operator(user: Any) -> None:
    """Operators are the platform's superusers; anyone else is told the page does not exist."""
    if not (getattr(user, "is_authenticated", False) and user.is_superuser and user.is_active):
        raise NotFound(_("Not found."), code="not_found")
