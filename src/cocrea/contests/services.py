"""Writes of a contest: creation and settings, entries, the capsule partner.

The vote is in ``votes``; the jury and the results in ``jury``. Every service checks the actor's
role and the phase itself (the views check too, but a service must be safe from anywhere).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocrea.brands.models import Brand, Membership
from cocrea.campaigns.models import Campaign
from cocrea.campaigns.services import PhaseSpec, campaign_create, campaign_update
from cocrea.contests import permissions as perms
from cocrea.contests.models import Contest, Entry, Partner
from cocrea.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from cocrea.core.images import validate_image
from cocrea.core.texts import Texts, as_texts, assign, columns
from cocrea.customizer.models import Design, Product
from cocrea.engagement.services import record

TITLE_MAX = 100
STORY_MAX = 1000
LIMITS = {
    "designs_per_member": (1, 20),
    "finalists": (1, 500),
    "winners": (1, 100),
    "vote_budget": (1, 100),
    "jury_weight": (0, 100),
    "winner_points": (0, 100_000),
    "finalist_points": (0, 100_000),
}


@dataclass(frozen=True)
class Rules:
    """The limits and weights a brand sets for a contest (validated by ``check_rules``)."""

    designs_per_member: int = 3
    finalists: int = 20
    winners: int = 1
    vote_mode: str = Contest.VoteMode.ONE_PER_ENTRY
    vote_budget: int = 5
    jury_weight: int = 50
    winner_prize: str | Texts = ""  # a text per language, or the current language's
    winner_points: int = 100
    finalist_points: int = 20
    royalty_percent: Decimal = Decimal("0")


def _require_admin(actor: Membership, brand: Brand) -> None:
    if actor.brand_id != brand.pk or not actor.is_admin:
        raise PermissionDenied(_("Only the brand's admins may do this."), code="not_admin")


def check_rules(rules: Rules) -> Rules:
    for name, (low, high) in LIMITS.items():
        value = getattr(rules, name)
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise DomainError(
                _("Choose a number from %(low)d to %(high)d.") % {"low": low, "high": high},
                field=name,
            )
    if rules.winners > rules.finalists:
        raise DomainError(_("There cannot be more winners than finalists."), field="winners")
    if rules.vote_mode not in Contest.VoteMode.values:
        raise DomainError(_("Choose a vote mode."), field="vote_mode")
    if not Decimal("0") <= Decimal(rules.royalty_percent) <= Decimal("50"):
        raise DomainError(_("Choose a share from 0 to 50 %."), field="royalty_percent")
    for lang, prize in as_texts(rules.winner_prize).items():
        if len(prize) > 120:
            raise DomainError(
                _("The prize is limited to 120 characters."), field=f"winner_prize_{lang}"
            )
    return rules


def _check_product(brand: Brand, product: Product | None) -> Product:
    if product is None or getattr(product, "brand_id", None) != brand.pk:
        raise DomainError(_("Choose one of the brand's customizable products."), field="product")
    return product


@transaction.atomic
def contest_create(
    *,
    actor: Membership,
    brand: Brand,
    title: str | Texts,
    objective: str | Texts,
    product: Product | None,
    phases: list[PhaseSpec] | None,
    rules: Rules,
    description: str | Texts = "",
    slug: str = "",
    visibility: str = Campaign.Visibility.PUBLIC,
) -> Contest:
    """A campaign of kind contest with its phases, and the contest's rules."""
    _require_admin(actor, brand)
    product = _check_product(brand, product)
    check_rules(rules)
    campaign = campaign_create(
        actor=actor,
        brand=brand,
        title=title,
        objective=objective,
        slug=slug,
        description=description,
        visibility=visibility,
        phases=phases,
    )
    campaign.kind = Campaign.Kind.CONTEST
    campaign.save(update_fields=["kind"])
    contest = Contest(brand=brand, campaign=campaign, product=product)
    _apply_rules(contest, rules)
    contest.save(force_insert=True)
    return contest


