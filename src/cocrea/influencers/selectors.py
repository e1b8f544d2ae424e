"""Reads for spaces: the page's space with its rounds, and the brand's side-by-side figures."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from cocrea.brands.models import Brand, Membership
from cocrea.influencers.models import (
    CapsuleStep,
    Citation,
    Claim,
    Follower,
    MoodPicture,
    Partnership,
    Response,
    Round,
    Space,
    Synthesis,
)
from cocrea.polls.models import Poll, PollOption
from cocrea.polls.selectors import Results, poll_results


def space_for_page(brand: Brand, space_id: int) -> Space:
    space = (
        Space.objects.filter(brand=brand, pk=space_id)
        .select_related("influencer__user", "partnership")
        .first()
    )
    if space is None:
        raise Http404
    return space


# A round shows its latest answers and its most hearted pictures, so the page costs the same
# with ten followers or ten thousand; the counts say how many there are in all.
ANSWERS_SHOWN = 30
PICTURES_SHOWN = 30


def _visible_count(model: type[Response] | type[MoodPicture]) -> Subquery:
    rows = model.objects.filter(round=OuterRef("pk"), is_hidden=False).order_by()
    return Subquery(rows.values("round").annotate(n=Count("id")).values("n")[:1])


def rounds_of(space: Space, member: Membership | None) -> list[Round]:
    """The space's rounds with their poll (and the viewer's vote), the latest visible answers
    and the most hearted pictures (``*_SHOWN``), and how many of each there are."""
    from cocrea.polls.selectors import with_viewer

    polls = with_viewer(Poll.objects.all(), member).prefetch_related(
        Prefetch("options", queryset=PollOption.objects.select_related("design"))
    )
    answers = (
        Response.objects.filter(is_hidden=False)
        .select_related("member__user")
        .order_by("-created_at", "-id")
    )
    pictures = MoodPicture.objects.filter(is_hidden=False).select_related("member__user")
    return list(
        Round.objects.filter(space=space)
        .select_related(None)
        .annotate(answer_count=_visible_count(Response), picture_count=_visible_count(MoodPicture))
        .prefetch_related(
            Prefetch("poll", queryset=polls),
            Prefetch("responses", queryset=answers[:ANSWERS_SHOWN], to_attr="shown_answers"),
            Prefetch("pictures", queryset=pictures[:PICTURES_SHOWN], to_attr="shown_pictures"),
        )
    )


def spaces_for_list(brand: Brand) -> QuerySet[Space]:
    return Space.objects.filter(brand=brand).select_related("influencer__user", "partnership")


def partnerships_for_console(brand: Brand) -> QuerySet[Partnership]:
    return Partnership.objects.filter(brand=brand).select_related("influencer__user")


def round_for_action(brand: Brand, round_id: int) -> Round:
    round_ = (
        Round.objects.filter(space__brand=brand, pk=round_id)
        .select_related("space__brand", "poll")
        .first()
    )
    if round_ is None:
        raise Http404
    return round_


def picture_for_action(brand: Brand, picture_id: int) -> MoodPicture:
    picture = (
        MoodPicture.objects.filter(round__space__brand=brand, pk=picture_id, is_hidden=False)
        .select_related("round__space__brand", "round__poll")
        .first()
    )
    if picture is None:
        raise Http404
    return picture


def space_poll(space: Space, poll_id: int, member: Membership | None) -> Poll:
    from cocrea.polls.selectors import poll_for_page

    poll = poll_for_page(space.brand, poll_id, member, scopes=(Poll.Scope.SPACE,))
    if not Round.objects.filter(space=space, poll=poll).exists():
        raise Http404
    return poll


def participation(rounds: list[Round]) -> dict[str, int]:
    """Counts for the space's header, from its rounds as ``rounds_of`` reads them (no query)."""
    return {
        "rounds": len(rounds),
        "answers": sum(getattr(r, "answer_count", 0) or 0 for r in rounds),
        "pictures": sum(getattr(r, "picture_count", 0) or 0 for r in rounds),
    }


# --- The synthesis -------------------------------------------------------------------------


def syntheses_of(space: Space) -> QuerySet[Synthesis]:
    return Synthesis.objects.filter(space=space).annotate(
        accepted=Count("claims", filter=Q(claims__decision="accepted"))
    )


