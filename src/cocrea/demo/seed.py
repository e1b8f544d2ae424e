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
from django.utils import timezone, translation

from cocrea.accounts.models import User
from cocrea.brands.models import Brand, Membership
from cocrea.campaigns.models import Campaign, Phase
from cocrea.campaigns.services import PhaseSpec, campaign_create, phases_set
from cocrea.community.demo import seed_community
from cocrea.contests.demo import seed_contests
from cocrea.customizer.demo import seed_customizer
from cocrea.demo import content, pictures
from cocrea.demo.english import translate_demo
from cocrea.demo.texts import IdeaText
from cocrea.engagement.demo import seed_engagement_extras
from cocrea.engagement.services import engagement_setup
from cocrea.ideas.comment_services import comment_post, comment_upvote
from cocrea.ideas.models import Comment, Idea
from cocrea.ideas.services import idea_counters_rebuild, idea_submit, rating_set, vote_cast
from cocrea.ideas.workflow import idea_merge, idea_set_status
from cocrea.influencers.demo import seed_influencers
from cocrea.insights.dashboard_services import themes_recompute_request
from cocrea.instore.demo import seed_instore
from cocrea.programmes.demo import seed_programmes

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
            content.BIOS[index] if index < len(content.BIOS) else "",
        )
        crowd.append(Membership.objects.create(brand=brand, user=user))
    return staff[2:] + crowd, staff[0]


def _open_phases(now: datetime) -> list[PhaseSpec]:
    return [PhaseSpec(kind=Phase.Kind.SUBMISSION, starts_at=now - DAY, ends_at=now + 30 * DAY)]


ORDER: list[str] = [Phase.Kind.SUBMISSION, Phase.Kind.VOTING, Phase.Kind.REVIEW, Phase.Kind.RESULTS]


def _real_phases(kind: str, now: datetime) -> list[PhaseSpec]:
    """The campaign's real calendar: ``kind`` open now (results: published for five weeks)."""
    length: dict[str, int] = {"submission": 45, "voting": 21, "review": 14}
    started_days_ago: dict[str, int] = {"submission": 20, "voting": 7, "results": 35}
    start = now - started_days_ago.get(kind, 5) * DAY
    for earlier in reversed(ORDER[: ORDER.index(kind)]):
        start -= length[earlier] * DAY
    specs = []
    for phase in ORDER:
        end = None if phase == Phase.Kind.RESULTS else start + length[phase] * DAY
        specs.append(PhaseSpec(kind=phase, starts_at=start, ends_at=end))
        start = end or start
    return specs


@dataclass
class Seeded:
    """One demo idea once written: the row, its text, who wrote its comments."""

    idea: Idea
    text: IdeaText
    comments: list[Comment] = field(default_factory=list)


class People:
    """Members by language, handed out so that the same few do not write everything."""

    def __init__(self, members: list[Membership], rng: random.Random) -> None:
        self.rng = rng
        self.members = members
        self.by_lang = {
            lang: [m for m in members if (m.user.language == "en") == (lang == "en")] or members
            for lang in ("fr", "en")
        }

    def one(self, lang: str, besides: set[int] = frozenset()) -> Membership:  # type: ignore[assignment]
        pool = [m for m in self.by_lang[lang] if m.pk not in besides] or self.by_lang[lang]
        return self.rng.choice(pool)


def _submit(
    text: IdeaText, campaign: Campaign, author: Membership, categories: list, tags: list
) -> Idea:
    images = [pictures.idea_picture(text.picture)] if text.picture else []
    return idea_submit(
        member=author,
        campaign=campaign,
        title=text.title,
        body=f"<p>{text.body}</p>",
        category=categories[text.category % len(categories)] if categories else None,
        tags=tags,
        images=images,
    )


