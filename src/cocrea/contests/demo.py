"""Demo content: two design contests of Café Lumière on the customizer's travel cup.

- « La tasse de l'hiver » closed five weeks ago: entries, public votes, a jury (with the capsule
  partner), ranked finalists, winners rewarded.
- « Édition printemps » is in its public vote (for six days now), with a small vote farm for the
  fair-voting page.

Everything goes through the services (entries, votes, scorecards, closing); only the times are
moved into the past afterwards, so the pages read like a contest that really ran.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from decimal import Decimal

from django.db.models import Min
from django.utils import timezone

from cocrea.accounts.models import User
from cocrea.brands.models import Brand, Membership
from cocrea.campaigns.models import Phase
from cocrea.campaigns.services import PhaseSpec, phases_set
from cocrea.contests import jury
from cocrea.contests.models import Contest, Entry, EntryVote, Score, VoteEvent
from cocrea.contests.rewards import reference
from cocrea.contests.services import Rules, contest_create, entry_submit, partner_set
from cocrea.contests.votes import trace_hash, vote_cast
from cocrea.customizer.models import Design, Product
from cocrea.engagement.models import Reward

ORDER: list[str] = [Phase.Kind.SUBMISSION, Phase.Kind.VOTING, Phase.Kind.REVIEW, Phase.Kind.RESULTS]
# (title, story) of each entry, written by its designer: 14 for the winter contest, 10 for spring.
ENTRIES = [
    (
        "Aube sur la Saône",
        "Les couleurs de mon café du matin, quand il fait encore nuit sur les quais.",
    ),
    (
        "Le 7 h 12",
        "Pensée pour le train de 7 h 12 : une tasse qui ne se renverse pas et se voit de loin.",
    ),
    ("Terrasse de Provence", "Un clin d'œil à la terrasse de mes grands-parents, à Forcalquier."),
    (
        "Douce et sobre",
        "Chaude et douce au toucher : la tasse que j'offrirais à ma sœur pour son premier poste.",
    ),
    (
        "Autumn in the park",
        "Inspired by autumn walks in the Bois de la Cambre, with a lid that never leaks.",
    ),
    ("Liège et or", "Mes initiales, le liège et l'or : le luxe simple du quotidien."),
    (
        "Nuit bleue",
        "Bleu nuit comme les lampadaires de la Croix-Rousse en hiver, et le logo qui brille.",
    ),
    ("Forêt de sapins", "Le vert sauge des sapins des Vosges, pour les dimanches de randonnée."),
    (
        "Chocolat noisette",
        "Une tasse aux couleurs de ma boisson préférée, avec le manchon qui ne glisse pas.",
    ),
    ("Commuter black", "All black with a gold logo: it goes with every coat and every meeting."),
    ("Café crème", "Crème et caramel : la tasse qui ressemble à ce qu'elle contient."),
    ("Matin d'hiver", "Blanche comme le givre sur le pare-brise, chaude comme le premier café."),
    ("Le grand bleu", "Pour ceux qui rêvent de la mer même au bureau, entre deux réunions."),
    ("Brique et cuivre", "Les briques rouges de Lille et le cuivre des vieux percolateurs."),
    ("Cerisier en fleur", "Le rose tendre des cerisiers du parc de la Tête d'Or au mois d'avril."),
    ("Spring meadow", "Fresh green and cream, like the first picnic of the year."),
    (
        "Lavande",
        "Le violet des champs de Valensole, et un manchon assez épais pour ne pas se brûler.",
    ),
    ("Citron givré", "Jaune pâle et blanc : une tasse qui donne envie de soleil après l'hiver."),
    ("Pluie d'avril", "Gris perle et bleu, pour les giboulées qu'on attend sous l'abribus."),
    ("Menthe à l'eau", "La couleur de mon sirop d'enfance, en tasse d'adulte."),
    ("Coquelicot", "Un rouge franc pour la reconnaître de loin sur le bureau partagé."),
    ("Garden party", "Sage sleeve and a cork lid: the cup for the first warm Saturday."),
    ("Pistache", "Vert pistache et crème, mes deux parfums de glace préférés."),
    ("Jardin japonais", "Noir, mousse et bois : le calme d'un jardin de Kyoto avant le travail."),
]


def _phases(kind: str, days: int = 2) -> list[PhaseSpec]:
    """The four phases with ``kind`` open now."""
    now = timezone.now()
    current = ORDER.index(kind)
    specs = []
    for index, phase in enumerate(ORDER):
        starts = now + timedelta(days=days * (index - current) - 1)
        ends = None if phase == Phase.Kind.RESULTS else starts + timedelta(days=days)
        specs.append(PhaseSpec(kind=phase, starts_at=starts, ends_at=ends))
    return specs


def _contest(
    brand: Brand, admin: Membership, product: Product, title: str, rules: Rules
) -> Contest:
    contest = contest_create(
        actor=admin,
        brand=brand,
        title=title,
        objective="Choisir, avec la communauté, la tasse nomade de la prochaine saison.",
        description=(
            "<p>Composez votre tasse dans le configurateur, donnez-lui un titre et racontez son "
            "histoire. La communauté vote, puis un jury note les finalistes.</p>"
        ),
        product=product,
        phases=_phases(Phase.Kind.SUBMISSION),
        rules=rules,
    )
    from cocrea.demo.pictures import cover

    picture = cover("contest")
    contest.campaign.cover.save(picture.name or "cover.jpg", picture, save=True)
    return contest


def _enter(contest: Contest, designs: list[Design], texts: list[tuple[str, str]]) -> list[Entry]:
    """Each design entered under its own title and story (no two entries read the same)."""
    return [
        entry_submit(member=design.member, contest=contest, design=design, title=title, story=story)
        for design, (title, story) in zip(designs, texts, strict=False)
    ]


def _for_page(entry: Entry) -> Entry:
    return (
        Entry.objects.select_related("contest__campaign__brand", "contest__brand")
        .prefetch_related("contest__campaign__phases")
        .get(pk=entry.pk)
    )


def _vote(
    contest: Contest, entries: list[Entry], voters: list[Membership], rng: random.Random
) -> int:
    """Each voter supports a few designs, popular ones more often (a Zipf-like taste)."""
    phases_set(campaign=contest.campaign, phases=_phases(Phase.Kind.VOTING))
    pages = [_for_page(e) for e in entries]
    weights = [1 / (rank + 1) ** 0.9 for rank in range(len(pages))]
    cast = 0
    for index, voter in enumerate(voters):
        picks = {id(p): p for p in rng.choices(pages, weights=weights, k=rng.randint(1, 3))}
        for entry in picks.values():
            if entry.author_id == voter.pk:
                continue
            vote_cast(member=voter, entry=entry, ip_hash=trace_hash(f"192.0.2.{index % 250}"))
            cast += 1
    return cast


def calendar(current: str, *, open_for: int, now: datetime | None = None) -> list[PhaseSpec]:
    """A contest's real dates: ``current`` opened ``open_for`` days ago (four weeks of entries,
    three of public vote, ten days of jury)."""
    now = now or timezone.now()
    lengths: dict[str, int] = {"submission": 28, "voting": 21, "review": 10}
    start = now - timedelta(days=open_for)
    for earlier in reversed(ORDER[: ORDER.index(current)]):
        start -= timedelta(days=lengths[earlier])
    specs = []
    for kind in ORDER:
        end = None if kind == Phase.Kind.RESULTS else start + timedelta(days=lengths[kind])
        specs.append(PhaseSpec(kind=kind, starts_at=start, ends_at=end))
        start = end or start
    return specs


def _within(spec: PhaseSpec, rng: random.Random) -> datetime:
    """A moment inside the phase, and in the past."""
    end = min(spec.ends_at or timezone.now(), timezone.now() - timedelta(hours=1))
    return spec.starts_at + (end - spec.starts_at) * rng.uniform(0.03, 0.97)


def _age(
    contest: Contest, voters: list[Membership], phases: list[PhaseSpec], rng: random.Random
) -> None:
    """Put the contest on its real calendar (the seed ran in one minute): entries during the
    submissions, votes during the public vote, the voters' accounts months before."""
    now = timezone.now()
    phases_set(campaign=contest.campaign, phases=phases)
    User.objects.filter(memberships__in=voters).update(date_joined=now - timedelta(days=200))
    Membership.objects.filter(pk__in=[v.pk for v in voters]).update(
        joined_at=now - timedelta(days=200)
    )
    submission, voting, review, results = phases
    for entry in Entry.objects.filter(contest=contest).only("id"):
        Entry.objects.filter(pk=entry.pk).update(created_at=_within(submission, rng))
    for vote in EntryVote.objects.filter(contest=contest).only("id", "entry_id", "member_id"):
        at = _within(voting, rng)
        EntryVote.objects.filter(pk=vote.pk).update(created_at=at)
        VoteEvent.objects.filter(
            contest=contest, entry_id=vote.entry_id, member_id=vote.member_id
        ).update(at=at)
    if results.starts_at < now:  # a closed contest: marked during the jury, published after
        Score.objects.filter(entry__contest=contest).update(updated_at=_within(review, rng))
        Contest.objects.filter(pk=contest.pk).update(
            shortlist_frozen_at=review.starts_at + timedelta(hours=3), closed_at=results.starts_at
        )
        Reward.objects.filter(reference=reference(contest)).update(created_at=results.starts_at)