def synthesis_for_page(space: Space, synthesis_id: int) -> Synthesis:
    citations = Citation.objects.select_related(
        "response__member__user", "picture", "poll", "theme"
    ).prefetch_related("poll__options")
    synthesis = (
        Synthesis.objects.filter(space=space, pk=synthesis_id)
        .prefetch_related(
            Prefetch(
                "claims",
                queryset=Claim.objects.select_related("decided_by__user").prefetch_related(
                    Prefetch("citations", queryset=citations)
                ),
            )
        )
        .first()
    )
    if synthesis is None:
        raise Http404
    return synthesis


@dataclass
class Evidence:
    """One citation as the brand reads it. ``withdrawn``: the answer or picture was hidden
    after it was cited, so it is not quoted any more."""

    kind: str
    withdrawn: bool = False
    quote: str = ""
    who: str = ""
    anchor: str = ""
    poll: Poll | None = None
    results: Results | None = None
    picture: MoodPicture | None = None
    label: str = ""


def evidence(citation: Citation) -> Evidence:
    kind = citation.kind
    if kind == Citation.Kind.QUOTE and citation.response is not None:
        answer = citation.response
        if answer.is_hidden:
            return Evidence(kind, withdrawn=True)
        who = answer.member.user.public_name  # type: ignore[attr-defined]
        return Evidence(kind, quote=answer.body, who=who, anchor=f"response-{answer.pk}")
    if kind == Citation.Kind.PICTURE and citation.picture is not None:
        if citation.picture.is_hidden:
            return Evidence(kind, withdrawn=True)
        return Evidence(kind, picture=citation.picture, label=citation.picture.caption)
    if kind == Citation.Kind.POLL and citation.poll is not None:
        return Evidence(kind, poll=citation.poll, results=poll_results(citation.poll))
    return Evidence(kind, label=citation.label, withdrawn=citation.theme_id is None)


def suggestions(space: Space) -> list[tuple[str, str]]:
    """What she may cite, most telling first: her polls, the most hearted pictures, the
    answers, and the brand's largest insight themes."""
    from cocrea.insights.models import Theme

    rounds = Round.objects.filter(space=space)
    out: list[tuple[str, str]] = []
    for poll in Poll.objects.filter(round__in=rounds).order_by("-id")[:20]:
        out.append((f"poll:{poll.pk}", f"{_('Poll')} — {poll.question}"))
    pictures = MoodPicture.objects.filter(round__in=rounds, is_hidden=False)
    for picture in pictures.order_by("-heart_count", "-id")[:20]:
        out.append((f"picture:{picture.pk}", f"♥ {picture.heart_count} {picture.caption}"))
    answers = Response.objects.filter(round__in=rounds, is_hidden=False).select_related(
        "member__user"
    )
    for answer in answers.order_by("-id")[:60]:
        who = answer.member.user.public_name  # type: ignore[attr-defined]
        out.append((f"quote:{answer.pk}", f"“{answer.body[:90]}” — {who}"))
    for theme in Theme.objects.filter(brand_id=space.brand_id).order_by("-size")[:10]:
        out.append((f"theme:{theme.pk}", f"{_('Theme')} — {theme.label}"))
    return out


def claim_for_decision(brand: Brand, claim_id: int) -> Claim:
    claim = (
        Claim.objects.filter(synthesis__space__brand=brand, pk=claim_id)
        .select_related("synthesis__space__brand")
        .first()
    )
    if claim is None:
        raise Http404
    return claim


# --- From synthesis to product -------------------------------------------------------------


@dataclass
class Contributor:
    name: str
    cited: int  # her answers and pictures cited by claims the brand accepted


@dataclass
class Credits:
    """The “made with the community of …” page: what the accepted claims opened, and who."""

    steps: list[CapsuleStep]
    contributors: list[Contributor]
    voters: int  # members who voted in the polls those claims cite
    followers: int


def steps_of(space: Space) -> QuerySet[CapsuleStep]:
    return CapsuleStep.objects.filter(space=space).select_related(
        "campaign", "product", "space__brand"
    )


def credits(space: Space) -> Credits:
    """Contributors are the authors of the visible answers and pictures cited by accepted
    claims (a contribution hidden since is not credited), most cited first."""
    from cocrea.polls.models import Ballot

    accepted = Claim.objects.filter(synthesis__space=space, decision=Claim.Decision.ACCEPTED)
    cited = Citation.objects.filter(claim__in=accepted)
    counts: dict[int, int] = {}
    for model, column in ((Response, "response"), (MoodPicture, "picture")):
        rows = (
            model.objects.filter(pk__in=cited.values(column), is_hidden=False)  # type: ignore[attr-defined]
            .values_list("member_id")
            .annotate(n=Count("id"))
            .order_by()
        )
        for member_id, n in rows:
            counts[member_id] = counts.get(member_id, 0) + n
    members = Membership.objects.filter(pk__in=counts).select_related("user")
    contributors = sorted(
        (Contributor(m.user.public_name, counts[m.pk]) for m in members),  # type: ignore[attr-defined]
        key=lambda c: (-c.cited, c.name),
    )
    voters = Ballot.objects.filter(poll__in=cited.values("poll")).values("member").distinct()
    return Credits(
        steps=list(steps_of(space)),
        contributors=contributors,
        voters=voters.count(),
        followers=space.follower_count,
    )


