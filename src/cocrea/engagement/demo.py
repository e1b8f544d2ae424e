"""The demo's status layer: badges, rewards, members-only areas and a drop, early access,
referrals and share links, written through the services (so events, awards and notifications
are those of real use). Called by ``cocrea.demo.seed`` after the campaigns are seeded."""

from __future__ import annotations

import random
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.db.models import Min
from django.utils import timezone

from cocrea.accounts.models import User
from cocrea.brands.models import Brand, Membership
from cocrea.campaigns.models import Campaign
from cocrea.contests.models import Placement
from cocrea.core.errors import DomainError
from cocrea.engagement.areas import area_create, drop_claim, early_access_set
from cocrea.engagement.badges import badge_award, badge_create
from cocrea.engagement.events import attendance_record, event_create
from cocrea.engagement.models import Kind, MemberScore, Tier
from cocrea.engagement.referrals import (
    referral_join,
    referral_link_for,
    share_link_for,
    share_opened,
)
from cocrea.engagement.rewards import privacy_set, reward_grant
from cocrea.engagement.services import record
from cocrea.ideas.models import Idea
from cocrea.ideas.workflow import idea_set_status

BADGES = [
    ("Première idée", "✦", "Votre première idée partagée.", Kind.IDEA_SUBMITTED, 1),
    (
        "Plume assidue",
        "✎",
        "Trois commentaires pour faire avancer les idées.",
        Kind.COMMENT_POSTED,
        3,
    ),
    ("Idée retenue", "✔", "Une de vos idées a été retenue par la marque.", Kind.IDEA_ACCEPTED, 1),
    (
        "Bon conseil",
        "☕",
        "Trois réponses jugées utiles par la communauté.",
        Kind.HELPFUL_ANSWER,
        3,
    ),
    ("Ambassadeur du goût", "♥", "Deux amis amenés dans la communauté.", Kind.RECOMMENDATION, 2),
    ("Lauréat de concours", "♛", "Gagnant d'un concours Café Lumière.", None, None),
]

BOUTIQUE = (
    "<p>Réservée à nos Ambassadeurs : les pièces que nous ne vendons nulle part ailleurs.</p>"
    "<ul><li>La <strong>tasse Lumière édition limitée</strong>, émaillée à la main à Limoges"
    " (une par membre).</li><li>-20 % sur les grains de la torréfaction du mois.</li>"
    "<li>Une invitation à la dégustation privée de la récolte d'Éthiopie.</li></ul>"
)
BACKSTAGE = (
    "<p>Chaque mois, l'équipe de torréfaction raconte ses essais : profils de chauffe, lots"
    " refusés, et les cafés qui arriveront chez vous avant tout le monde.</p>"
)
WELCOME = (
    "<p>Merci d'être là. Ici, nous partageons en avant-première ce qui se prépare chez"
    " Café Lumière, et les idées de la communauté qui deviennent réalité.</p>"
)


def _tiers(brand: Brand) -> dict[int, Tier]:
    return dict(enumerate(Tier.objects.filter(brand=brand)))