def _apply_rules(contest: Contest, rules: Rules) -> list[str]:
    """Copy the rules onto the contest; the names of the columns to save."""
    for name, value in vars(rules).items():
        if name == "winner_prize":
            assign(contest, name, value)
        else:
            setattr(contest, name, value)
    return [name for name in vars(rules) if name != "winner_prize"] + columns("winner_prize")


@transaction.atomic
def contest_update(
    *,
    actor: Membership,
    contest: Contest,
    title: str | Texts,
    objective: str | Texts,
    product: Product | None,
    phases: list[PhaseSpec],
    rules: Rules,
    description: str | Texts = "",
    slug: str = "",
    visibility: str = Campaign.Visibility.PUBLIC,
) -> Contest:
    """Change a contest. The product is fixed once a design was entered."""
    _require_admin(actor, contest.brand)
    product = _check_product(contest.brand, product)
    check_rules(rules)
    if product.pk != contest.product_id and contest.entries.exists():
        raise Conflict(
            _("Designs were entered: the product can no longer change."), field="product"
        )
    campaign_update(
        actor=actor,
        campaign=contest.campaign,
        title=title,
        objective=objective,
        slug=slug,
        description=description,
        visibility=visibility,
        phases=phases,
    )
    fields = _apply_rules(contest, rules)
    contest.product = product
    contest.save(update_fields=[*fields, "product"])
    return contest


# --- entries --------------------------------------------------------------------------------


def _clean_entry_text(title: str, story: str) -> tuple[str, str]:
    title = " ".join(title.split())
    story = "\n".join(line.rstrip() for line in story.strip().splitlines())
    if not title:
        raise DomainError(_("Give your design a title."), code="required", field="title")
    if len(title) > TITLE_MAX:
        raise DomainError(_("The title is too long."), code="too_long", field="title")
    if not story:
        raise DomainError(_("Tell the story of your design."), code="required", field="story")
    if len(story) > STORY_MAX:
        raise DomainError(
            _("The story is limited to %(max)d characters.") % {"max": STORY_MAX},
            code="too_long",
            field="story",
        )
    return title, story


def _check_design(contest: Contest, member: Membership, design: Design | None) -> Design:
    if (
        design is None
        or getattr(design, "member_id", None) != member.pk
        or getattr(design, "brand_id", None) != contest.brand_id
    ):
        raise NotFound(_("Choose one of your saved designs."), field="design")
    assert design is not None  # for the type checker: refused just above
    if design.product_id != contest.product_id:
        raise DomainError(_("This design is not of the contest's product."), field="design")
    if design.status != Design.Status.SAVED:
        raise DomainError(_("Save your design before entering it (drafts cannot)."), field="design")
    return design


@transaction.atomic
def entry_submit(
    *, member: Membership, contest: Contest, design: Design | None, title: str, story: str
) -> Entry:
    """Enter a saved design of the contest's product, within the per-member limit."""
    from cocrea.customizer.svg import design_svg

    if not perms.can_submit(contest, member):
        raise PermissionDenied(_("This contest does not take designs now."), code="closed")
    title, story = _clean_entry_text(title, story)
    design = _check_design(contest, member, design)
    # One member's entries are counted under their membership's row lock: two tabs submitting
    # at once cannot both pass the limit.
    Membership.objects.select_for_update().filter(pk=member.pk).first()
    live = Entry.objects.filter(contest=contest, author=member, withdrawn_at=None)
    if live.count() >= contest.designs_per_member:
        raise Conflict(
            _("You may enter %(n)d designs in this contest.") % {"n": contest.designs_per_member},
            code="limit",
        )
    if live.filter(design=design).exists():
        raise Conflict(_("This design is already entered."), code="duplicate", field="design")
    entry = Entry.objects.create(
        brand_id=contest.brand_id,
        contest=contest,
        author=member,
        design=design,
        title=title,
        story=story,
        svg=design_svg(design),
    )
    record(kind="contest_entry", member=member)
    _feed_insights(entry, member)
    return entry


