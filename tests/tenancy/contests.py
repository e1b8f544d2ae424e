"""Contests' rows of the tenancy table: the contest and entry pages, entering, votes, the jury,
the contest console, fair voting and the capsule partner of a campaign.

Café Lumière's contest is in its public vote (dan's design is entered, bob voted for it, bob
sits on the jury); Globex has the same.
"""

from __future__ import annotations

from typing import Any

from cocrea.campaigns.models import Phase
from cocrea.contests.models import EntryVote, Juror
from cocrea.contests.tests.helpers import add_entry, make_contest, make_product, set_phase
from cocrea.core.rows import rows_data
from tests.tenancy import ADMIN, MEMBER, MODERATOR, PUBLIC, Spec, World


def _slug(w: World) -> dict[str, Any]:
    return {"campaign_slug": w.contest.campaign.slug}


def _g_slug(w: World) -> dict[str, Any]:
    return {"campaign_slug": w.g_contest.campaign.slug}


def _entry(w: World) -> dict[str, Any]:
    return {"entry_id": w.entry.pk}


def _g_entry(w: World) -> dict[str, Any]:
    return {"entry_id": w.g_entry.pk}


def _contest(w: World) -> dict[str, Any]:
    return {"contest_id": w.contest.pk}


def _g_contest(w: World) -> dict[str, Any]:
    return {"contest_id": w.g_contest.pk}


def _contest_data(w: World) -> dict[str, Any]:
    return {
        "title": "Hacked contest",
        "objective": "Hacked",
        "visibility": "public",
        "product": w.product.pk,
        "designs_per_member": "3",
        "finalists": "5",
        "winners": "1",
        "vote_mode": "per_entry",
        "vote_budget": "5",
        "jury_weight": "50",
        "winner_points": "1",
        "finalist_points": "1",
        "royalty_percent": "0",
        "submission_starts": "2031-01-01T10:00",
        "submission_ends": "2031-01-10T10:00",
    }


URLS: dict[str, Spec] = {
    "contests:page": Spec(PUBLIC, kwargs=_slug, foreign=[_g_slug]),
    "contests:submit": Spec(
        MEMBER,
        kwargs=_slug,
        data=lambda w: {"design": w.entry.design_id, "title": "Hacked", "story": "Hacked"},
        foreign=[_g_slug],
    ),
    "contests:jury": Spec(MEMBER, kwargs=_slug, foreign=[_g_slug]),
    "contests:entry": Spec(PUBLIC, kwargs=_entry, foreign=[_g_entry]),
    "contests:withdraw": Spec(MEMBER, kwargs=_entry, foreign=[_g_entry]),
    "contests:vote": Spec(MEMBER, kwargs=_entry, foreign=[_g_entry]),
    "contests:unvote": Spec(MEMBER, kwargs=_entry, foreign=[_g_entry]),
    "contests:score": Spec(MEMBER, kwargs=_entry, foreign=[_g_entry]),
    "contests:console": Spec(MODERATOR),
    "contests:create": Spec(ADMIN, data=_contest_data),
    "contests:manage": Spec(MODERATOR, kwargs=_contest, foreign=[_g_contest]),
    "contests:edit": Spec(ADMIN, kwargs=_contest, data=_contest_data, foreign=[_g_contest]),
    "contests:juror_add": Spec(
        ADMIN,
        kwargs=_contest,
        data=lambda w: {"email": w.dan.user.email},
        foreign=[_g_contest],
    ),
    "contests:juror_remove": Spec(
        ADMIN,
        kwargs=lambda w: {"contest_id": w.contest.pk, "juror_id": w.juror.pk},
        foreign=[
            lambda w: {"contest_id": w.contest.pk, "juror_id": w.g_juror.pk},
            lambda w: {"contest_id": w.g_contest.pk, "juror_id": w.g_juror.pk},
        ],
    ),
    "contests:criteria": Spec(
        ADMIN,
        kwargs=_contest,
        data=lambda w: rows_data("criteria", [{"name_en": "Hacked", "weight": 2}]),
        foreign=[_g_contest],
    ),
    "contests:shortlist": Spec(
        ADMIN,
        kwargs=_contest,
        data=lambda w: {"mode": "chosen", "entries": [w.entry.pk]},
        foreign=[_g_contest],
    ),
    "contests:close": Spec(ADMIN, kwargs=_contest, foreign=[_g_contest]),
    "contests:partner_jury": Spec(ADMIN, kwargs=_contest, foreign=[_g_contest]),
    "contests:fair_voting": Spec(MODERATOR, kwargs=_contest, foreign=[_g_contest]),
    "contests:void": Spec(
        MODERATOR,
        kwargs=_contest,
        data=lambda w: {"votes": str(w.vote.pk), "reason": "Hacked"},
        foreign=[_g_contest],
    ),
    "contests:hide": Spec(
        MODERATOR, kwargs=_entry, data=lambda w: {"hidden": "1"}, foreign=[_g_entry]
    ),
    "contests:partner": Spec(
        ADMIN,
        kwargs=lambda w: {"campaign_id": w.contest.campaign_id},
        data=lambda w: {"kind": "brand", "name": "Hacked"},
        foreign=[lambda w: {"campaign_id": w.g_contest.campaign_id}],
    ),
}

MIRROR = {
    "g_contest": "contest",
    "g_entry": "entry",
    "g_juror": "juror",
}


def objects(w: World) -> dict[str, Any]:
    product = make_product(w.brand, w.alice)
    contest = make_contest(w.brand, w.alice, product)
    entry = add_entry(contest, w.dan, title="Dan's secret design")
    juror = Juror.objects.create(contest=contest, member=w.bob)
    set_phase(contest, Phase.Kind.VOTING)
    vote = EntryVote.objects.create(
        contest=contest, entry=entry, member=w.bob, created_at=contest.created_at
    )
    g_product = make_product(w.other, w.charlie, name="Globex rocket")
    g_contest = make_contest(w.other, w.charlie, g_product, title="Globex rocket contest")
    g_entry = add_entry(g_contest, w.g_member, title="Globex secret design")
    g_juror = Juror.objects.create(contest=g_contest, member=w.g_member)
    set_phase(g_contest, Phase.Kind.VOTING)
    return {
        "product": product,
        "contest": contest,
        "entry": entry,
        "juror": juror,
        "vote": vote,
        "g_contest": g_contest,
        "g_entry": g_entry,
        "g_juror": g_juror,
    }
