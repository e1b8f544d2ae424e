"""From synthesis to product: what a claim accepted by the brand opens.

An accepted claim can open a **brief** (an idea campaign whose objective is the claim), a
**capsule contest** (a design contest co-branded with her as the capsule partner, with her on
the jury) or a **customizer product** for the capsule (made inactive: the team adds its parts,
then opens it). Each reuses its app's own services (campaigns, contests and its jury,
customizer), so their rules and permissions hold; a claim opens each kind once
(``capsule_step_once``), so a retried request returns what was opened. Her followers are told
at each step (``notifications``), and the “made with the community of …” page credits the
contributors (``selectors.credits``).

What is opened is brand content, so its texts are written in French and English (decision
0009): the title is the capsule's name in each language the brand wrote it (the space's name,
a proper name, when there is no partnership); the objective and description frame her claim
with a sentence in each language and quote the claim as she wrote it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cocrea.brands.models import Membership
from cocrea.brands.permissions import is_admin
from cocrea.campaigns.models import Phase
from cocrea.campaigns.services import PhaseSpec, campaign_create
from cocrea.contests.jury import juror_add
from cocrea.contests.models import Partner
from cocrea.contests.services import Rules, contest_create, partner_set
from cocrea.core.errors import Conflict, PermissionDenied
from cocrea.core.texts import in_each_language, languages, texts_of
from cocrea.customizer.models import Product
from cocrea.customizer.services import product_create
from cocrea.influencers.models import CapsuleStep, Claim, Follower, Space
from cocrea.notifications.models import Notification
from cocrea.notifications.services import notify

OBJECTIVE_MAX = 280  # the campaigns app's limits
TITLE_MAX = 120
PRODUCT_NAME_MAX = 80  # the customizer's
DESCRIPTION_MAX = 2000
# A capsule contest's phases from today: two weeks to submit, a week to vote, a week for the
# jury, then the results.
CONTEST_DAYS = ((Phase.Kind.SUBMISSION, 14), (Phase.Kind.VOTING, 7), (Phase.Kind.REVIEW, 7))


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _capsule_name(space: Space, limit: int) -> dict[str, str]:
    """The capsule's name in each language the brand wrote it (an empty one falls back, marked,
    when read); the space's name in both when there is no partnership."""
    if space.partnership is None:
        return {lang: _short(space.title, limit) for lang in languages()}
    return {
        lang: _short(text, limit)
        for lang, text in texts_of(space.partnership, "capsule_name").items()
    }


def _framed(frame: Callable[[], str], space: Space, claim: str, limit: int) -> str:
    """``frame`` (a translated sentence) around the claim, the claim cut to fit ``limit``."""
    room = limit - len(frame() % {"space": space.title, "claim": ""})
    return frame() % {"space": space.title, "claim": _short(claim, max(room, 1))}


def _claim_texts(claim: Claim, space: Space) -> tuple[dict[str, str], dict[str, str]]:
    """``(objective, description)`` in each language: a sentence of the platform around her
    claim, which is quoted as she wrote it (in her language, whichever the reader's)."""
    objective = in_each_language(
        lambda: _framed(
            lambda: gettext("For the community of %(space)s: “%(claim)s”"),
            space,
            claim.text,
            OBJECTIVE_MAX,
        )
    )
    description = in_each_language(
        lambda: _framed(
            lambda: gettext(
                "%(space)s heard this from her community and the brand accepted it: “%(claim)s”"
            ),
            space,
            claim.text,
            DESCRIPTION_MAX,
        )
    )
    return objective, description


def _accepted_claim(actor: Membership, claim: Claim) -> tuple[Claim, Space]:
    """The claim, locked, if the actor is an admin of its brand and the brand accepted it."""
    locked = (
        Claim.objects.select_for_update(of=("self",))
        .select_related(
            "synthesis__space__brand",
            "synthesis__space__partnership",
            "synthesis__space__influencer__user",
        )
        .filter(pk=claim.pk)
        .first()
    )
    space = locked.synthesis.space if locked is not None else None
    if locked is None or space is None or actor.brand_id != space.brand_id or not is_admin(actor):
        raise PermissionDenied(_("Only the brand's admins may do this."), code="not_admin")
    if locked.decision != Claim.Decision.ACCEPTED:
        raise Conflict(_("Accept the claim first."), code="not_accepted")
    return locked, space


def _existing(claim: Claim, kind: str) -> CapsuleStep | None:
    return CapsuleStep.objects.filter(claim=claim, kind=kind).first()


