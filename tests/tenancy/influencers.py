"""Influencers' rows of the tenancy table: spaces, her link, rounds, and the partnerships
console. Each brand has a public space run by an influencer who is not in the cast, so that bob
and dan are ordinary members there."""

from __future__ import annotations

from datetime import date
from typing import Any

from cocrea.accounts.tests.factories import UserFactory
from cocrea.brands.tests.factories import MembershipFactory
from cocrea.influencers.models import MoodPicture, Round, Space
from cocrea.influencers.services import invite_code, partnership_create, round_poll_create
from cocrea.influencers.synthesis import ClaimInput, synthesis_save
from cocrea.polls.services import OptionInput
from tests.tenancy import ADMIN, MEMBER, MODERATOR, PUBLIC, Spec, World


def _space(w: World) -> dict[str, Any]:
    return {"space_id": w.space.pk}


def _g_space(w: World) -> dict[str, Any]:
    return {"space_id": w.g_space.pk}


def _space_poll(w: World) -> dict[str, Any]:
    return {"space_id": w.space.pk, "poll_id": w.space_round.poll_id}


def _g_space_poll(w: World) -> dict[str, Any]:
    return {"space_id": w.g_space.pk, "poll_id": w.g_space_round.poll_id}


def _mixed_space_poll(w: World) -> dict[str, Any]:
    return {"space_id": w.space.pk, "poll_id": w.g_space_round.poll_id}


def _synthesis(w: World) -> dict[str, Any]:
    return {"space_id": w.space.pk, "synthesis_id": w.space_synthesis.pk}


def _g_synthesis(w: World) -> dict[str, Any]:
    return {"space_id": w.g_space.pk, "synthesis_id": w.g_space_synthesis.pk}


def _mixed_synthesis(w: World) -> dict[str, Any]:
    return {"space_id": w.space.pk, "synthesis_id": w.g_space_synthesis.pk}


URLS: dict[str, Spec] = {
    "influencers:spaces": Spec(PUBLIC),
    "influencers:space": Spec(PUBLIC, kwargs=_space, foreign=[_g_space]),
    "influencers:space_edit": Spec(
        MODERATOR,
        kwargs=_space,
        data=lambda w: {"title": "Hacked", "visibility": "public"},
        foreign=[_g_space],
    ),
    "influencers:space_follow": Spec(MEMBER, kwargs=_space, foreign=[_g_space]),
    "influencers:poll_new": Spec(
        MODERATOR,
        kwargs=_space,
        data=lambda w: {"question_en": "Hacked?", "kind": "scale"},
        foreign=[_g_space],
    ),
    "influencers:round_new": Spec(
        MODERATOR,
        kwargs=_space,
        data=lambda w: {"kind": "question", "prompt": "Hacked?"},
        foreign=[_g_space],
    ),
    "influencers:poll_vote": Spec(
        MEMBER,
        kwargs=_space_poll,
        data=lambda w: {"option": w.space_round.poll.options.first().pk},
        foreign=[_g_space_poll, _mixed_space_poll],
    ),
    "influencers:poll_results": Spec(
        PUBLIC, kwargs=_space_poll, foreign=[_g_space_poll, _mixed_space_poll]
    ),
    "influencers:poll_close": Spec(
        MODERATOR, kwargs=_space_poll, foreign=[_g_space_poll, _mixed_space_poll]
    ),
    "influencers:answer": Spec(
        MEMBER,
        kwargs=lambda w: {"round_id": w.space_question.pk},
        data=lambda w: {"body": "Hacked"},
        foreign=[lambda w: {"round_id": w.g_space_question.pk}],
    ),
    "influencers:picture": Spec(
        MEMBER,
        kwargs=lambda w: {"round_id": w.space_board.pk},
        foreign=[lambda w: {"round_id": w.g_space_board.pk}],
    ),
    "influencers:heart": Spec(
        MEMBER,
        kwargs=lambda w: {"picture_id": w.space_picture.pk},
        foreign=[lambda w: {"picture_id": w.g_space_picture.pk}],
    ),
    "influencers:invite": Spec(
        PUBLIC,
        kwargs=lambda w: {"code": w.space_code},
        foreign=[lambda w: {"code": w.g_space_code}],
    ),
    "influencers:synthesis_new": Spec(
        MODERATOR, kwargs=_space, data=lambda w: {"title": "Hacked"}, foreign=[_g_space]
    ),
    "influencers:synthesis": Spec(
        PUBLIC, kwargs=_synthesis, foreign=[_g_synthesis, _mixed_synthesis]
    ),
    "influencers:synthesis_edit": Spec(
        MODERATOR,
        kwargs=_synthesis,
        data=lambda w: {"title": "Hacked"},
        foreign=[_g_synthesis, _mixed_synthesis],
    ),
    "influencers:claim_decide": Spec(
        MODERATOR,
        kwargs=lambda w: {"claim_id": w.space_claim.pk},
        data=lambda w: {"decision": "accepted"},
        foreign=[lambda w: {"claim_id": w.g_space_claim.pk}],
    ),
    "influencers:claim_open": Spec(
        ADMIN,
        kwargs=lambda w: {"claim_id": w.space_claim.pk},
        data=lambda w: {"what": "brief"},
        foreign=[lambda w: {"claim_id": w.g_space_claim.pk}],
    ),
    "influencers:made_with": Spec(PUBLIC, kwargs=_space, foreign=[_g_space]),
    "influencers:partnerships": Spec(ADMIN),
    "influencers:partnership_create": Spec(
        ADMIN,
        data=lambda w: {"capsule_name_en": "Hacked", "terms": "fee", "amount": "1"},
    ),
}


def _make(brand: Any, admin: Any, name: str) -> dict[str, Any]:
    influencer = MembershipFactory(
        brand=brand, user=UserFactory(email=f"{name}@example.org", display_name=name.title())
    )
    partnership_create(
        actor=admin,
        influencer=influencer,
        capsule_name=f"{name} capsule",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 2, 1),
        terms="fee",
        amount="100",
    )
    influencer.refresh_from_db()
    space = Space.objects.get(influencer=influencer)
    poll_round = round_poll_create(
        actor=influencer,
        space=space,
        question="Which?",
        kind="single",
        options=[OptionInput("a"), OptionInput("b")],
    )
    question = Round.objects.create(space=space, kind="question", prompt="Why?")
    board = Round.objects.create(space=space, kind="moodboard", prompt="Mood")
    picture = MoodPicture.objects.create(round=board, member=influencer, image="moodboards/x.png")
    synthesis = synthesis_save(
        actor=influencer,
        space=space,
        title="What they want",
        claims=[ClaimInput("must_have", "Pockets", [f"picture:{picture.pk}"])],
    )
    return {
        "space_synthesis": synthesis,
        "space_claim": synthesis.claims.get(),
        "space": space,
        "space_round": poll_round,
        "space_question": question,
        "space_board": board,
        "space_picture": picture,
        "space_code": invite_code(space),
    }


def objects(w: World) -> dict[str, Any]:
    g_admin = MembershipFactory(brand=w.other, role="admin")
    mine = _make(w.brand, w.alice, "lea")
    theirs = _make(w.other, g_admin, "gwen")
    return mine | {f"g_{key}": value for key, value in theirs.items()}


MIRROR = {
    f"g_{key}": key
    for key in (
        "space",
        "space_round",
        "space_question",
        "space_board",
        "space_picture",
        "space_synthesis",
        "space_claim",
    )
}
MIRROR["g_space_code"] = "space_code"
