"""Words a brand admin read wrong on the campaign pages (issue 18)."""

from __future__ import annotations

import re

import pytest
from conftest import login
from django.urls import reverse

from cocrea.campaigns.models import Campaign, Phase, phase_label

pytestmark = pytest.mark.django_db


def test_the_button_on_other_phases_offers_to_open_them(client, brand, campaign, alice):
    """It read "En cours" (the home page's "Open now") on phases that were not running."""
    alice.user.language = "fr"
    alice.user.save(update_fields=["language"])
    url = reverse("campaigns:detail", args=[brand.slug, campaign.pk])
    html = login(client, alice).get(url).content.decode()
    buttons = re.findall(r'<button type="submit" class="button button--ghost[^"]*">([^<]+)<', html)
    assert buttons and set(buttons) == {"Ouvrir cette phase maintenant"}
    assert "En cours" not in buttons


def test_a_contest_names_its_phases_after_designs_an_idea_campaign_after_ideas():
    assert phase_label(Campaign.Kind.CONTEST, Phase.Kind.SUBMISSION) == "Design submission"
    assert phase_label(Campaign.Kind.CONTEST, Phase.Kind.VOTING) == "Public vote"
    assert phase_label(Campaign.Kind.IDEAS, Phase.Kind.SUBMISSION) == "Submission"
