"""The duplicates console: which pairs of ideas are the same request, why, and what the team did.

Candidates come from the calibrated similarity (``similar.duplicate_candidates``: each recent idea
against the others of its campaign); the pair model (``analysis.pairs``) then tells the same
request from the same topic and says why in words. Pairs the team marked "not a duplicate"
(``DuplicateDismissal``) never come back; merged ideas leave the list by themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from cocrea.brands.models import Brand, Membership
from cocrea.campaigns.models import Campaign
from cocrea.core.errors import NotFound
from cocrea.ideas.models import Idea, StatusChange
from cocrea.ideas.workflow import idea_merge
from cocrea.insights import similar
from cocrea.insights.analysis import pairs
from cocrea.insights.models import DuplicateDismissal, Voice

CANDIDATE_FLOOR = 0.1  # calibrated similarity under which a pair is not even judged
DUPLICATE_THRESHOLD = 0.5  # the pair model's probability, by default
DUPLICATE_THRESHOLDS = (0.3, 0.5, 0.7, 0.9)


@dataclass
class Suspected:
    """One pair in the console: ``older`` and ``newer`` by their creation dates."""

    older: Idea
    newer: Idea
    similarity: float  # the calibrated similarity
    probability: float  # the pair model's: the same request
    reasons: list[tuple[str, str]]
    reason_texts: list[str] = field(default_factory=list)  # the reasons in words, translated

    @property
    def percent(self) -> int:
        return round(self.probability * 100)


def suspected_duplicates(
    *,
    brand: Brand,
    threshold: float = DUPLICATE_THRESHOLD,
    campaign: Campaign | None = None,
    status: str = "",
    recent_days: int = 90,
) -> list[Suspected]:
    """Pairs the pair model calls the same request, newest first (by the newer idea's date).

    ``campaign`` (of ``brand``) and ``status`` (the newer idea's) filter the list."""
    candidates = similar.duplicate_candidates(
        brand=brand, floor=CANDIDATE_FLOOR, recent_days=recent_days, campaign=campaign
    )
    dismissed = set(
        DuplicateDismissal.objects.filter(brand=brand).values_list("older_id", "newer_id")
    )
    wanted = {pk for _s, a, b in candidates for pk in (a, b)}
    ideas = Idea.objects.select_related("brand", "campaign", "author__user").in_bulk(wanted)
    sides = _sides(wanted)
    found = []
    for score, a, b in candidates:
        if a not in ideas or b not in ideas or a not in sides or b not in sides:
            continue
        older, newer = sorted((ideas[a], ideas[b]), key=lambda idea: (idea.created_at, idea.pk))
        if (older.pk, newer.pk) in dismissed or (status and newer.status != status):
            continue
        verdict = pairs.judge(sides[older.pk], sides[newer.pk], score)
        if verdict.probability >= threshold:
            found.append(Suspected(older, newer, score, verdict.probability, verdict.reasons))
    found.sort(key=lambda s: (s.newer.created_at, s.newer.pk, s.older.pk), reverse=True)
    return found


def reason_text(code: str, words: str) -> str:
    """One reason of the pair model in words, in the reader's language."""
    texts = {
        "same": _("same request: %(words)s"),
        "place": _("different place: %(words)s"),
        "name": _("different names: %(words)s"),
        "number": _("different numbers: %(words)s"),
        "object": _("different objects: %(words)s"),
        "negation": _("one of them says no"),
        "removal": _("one asks to remove or ban, the other does not"),
        "modality": _("compulsory in one, optional in the other"),
        "language": _("written in two languages"),
    }
    text = texts.get(code)
    if text is None:
        return code
    return text % {"words": words} if "%(words)s" in text else text


def _sides(idea_ids: set[int]) -> dict[int, pairs.Side]:
    rows = Voice.objects.filter(idea_id__in=idea_ids).values_list(
        "idea_id", "title", "text", "language"
    )
    sides = {}
    for idea_id, title, text, language in rows:
        body = text[len(title) :].strip() if title and text.startswith(title) else text
        sides[idea_id] = pairs.side(title, body, language)
    return sides


def _pair_of(brand: Brand, older_id: int, newer_id: int) -> tuple[Idea, Idea]:
    """Both ideas of this brand, or a 404-like error (another brand's ids are unknown here)."""
    found = Idea.objects.filter(brand=brand, pk__in=[older_id, newer_id]).in_bulk()
    if older_id == newer_id or older_id not in found or newer_id not in found:
        raise NotFound(_("Unknown idea."), code="not_found")
    return found[older_id], found[newer_id]


@transaction.atomic
def duplicate_dismiss(
    *, membership: Membership, older_id: int, newer_id: int
) -> DuplicateDismissal:
    """Remember that these two ideas are not the same request (idempotent)."""
    older, newer = _pair_of(membership.brand, older_id, newer_id)
    existing = DuplicateDismissal.objects.filter(
        Q(older=older, newer=newer) | Q(older=newer, newer=older)
    ).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return DuplicateDismissal.objects.create(
                brand=membership.brand, older=older, newer=newer, dismissed_by=membership
            )
    except IntegrityError:  # the same click twice at once
        return DuplicateDismissal.objects.get(older=older, newer=newer)


def duplicate_merge(*, membership: Membership, older_id: int, newer_id: int) -> StatusChange:
    """Merge the newer idea into the older one (supporters, comments and followers move)."""
    older, newer = _pair_of(membership.brand, older_id, newer_id)
    answer = _("Merged into an earlier idea that asks for the same thing.")
    return idea_merge(actor_membership=membership, source=newer, target=older, answer=answer)