# --- The brand's view ------------------------------------------------------------------------


@dataclass
class SpaceFigures:
    """One space beside the others in the brand's view."""

    space: Space
    followers: int = 0
    brought: int = 0  # followers attributed to her (joined the brand through her link)
    rounds: int = 0
    answers: int = 0
    pictures: int = 0
    votes: int = 0
    # The insight engine's segment of the members she brought: their contributions, their
    # mean sentiment (-1 .. 1) and most frequent themes.
    voices: int = 0
    sentiment: float | None = None
    themes: list[str] | None = None
    claims_accepted: int = 0
    products_launched: int = 0  # capsule products opened to members
    steps: int = 0  # briefs, contests and products opened from her claims

    @property
    def cost(self) -> Decimal:
        partnership = self.space.partnership
        return partnership.cost if partnership is not None else Decimal("0")


def _per_space(queryset: QuerySet, key: str, **aggregate: object) -> dict[int, dict]:  # type: ignore[type-arg]
    rows = queryset.values(key).annotate(**aggregate).order_by()  # type: ignore[arg-type]
    return {row[key]: row for row in rows}


def spaces_side_by_side(brand: Brand) -> list[SpaceFigures]:
    """Every space of the brand with its figures, in a fixed number of grouped queries."""
    from cocrea.insights.selectors import Filters, InfluencerSegment, influencer_segments
    from cocrea.polls.models import Ballot

    spaces = list(spaces_for_list(brand))
    here = {"space__brand": brand}
    brought = _per_space(
        Follower.objects.filter(attributed=True, **here), "space_id", n=Count("id")
    )
    rounds = _per_space(Round.objects.filter(**here), "space_id", n=Count("id"))
    answers = _per_space(
        Response.objects.filter(is_hidden=False, round__space__brand=brand),
        "round__space_id",
        n=Count("id"),
    )
    pictures = _per_space(
        MoodPicture.objects.filter(is_hidden=False, round__space__brand=brand),
        "round__space_id",
        n=Count("id"),
    )
    votes = _per_space(
        Ballot.objects.filter(poll__round__space__brand=brand),
        "poll__round__space_id",
        n=Count("id"),
    )
    accepted = _per_space(
        Claim.objects.filter(decision=Claim.Decision.ACCEPTED, synthesis__space__brand=brand),
        "synthesis__space_id",
        n=Count("id"),
    )
    steps = _per_space(
        CapsuleStep.objects.filter(**here),
        "space_id",
        n=Count("id"),
        launched=Count("id", filter=Q(kind=CapsuleStep.Kind.PRODUCT, product__is_active=True)),
    )
    # Sentiment and themes are the insight engine's influencer segment: the voices of the
    # members she brought into the brand (the dashboard's "Brought by an influencer").
    segments = influencer_segments(brand, Filters(period=None), now=timezone.now())
    quiet = InfluencerSegment()

    def n(table: dict[int, dict], space: Space, column: str = "n") -> int:  # type: ignore[type-arg]
        return int(table.get(space.pk, {}).get(column) or 0)

    return [
        SpaceFigures(
            space=space,
            followers=space.follower_count,
            brought=n(brought, space),
            rounds=n(rounds, space),
            answers=n(answers, space),
            pictures=n(pictures, space),
            votes=n(votes, space),
            voices=segments.get(space.pk, quiet).voices,
            sentiment=segments.get(space.pk, quiet).sentiment,
            themes=segments.get(space.pk, quiet).themes,
            claims_accepted=n(accepted, space),
            products_launched=n(steps, space, "launched"),
            steps=n(steps, space),
        )
        for space in spaces
    ]


def partnership_cost(programme_id: int) -> Decimal:
    """What the partnerships of a programme cost the brand up front (``Partnership.cost``:
    the fees; a royalty is paid on sales and entered in the programme's outcomes)."""
    partnerships = Partnership.objects.filter(programme_id=programme_id).only(
        "terms", "fee", "royalty_percent"
    )
    return sum((p.cost for p in partnerships), Decimal("0"))
