"""Privacy by design: terms and privacy notices (versioned) and consent, account deletion that
keeps every count exact, and the retention of inactive accounts. "Download my data" is in
``accounts/personal_export.py``.

Deleting an account never deletes the rows others' counters are made of (votes, ideas, comments,
ratings, contest entries and votes, ledger events): the person's row stays, emptied of personal
data and shown as "former member", and so do her memberships. What only concerned her goes:
e-mail addresses, social accounts, follows, notifications, exports, sessions.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocrea.accounts.audit import audit_record
from cocrea.accounts.models import (
    DELETED_EMAIL_DOMAIN,
    AuditEvent,
    Consent,
    LegalDocument,
    PersonalExport,
    User,
)
from cocrea.brands.models import Brand, Membership
from cocrea.brands.permissions import is_admin
from cocrea.core.errors import Conflict, DomainError, PermissionDenied

TITLE_MAX, BODY_MAX, SUMMARY_MAX = 120, 50_000, 300


# --- Terms, privacy notice, consent ------------------------------------------------------------


@transaction.atomic
def legal_document_publish(
    *, actor: Membership, kind: str, title: str, body: str, summary: str = ""
) -> LegalDocument:
    """Publish a new version of the brand's terms or privacy notice (brand admins only).

    Every member is asked to accept it at their next page in the brand.
    """
    brand = actor.brand
    if not is_admin(actor):
        raise PermissionDenied(_("Only the brand's admins may do this."), code="not_admin")
    kind = LegalDocument.Kind(kind)
    title, body, summary = " ".join(title.split()), body.strip(), " ".join(summary.split())
    if not title or len(title) > TITLE_MAX:
        raise DomainError(_("Give a title (120 characters at most)."), code="title", field="title")
    if not body or len(body) > BODY_MAX:
        raise DomainError(
            _("Write the text (50,000 characters at most)."), code="body", field="body"
        )
    if len(summary) > SUMMARY_MAX:
        raise DomainError(_("300 characters at most."), code="too_long", field="summary")
    locked = Brand.objects.select_for_update().get(pk=brand.pk)
    field = "terms_version" if kind == LegalDocument.Kind.TERMS else "privacy_version"
    version = getattr(locked, field) + 1
    document = LegalDocument.objects.create(
        brand=locked, kind=kind, version=version, title=title, body=body, summary=summary,
        published_by=actor.user,
    )  # fmt: skip
    setattr(brand, field, version)
    brand.save(update_fields=[field])
    audit_record(
        action=AuditEvent.Action.LEGAL_PUBLISHED, actor=actor.user, brand=brand,
        subject=f"{kind} v{version}",
    )  # fmt: skip
    return document


def current_documents(brand: Brand) -> list[LegalDocument]:
    """The brand's current terms and privacy notice (those it published)."""
    wanted = [
        (LegalDocument.Kind.TERMS, brand.terms_version),
        (LegalDocument.Kind.PRIVACY, brand.privacy_version),
    ]
    documents = {
        (d.kind, d.version): d
        for d in LegalDocument.objects.filter(brand=brand, version__gt=0).filter(
            version__in=[v for _k, v in wanted if v]
        )
    }
    return [documents[key] for key in wanted if key in documents]


