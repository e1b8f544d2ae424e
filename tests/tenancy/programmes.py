"""Programmes' rows of the tenancy table: the console's home, the programmes, the assistant, the
dashboard's actions (refresh, export, time and gains entered by hand) and the staff-time page."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from cocrea.programmes.services import default_programme
from tests.tenancy import ADMIN, MODERATOR, Spec, World


def _programme(w: World) -> dict[str, Any]:
    return {"programme_id": w.programme.pk}


def _g_programme(w: World) -> dict[str, Any]:
    return {"programme_id": w.g_programme.pk}


def _programme_data(w: World) -> dict[str, Any]:
    return {
        "name": "Hacked",
        "capacity_per_month": "1",
        "starts_on": "2026-01-01",
        "status": "active",
        "objectives-TOTAL_FORMS": "0",
        "objectives-INITIAL_FORMS": "0",
        "milestones-TOTAL_FORMS": "0",
        "milestones-INITIAL_FORMS": "0",
        "campaigns": [w.campaign.pk],
    }


def _today() -> str:
    return timezone.localdate().isoformat()


URLS: dict[str, Spec] = {
    "programmes:home": Spec(MODERATOR),
    "programmes:list": Spec(MODERATOR),
    "programmes:create": Spec(ADMIN, data=_programme_data),
    "programmes:assistant": Spec(
        ADMIN,
        data=lambda w: {
            "step": "create",
            "goals": ["ideas"],
            "starts_on": "2026-01-01",
            "due_on": "2026-06-01",
            "members": "10",
            "capacity_per_month": "5",
            "name": "Hacked",
            "kinds": ["idea_challenge"],
        },
    ),
    "programmes:detail": Spec(MODERATOR, kwargs=_programme, foreign=[_g_programme]),
    "programmes:edit": Spec(ADMIN, kwargs=_programme, data=_programme_data, foreign=[_g_programme]),
    "programmes:refresh": Spec(MODERATOR, kwargs=_programme, foreign=[_g_programme]),
    "programmes:export": Spec(MODERATOR, kwargs=_programme, foreign=[_g_programme]),
    "programmes:time_add": Spec(
        MODERATOR,
        kwargs=_programme,
        data=lambda w: {"action": "workshop", "hours": "3", "occurred_on": _today()},
        foreign=[_g_programme],
    ),
    "programmes:outcome_add": Spec(
        ADMIN,
        kwargs=_programme,
        data=lambda w: {"kind": "revenue", "amount": "3", "occurred_on": _today()},
        foreign=[_g_programme],
    ),
    "programmes:staff_time": Spec(MODERATOR, data=lambda w: {"answer": "1"}),
}


def objects(w: World) -> dict[str, Any]:
    return {
        "programme": default_programme(brand_id=w.brand.pk),
        "g_programme": default_programme(brand_id=w.other.pk),
    }


MIRROR: dict[str, str] = {"g_programme": "programme"}
