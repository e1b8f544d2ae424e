"""Writes for partnerships and spaces: terms in the rewards ledger, followers attributed once,
feedback rounds (polls through ``polls.services``), answers, mood-board pictures and hearts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocrea.brands.models import Brand, Membership
from cocrea.brands.services import membership_set_role
from cocrea.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from cocrea.core.files import files_removed_on_error
from cocrea.core.images import clean_image
from cocrea.core.texts import Texts, assign, clean_texts, in_each_language
from cocrea.engagement.models import Reward
from cocrea.engagement.referrals import referral_join, referral_link_for
from cocrea.engagement.rewards import reward_grant
from cocrea.influencers import permissions as perms
from cocrea.influencers.models import (
    Follower,
    Heart,
    MoodPicture,
    Partnership,
    Response,
    Round,
    Space,
)
from cocrea.polls.models import Poll
from cocrea.polls.services import OptionInput, poll_create
from cocrea.programmes.services import default_programme

MAX_LINKS = 6
BODY_MAX = 2000


def _require(allowed: bool, message: Any) -> None:
    if not allowed:
        raise PermissionDenied(message, code="forbidden")


# --- Partnerships --------------------------------------------------------------------------


def _money(value: Any, field: str, high: Decimal) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise DomainError(_("Give a number."), field=field) from None
    if not number.is_finite() or not Decimal("0") < number <= high:
        raise DomainError(
            _("Give a number above 0 and at most %(max)s.") % {"max": high}, field=field
        )
    return number.quantize(Decimal("0.01"))


@transaction.atomic
def partnership_create(
    *,
    actor: Membership,
    influencer: Membership,
    capsule_name: str | Texts,
    goals: str | Texts = "",
    starts_on: date,
    ends_on: date,
    terms: str,
    amount: Any,
    currency: str = "EUR",
) -> Partnership:
    """Invite ``influencer`` into a partnership: she takes the influencer role, gets her space
    (made once), and the terms are written in her rewards ledger."""
    _require(perms.can_manage_partnerships(actor), _("Only the brand's admins may do this."))
    if influencer.brand_id != actor.brand_id:
        raise NotFound(_("No such member."), code="not_found", field="influencer")
    if influencer.is_staff_role:
        raise DomainError(_("Choose a member who is not in the team."), field="influencer")
    if ends_on < starts_on:
        raise DomainError(_("The end comes after the start."), field="ends_on")
    if terms not in Partnership.Terms.values:
        raise DomainError(_("Choose the terms."), field="terms")
    name = clean_texts(
        capsule_name, field="capsule_name", max_length=120, required=_("Name the capsule.")
    )
    aims = clean_texts(goals, field="goals", max_length=BODY_MAX, normalise=str.strip)
    royalty = terms == Partnership.Terms.ROYALTY
    value = _money(amount, "amount", Decimal("100") if royalty else Decimal("10000000"))
    partnership = Partnership(
        brand_id=actor.brand_id,
        influencer=influencer,
        starts_on=starts_on,
        ends_on=ends_on,
        terms=terms,
        royalty_percent=value if royalty else None,
        fee=None if royalty else value,
        currency=(currency or "EUR").upper()[:3],
        created_by=actor,
        programme=default_programme(brand_id=actor.brand_id),
    )
    assign(partnership, "capsule_name", name)
    assign(partnership, "goals", aims)
    partnership.save()
    if influencer.role != Membership.Role.INFLUENCER:
        membership_set_role(membership=influencer, role=Membership.Role.INFLUENCER, actor=actor)
    space = Space.objects.filter(influencer=influencer).first()
    if space is None:
        title = influencer.user.public_name  # type: ignore[attr-defined]
        space = Space.objects.create(brand_id=actor.brand_id, influencer=influencer, title=title)
    space.partnership = partnership
    space.save(update_fields=["partnership"])
    reward_grant(
        member=influencer,
        kind=Reward.Kind.ROYALTY if royalty else Reward.Kind.PRIZE,
        label=name,
        amount=value,
        currency=partnership.currency,
        source=in_each_language(lambda: _("Influencer partnership")),
        reference=f"partnership:{partnership.pk}",
        actor=actor,
    )
    return partnership


# --- The space -----------------------------------------------------------------------------


def _links(links: Sequence[str]) -> list[str]:
    cleaned = [link.strip() for link in links if link and link.strip()]
    if len(cleaned) > MAX_LINKS:
        raise DomainError(_("At most %(n)d links.") % {"n": MAX_LINKS}, field="links")
    check = URLValidator(schemes=["https", "http"])
    for link in cleaned:
        try:
            check(link)
        except ValidationError:
            raise DomainError(_("Each link is a web address (https://…)."), field="links") from None
    return cleaned


@files_removed_on_error
@transaction.atomic
def space_update(
    *,
    actor: Membership,
    space: Space,
    title: str,
    bio: str = "",
    links: Sequence[str] = (),
    visibility: str = Space.Visibility.PUBLIC,
    photo: UploadedFile | None = None,
) -> Space:
    _require(perms.can_manage_space(space, actor), _("This is not your space."))
    title = " ".join(title.split())
    if not title or len(title) > 80:
        raise DomainError(_("Give the space a name of at most 80 characters."), field="title")
    if len(bio) > BODY_MAX:
        raise DomainError(_("Keep it under %(max)d characters.") % {"max": BODY_MAX}, field="bio")
    if visibility not in Space.Visibility.values:
        raise DomainError(_("Choose who sees the space."), field="visibility")
    space.title, space.bio, space.links = title, bio.strip(), _links(links)
    space.visibility = visibility
    fields = ["title", "bio", "links", "visibility"]
    if photo is not None:
        try:
            space.photo = clean_image(photo)  # type: ignore[assignment]
        except ValidationError as error:
            raise DomainError(error.messages[0], code="image", field="photo") from None
        fields.append("photo")
    space.save(update_fields=fields)
    return space


def invite_code(space: Space) -> str:
    """Her invitation code: her referral link's, so joining through it credits her once."""
    return referral_link_for(member=space.influencer).code


