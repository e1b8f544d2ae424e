"""Builds the demo brand through the platform's own services, from a fixed random seed.

Campaigns are created with their submission phase open so that ideas, votes and comments go
through the same rules as a real member's; the phases are then set to their real dates
(one campaign collecting ideas, one voting, one showing its results) and the creation dates
are spread over the past months, as if the community had been at work since spring.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from cocrea.accounts.models import User
from cocrea.brands.models import Brand, Membership
from cocrea.campaigns.models import Campaign, Phase
from cocrea.campaigns.services import PhaseSpec, campaign_create, phases_set
from cocrea.community.demo import seed_community
from cocrea.contests.demo import seed_contests
from cocrea.customizer.demo import seed_customizer
from cocrea.demo import content
from cocrea.engagement.demo import seed_engagement_extras
from cocrea.engagement.services import engagement_setup
from cocrea.ideas.comment_services import comment_post, comment_upvote
from cocrea.ideas.models import Comment, Idea
from cocrea.ideas.services import idea_counters_rebuild, idea_submit, rating_set, vote_cast
from cocrea.ideas.workflow import idea_merge, idea_set_status
from cocrea.insights.dashboard_services import themes_recompute_request

DEMO_PASSWORD = "cocrea-demo"  # noqa: S105 - printed on purpose: demo accounts only
STAFF = [
    ("admin@cafe-lumiere.demo", "Claire Martin", Membership.Role.ADMIN, "fr"),
    ("moderation@cafe-lumiere.demo", "Karim Benali", Membership.Role.MODERATOR, "fr"),
    ("membre@cafe-lumiere.demo", "Léa Dubois", Membership.Role.MEMBER, "fr"),
    ("member@cafe-lumiere.demo", "Oliver Walker", Membership.Role.MEMBER, "en"),
]
DAY = timedelta(days=1)


@dataclass
class SeedResult:
    brand: Brand
    accounts: list[tuple[str, str]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def _user(email: str, name: str, language: str, password: str, bio: str = "") -> User:
    user = User.objects.create(
        username=email,
        email=email,
        display_name=name,
        language=language,
        bio=bio,
        password=password,
    )
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def _people(brand: Brand, rng: random.Random, members: int) -> tuple[list[Membership], Membership]:
    hashed = make_password(DEMO_PASSWORD)
    staff = []
    for email, name, role, language in STAFF:
        user = _user(email, name, language, hashed)
        staff.append(Membership.objects.create(brand=brand, user=user, role=role))
    crowd = []
    for index in range(members - len(STAFF)):
        first, last = rng.choice(content.FIRST_NAMES), rng.choice(content.LAST_NAMES)
        english = first in content.ENGLISH_FIRST_NAMES
        user = _user(
            f"{first}.{last}.{index}@exemple.demo".lower().replace("é", "e").replace("è", "e"),
            f"{first} {last[0]}.",
            "en" if english else "fr",
            hashed,
            rng.choice(content.BIOS),
        )
        crowd.append(Membership.objects.create(brand=brand, user=user))
    return staff[2:] + crowd, staff[0]


def _open_phases(now: datetime) -> list[PhaseSpec]:
    return [PhaseSpec(kind=Phase.Kind.SUBMISSION, starts_at=now - DAY, ends_at=now + 30 * DAY)]


def _real_phases(kind: Phase.Kind, now: datetime) -> list[PhaseSpec]:
    """Dates that put ``kind`` open now (results: open since a month)."""
    order = [Phase.Kind.SUBMISSION, Phase.Kind.VOTING, Phase.Kind.REVIEW, Phase.Kind.RESULTS]
    length = {Phase.Kind.SUBMISSION: 45, Phase.Kind.VOTING: 21, Phase.Kind.REVIEW: 14}
    open_index = order.index(kind)
    started_days_ago = {Phase.Kind.SUBMISSION: 20, Phase.Kind.VOTING: 7, Phase.Kind.RESULTS: 30}
    start = now - started_days_ago.get(kind, 5) * DAY
    for earlier in reversed(order[:open_index]):
        start -= length[earlier] * DAY
    specs = []
    for phase in order:
        end = None if phase == Phase.Kind.RESULTS else start + length[phase] * DAY
        specs.append(PhaseSpec(kind=phase, starts_at=start, ends_at=end))
        start = end or start
    return specs


def _ideas_for(
    spec: dict, members: list[Membership], rng: random.Random
) -> list[tuple[str, str, str]]:
    """The seeds, plus variations written by other members, for about 100 ideas a campaign."""
    rows = [(lang, title, body) for lang, title, body in spec["ideas"]]
    while len(rows) < 100:
        lang, title, body = rng.choice(spec["ideas"])
        variations = content.VARIATIONS_FR if lang == "fr" else content.VARIATIONS_EN
        extra = content.EXTRA_FR if lang == "fr" else content.EXTRA_EN
        new_title = rng.choice(variations).format(title[0].lower() + title[1:])[:140]
        new_title = new_title[0].upper() + new_title[1:]
        rows.append((lang, new_title, f"{body} {rng.choice(extra)}"))
    return rows


def _participate(idea: Idea, members: list[Membership], rng: random.Random, rate: bool) -> None:
    """Votes (a long-tailed number), a few comments with replies and up-votes, ratings."""
    voters = rng.sample(members, min(len(members), int(rng.paretovariate(1.3) * 4)))
    for member in voters:
        vote_cast(member=member, idea=idea)
        if rate and rng.random() < 0.5:
            rating_set(member=member, idea=idea, stars=rng.choice([3, 4, 4, 5, 5, 2]))
    french = rng.random() < 0.8
    for _ in range(rng.choice([0, 0, 1, 1, 2, 3, 4])):
        author = rng.choice(members)
        text = rng.choice(content.COMMENTS_FR if french else content.COMMENTS_EN)
        comment = comment_post(member=author, idea=idea, body=text)
        if rng.random() < 0.35:
            replier = rng.choice(members)
            reply = rng.choice(content.REPLIES_FR if french else content.REPLIES_EN)
            comment_post(member=replier, idea=idea, body=reply, parent=comment)
        for fan in rng.sample(members, rng.choice([0, 1, 2, 5])):
            if fan.pk != author.pk:
                comment_upvote(member=fan, comment=comment)


def _answer(ideas: list[Idea], admin: Membership, rng: random.Random, phase: str) -> None:
    """Official answers: the results campaign has its story told, the others a few answers."""
    ranked = sorted(ideas, key=lambda i: -i.support_count)
    if phase == Phase.Kind.RESULTS:
        plan = ["launched"] * 4 + ["in_development"] * 3 + ["accepted"] * 3 + ["declined"] * 3
    elif phase == Phase.Kind.VOTING:
        plan = ["under_review"] * 5
    else:
        plan = ["under_review"] * 3 + ["accepted"]
    for idea, goal in zip(ranked, plan, strict=False):
        path = {
            "under_review": ["under_review"],
            "accepted": ["under_review", "accepted"],
            "in_development": ["under_review", "accepted", "in_development"],
            "launched": ["under_review", "accepted", "in_development", "launched"],
            "declined": ["under_review", "declined"],
        }[goal]
        for status in path:
            idea_set_status(
                actor_membership=admin,
                idea=idea,
                to_status=status,
                answer=content.ANSWERS[status] if status == goal else "",
            )
    # A duplicate merged into its original, supporters carried over.
    duplicates = [i for i in ranked[len(plan) :] if i.title.startswith(("Variante", "Another"))]
    originals = {i.title: i for i in ranked[len(plan) :]}
    for duplicate in duplicates[:1]:
        target = next(
            (o for t, o in originals.items() if t.lower() in duplicate.title.lower()), None
        )
        if target is not None and target.pk != duplicate.pk:
            idea_merge(
                actor_membership=admin,
                source=duplicate,
                target=target,
                answer=content.MERGE_ANSWER,
            )


def _backdate(campaign: Campaign, phases: list[PhaseSpec], rng: random.Random) -> None:
    """Spread creation and answer dates over the submission window (set-up only)."""
    submission = phases[0]
    window_end = min(submission.ends_at or timezone.now(), timezone.now())
    span = (window_end - submission.starts_at).total_seconds()
    for idea in Idea.objects.filter(campaign=campaign).order_by("id"):
        created = submission.starts_at + timedelta(seconds=rng.uniform(0, span * 0.9))
        Idea.objects.filter(pk=idea.pk).update(created_at=created)
        Comment.objects.filter(idea=idea).update(
            created_at=created + timedelta(hours=rng.randint(1, 200))
        )
        answered = idea.answered_at and min(
            timezone.now(), created + timedelta(days=rng.randint(5, 40))
        )
        if answered:
            Idea.objects.filter(pk=idea.pk).update(answered_at=answered)
            idea.status_changes.update(created_at=answered)


def _campaign(
    spec: dict, brand: Brand, admin: Membership, members: list[Membership], rng: random.Random
) -> int:
    now = timezone.now()
    campaign = campaign_create(
        actor=admin,
        brand=brand,
        title=spec["title"],
        slug=spec["slug"],
        objective=spec["objective"],
        description=spec["description"],
        allow_rating=spec["phase"] == Phase.Kind.VOTING,
        categories=spec["categories"],
        tags=spec["tags"],
        phases=_open_phases(now),
    )
    categories = list(campaign.categories.all())
    tags = list(brand.tags.filter(name__in=spec["tags"]))
    ideas = []
    for lang, title, body in _ideas_for(spec, members, rng):
        speakers = [m for m in members if (m.user.language == "en") == (lang == "en")] or members
        idea = idea_submit(
            member=rng.choice(speakers),
            campaign=campaign,
            title=title,
            body=f"<p>{body}</p>",
            category=rng.choice(categories),
            tags=rng.sample(tags, rng.choice([0, 1, 2])),
        )
        _participate(idea, members, rng, rate=campaign.allow_rating)
        idea.refresh_from_db()
        ideas.append(idea)
    _answer(ideas, admin, rng, spec["phase"])
    real = _real_phases(spec["phase"], now)
    phases_set(campaign=campaign, phases=real)
    _backdate(campaign, real, rng)
    idea_counters_rebuild(ideas=Idea.objects.filter(campaign=campaign))
    return len(ideas)


def seed_demo(*, members: int = 200, seed: int = 2026) -> SeedResult:
    """Create the demo brand. Call on a database without it (the command checks)."""
    rng = random.Random(seed)
    with transaction.atomic():
        brand = Brand.objects.create(languages=["fr", "en"], default_language="fr", **content.BRAND)
        engagement_setup(brand=brand)  # weights and the Membre → Initié → Ambassadeur ladder
        crowd, admin = _people(brand, rng, members)
        result = SeedResult(brand=brand)
        for spec in content.CAMPAIGNS:
            result.counts[str(spec["slug"])] = _campaign(spec, brand, admin, crowd, rng)
        seed_customizer(brand=brand, members=crowd, rng=rng)  # its product and designs
        seed_contests(brand=brand, members=crowd, rng=rng)  # two contests on its product
        seed_engagement_extras(brand=brand, members=crowd, rng=rng)  # badges, areas, referrals
        seed_community(brand=brand, members=crowd, rng=rng)  # stories, Q&A, follows
    # The contributions were analysed as the block committed; the insights dashboard opens on
    # their themes, as it would for a brand after the nightly recomputation.
    themes_recompute_request(brand=brand, membership=admin)
    result.accounts = [(email, str(role.label)) for email, _name, role, _lang in STAFF]
    return result
