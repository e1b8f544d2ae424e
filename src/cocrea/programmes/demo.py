"""The demo brand's two programmes with a believable history (called by demo/seed.py).

The default programme becomes "Des idées pour nos cafés" (participatory marketing: the idea
campaigns); "Nos tasses, dessinées par vous" (co-creation and lead users) takes the contests.
The team's recorded time is spread over the months the campaigns ran, workshops and product
development are entered by hand, royalties and a launch are entered, and the figures computed.
"""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from cocrea.brands.models import Brand, Membership
from cocrea.campaigns.models import Campaign
from cocrea.programmes.aggregate import aggregate_brand
from cocrea.programmes.models import Milestone, Objective, Outcome, Programme, StaffAction
from cocrea.programmes.services import default_programme


def _objectives(programme: Programme, rows: list[tuple[str, int, int, int]]) -> None:
    today = timezone.localdate()
    Objective.objects.bulk_create(
        Objective(
            programme=programme,
            metric=metric,
            target=target,
            starts_on=today - timedelta(days=start),
            due_on=today + timedelta(days=due),
        )
        for metric, target, start, due in rows
    )


def _milestones(programme: Programme, rows: list[tuple[str, int, bool]]) -> None:
    today = timezone.localdate()
    Milestone.objects.bulk_create(
        Milestone(
            programme=programme,
            title=title,
            due_on=today + timedelta(days=offset),
            done_on=today + timedelta(days=offset) if done else None,
        )
        for title, offset, done in rows
    )


def _ideas_programme(brand: Brand) -> Programme:
    today = timezone.localdate()
    programme = default_programme(brand_id=brand.pk)
    programme.name = "Des idées pour nos cafés"
    programme.positioning = (
        "Le café de quartier qui change avec ses habitués : la carte, les horaires et "
        "l'application se décident avec celles et ceux qui viennent chaque jour."
    )
    programme.forms = ["participatory", "community"]
    programme.target_languages = ["fr", "en"]
    programme.target_description = (
        "Habitués des cafés de Lyon et de Paris, clients de l'application."
    )
    programme.capacity_per_month = 30
    programme.staff_hours_per_month = Decimal("35")
    programme.starts_on = today - timedelta(days=150)
    programme.ends_on = today + timedelta(days=200)
    programme.save()
    _objectives(
        programme,
        [
            ("ideas_submitted", 180, 150, 200),
            ("ideas_accepted", 15, 150, 200),
            ("ideas_launched", 6, 150, 200),
            ("active_members_pct", 25, 150, 200),
            ("staff_hours_month", 35, 150, 200),
        ],
    )
    _milestones(
        programme,
        [
            ("Lancement de l'appel « La tasse de demain »", -140, True),
            ("Carte d'hiver décidée avec les habitués", -30, True),
            ("Bilan des idées lancées en magasin", 45, False),
        ],
    )
    return programme


def _contests_programme(brand: Brand, admin: Membership) -> Programme:
    today = timezone.localdate()
    programme = Programme.objects.create(
        brand=brand,
        name="Nos tasses, dessinées par vous",
        positioning=(
            "Des objets que nos clients ont envie de garder : la tasse nomade et ses "
            "variantes naissent des créations de la communauté et d'un panel d'experts."
        ),
        forms=["cocreation", "lead_users"],
        target_languages=["fr"],
        target_description="Membres Initiés et Ambassadeurs, amateurs de design.",
        capacity_per_month=25,
        staff_hours_per_month=Decimal("30"),
        starts_on=today - timedelta(days=120),
        ends_on=today + timedelta(days=240),
        created_by=admin,
    )
    _objectives(
        programme,
        [
            ("contest_winners", 3, 120, 240),
            ("contributors", 60, 120, 240),
            ("revenue", 4000, 120, 240),
        ],
    )
    _milestones(
        programme,
        [
            ("Brief du concours de la tasse nomade", -110, True),
            ("Jury et résultats", -20, True),
            ("Collection capsule en boutique", 90, False),
        ],
    )
    return programme


def _spread_time(brand: Brand, rng: random.Random) -> None:
    """The seed ran in a minute: put each recorded action on a day the campaigns ran."""
    now = timezone.now()
    for action in StaffAction.objects.filter(brand=brand).only("pk"):
        when = now - timedelta(days=rng.uniform(1, 140), hours=rng.uniform(0, 8))
        StaffAction.objects.filter(pk=action.pk).update(occurred_at=when)


def _manual(
    brand: Brand, programmes: list[Programme], admin: Membership, rng: random.Random
) -> None:
    now = timezone.now()
    rows = []
    for programme in programmes:
        for week in range(0, 20, 3):
            kind = rng.choice([StaffAction.Action.WORKSHOP, StaffAction.Action.DEVELOPMENT])
            rows.append(
                StaffAction(
                    brand=brand,
                    programme=programme,
                    actor=admin,
                    action=kind,
                    minutes=Decimal(rng.choice([90, 120, 180, 240])),
                    manual=True,
                    measured=True,
                    note="Atelier avec des habitués" if kind == "workshop" else "Prototype",
                    occurred_at=now - timedelta(weeks=week, days=rng.randint(0, 6)),
                )
            )
    StaffAction.objects.bulk_create(rows)


def _outcomes(ideas: Programme, cups: Programme, admin: Membership) -> None:
    today = timezone.localdate()
    contests = list(cups.campaigns.filter(kind=Campaign.Kind.CONTEST))
    Outcome.objects.bulk_create(
        [
            Outcome(
                programme=cups,
                campaign=contests[0] if contests else None,
                kind=Outcome.Kind.REVENUE,
                amount=Decimal("2860"),
                occurred_on=today - timedelta(days=12),
                note="Première série de la tasse lauréate",
                created_by=admin,
            ),
            Outcome(
                programme=cups,
                campaign=contests[0] if contests else None,
                kind=Outcome.Kind.ROYALTIES,
                amount=Decimal("143"),
                occurred_on=today - timedelta(days=10),
                note="Redevance versée à la créatrice (5 %)",
                created_by=admin,
            ),
            Outcome(
                programme=ideas,
                kind=Outcome.Kind.REVENUE,
                amount=Decimal("1240"),
                occurred_on=today - timedelta(days=25),
                note="Boisson d'hiver proposée par un habitué, premier mois",
                created_by=admin,
            ),
        ]
    )


def seed_programmes(*, brand: Brand, members: list[Membership], rng: random.Random) -> None:
    admin = Membership.objects.filter(brand=brand, role=Membership.Role.ADMIN).first()
    assert admin is not None
    ideas = _ideas_programme(brand)
    cups = _contests_programme(brand, admin)
    for contest in Campaign.objects.filter(brand=brand, kind=Campaign.Kind.CONTEST):
        contest.programme = cups
        contest.save(update_fields=["programme"])
    _spread_time(brand, rng)
    _manual(brand, [ideas, cups], admin, rng)
    _outcomes(ideas, cups, admin)
    aggregate_brand(brand)
