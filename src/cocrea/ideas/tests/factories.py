from __future__ import annotations

import factory

from cocrea.brands.tests.factories import MembershipFactory
from cocrea.campaigns.tests.factories import CampaignFactory
from cocrea.ideas.models import Comment, Idea


class IdeaFactory(factory.django.DjangoModelFactory):
    """Writes the row directly, for test set-up only; code under test uses the services."""

    class Meta:
        model = Idea

    campaign = factory.SubFactory(CampaignFactory)
    brand = factory.SelfAttribute("campaign.brand")
    author = factory.SubFactory(MembershipFactory, brand=factory.SelfAttribute("..brand"))
    title = factory.Sequence(lambda n: f"Idea number {n}")
    body = "<p>A reusable cup that keeps coffee warm.</p>"
    body_text = "A reusable cup that keeps coffee warm."


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    idea = factory.SubFactory(IdeaFactory)
    brand = factory.SelfAttribute("idea.brand")
    author = factory.SubFactory(MembershipFactory, brand=factory.SelfAttribute("..brand"))
    body = "I like it"
