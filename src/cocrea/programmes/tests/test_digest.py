"""The weekly digest: each admin gets it once a week, in their language."""

from __future__ import annotations

import pytest
from django.core import mail

from cocrea.accounts.models import User
from cocrea.brands.models import Brand, Membership
from cocrea.campaigns.models import Campaign
from cocrea.ideas.tests.factories import IdeaFactory
from cocrea.programmes.aggregate import aggregate_brand
from cocrea.programmes.digest import send_brand_digest
from cocrea.programmes.tasks import send_weekly_digests

pytestmark = pytest.mark.django_db


def test_admins_receive_the_digest_once_a_week(
    brand: Brand, alice: Membership, mona: Membership, bob: Membership, campaign: Campaign
) -> None:
    IdeaFactory(campaign=campaign, author=bob)
    aggregate_brand(brand)
    assert send_brand_digest(brand) == 1
    assert send_brand_digest(brand) == 0  # the same week: not twice
    (message,) = mail.outbox
    assert message.to == [alice.user.email]
    assert message.subject == "[Café Lumière] Your programmes this week"
    assert "1 contributions" in message.body or "1 contribution" in message.body
    assert "1 waiting for an answer" in message.body


def test_the_digest_is_in_the_admins_language(
    brand: Brand, alice: Membership, campaign: Campaign
) -> None:
    User.objects.filter(pk=alice.user_id).update(language="fr")
    send_weekly_digests()
    (message,) = mail.outbox
    assert message.subject == "[Café Lumière] Vos programmes cette semaine"