def _record(
    actor: Membership, claim: Claim, space: Space, kind: str, **outcome: object
) -> CapsuleStep:
    try:
        with transaction.atomic():
            step = CapsuleStep.objects.create(
                space=space,
                claim=claim,
                claim_text=claim.text,
                kind=kind,
                created_by=actor,
                **outcome,
            )
    except IntegrityError:  # opened by another request meanwhile (the claim row is locked)
        raise Conflict(_("This claim already opened one."), code="already_opened") from None
    _tell_followers(actor, space, step)
    return step


def _contest_phases() -> list[PhaseSpec]:
    start = timezone.now()
    specs = []
    for kind, days in CONTEST_DAYS:
        specs.append(PhaseSpec(kind=kind, starts_at=start, ends_at=start + timedelta(days=days)))
        start += timedelta(days=days)
    specs.append(PhaseSpec(kind=Phase.Kind.RESULTS, starts_at=start))
    return specs


@transaction.atomic
def claim_open_brief(*, actor: Membership, claim: Claim) -> CapsuleStep:
    """An idea campaign whose objective is the claim (the brief the community answers)."""
    claim, space = _accepted_claim(actor, claim)
    if found := _existing(claim, CapsuleStep.Kind.BRIEF):
        return found
    objective, description = _claim_texts(claim, space)
    campaign = campaign_create(
        actor=actor,
        brand=space.brand,
        title=_capsule_name(space, TITLE_MAX),
        objective=objective,
        description=description,
    )
    return _record(actor, claim, space, CapsuleStep.Kind.BRIEF, campaign=campaign)


@transaction.atomic
def claim_open_contest(*, actor: Membership, claim: Claim, product: Product | None) -> CapsuleStep:
    """A design contest on ``product`` for the capsule: she is its partner (an influencer, her
    account named) and a juror. The contests app checks the product and the rules."""
    claim, space = _accepted_claim(actor, claim)
    if found := _existing(claim, CapsuleStep.Kind.CONTEST):
        return found
    objective, description = _claim_texts(claim, space)
    contest = contest_create(
        actor=actor,
        brand=space.brand,
        title=_capsule_name(space, TITLE_MAX),
        objective=objective,
        description=description,
        product=product,
        phases=_contest_phases(),
        rules=Rules(),
    )
    email = space.influencer.user.email
    partner_set(
        actor=actor,
        campaign=contest.campaign,
        name=space.title,
        kind=Partner.Kind.INFLUENCER,
        account_email=email,
    )
    juror_add(actor=actor, contest=contest, email=email)
    return _record(actor, claim, space, CapsuleStep.Kind.CONTEST, campaign=contest.campaign)


@transaction.atomic
def claim_open_product(*, actor: Membership, claim: Claim) -> CapsuleStep:
    """A customizer product for the capsule, closed to members until the team has added its
    parts and opened it (then it counts as launched)."""
    claim, space = _accepted_claim(actor, claim)
    if found := _existing(claim, CapsuleStep.Kind.PRODUCT):
        return found
    product = product_create(
        brand=space.brand,
        by=actor,
        name=_capsule_name(space, PRODUCT_NAME_MAX),
        description=_claim_texts(claim, space)[1],
        is_active=False,
    )
    return _record(actor, claim, space, CapsuleStep.Kind.PRODUCT, product=product)


def step_path(step: CapsuleStep) -> str:
    """Where a step leads: the campaign's or contest's page, or the capsule's credits."""
    slug = step.space.brand.slug
    if step.kind == CapsuleStep.Kind.CONTEST and step.campaign is not None:
        return reverse("contests:page", args=[slug, step.campaign.slug])
    if step.kind == CapsuleStep.Kind.BRIEF and step.campaign is not None:
        return reverse("ideas:list", args=[slug, step.campaign.slug])
    return reverse("influencers:made_with", args=[slug, step.space_id])


def _tell_followers(actor: Membership, space: Space, step: CapsuleStep) -> None:
    """Her followers (and herself) hear of each step, in the step's transaction."""
    followers = Follower.objects.filter(space=space).select_related("member__user")
    recipients = [f.member.user for f in followers] + [space.influencer.user]
    outcome = step.campaign or step.product
    notify(
        recipients=recipients,
        brand=space.brand,
        kind=Notification.Kind.CAPSULE_STEP,
        actor=actor.user,
        data={
            "step": step.kind,
            "space": space.title,
            "title": str(outcome),
            "title_i18n": texts_of(outcome, "title" if step.campaign else "name"),
            "path": step_path(step),
        },
    )