def _jury(
    contest: Contest, admin: Membership, jurors: list[Membership], rng: random.Random
) -> None:
    jury.criteria_set(
        actor=admin,
        contest=contest,
        criteria=[("Originalité", 3), ("Esprit Café Lumière", 2), ("Faisabilité", 1)],
    )
    for juror in jurors:
        jury.juror_add(actor=admin, contest=contest, email=juror.user.email)


def _score(contest: Contest, jurors: list[Membership], rng: random.Random) -> None:
    phases_set(campaign=contest.campaign, phases=_phases(Phase.Kind.REVIEW))
    contest = Contest.objects.get(pk=contest.pk)
    criteria = list(contest.criteria.all())
    for finalist in jury.shortlist_freeze(actor=None, contest=contest):
        for juror in jurors:
            marks = {c.pk: rng.randint(4, 10) for c in criteria}
            jury.scorecard_set(member=juror, entry=_for_page(finalist), marks=marks)


def _designs(product: Product, limit: int) -> list[Design]:
    """One saved design per member, the first ``limit`` members."""
    firsts = (
        Design.objects.filter(product=product, status=Design.Status.SAVED)
        .values("member")
        .annotate(first=Min("id"))
        .values_list("first", flat=True)
    )
    return list(Design.objects.filter(pk__in=list(firsts)).select_related("member__user")[:limit])