def _feed_insights(entry: Entry, member: Membership) -> None:
    """The entry's words join the brand's voice stream (analysed after commit)."""
    try:
        from cocrea.insights.stream import schedule_voice
    except ImportError:  # the insight engine is not installed
        return
    campaign = entry.contest.campaign
    schedule_voice(
        brand=member.brand,
        channel="contest_entry",
        source="contests.entry",
        external_id=entry.pk,
        title=entry.title,
        text=entry.story,
        author=member,
        campaign=campaign,
        created_at=entry.created_at,
        url=reverse("contests:entry", args=[member.brand.slug, entry.pk]),
    )


def _forget_insights(entry: Entry) -> None:
    try:
        from cocrea.insights.stream import voice_forget
    except ImportError:
        return
    voice_forget(source="contests.entry", external_id=entry.pk, brand=entry.contest.brand)


@transaction.atomic
def entry_withdraw(*, member: Membership, entry: Entry) -> Entry:
    """The author takes a design back during submission (the row stays, out of every list)."""
    entry = Entry.objects.select_for_update().select_related("contest__campaign").get(pk=entry.pk)
    if not perms.can_withdraw_entry(entry, member):
        raise PermissionDenied(_("This design can no longer be withdrawn."), code="closed")
    entry.withdrawn_at = timezone.now()
    entry.save(update_fields=["withdrawn_at"])
    _forget_insights(entry)
    return entry


@transaction.atomic
def entry_set_hidden(*, actor: Membership, entry: Entry, hidden: bool) -> Entry:
    """A moderator hides a design (it leaves the gallery and the vote) or shows it again."""
    if not perms.can_moderate(entry.contest, actor):
        raise PermissionDenied(_("Only the brand's moderators may do this."), code="not_moderator")
    Entry.objects.filter(pk=entry.pk).update(is_hidden=hidden)
    entry.is_hidden = hidden
    if hidden:
        _forget_insights(entry)
    return entry


# --- capsule collections --------------------------------------------------------------------


def _store_picture(upload: UploadedFile) -> UploadedFile:
    """Checked by content; stored under a random name with the decoded format's extension."""
    try:
        ext = validate_image(upload)
    except ValidationError as error:
        raise DomainError(error.messages[0], code="bad_image", field="picture") from None
    upload.name = f"{uuid.uuid4().hex}.{ext}"
    return upload


@transaction.atomic
def partner_set(
    *,
    actor: Membership,
    campaign: Campaign,
    name: str,
    kind: str = Partner.Kind.BRAND,
    link: str = "",
    picture: UploadedFile | None = None,
    remove_picture: bool = False,
    account_email: str = "",
) -> Partner:
    """Co-brand a campaign with a partner; ``account_email`` names the partner's membership."""
    _require_admin(actor, campaign.brand)
    name = " ".join(name.split())
    if not name or len(name) > 80:
        raise DomainError(_("Give the partner's name (80 characters at most)."), field="name")
    if kind not in Partner.Kind.values:
        raise DomainError(_("Choose a kind of partner."), field="kind")
    account = None
    if account_email.strip():
        account = Membership.objects.filter(
            brand=campaign.brand, user__email__iexact=account_email.strip()
        ).first()
        if account is None:
            raise NotFound(
                _("No member of this community has this e-mail address."), field="account_email"
            )
    partner = Partner.objects.filter(campaign=campaign).first() or Partner(campaign=campaign)
    partner.name, partner.kind, partner.link, partner.account = name, kind, link.strip(), account
    if picture is not None:
        partner.picture = _store_picture(picture)
    elif remove_picture:
        partner.picture = ""
    partner.save()
    return partner


@transaction.atomic
def partner_remove(*, actor: Membership, campaign: Campaign) -> None:
    _require_admin(actor, campaign.brand)
    Partner.objects.filter(campaign=campaign).delete()
