"""Bracelets and loyalty cards linked to members, and the member's in-store list ("Ma liste").

A member links a tag (a bracelet or card id) with her explicit consent; only its keyed hash is
kept (``tag_hash``, the same as the signals'), never the id. From then on, each signal a
device sends with that tag (a coup de cœur, a rating, a comment or an idea; not a mere view) is
put in her list and earns her, once, the ``instore_signal`` credit of the brand's engagement
weights (``engagement.services.record``): ``ListItem.signal`` is unique, and only signals the
ingest really inserted reach ``list_follow``.

Signals from before the link are not hers: a store's bracelet or a found card may have been
used by someone else, and linking must not make an anonymous shopper's past personal data.
Only signals that occurred from the moment of consent on join the list and are credited.
Unlinking deletes the link (later signals are anonymous again); her list keeps what she
collected while it was linked.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from cocrea.brands.models import Membership
from cocrea.campaigns.models import Campaign
from cocrea.core.errors import DomainError, NotFound
from cocrea.core.text import has_nul
from cocrea.engagement.models import Kind as EngagementKind
from cocrea.engagement.services import record
from cocrea.ideas.models import Idea
from cocrea.ideas.services import idea_submit
from cocrea.instore.models import ListItem, Signal, TagLink

LINKS_MAX = 5
TAG_PATTERN = re.compile(r"^[A-Za-z0-9:._\- ]{4,128}$")
CREDITED = {Signal.Kind.HEART, Signal.Kind.RATING, Signal.Kind.COMMENT, Signal.Kind.IDEA}


def tag_hash(brand_id: int, tag: str) -> str:
    """The keyed hash a bracelet or card id is kept as (the id itself is never stored), in
    signals and links alike.

    Keyed by the site's secret and the brand: the hash of a card number cannot be recomputed
    from a list of numbers without the server's secret, nor matched across brands."""
    normalised = "".join(tag.split()).upper()
    return salted_hmac("cocrea.instore.tag", f"{brand_id}:{normalised}").hexdigest()


def _clean_tag(tag: str) -> str:
    tag = tag.strip()
    if not tag or has_nul(tag) or not TAG_PATTERN.match(tag):
        raise DomainError(
            _("Type the number printed on your bracelet or card (letters, digits, 4 to 128)."),
            code="invalid",
            field="tag",
        )
    return tag


@transaction.atomic
def tag_link(*, member: Membership, tag: str, kind: str, consent: bool) -> TagLink:
    """Link a bracelet or card to ``member`` (again: the same link, unchanged)."""
    if not consent:
        raise DomainError(
            _("Tick the box to agree that your in-store signals are tied to your account."),
            code="consent_required",
            field="consent",
        )
    if kind not in TagLink.Kind.values:
        raise DomainError(_("Choose a bracelet or a loyalty card."), field="kind")
    hashed = tag_hash(member.brand_id, _clean_tag(tag))
    existing = TagLink.objects.filter(brand_id=member.brand_id, tag_hash=hashed).first()
    if existing is not None and existing.member_id == member.pk:
        return existing
    if existing is not None:
        raise DomainError(
            _("This bracelet or card is already linked to another account."),
            code="taken",
            field="tag",
        )
    if TagLink.objects.filter(member=member).count() >= LINKS_MAX:
        raise DomainError(
            _("Link at most %(max)d bracelets or cards: unlink one first.") % {"max": LINKS_MAX},
            code="too_many",
            field="tag",
        )
    link = TagLink(
        brand_id=member.brand_id,
        member=member,
        tag_hash=hashed,
        kind=kind,
        consented_at=timezone.now(),
    )
    try:
        with transaction.atomic():
            link.save(force_insert=True)
    except IntegrityError:  # linked by someone else at the same moment
        raise DomainError(
            _("This bracelet or card is already linked to another account."),
            code="taken",
            field="tag",
        ) from None
    return link


def tag_unlink(*, member: Membership, link_id: int) -> None:
    """Withdraw the consent: the link is deleted, the tag's next signals stay anonymous."""
    deleted, _rows = TagLink.objects.filter(member=member, pk=link_id).delete()
    if not deleted:
        raise NotFound(_("There is no such bracelet or card."))


def list_follow(brand_id: int, created: Sequence[Signal]) -> list[ListItem]:
    """Put the new signals of linked tags in their members' lists and credit each once.

    Called by ``followers.signals_follow`` inside the ingest's transaction, with the rows the
    ingest really inserted (never a duplicate)."""
    hashes = {s.tag_hash for s in created if s.tag_hash and s.kind in CREDITED}
    if not hashes:
        return []
    links = {
        link.tag_hash: link
        for link in TagLink.objects.filter(brand_id=brand_id, tag_hash__in=hashes).select_related(
            "member"
        )
    }
    items = []
    for signal in created:
        link = links.get(signal.tag_hash)
        if link is None or signal.kind not in CREDITED or signal.occurred_at < link.consented_at:
            continue
        items.append(ListItem(brand_id=brand_id, member=link.member, signal=signal))
    ListItem.objects.bulk_create(items)
    for item in items:
        record(kind=EngagementKind.INSTORE_SIGNAL, member=item.member, at=item.signal.occurred_at)
    return items


@transaction.atomic
def idea_from_item(
    *, member: Membership, item_id: int, campaign: Campaign, title: str, body: str
) -> Idea:
    """Turn an item of her list into an idea of ``campaign`` (through ``idea_submit``, with its
    rules, credit and notifications); the item remembers it, and is turned once."""
    item = ListItem.objects.select_for_update().filter(member=member, pk=item_id).first()
    if item is None:
        raise NotFound(_("This is not in your list."))
    if item.idea_id is not None:
        raise DomainError(_("You already made an idea of this."), code="already", field="title")
    if campaign.brand_id != member.brand_id:
        raise NotFound(_("There is no such campaign."))
    idea = idea_submit(member=member, campaign=campaign, title=title, body=body)
    item.idea = idea
    item.save(update_fields=["idea"])
    return idea