def _promote(member: Membership, rng: random.Random, points: int) -> None:
    """Give a showcase member the history that reaches a tier (events of the last weeks)."""
    now = timezone.now()
    for _ in range(points // 10):
        at = now - timedelta(days=rng.uniform(1, 40))
        record(kind=Kind.EVENT_ATTENDED, member=member, at=at)


def _areas(brand: Brand, admin: Membership, tiers: dict[int, Tier]) -> None:
    top, middle = tiers[max(tiers)], tiers.get(1, tiers[max(tiers)])
    area_create(actor=admin, brand=brand, title="Le mot de la maison", body=WELCOME)
    area_create(
        actor=admin,
        brand=brand,
        title="Dans les coulisses de la torréfaction",
        body=BACKSTAGE,
        min_tier=middle,
    )
    area_create(
        actor=admin,
        brand=brand,
        title="Boutique réservée aux membres",
        body=BOUTIQUE,
        min_tier=top,
        drop_label="Tasse Lumière édition limitée",
        stock=25,
    )


def _referrals(brand: Brand, members: list[Membership], rng: random.Random) -> None:
    hashed = make_password(None)
    for index, referrer in enumerate(rng.sample(members[2:], 4)):
        link = referral_link_for(member=referrer)
        for n in range(rng.choice([1, 2, 3])):
            user = User.objects.create(
                username=f"invite.{index}.{n}@exemple.demo",
                email=f"invite.{index}.{n}@exemple.demo",
                display_name=f"Invité {index * 3 + n + 1}",
                password=hashed,
            )
            referral_join(link=link, user=user)
    ideas = list(Idea.objects.filter(brand=brand, is_hidden=False, withdrawn_at__isnull=True)[:40])
    for sharer in rng.sample(members, 6):
        share = share_link_for(member=sharer, idea=rng.choice(ideas))
        for visitor in range(rng.randint(1, 12)):
            share_opened(link=share, visitor=f"s:demo-{share.pk}-{visitor}")


def _rewards(brand: Brand, admin: Membership, members: list[Membership]) -> None:
    launched = Idea.objects.filter(brand=brand, status="launched").select_related("author")
    for idea in launched:  # the brand thanks each author whose idea it launched
        reward_grant(
            member=idea.author,
            kind="points",
            label=f"Idée lancée : {idea.title[:80]}",
            amount=150,
            source="Merci de la part de l'équipe produit",
            reference=f"idea:{idea.pk}",
            actor=admin,
        )
    # The contest badge goes to the real winners of the contests that published results
    # (their prizes, points and royalty shares were granted when each contest closed).
    badge = brand.badges.get(name="Lauréat de concours")
    winners = Placement.objects.filter(contest__brand=brand, is_winner=True).select_related(
        "entry__author", "contest__campaign"
    )
    for placement in winners:
        badge_award(
            badge=badge,
            member=placement.entry.author,
            actor=admin,
            reason=f"{placement.contest.campaign.title} : « {placement.entry.title} »",
        )
    for member in members[:12]:
        reward_grant(member=member, kind="points", label="Points de bienvenue", amount=100)


def _early_access(brand: Brand, admin: Membership, tiers: dict[int, Tier]) -> None:
    """Initiés get a week of early access to the campaign that opened last (the demo's
    campaigns are all open already: the setting shows in the console, and applies to the
    next campaign the brand schedules the same way)."""
    latest = (
        Campaign.objects.filter(brand=brand, kind="ideas", phases__isnull=False)
        .annotate(opens=Min("phases__starts_at"))
        .order_by("-opens")
        .first()
    )
    if latest is not None:
        early_access_set(actor=admin, campaign=latest, tier=tiers.get(1, tiers[0]), days=7)


def _accept_one(member: Membership, admin: Membership) -> None:
    """Make sure the showcase member has an accepted idea (the Ambassadeur condition)."""
    mine = Idea.objects.filter(author=member, is_hidden=False, withdrawn_at__isnull=True)
    if mine.filter(status__in=["accepted", "launched"]).exists():
        return
    for idea in mine.filter(status__in=["new", "under_review"]):
        try:
            idea_set_status(
                actor_membership=admin,
                idea=idea,
                to_status="accepted",
                answer="Merci Léa : nous la mettons à l'essai dans trois boutiques.",
            )
        except DomainError:
            continue
        return


def _events(brand: Brand, admin: Membership, members: list[Membership], rng: random.Random) -> None:
    """Two tastings the brand held, with the members who came."""
    now = timezone.now()
    for title, days, place, count in (
        ("Dégustation des cafés d'automne", 40, "Café Lumière, Lyon", 18),
        ("Atelier latte art", 12, "Café Lumière, Paris 11e", 9),
    ):
        event = event_create(
            actor=admin, brand=brand, title=title, starts_at=now - timedelta(days=days), place=place
        )
        came = rng.sample(members[2:], min(count, max(len(members) - 2, 0)))
        attendance_record(actor=admin, event=event, emails=[m.user.email for m in came])


def _copy(rng: random.Random) -> random.Random:
    copy = random.Random()
    copy.setstate(rng.getstate())
    return copy


def seed_engagement_extras(*, brand: Brand, members: list[Membership], rng: random.Random) -> None:
    """Badges (given to those who earned them), areas and a drop, rewards, early access,
    referrals and share links. ``members[0]`` (Léa, the French demo member) is made an
    Ambassadeur and claims the drop; ``members[1]`` (Oliver) stays an Initié."""
    rng = _copy(rng)  # the seeds after this one draw the same numbers as without it
    admin = Membership.objects.filter(brand=brand, role=Membership.Role.ADMIN).first()
    assert admin is not None
    for name, symbol, description, kind, threshold in BADGES:
        badge_create(
            actor=admin,
            brand=brand,
            name=name,
            symbol=symbol,
            description=description,
            kind=kind,
            threshold=threshold,
        )
    tiers = _tiers(brand)
    lea, oliver = members[0], members[1]
    _accept_one(lea, admin)
    _promote(lea, rng, 520)
    score = MemberScore.objects.filter(member=oliver).first()
    if score is None or score.tier is None or score.tier.threshold < tiers[1].threshold:
        _promote(oliver, rng, 160)
    _areas(brand, admin, tiers)
    _rewards(brand, admin, members)
    _early_access(brand, admin, tiers)
    _referrals(brand, members, rng)
    _events(brand, admin, members, rng)
    boutique = brand.member_areas.get(title="Boutique réservée aux membres")
    drop_claim(member=lea, area=boutique)
    privacy_set(
        member=lea,
        show_tier=True,
        show_badges=True,
        show_contributions=True,
        show_rewards=True,
        show_on_leaderboard=True,
    )
