"""Demo content of influencer co-creation: one partnership, her space and followers, two polls,
an open question, a synthesis whose claims cite the followers' answers and a poll, and the
capsule contest the brand opened from the claim it accepted, with her in the jury."""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from cocrea.brands.models import Brand, Membership
from cocrea.customizer.models import Design, Product
from cocrea.demo import pictures
from cocrea.influencers.capsule import claim_open_contest
from cocrea.influencers.models import Space, Synthesis
from cocrea.influencers.services import (
    partnership_create,
    response_post,
    round_create,
    round_poll_create,
    space_follow,
    space_update,
)
from cocrea.influencers.synthesis import ClaimInput, claim_decide, synthesis_save
from cocrea.polls.services import OptionInput, poll_vote

ANSWERS = [
    "Du lin, jamais de polyester : il faut que ça respire en été.",
    "Des poches assez grandes pour un carnet, c'est ce qui manque partout.",
    "Pas de gros logo, un petit détail brodé suffit.",
    "A wide cut that works on a bike, please.",
    "Des couleurs de terre, sable et olive plutôt que du noir.",
    "Linen, definitely, and something I can wash at 30 degrees.",
]


def seed_influencers(*, brand: Brand, members: list[Membership], rng: random.Random) -> None:
    admin = Membership.objects.filter(brand=brand, role=Membership.Role.ADMIN).first()
    plain = [m for m in members if m.role == Membership.Role.MEMBER]
    if admin is None or len(plain) < 12 or Space.objects.filter(brand=brand).exists():
        return
    influencer, followers = plain[0], plain[1:25]
    today = timezone.localdate()
    partnership_create(
        actor=admin,
        influencer=influencer,
        capsule_name={"fr": "Capsule Aube", "en": "Dawn capsule"},
        goals={
            "fr": "Une petite collection de tasses et de tabliers pensée avec sa communauté.",
            "en": "A small collection of cups and aprons designed with her community.",
        },
        starts_on=today - timedelta(days=20),
        ends_on=today + timedelta(days=70),
        terms="royalty",
        amount="6",
    )
    influencer.refresh_from_db()
    space = Space.objects.get(influencer=influencer)
    space_update(
        actor=influencer,
        space=space,
        title=f"L'atelier de {influencer.user.public_name}",  # type: ignore[attr-defined]
        bio="Slow coffee, linen and mornings outside. Ici on choisit ensemble la capsule Aube.",
        links=["https://example.org/atelier"],
    )
    for member in followers:
        space_follow(space=space, member=member)
    synthesis = _rounds(space, influencer, followers, rng)
    _capsule(admin, synthesis)


def _rounds(
    space: Space, influencer: Membership, followers: list[Membership], rng: random.Random
) -> Synthesis:
    designs = list(Design.objects.filter(brand=space.brand, status="saved").order_by("id")[:3])
    if len(designs) >= 2:
        options = [OptionInput(design_id=d.pk) for d in designs]
        kind = "designs"
    else:
        options = [OptionInput("Sable"), OptionInput("Olive"), OptionInput("Terre")]
        kind = "single"
    choice = round_poll_create(
        actor=influencer,
        space=space,
        question={"fr": "Quel modèle pour la capsule ?", "en": "Which design for the capsule?"},
        kind=kind,
        options=options,
    ).poll
    scale = round_poll_create(
        actor=influencer,
        space=space,
        question={
            "fr": "Un tablier en lin, ça vous tente ?",
            "en": "Would you wear a linen apron?",
        },
        kind="scale",
    ).poll
    assert choice is not None and scale is not None
    option_ids = list(choice.options.values_list("pk", flat=True))
    for member in followers:
        poll_vote(member=member, poll=choice, option_ids=[rng.choice(option_ids)])
        poll_vote(member=member, poll=scale, value=rng.choice([3, 4, 4, 5, 5]))
    question = round_create(
        actor=influencer,
        space=space,
        kind="question",
        prompt="Qu'est-ce qui doit absolument être dans la capsule ?",
    )
    quotes = [
        response_post(member=member, round_=question, body=text)
        for member, text in zip(followers, ANSWERS, strict=False)
    ]
    return synthesis_save(
        actor=influencer,
        space=space,
        title="Ce que ma communauté veut pour la capsule Aube",
        claims=[
            ClaimInput(
                "must_have",
                "Du lin, pas de synthétique",
                [f"quote:{quotes[0].pk}", f"quote:{quotes[5].pk}"],
            ),
            ClaimInput("must_have", "Le modèle préféré du sondage", [f"poll:{choice.pk}"]),
            ClaimInput("no_go", "Pas de gros logo", [f"quote:{quotes[2].pk}"]),
            ClaimInput("open", "Un tablier en lin ?", [f"poll:{scale.pk}"]),
        ],
    )


def _capsule(admin: Membership, synthesis: Synthesis) -> None:
    """The brand accepts the first claim and opens the capsule contest from it, on the demo's
    customizer product, with her as partner and juror (``capsule.claim_open_contest``)."""
    claim = synthesis.claims.order_by("position").first()
    product = Product.objects.filter(brand_id=admin.brand_id, is_active=True).order_by("id").first()
    if claim is None or product is None:
        return
    claim_decide(
        actor=admin,
        claim=claim,
        decision="accepted",
        reply="Oui : la capsule sera en lin. Le concours est ouvert, elle est dans le jury.",
    )
    step = claim_open_contest(actor=admin, claim=claim, product=product)
    campaign = step.campaign
    if campaign is not None and not campaign.cover:
        campaign.cover = pictures.cover("contest")
        campaign.save(update_fields=["cover"])
