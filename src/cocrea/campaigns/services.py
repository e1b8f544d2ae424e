"""Writes on campaigns: creation, editing, phases, phase moves and invitations.

Every function checks the actor's role itself (views check it too, but a service must be safe
to call from anywhere: the API, a command, a test).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import CharField, Value
from django.db.models.functions import Concat
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from cocrea.brands.models import Brand, Membership
from cocrea.brands.permissions import is_admin
from cocrea.campaigns.models import Campaign, Category, Invitation, Phase, PhaseChange, Tag
from cocrea.campaigns.phases import current_phase
from cocrea.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from cocrea.core.files import files_removed_on_error
from cocrea.core.html import sanitize_html
from cocrea.core.images import clean_image
from cocrea.core.rows import Row, existing_row
from cocrea.core.texts import Texts, as_texts, assign, columns, first_text, one_line, texts_of
from cocrea.programmes.staff_time import record_staff_action

Kind = Phase.Kind
PHASE_ORDER: list[str] = [k.value for k in Kind]
DEFAULT_PHASE_LENGTH = timedelta(days=14)
MAX_CATEGORIES = 30
MAX_TAGS = 30
MAX_BRAND_TAGS = 100  # the console's list of the brand's tags


@dataclass(frozen=True)
class PhaseSpec:
    """One dated phase as the console sends it; ``ends_at`` is None only for results."""

    kind: str
    starts_at: datetime
    ends_at: datetime | None = None


# --- helpers --------------------------------------------------------------------------------


def _require_admin(actor: Membership, brand: Brand) -> None:
    if actor.brand_id != brand.pk or not is_admin(actor):
        raise PermissionDenied(_("Only the brand's admins may do this."), code="not_admin")


def _store_image(upload: UploadedFile, field: str) -> ContentFile[bytes]:
    """The upload checked by content, re-encoded, with a random name and the true extension."""
    try:
        return clean_image(upload)
    except ValidationError as error:
        raise DomainError(error.messages[0], code="bad_image", field=field) from None


def unique_slug(brand: Brand, wanted: str, *, exclude_pk: int | None = None) -> str:
    """``wanted`` slugified, with -2, -3… appended until no other campaign of the brand uses it."""
    base = slugify(wanted)[:50] or "campaign"
    taken = set(
        Campaign.objects.filter(brand=brand, slug__startswith=base)
        .exclude(pk=exclude_pk or 0)
        .values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken:
        slug = f"{base}-{n}"
        n += 1
    return slug


def _clean_rows(values: Sequence[str | Texts | Row], *, limit: int, max_length: int) -> list[Row]:
    """Rows with their names on one line and cut to length, empty ones dropped, a row whose
    name repeats an earlier row's dropped. A plain string is a name in the current language."""
    rows: list[Row] = []
    seen: set[str] = set()
    for value in values:
        row = value if isinstance(value, Row) else Row(names=as_texts(value))
        names = {lang: one_line(text)[:max_length] for lang, text in row.names.items()}
        keys = {text.casefold() for text in names.values() if text}
        if keys and not keys & seen:
            seen |= keys
            rows.append(Row(names=names, id=row.id, extra=row.extra))
    return rows[:limit]


def _set_categories(campaign: Campaign, values: Sequence[str | Texts | Row]) -> None:
    """Make the campaign's categories these rows: an existing category is renamed (its ideas
    keep it), a new one created. A category left out is deleted unless ideas use it (removing
    it would silently take the category off those ideas): it stays, with its name."""
    existing = {c.pk: c for c in campaign.categories.all()}
    plan: list[tuple[Category | None, Row]] = []
    for row in _clean_rows(values, limit=MAX_CATEGORIES, max_length=60):
        category = existing_row(row, existing)
        if category is None or category not in [c for c, _row in plan]:
            plan.append((category, row))
    kept = {c.pk for c, _row in plan if c is not None}
    left_out = campaign.categories.exclude(pk__in=kept)
    staying = [
        existing[pk] for pk in left_out.filter(idea__isnull=False).values_list("pk", flat=True)
    ]
    taken = {t.casefold() for c in staying for t in texts_of(c, "name").values() if t}
    if any(t.casefold() in taken for _c, row in plan for t in row.names.values() if t):
        raise DomainError(
            _("Ideas use a category you removed that has this name: keep that row instead."),
            field="categories",
        )
    left_out.filter(idea__isnull=True).delete()
    # Out of the way first: two categories may swap their names.
    Category.objects.rewrite(False).filter(pk__in=kept).update(  # type: ignore[attr-defined]
        **{name: Concat(Value("~"), "id", output_field=CharField()) for name in columns("name")}
    )
    for category, row in plan:
        names = row.names
        if category is not None and row.id is None:  # a plain name: the other language stays
            names = {**texts_of(category, "name"), **{k: v for k, v in names.items() if v}}
        category = category or Category(campaign=campaign)
        assign(category, "name", names)
        category.save()