def seed_contests(*, brand: Brand, members: list[Membership], rng: random.Random) -> int:
    """The two demo contests (after ``seed_customizer``). Returns the number of entries."""
    admin = brand.memberships.filter(role=Membership.Role.ADMIN).select_related("user").first()
    product = Product.objects.filter(brand=brand, slug="tasse-nomade").first()
    designs = _designs(product, 24) if product is not None else []
    if admin is None or product is None or len(designs) < 6 or len(members) < 40:
        return 0
    staff = list(brand.memberships.filter(role=Membership.Role.MODERATOR).select_related("user"))
    winter = _contest(
        brand,
        admin,
        product,
        "La tasse de l'hiver, dessinée par vous",
        Rules(
            designs_per_member=2,
            finalists=6,
            winners=2,
            jury_weight=50,
            winner_prize="Votre tasse fabriquée et vendue dans nos cafés",
            winner_points=200,
            finalist_points=30,
            royalty_percent=Decimal(1),
        ),
    )
    partner = members[5]
    partner_set(
        actor=admin,
        campaign=winter.campaign,
        name="Léa Matin",
        kind="influencer",
        link="https://example.org/lea-matin",
        account_email=partner.user.email,
    )
    entries = _enter(winter, designs[:14], ENTRIES[:14])
    voters = [m for m in members if m.pk not in {d.member_id for d in designs}][:120]
    _vote(winter, entries, voters, rng)
    jurors = [*staff[:1], partner, members[7]]
    _jury(winter, admin, jurors, rng)
    _score(winter, jurors, rng)
    jury.contest_close(actor=admin, contest=Contest.objects.get(pk=winter.pk))
    # Its results were published five weeks ago, before the spring contest opened.
    _age(winter, voters, calendar(Phase.Kind.RESULTS, open_for=35), rng)
    _spring(brand, admin, product, designs[14:], members, voters, rng)
    return len(entries) + min(len(designs) - 14, 10)


def _spring(
    brand: Brand,
    admin: Membership,
    product: Product,
    designs: list[Design],
    members: list[Membership],
    voters: list[Membership],
    rng: random.Random,
) -> None:
    """A contest in its public vote, with a vote budget and a small vote farm to moderate."""
    spring = _contest(
        brand,
        admin,
        product,
        "Édition printemps : la tasse fleurie",
        Rules(
            designs_per_member=1,
            finalists=5,
            winners=1,
            vote_mode="budget",
            vote_budget=3,
            jury_weight=60,
            winner_prize="Un an de café offert",
            winner_points=150,
        ),
    )
    entries = _enter(spring, designs[:10], ENTRIES[14:])
    if not entries:
        return
    _vote(spring, entries, voters[:80], rng)
    _age(spring, voters[:80], calendar(Phase.Kind.VOTING, open_for=6), rng)
    authors = {e.author_id for e in entries}
    farm = [m for m in members if m not in voters and m.pk not in authors][-4:]
    target = _for_page(entries[-1])
    for member in farm:  # brand-new accounts, one address, one design: the fair-voting page
        User.objects.filter(pk=member.user_id).update(
            date_joined=timezone.now() - timedelta(minutes=rng.randint(3, 15))
        )
        vote_cast(member=member, entry=target, ip_hash=trace_hash("203.0.113.66"))
    _jury(spring, admin, [*[m for m in members[:3]]], rng)
