"""Quick polls: a reusable part for the community, idea campaigns and influencers' spaces.

A member's vote is one ``Ballot`` per poll, stated by the database (``poll_ballot_once``): a retried
request or a second tab counts once. What she chose is in ``BallotChoice`` rows (or in
``Ballot.value`` for a 1 to 5 scale). Live results never count ballots: ``PollTally`` holds one
counter per answer and per shard, moved in the same transaction as the ballot, so many members
voting at once on one hot poll do not queue on one row, and results are a sum of a few rows
whatever the number of votes (``polls_tally_rebuild`` recomputes them from the ballots).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cocrea.brands.models import Brand, Membership
from cocrea.campaigns.models import Campaign
from cocrea.customizer.models import Design

SHARDS = 8  # tally rows per answer: a member's votes go to shard member_id % SHARDS
TOTAL_KEY = 0  # the tally key that counts ballots (options use their id, a scale its value)


class Poll(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("One choice")
        MULTIPLE = "multiple", _("Several choices")
        PICTURES = "pictures", _("Choice between pictures")
        DESIGNS = "designs", _("Choice between designs")
        SCALE = "scale", _("Scale from 1 to 5")

    class Scope(models.TextChoices):
        # Where the poll is shown, and so who decides who sees it. The polls pages serve the
        # community's and campaigns' polls; a space's polls are served by its own pages, which
        # check who may see the space (``influencers``).
        COMMUNITY = "community", _("Community")
        CAMPAIGN = "campaign", _("Idea campaign")
        SPACE = "space", _("Influencer's space")

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="polls")
    scope = models.CharField(max_length=10, choices=Scope.choices, default=Scope.COMMUNITY)
    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="polls",
        verbose_name=_("idea campaign"),
    )
    author = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="polls")
    question = models.CharField(_("question"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.SINGLE)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)  # closed early by hand
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["brand", "scope", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(scope="campaign", campaign__isnull=False)
                | (~Q(scope="campaign") & Q(campaign__isnull=True)),
                name="poll_campaign_scope",
            )
        ]
        verbose_name = _("poll")

    def __str__(self) -> str:
        return self.question

    @property
    def has_options(self) -> bool:
        return self.kind != self.Kind.SCALE


class PollOption(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="options")
    label = models.CharField(_("answer"), max_length=120, blank=True)
    image = models.ImageField(upload_to="polls/%Y/%m/", blank=True)
    design = models.ForeignKey(
        Design, on_delete=models.SET_NULL, null=True, blank=True, related_name="poll_options"
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.label


class Ballot(models.Model):
    """One member's vote in one poll."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="ballots", db_index=False)
    member = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="ballots")
    value = models.PositiveSmallIntegerField(null=True, blank=True)  # the 1 to 5 scale's answer
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["poll", "member"], name="poll_ballot_once"),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=1, value__lte=5),
                name="poll_ballot_value_1_to_5",
            ),
        ]


class BallotChoice(models.Model):
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="choices")
    option = models.ForeignKey(PollOption, on_delete=models.CASCADE, related_name="choices")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ballot", "option"], name="poll_ballot_choice_once")
        ]


class PollTally(models.Model):
    """A counter of one answer (``key``: an option's id, a scale value, 0 for ballots)."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="tallies", db_index=False)
    key = models.PositiveIntegerField()
    shard = models.PositiveSmallIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["poll", "key", "shard"], name="poll_tally_one_row")
        ]
