"""Reads for spaces: the page's space with its rounds, and the brand's side-by-side figures."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from cocrea.brands.models import Brand, Membership
from cocrea.influencers.models import MoodPicture, Partnership, Response, Round, Space
from cocrea.polls.models import Poll, PollOption


def space_for_page(brand: Brand, space_id: int) -> Space:
    space = (
        Space.objects.filter(brand=brand, pk=space_id)
        .select_related("influencer__user", "partnership")
        .first()
    )
    if space is None:
        raise Http404
    return space


def rounds_of(space: Space, member: Membership | None) -> list[Round]:
    """The space's rounds with their poll (and the viewer's vote), visible answers, pictures."""
    from cocrea.polls.selectors import with_viewer

    polls = with_viewer(Poll.objects.all(), member).prefetch_related(
        Prefetch("options", queryset=PollOption.objects.select_related("design"))
    )
    return list(
        Round.objects.filter(space=space)
        .select_related(None)
        .prefetch_related(
            Prefetch("poll", queryset=polls),
            Prefetch(
                "responses",
                queryset=Response.objects.filter(is_hidden=False).select_related("member__user"),
            ),
            Prefetch(
                "pictures",
                queryset=MoodPicture.objects.filter(is_hidden=False).select_related("member__user"),
            ),
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


def participation(space: Space) -> dict[str, int]:
    """Counts for the space's header and the brand's view."""
    return Round.objects.filter(space=space).aggregate(
        rounds=Count("id", distinct=True),
        answers=Count("responses", filter=Q(responses__is_hidden=False), distinct=True),
        pictures=Count("pictures", filter=Q(pictures__is_hidden=False), distinct=True),
    )