def _discuss(seeded: Seeded, people: People, rng: random.Random) -> None:
    """The idea's own comments and replies, up-voted by a few readers."""
    lang = seeded.text.lang
    for thread in seeded.text.threads:
        commenter = people.one(lang, {seeded.idea.author_id})
        comment = comment_post(member=commenter, idea=seeded.idea, body=thread.text)
        seeded.comments.append(comment)
        for reply in thread.replies:
            replier = people.one(lang, {commenter.pk})
            seeded.comments.append(
                comment_post(member=replier, idea=seeded.idea, body=reply, parent=comment)
            )
        for fan in rng.sample(people.members, rng.choice([0, 1, 2, 3, 6])):
            if fan.pk != commenter.pk:
                comment_upvote(member=fan, comment=comment)


def _support(seeded: Seeded, people: People, rng: random.Random, rate: bool) -> None:
    """Votes in proportion to how much the community likes the idea, with some chance."""
    wanted = int(seeded.text.pop * rng.uniform(4, 9) + rng.paretovariate(2.0))
    for member in rng.sample(people.members, min(len(people.members), wanted)):
        if member.pk == seeded.idea.author_id:
            continue
        vote_cast(member=member, idea=seeded.idea)
        if rate and rng.random() < 0.6:
            stars = max(1, min(5, round(2.5 + seeded.text.pop / 2 + rng.uniform(-1.2, 1.2))))
            rating_set(member=member, idea=seeded.idea, stars=stars)


PATHS = {
    "under_review": ["under_review"],
    "accepted": ["under_review", "accepted"],
    "in_development": ["under_review", "accepted", "in_development"],
    "launched": ["under_review", "accepted", "in_development", "launched"],
    "declined": ["under_review", "declined"],
}


def _answer(seeded: list[Seeded], admin: Membership) -> None:
    """Duplicates merged into their original, then each answered idea's own story."""
    by_title = {s.text.title: s.idea for s in seeded}
    for item in seeded:
        if item.text.merge_into:
            idea_merge(
                actor_membership=admin,
                source=item.idea,
                target=by_title[item.text.merge_into],
                answer=content.merge_answer(item.text.lang, item.text.merge_into),
            )
    for item in seeded:
        if item.text.fate is None:
            continue
        goal, answer = item.text.fate
        for status in PATHS[goal]:
            idea_set_status(
                actor_membership=admin,
                idea=item.idea,
                to_status=status,
                answer=answer if status == goal else "",
            )


def _backdate(seeded: list[Seeded], phases: list[PhaseSpec], rng: random.Random) -> None:
    """Ideas come in during the submission phase, comments follow them, the brand answers
    after the submissions close (or during them, for the campaign still collecting), and
    nothing lands in the future."""
    now = timezone.now() - timedelta(hours=2)
    submission = phases[0]
    window_end = min(submission.ends_at or now, now)
    span = (window_end - submission.starts_at).total_seconds()
    answer_from = min(submission.ends_at or now, now)
    for item in seeded:
        created = submission.starts_at + timedelta(seconds=rng.uniform(0.02, 0.92) * span)
        Idea.objects.filter(pk=item.idea.pk).update(created_at=created)
        at = created
        for comment in item.comments:
            at = min(now, at + timedelta(hours=rng.uniform(2, 96)))
            Comment.objects.filter(pk=comment.pk).update(created_at=at)
        changes = list(item.idea.status_changes.order_by("id"))
        if changes:
            start = (
                max(answer_from, created)
                if phases[0].ends_at and phases[0].ends_at < now
                else created
            )
            when = min(now, start + timedelta(days=rng.uniform(1, 6)))
            for change in changes:
                when = min(now, when + timedelta(days=rng.uniform(2, 12)))
                type(change).objects.filter(pk=change.pk).update(created_at=when)
            Idea.objects.filter(pk=item.idea.pk).update(answered_at=when)
    _after_merges(seeded, window_end, rng)


