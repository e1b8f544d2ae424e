"""The synthesis: her claims about what her community wants, each citing its evidence.

Evidence is checked when cited: a quote is a visible answer in her space, a poll is one of her
space's polls, a picture one of her mood boards, a theme one of the brand's insight themes. A
citation whose answer or picture was hidden later is kept but shown as *withdrawn*, never
quoted (``selectors.evidence``). Saving names the version it was written on
(``expected_version``): an edit made meanwhile by someone else is refused, not overwritten.
Every saved version is kept as a snapshot.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocrea.brands.models import Membership
from cocrea.brands.permissions import is_moderator
from cocrea.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from cocrea.influencers import permissions as perms
from cocrea.influencers.models import (
    Citation,
    Claim,
    MoodPicture,
    Response,
    Round,
    Space,
    Synthesis,
    SynthesisVersion,
)
from cocrea.influencers.webhooks import accepted_claim, new_synthesis
from cocrea.insights.models import Theme
from cocrea.polls.models import Poll

MAX_CLAIMS = 30
MAX_CITATIONS = 12
CLAIM_MAX = 300


@dataclass
class ClaimInput:
    kind: str
    text: str
    # "quote:<answer id>", "poll:<poll id>", "picture:<picture id>", "theme:<theme id>"
    evidence: Sequence[str] = field(default_factory=list)


def _parse(ref: str) -> tuple[str, int]:
    kind, _sep, raw = str(ref).partition(":")
    if kind not in Citation.Kind.values or not raw.isdigit() or len(raw) > 18:
        raise DomainError(
            _("Cite evidence from this space."), code="bad_citation", field="evidence"
        )
    return kind, int(raw)


def _citation(space: Space, ref: str) -> Citation:
    """An unsaved citation of ``ref``, checked to belong to ``space``; or a clear refusal."""
    kind, pk = _parse(ref)
    here = {"round__space": space}
    if kind == Citation.Kind.QUOTE:
        found = Response.objects.filter(pk=pk, is_hidden=False, **here).first()
        return _or_refuse(found, Citation(kind=kind, response=found))
    if kind == Citation.Kind.PICTURE:
        found_picture = MoodPicture.objects.filter(pk=pk, is_hidden=False, **here).first()
        return _or_refuse(found_picture, Citation(kind=kind, picture=found_picture))
    if kind == Citation.Kind.POLL:
        rounds = Round.objects.filter(space=space, poll_id=pk)
        found_poll = Poll.objects.filter(pk=pk, round__in=rounds).first()
        return _or_refuse(found_poll, Citation(kind=kind, poll=found_poll))
    theme = Theme.objects.filter(pk=pk, brand_id=space.brand_id).first()
    return _or_refuse(theme, Citation(kind=kind, theme=theme, label=theme.label if theme else ""))


def _or_refuse(found: object, citation: Citation) -> Citation:
    if found is None:
        # Another space's answer, a hidden one, another brand's poll or theme: one answer.
        raise DomainError(
            _("This evidence is not in this space (or was hidden)."),
            code="bad_citation",
            field="evidence",
        )
    return citation


def _check_claims(claims: Sequence[ClaimInput]) -> None:
    if not claims:
        raise DomainError(_("Write at least one claim."), field="claims")
    if len(claims) > MAX_CLAIMS:
        raise DomainError(_("At most %(n)d claims.") % {"n": MAX_CLAIMS}, field="claims")
    for i, claim in enumerate(claims):
        if claim.kind not in Claim.Kind.values:
            raise DomainError(_("Choose the kind of claim."), field=f"claims.{i}.kind")
        text = " ".join(claim.text.split())
        if not text or len(text) > CLAIM_MAX:
            message = _("Write the claim, at most %(n)d characters.") % {"n": CLAIM_MAX}
            raise DomainError(message, field=f"claims.{i}.text")
        if not claim.evidence:
            raise DomainError(_("Every claim cites its evidence."), field=f"claims.{i}.evidence")
        if len(claim.evidence) > MAX_CITATIONS:
            message = _("At most %(n)d citations a claim.") % {"n": MAX_CITATIONS}
            raise DomainError(message, field=f"claims.{i}.evidence")


def _snapshot(title: str, rows: list[tuple[Claim, list[Citation]]]) -> dict[str, object]:
    def ref(c: Citation) -> str:
        target = c.response_id or c.poll_id or c.picture_id or c.theme_id
        return f"{c.kind}:{target}"

    claims = [
        {"kind": claim.kind, "text": claim.text, "evidence": [ref(c) for c in cites]}
        for claim, cites in rows
    ]
    return {"title": title, "claims": claims}


@transaction.atomic
def synthesis_save(
    *,
    actor: Membership,
    space: Space,
    title: str,
    claims: Sequence[ClaimInput],
    synthesis: Synthesis | None = None,
    expected_version: int | None = None,
) -> Synthesis:
    """Write a new synthesis, or a new version of ``synthesis`` if nobody saved it since
    ``expected_version``. The claims of the new version replace the old ones (and their
    decisions: the brand reads the new interpretation afresh); the old ones stay in the
    version's snapshot."""
    if not perms.can_manage_space(space, actor):
        raise PermissionDenied(_("This is not your space."), code="forbidden")
    title = " ".join(title.split())
    if not title or len(title) > 140:
        raise DomainError(_("Give the synthesis a title of at most 140 characters."), field="title")
    _check_claims(claims)
    rows = [(c, [_citation(space, ref) for ref in dict.fromkeys(c.evidence)]) for c in claims]
    if synthesis is None:
        synthesis = Synthesis.objects.create(space=space, title=title, author=actor)
    else:
        synthesis = _lock_version(space, synthesis, expected_version)
        synthesis.title, synthesis.version, synthesis.author = title, synthesis.version + 1, actor
        synthesis.save(update_fields=["title", "version", "author", "updated_at"])
        synthesis.claims.all().delete()
    saved: list[tuple[Claim, list[Citation]]] = []
    for position, (given, cites) in enumerate(rows):
        text = " ".join(given.text.split())
        claim = Claim.objects.create(
            synthesis=synthesis, kind=given.kind, text=text, position=position
        )
        for citation in cites:
            citation.claim = claim
        Citation.objects.bulk_create(cites)
        saved.append((claim, cites))
    SynthesisVersion.objects.create(
        synthesis=synthesis,
        number=synthesis.version,
        snapshot=_snapshot(title, saved),
        author=actor,
    )
    new_synthesis(synthesis)
    return synthesis