@transaction.atomic
def _follow(space: Space, member: Membership, attributed: bool) -> bool:
    try:
        with transaction.atomic():
            Follower.objects.create(space=space, member=member, attributed=attributed)
    except IntegrityError:
        return False
    Space.objects.filter(pk=space.pk).update(follower_count=F("follower_count") + 1)
    return True


@transaction.atomic
def space_join(*, space: Space, user: Any) -> tuple[Membership, bool]:
    """``user`` joins the brand through her link and follows her space; returns the membership
    and whether she was attributed to this influencer (a newcomer, once)."""
    link = referral_link_for(member=space.influencer)
    member, credited = referral_join(link=link, user=user)
    if member.pk == space.influencer_id:
        return member, False
    attributed = credited and not Follower.objects.filter(member=member, attributed=True).exists()
    if not _follow(space, member, attributed):
        attributed = False
    return member, attributed


def space_follow(*, space: Space, member: Membership) -> bool:
    """An existing member follows the space (not attributed: she was here before)."""
    if member.brand_id != space.brand_id:
        raise NotFound(_("No such space."), code="not_found")
    if member.pk == space.influencer_id:
        raise DomainError(_("This is your own space."), code="own_space")
    return _follow(space, member, attributed=False)


def follows(space: Space, member: Membership | None) -> bool:
    return member is not None and Follower.objects.filter(space=space, member=member).exists()


# --- Feedback rounds -----------------------------------------------------------------------


def _check_closes(closes_at: datetime | None) -> None:
    if closes_at is not None and closes_at <= timezone.now():
        raise DomainError(_("The closing date must be in the future."), field="closes_at")


@transaction.atomic
def round_poll_create(
    *,
    actor: Membership,
    space: Space,
    question: str | Texts,
    kind: str,
    options: Sequence[OptionInput] = (),
    closes_at: datetime | None = None,
) -> Round:
    allowed = perms.can_manage_space(space, actor)
    poll = poll_create(
        actor=actor,
        question=question,
        kind=kind,
        options=options,
        closes_at=closes_at,
        scope=Poll.Scope.SPACE,
        allowed=allowed,
    )
    return Round.objects.create(space=space, kind=Round.Kind.POLL, poll=poll, closes_at=closes_at)


@transaction.atomic
def round_create(
    *, actor: Membership, space: Space, kind: str, prompt: str, closes_at: datetime | None = None
) -> Round:
    """An open question or a mood board in her space."""
    _require(perms.can_manage_space(space, actor), _("This is not your space."))
    if kind not in (Round.Kind.QUESTION, Round.Kind.MOODBOARD):
        raise DomainError(_("Choose an open question or a mood board."), field="kind")
    prompt = " ".join(prompt.split())
    if not prompt or len(prompt) > 200:
        raise DomainError(_("Write the prompt, at most 200 characters."), field="prompt")
    _check_closes(closes_at)
    return Round.objects.create(space=space, kind=kind, prompt=prompt, closes_at=closes_at)


def _check_part(member: Membership, round_: Round) -> Space:
    space = round_.space
    if member.brand_id != space.brand_id:
        raise NotFound(_("No such round."), code="not_found")
    visible = perms.can_take_part(space.brand, space, member, follows=follows(space, member))
    _require(visible, _("Follow this space to take part."))
    if not perms.round_is_open(round_):
        raise Conflict(_("This round is closed."), code="round_closed")
    return space


@transaction.atomic
def response_post(*, member: Membership, round_: Round, body: str) -> Response:
    _check_part(member, round_)
    if round_.kind != Round.Kind.QUESTION:
        raise DomainError(_("This round takes no written answers."), field="body")
    body = body.strip()
    if not body:
        raise DomainError(_("Write your answer."), field="body")
    if len(body) > BODY_MAX:
        raise DomainError(_("Keep it under %(max)d characters.") % {"max": BODY_MAX}, field="body")
    return Response.objects.create(round=round_, member=member, body=body)


@files_removed_on_error
@transaction.atomic
def picture_post(
    *, member: Membership, round_: Round, image: UploadedFile, caption: str = ""
) -> MoodPicture:
    _check_part(member, round_)
    if round_.kind != Round.Kind.MOODBOARD:
        raise DomainError(_("This round takes no pictures."), field="image")
    caption = " ".join(caption.split())
    if len(caption) > 200:
        raise DomainError(_("Keep it under %(max)d characters.") % {"max": 200}, field="caption")
    try:
        cleaned = clean_image(image)
    except ValidationError as error:
        raise DomainError(error.messages[0], code="image", field="image") from None
    return MoodPicture.objects.create(round=round_, member=member, image=cleaned, caption=caption)


@transaction.atomic
def picture_heart(*, member: Membership, picture: MoodPicture) -> bool:
    """Heart a picture once; returns whether it counted (a second heart changes nothing)."""
    _check_part(member, picture.round)
    try:
        with transaction.atomic():
            Heart.objects.create(picture=picture, member=member)
    except IntegrityError:
        return False
    MoodPicture.objects.filter(pk=picture.pk).update(heart_count=F("heart_count") + 1)
    return True


def spaces_of(brand: Brand) -> list[Space]:
    return list(Space.objects.filter(brand=brand).select_related("influencer__user"))