def tags_ensure(*, brand: Brand, names: list[str]) -> list[Tag]:
    """The brand's Tag rows for these names, created when missing (tags are per brand)."""
    by_slug = {slugify(n)[:40]: n for n in names if slugify(n)}
    Tag.objects.bulk_create(
        [Tag(brand=brand, name=name, slug=slug) for slug, name in by_slug.items()],
        ignore_conflicts=True,
    )
    return list(Tag.objects.filter(brand=brand, slug__in=by_slug))


def tags_set(*, brand: Brand, rows: Sequence[Row]) -> list[Tag]:
    """Make the brand's tags these rows (the console's list): renamed in place (the slug, the
    tag's address, stays), created, or deleted when left out and nothing is tagged with it."""
    existing = {t.pk: t for t in Tag.objects.filter(brand=brand)}
    kept: list[Tag] = []
    for row in _clean_rows(rows, limit=MAX_BRAND_TAGS, max_length=40):
        tag = existing_row(row, existing)
        if tag is None:
            slug = slugify(first_text(row.names))[:40]
            if not slug or Tag.objects.filter(brand=brand, slug=slug).exists():
                raise DomainError(
                    _("Another tag already has this address: change the name."), field="tags"
                )
            tag = Tag(brand=brand, slug=slug)
        if tag in kept:
            continue
        assign(tag, "name", row.names)
        tag.save()
        kept.append(tag)
    unused = Tag.objects.filter(brand=brand).exclude(pk__in=[t.pk for t in kept])
    unused.filter(
        ideas__isnull=True, stories__isnull=True, questions__isnull=True, followers__isnull=True
    ).delete()
    return kept


# --- campaigns ------------------------------------------------------------------------------


def _check_text(title: str | Texts, objective: str | Texts) -> None:
    """A title and an objective in one language at least (the other may stay empty)."""
    if not first_text(title).strip():
        raise DomainError(_("A campaign needs a title."), code="required", field="title")
    if not first_text(objective).strip():
        raise DomainError(_("Say what the campaign is for."), code="required", field="objective")
    for lang, text in as_texts(title).items():
        if len(text.strip()) > 120:
            raise DomainError(_("A title has at most 120 characters."), field=f"title_{lang}")
    for lang, text in as_texts(objective).items():
        if len(text.strip()) > 280:
            raise DomainError(
                _("An objective has at most 280 characters."), field=f"objective_{lang}"
            )


def _set_texts(
    campaign: Campaign, title: str | Texts, objective: str | Texts, description: str | Texts
) -> None:
    assign(campaign, "title", _stripped(title))
    assign(campaign, "objective", _stripped(objective))
    if isinstance(description, str):
        assign(campaign, "description", sanitize_html(description))
    else:
        assign(
            campaign, "description", {k: sanitize_html(v) for k, v in as_texts(description).items()}
        )


def _stripped(value: str | Texts) -> str | Texts:
    return (
        value.strip()
        if isinstance(value, str)
        else {k: v.strip() for k, v in as_texts(value).items()}
    )


@files_removed_on_error
@transaction.atomic
def campaign_create(
    *,
    actor: Membership,
    brand: Brand,
    title: str | Texts,
    objective: str | Texts,
    slug: str = "",
    description: str | Texts = "",
    cover: UploadedFile | None = None,
    visibility: str = Campaign.Visibility.PUBLIC,
    allow_rating: bool = False,
    categories: Sequence[str | Texts | Row] | None = None,
    tags: list[str] | None = None,
    tag_rows: Sequence[Row] | None = None,
    phases: list[PhaseSpec] | None = None,
) -> Campaign:
    _require_admin(actor, brand)
    _check_text(title, objective)
    if slug and Campaign.objects.filter(brand=brand, slug=slugify(slug)).exists():
        raise Conflict(_("Another campaign already uses this address."), field="slug")
    campaign = Campaign(
        brand=brand,
        slug=slugify(slug)[:60] if slug else unique_slug(brand, first_text(title)),
        visibility=Campaign.Visibility(visibility),
        allow_rating=allow_rating,
        created_by=actor,
    )
    _set_texts(campaign, title, objective, description)
    if cover is not None:
        campaign.cover = _store_image(cover, "cover")
    campaign.save()
    _set_categories(campaign, categories or [])
    tags_ensure(brand=brand, names=tags or [])
    if tag_rows is not None:
        tags_set(brand=brand, rows=tag_rows)
    if phases is not None:
        phases_set(campaign=campaign, phases=phases)
    record_staff_action(
        brand_id=brand.pk, actor_id=actor.pk, action="campaign", campaign_id=campaign.pk
    )
    return campaign


