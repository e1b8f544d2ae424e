"""Insights' rows of the tenancy table: the one-click actions of the duplicates console."""

from __future__ import annotations

from typing import Any

from cocrea.ideas.tests.factories import IdeaFactory
from tests.tenancy import MODERATOR, Spec, World

URLS: dict[str, Spec] = {
    "insights:duplicate_action": Spec(
        MODERATOR,
        kwargs=lambda w: {"action": "dismiss"},
        data=lambda w: {"older": w.idea.pk, "newer": w.twin_idea.pk},
        foreign_data=lambda w: {"older": w.g_idea.pk, "newer": w.g_twin_idea.pk},
    ),
}


def objects(w: World) -> dict[str, Any]:
    return {
        "twin_idea": IdeaFactory(campaign=w.campaign, author=w.dan, title="Bob's thoughts again"),
        "g_twin_idea": IdeaFactory(campaign=w.g_campaign, author=w.g_member, title="Globex plan"),
    }


MIRROR: dict[str, str] = {"g_twin_idea": "twin_idea"}