@transaction.atomic
def consent_record(
    *,
    membership: Membership,
    terms_version: int,
    privacy_version: int,
    marketing: bool | None = None,
    source: str,
) -> Membership:
    """Record that the member accepted the versions she was shown. Versions older than the
    brand's current ones are refused (the page was stale: she must read the new text)."""
    brand = Brand.objects.get(pk=membership.brand_id)
    if terms_version != brand.terms_version or privacy_version != brand.privacy_version:
        raise Conflict(
            _("The brand has just published a new version: read it, then accept again."),
            code="stale_version",
        )
    rows = []
    fields = []
    if membership.terms_version != terms_version and terms_version:
        rows.append(
            Consent(membership=membership, kind="terms", version=terms_version, source=source)
        )
        membership.terms_version = terms_version
        fields.append("terms_version")
    if membership.privacy_version != privacy_version and privacy_version:
        rows.append(
            Consent(membership=membership, kind="privacy", version=privacy_version, source=source)
        )
        membership.privacy_version = privacy_version
        fields.append("privacy_version")
    if marketing is not None and marketing != membership.marketing_consent:
        rows.append(
            Consent(membership=membership, kind="marketing", given=marketing, source=source)
        )
        membership.marketing_consent = marketing
        fields.append("marketing_consent")
    if not fields:
        return membership
    Consent.objects.bulk_create(rows)
    membership.save(update_fields=fields)
    audit_record(
        action=AuditEvent.Action.CONSENT_GIVEN, actor=membership.user, brand=brand,
        data={"terms": terms_version, "privacy": privacy_version, "marketing": marketing,
              "source": source},
    )  # fmt: skip
    return membership


@transaction.atomic
def marketing_consent_set(*, membership: Membership, given: bool) -> Membership:
    """Opt in or out of the brand's marketing e-mails (kept apart from the terms)."""
    if membership.marketing_consent == given:
        return membership
    Consent.objects.create(membership=membership, kind="marketing", given=given, source="profile")
    membership.marketing_consent = given
    membership.save(update_fields=["marketing_consent"])
    audit_record(
        action=AuditEvent.Action.MARKETING_CHANGED, actor=membership.user,
        brand=membership.brand, data={"given": given},
    )  # fmt: skip
    return membership


# --- Account deletion ---------------------------------------------------------------------------


def last_admin_brands(user: User) -> list[Brand]:
    """The brands of which ``user`` is the only admin (call inside a transaction: it locks)."""
    mine = list(
        Membership.objects.select_for_update()
        .filter(user=user, role=Membership.Role.ADMIN)
        .select_related("brand")
    )
    alone = []
    for membership in mine:
        others = (
            Membership.objects.select_for_update()
            .filter(brand_id=membership.brand_id, role=Membership.Role.ADMIN)
            .exclude(user=user)
            .filter(user__deleted_at=None, user__is_active=True)
        )
        if not others.exists():
            alone.append(membership.brand)
    return alone


def _last_admin_error(brands: list[Brand]) -> Conflict:
    names = ", ".join(sorted(brand.name for brand in brands))
    return Conflict(
        _(
            "You are the last admin of %(brands)s: name another admin there first (Team page), "
            "or ask the platform's operators to delete the brand."
        )
        % {"brands": names},
        code="last_admin",
    )


def account_delete(*, user: User, actor: Any = None, reason: str = "member") -> User:
    """Delete a person's account: personal data removed, contributions kept as "former member".

    Refused (with the brands named) while the person is the last admin of a brand. Idempotent.
    The refusal is audited in its own transaction, so it survives the error it raises.
    """
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.deleted_at is not None:
            return user
        alone = last_admin_brands(user)
        if not alone:
            _anonymise(user, reason=reason)
            return user
    with transaction.atomic():  # the refusal is recorded, then reported
        audit_record(
            action=AuditEvent.Action.ACCOUNT_DELETION_REFUSED,
            actor=actor if actor is not None else user,
            subject=f"#{user.pk}",
            data={"last_admin_of": [brand.slug for brand in alone]},
        )
    raise _last_admin_error(alone)