@files_removed_on_error
@transaction.atomic
def campaign_update(
    *,
    actor: Membership,
    campaign: Campaign,
    title: str | Texts,
    objective: str | Texts,
    slug: str = "",
    description: str | Texts = "",
    cover: UploadedFile | None = None,
    remove_cover: bool = False,
    visibility: str = Campaign.Visibility.PUBLIC,
    allow_rating: bool = False,
    categories: Sequence[str | Texts | Row] | None = None,
    tags: list[str] | None = None,
    tag_rows: Sequence[Row] | None = None,
    phases: list[PhaseSpec] | None = None,
) -> Campaign:
    _require_admin(actor, campaign.brand)
    _check_text(title, objective)
    new_slug = slugify(slug)[:60] if slug else campaign.slug
    clash = Campaign.objects.filter(brand=campaign.brand, slug=new_slug).exclude(pk=campaign.pk)
    if clash.exists():
        raise Conflict(_("Another campaign already uses this address."), field="slug")
    campaign.slug = new_slug
    _set_texts(campaign, title, objective, description)
    campaign.visibility = Campaign.Visibility(visibility)
    campaign.allow_rating = allow_rating
    fields = [*columns("title", "objective", "description"), "slug", "visibility", "allow_rating"]
    if cover is not None:
        campaign.cover = _store_image(cover, "cover")
        fields.append("cover")
    elif remove_cover:
        campaign.cover = ""
        fields.append("cover")
    campaign.save(update_fields=fields)
    if categories is not None:
        _set_categories(campaign, categories)
    if tags is not None:
        tags_ensure(brand=campaign.brand, names=tags)
    if tag_rows is not None:
        tags_set(brand=campaign.brand, rows=tag_rows)
    if phases is not None:
        phases_set(campaign=campaign, phases=phases)
    return campaign


# --- phases ---------------------------------------------------------------------------------


def validate_phases(phases: list[PhaseSpec]) -> list[PhaseSpec]:
    """Sorted in phase order; raise ``DomainError`` (field = the phase kind) if not valid.

    Submission is required; the others may be left out. Each phase ends after it starts and
    starts at or after the previous one ends. Results has no end; the others must have one.
    """
    kinds = [p.kind for p in phases]
    if len(set(kinds)) != len(kinds) or not set(kinds) <= set(PHASE_ORDER):
        raise DomainError(_("Each phase may be given once."), code="phases")
    if Kind.SUBMISSION not in kinds:
        raise DomainError(
            _("The submission phase is required."), code="phases", field=Kind.SUBMISSION
        )
    ordered = sorted(phases, key=lambda p: PHASE_ORDER.index(p.kind))
    previous: PhaseSpec | None = None
    for phase in ordered:
        if phase.kind == Kind.RESULTS and phase.ends_at is not None:
            raise DomainError(_("The results phase has no end."), code="phases", field=phase.kind)
        if phase.kind != Kind.RESULTS and phase.ends_at is None:
            raise DomainError(_("This phase needs an end."), code="phases", field=phase.kind)
        if phase.ends_at is not None and phase.ends_at <= phase.starts_at:
            raise DomainError(
                _("A phase must end after it starts."), code="phases", field=phase.kind
            )
        if previous is not None and previous.ends_at and phase.starts_at < previous.ends_at:
            raise DomainError(
                _("A phase must start at or after the end of the previous phase."),
                code="phases",
                field=phase.kind,
            )
        previous = phase
    return ordered


@transaction.atomic
def phases_set(*, campaign: Campaign, phases: list[PhaseSpec]) -> list[Phase]:
    """Replace the campaign's phases by these, after validating them."""
    ordered = validate_phases(phases)
    campaign.phases.exclude(kind__in=[p.kind for p in ordered]).delete()
    rows = []
    for spec in ordered:
        phase, _created = Phase.objects.update_or_create(
            campaign=campaign,
            kind=spec.kind,
            defaults={"starts_at": spec.starts_at, "ends_at": spec.ends_at},
        )
        rows.append(phase)
    return rows


def _shift_later_phases(phases: list[Phase], from_index: int) -> None:
    """Push phases after ``from_index`` so none starts before the previous one ends."""
    for previous, phase in zip(phases[from_index:], phases[from_index + 1 :], strict=False):
        if previous.ends_at is None or phase.starts_at >= previous.ends_at:
            continue
        length = phase.ends_at - phase.starts_at if phase.ends_at else None
        phase.starts_at = previous.ends_at
        phase.ends_at = phase.starts_at + length if length else None
        phase.save(update_fields=["starts_at", "ends_at"])