def _lock_version(space: Space, synthesis: Synthesis, expected: int | None) -> Synthesis:
    locked = Synthesis.objects.select_for_update().filter(pk=synthesis.pk, space=space).first()
    if locked is None:
        raise NotFound(_("No such synthesis."), code="not_found")
    if expected is None or locked.version != expected:
        raise Conflict(
            _("Someone saved this synthesis meanwhile: read their version, then edit again."),
            code="stale_version",
        )
    return locked


@transaction.atomic
def claim_decide(*, actor: Membership, claim: Claim, decision: str, reply: str = "") -> Claim:
    """The brand accepts or questions a claim, with a reply (needed to question)."""
    claim = Claim.objects.select_for_update().select_related("synthesis__space").get(pk=claim.pk)
    space = claim.synthesis.space
    if actor.brand_id != space.brand_id or not is_moderator(actor):
        raise PermissionDenied(_("The brand's team answers claims."), code="forbidden")
    if decision not in (Claim.Decision.ACCEPTED, Claim.Decision.QUESTIONED):
        raise DomainError(_("Accept or question the claim."), field="decision")
    reply = reply.strip()
    if len(reply) > 2000:
        raise DomainError(_("Keep it under %(max)d characters.") % {"max": 2000}, field="reply")
    if decision == Claim.Decision.QUESTIONED and not reply:
        raise DomainError(_("Say what you question."), field="reply")
    was_accepted = claim.decision == Claim.Decision.ACCEPTED
    claim.decision, claim.reply = decision, reply
    claim.decided_by, claim.decided_at = actor, timezone.now()
    claim.save(update_fields=["decision", "reply", "decided_by", "decided_at"])
    if decision == Claim.Decision.ACCEPTED and not was_accepted:
        accepted_claim(claim)
    return claim