def _anonymise(user: User, *, reason: str) -> None:
    from allauth.account.models import EmailAddress

    from cocrea.community.models import MemberFollow, TopicFollow
    from cocrea.ideas.models import Follow
    from cocrea.notifications.models import Notification

    label = f"#{user.pk}"
    old_email = user.email
    memberships = Membership.objects.filter(user=user)
    Follow.objects.filter(member__in=memberships).delete()
    MemberFollow.objects.filter(follower__in=memberships).delete()
    MemberFollow.objects.filter(followed__in=memberships).delete()
    TopicFollow.objects.filter(member__in=memberships).delete()
    Notification.objects.filter(recipient=user).delete()
    EmailAddress.objects.filter(user=user).delete()
    _delete_social_accounts(user)
    for export in PersonalExport.objects.filter(user=user):
        _remove_export_file(export)
    PersonalExport.objects.filter(user=user).delete()
    # Her memberships stay (the ledger and every counter hang from them), as plain members
    # without marketing consent.
    memberships.update(role=Membership.Role.MEMBER, marketing_consent=False)
    # Earlier audit lines keep what happened, not who she was.
    AuditEvent.objects.filter(actor=user).update(actor_label=f"former member {label}")
    AuditEvent.objects.filter(subject_label__iexact=old_email).update(subject_label=label)
    if user.avatar:
        user.avatar.delete(save=False)
    user.email = user.username = f"deleted-{user.pk}@{DELETED_EMAIL_DOMAIN}"
    user.first_name = user.last_name = user.display_name = user.bio = ""
    user.avatar = ""
    user.set_unusable_password()  # also ends every session (its hash no longer matches)
    user.is_active = user.is_staff = user.is_superuser = False
    user.deleted_at, user.last_login = timezone.now(), None
    user.save()
    audit_record(
        action=AuditEvent.Action.ACCOUNT_DELETED if reason == "member"
        else AuditEvent.Action.RETENTION_DELETED,
        actor=None, subject=label, data={"memberships": memberships.count()},
    )  # fmt: skip


def _delete_social_accounts(user: User) -> None:
    from django.apps import apps

    if apps.is_installed("allauth.socialaccount"):
        from allauth.socialaccount.models import SocialAccount

        SocialAccount.objects.filter(user=user).delete()


def _remove_export_file(export: PersonalExport) -> None:
    if export.file_name:
        path = settings.EXPORTS_ROOT / export.file_name
        path.unlink(missing_ok=True)


# --- Retention of inactive accounts ---------------------------------------------------------------


def retention_sweep(*, now: Any = None) -> dict[str, int]:
    """Warn accounts inactive for ``ACCOUNT_RETENTION_DAYS``, then delete those still inactive
    ``ACCOUNT_RETENTION_NOTICE_DAYS`` after the warning. Off when the setting is 0. Idempotent.

    Operators (superusers) are never swept; a last admin is warned but kept (and audited).
    """
    days = settings.ACCOUNT_RETENTION_DAYS
    if days <= 0:
        return {"warned": 0, "deleted": 0, "kept": 0}
    now = now or timezone.now()
    inactive_since = now - timedelta(days=days)
    candidates = (
        User.objects.filter(deleted_at=None, is_superuser=False)
        .exclude(last_login__gte=inactive_since)
        .exclude(last_login=None, date_joined__gte=inactive_since)
    )
    warned = deleted = kept = 0
    notice = timedelta(days=settings.ACCOUNT_RETENTION_NOTICE_DAYS)
    for user in candidates.filter(retention_warned_at=None).iterator():
        _warn(user, now)
        warned += 1
    due = candidates.filter(retention_warned_at__lte=now - notice)
    for user in due.iterator():
        if user.last_login and user.last_login > user.retention_warned_at:  # type: ignore[operator]
            User.objects.filter(pk=user.pk).update(retention_warned_at=None)
            continue
        try:
            account_delete(user=user, reason="retention")
        except Conflict:
            kept += 1
        else:
            deleted += 1
    return {"warned": warned, "deleted": deleted, "kept": kept}


def _warn(user: User, now: Any) -> None:
    with transaction.atomic():
        updated = User.objects.filter(pk=user.pk, retention_warned_at=None).update(
            retention_warned_at=now
        )
        if not updated:
            return
        audit_record(action=AuditEvent.Action.RETENTION_WARNED, actor=None, subject=f"#{user.pk}")
        from cocrea.accounts.tasks import send_retention_warning

        transaction.on_commit(lambda: send_retention_warning.delay(user.pk))