def _after_merges(seeded: list[Seeded], window_end: datetime, rng: random.Random) -> None:
    """A duplicate is written after the idea it repeats, and the comments it brought along
    stay after that idea's own creation."""
    created = dict(
        Idea.objects.filter(pk__in=[s.idea.pk for s in seeded]).values_list("pk", "created_at")
    )
    by_title = {s.text.title: s.idea.pk for s in seeded}
    for item in seeded:
        if item.text.merge_into:
            original = created[by_title[item.text.merge_into]]
            later = min(window_end, original + timedelta(days=rng.uniform(1, 8)))
            merged = min(
                timezone.now() - timedelta(hours=1), later + timedelta(days=rng.uniform(1, 5))
            )
            Idea.objects.filter(pk=item.idea.pk).update(created_at=later, answered_at=merged)
            item.idea.status_changes.update(created_at=merged)
    campaign_ideas = [s.idea.pk for s in seeded]
    for idea_id, idea_created in Idea.objects.filter(pk__in=campaign_ideas).values_list(
        "pk", "created_at"
    ):
        early = Comment.objects.filter(idea_id=idea_id, created_at__lt=idea_created)
        for comment in early.only("pk"):
            at = min(
                timezone.now() - timedelta(hours=1),
                idea_created + timedelta(hours=rng.uniform(3, 72)),
            )
            Comment.objects.filter(pk=comment.pk).update(created_at=at)


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
        cover=pictures.cover(spec["cover"]),
        allow_rating=spec["phase"] == Phase.Kind.VOTING,
        categories=spec["categories"],
        tags=spec["tags"],
        phases=_open_phases(now),
    )
    categories = list(campaign.categories.order_by("pk"))
    tags = list(brand.tags.filter(name__in=spec["tags"]))
    people = People(members, rng)
    seeded = []
    for number, text in enumerate(spec["ideas"]):
        # Léa (the French demo member) and Oliver (the English one) wrote a few themselves.
        showcase = members[0] if text.lang == "fr" else members[1]
        author = showcase if number % 9 == 4 else people.one(text.lang, {showcase.pk})
        idea = _submit(
            text, campaign, author, categories, rng.sample(tags, rng.choice([0, 1, 1, 2]))
        )
        item = Seeded(idea=idea, text=text)
        _discuss(item, people, rng)
        _support(item, people, rng, rate=campaign.allow_rating)
        seeded.append(item)
    _answer(seeded, admin)
    real = _real_phases(spec["phase"], now)
    phases_set(campaign=campaign, phases=real)
    _backdate(seeded, real, rng)
    idea_counters_rebuild(ideas=Idea.objects.filter(campaign=campaign))
    return len(seeded)


def seed_demo(*, members: int = 200, seed: int = 2026) -> SeedResult:
    """Create the demo brand. Call on a database without it (the command checks)."""
    rng = random.Random(seed)
    # The brand writes in French, its default language, whatever the language of the process
    # that seeds it (tests run in English): a text set as ``obj.title = …`` goes to the current
    # language's column, then demo/english.py fills the English ones.
    with translation.override("fr"), transaction.atomic():
        brand = Brand.objects.create(languages=["fr", "en"], default_language="fr", **content.BRAND)
        logo = pictures.logo()
        brand.logo.save(logo.name or "logo.png", logo, save=True)
        engagement_setup(brand=brand)  # weights and the Membre → Initié → Ambassadeur ladder
        crowd, admin = _people(brand, rng, members)
        result = SeedResult(brand=brand)
        for spec in content.CAMPAIGNS:
            result.counts[str(spec["slug"])] = _campaign(spec, brand, admin, crowd, rng)
        seed_customizer(brand=brand, members=crowd, rng=rng)  # its product and designs
        seed_instore(brand=brand, rng=rng)  # shops, devices, a month of in-store signals
        seed_contests(brand=brand, members=crowd, rng=rng)  # two contests on its product
        seed_engagement_extras(brand=brand, members=crowd, rng=rng)  # badges, areas, referrals
        seed_community(brand=brand, members=crowd, rng=rng)  # stories, Q&A, follows
        seed_programmes(brand=brand, members=crowd, rng=rng)  # two programmes, their history
        seed_influencers(brand=brand, members=crowd, rng=rng)  # a partnership and her space
        translate_demo(brand)  # the English of every text the brand wrote (demo/english.py)
    # The contributions were analysed as the block committed; the insights dashboard opens on
    # their themes, as it would for a brand after the nightly recomputation.
    themes_recompute_request(brand=brand, membership=admin)
    result.accounts = [(email, str(role.label)) for email, _name, role, _lang in STAFF]
    return result