def _open_now(campaign: Campaign, kind: str, now: datetime) -> None:
    """Open ``kind`` at ``now``: earlier phases end (or are skipped), later ones move after it."""
    phases = {p.kind: p for p in Phase.objects.select_for_update().filter(campaign=campaign)}
    target_index = PHASE_ORDER.index(kind)
    for earlier in PHASE_ORDER[:target_index]:
        phase = phases.get(earlier)
        if phase is None or (phase.ends_at is not None and phase.ends_at <= now):
            continue
        if phase.starts_at < now:
            phase.ends_at = now
            phase.save(update_fields=["ends_at"])
        else:  # never started: it is skipped
            phase.delete()
            del phases[earlier]
    target = phases.get(kind) or Phase(campaign=campaign, kind=kind, starts_at=now)
    length = (
        target.ends_at - target.starts_at
        if target.pk and target.ends_at and target.ends_at > target.starts_at
        else DEFAULT_PHASE_LENGTH
    )
    target.starts_at = now
    if kind == Kind.RESULTS:
        target.ends_at = None
    elif target.ends_at is None or target.ends_at <= now:
        target.ends_at = now + length
    target.save()
    phases[kind] = target
    ordered = [phases[k] for k in PHASE_ORDER if k in phases]
    _shift_later_phases(ordered, ordered.index(target))


def _record_move(campaign: Campaign, actor: Membership, before: Phase | None, kind: str) -> None:
    PhaseChange.objects.create(
        campaign=campaign,
        actor=actor,
        from_kind=before.kind if before else "",
        to_kind=kind,
        changed_at=timezone.now(),
    )


def next_phase_kind(campaign: Campaign, now: datetime | None = None) -> str | None:
    """The phase ``phase_advance`` would open: the one after the current one (or the next
    one to start, between phases), or None at the last phase."""
    now = now or timezone.now()
    phases = sorted(campaign.phases.all(), key=lambda p: PHASE_ORDER.index(p.kind))
    current = current_phase(campaign, now)
    if current is not None:
        later = [p for p in phases if PHASE_ORDER.index(p.kind) > PHASE_ORDER.index(current.kind)]
    else:
        later = [p for p in phases if p.starts_at > now]
    return later[0].kind if later else None


@transaction.atomic
def phase_advance(*, actor: Membership, campaign: Campaign) -> Phase:
    """End the current phase now and start the next one now."""
    _require_admin(actor, campaign.brand)
    now = timezone.now()
    before = current_phase(campaign, now)
    kind = next_phase_kind(campaign, now)
    if kind is None:
        raise DomainError(_("The campaign is already in its last phase."), code="last_phase")
    _open_now(campaign, kind, now)
    _record_move(campaign, actor, before, kind)
    return Phase.objects.get(campaign=campaign, kind=kind)


@transaction.atomic
def phase_open(*, actor: Membership, campaign: Campaign, kind: str) -> Phase:
    """Open ``kind`` now, whatever the dates said; the phase is created if it was left out."""
    _require_admin(actor, campaign.brand)
    if kind not in PHASE_ORDER:
        raise DomainError(_("Unknown phase."), code="bad_phase")
    now = timezone.now()
    before = current_phase(campaign, now)
    if before is not None and before.kind == kind:
        raise DomainError(_("This phase is already open."), code="already_open")
    _open_now(campaign, kind, now)
    _record_move(campaign, actor, before, kind)
    return Phase.objects.get(campaign=campaign, kind=kind)


# --- invitations ----------------------------------------------------------------------------


@transaction.atomic
def invitation_add(*, actor: Membership, campaign: Campaign, email: str) -> Invitation:
    """Invite the brand member who has this e-mail; idempotent."""
    _require_admin(actor, campaign.brand)
    if campaign.visibility != Campaign.Visibility.INVITED:
        raise DomainError(
            _("Only invitation-only campaigns take invitations."), code="not_invited_only"
        )
    member = (
        Membership.objects.filter(brand=campaign.brand, user__email__iexact=email.strip())
        .select_related("user")
        .first()
    )
    if member is None:
        raise NotFound(_("No member of this community has this e-mail address."), field="email")
    invitation, _created = Invitation.objects.get_or_create(campaign=campaign, member=member)
    return invitation


@transaction.atomic
def invitation_remove(*, actor: Membership, campaign: Campaign, invitation_id: int) -> None:
    _require_admin(actor, campaign.brand)
    deleted, _rows = Invitation.objects.filter(campaign=campaign, pk=invitation_id).delete()
    if not deleted:
        raise NotFound(_("This invitation does not exist."))
