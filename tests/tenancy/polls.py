"""Polls' rows of the tenancy table: the community's polls, voting, results and closing."""

from __future__ import annotations

from typing import Any

from cocrea.polls.models import Poll, PollOption
from tests.tenancy import MEMBER, MODERATOR, PUBLIC, Spec, World


def _poll(w: World) -> dict[str, Any]:
    return {"poll_id": w.poll.pk}


def _g_poll(w: World) -> dict[str, Any]:
    return {"poll_id": w.g_poll.pk}


URLS: dict[str, Spec] = {
    "polls:list": Spec(PUBLIC),
    "polls:create": Spec(MODERATOR, data=lambda w: {"question_en": "Hacked?", "kind": "scale"}),
    "polls:detail": Spec(PUBLIC, kwargs=_poll, foreign=[_g_poll]),
    "polls:results": Spec(PUBLIC, kwargs=_poll, foreign=[_g_poll]),
    "polls:vote": Spec(
        MEMBER,
        kwargs=_poll,
        data=lambda w: {"option": w.poll_option.pk},
        foreign=[_g_poll],
        foreign_data=lambda w: {"option": w.g_poll_option.pk},
    ),
    "polls:close": Spec(MODERATOR, kwargs=_poll, foreign=[_g_poll]),
}


def _make(brand: Any, author: Any) -> tuple[Poll, PollOption]:
    poll = Poll.objects.create(brand=brand, author=author, question="Which cup?", kind="single")
    option = PollOption.objects.create(poll=poll, label="Blue", position=0)
    PollOption.objects.create(poll=poll, label="Green", position=1)
    return poll, option


def objects(w: World) -> dict[str, Any]:
    poll, option = _make(w.brand, w.mona)
    g_poll, g_option = _make(w.other, w.g_member)
    return {"poll": poll, "poll_option": option, "g_poll": g_poll, "g_poll_option": g_option}


MIRROR = {"g_poll": "poll", "g_poll_option": "poll_option"}
