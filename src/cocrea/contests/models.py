"""Design contests: a campaign of kind ``contest`` with its settings, entries, votes and jury.

Facts are append-only ledgers (``VoteEvent``, ``VoteVoid``; rewards go to the engagement
app's ``Reward`` ledger); ``Entry.vote_count``
is a counter moved in the same statement as the vote rows it counts, rebuildable from them
(``services.contest_counters_rebuild``). Published results are a snapshot (``Placement``):
voiding a vote after the results never changes what was announced.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cocrea.brands.models import Brand, Membership
from cocrea.campaigns.models import Campaign


class Contest(models.Model):
    """The rules a brand sets for one contest campaign (one row per campaign)."""

    class VoteMode(models.TextChoices):
        ONE_PER_ENTRY = "per_entry", _("One vote per member per design")
        BUDGET = "budget", _("A budget of votes per member")

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="contests")
    campaign = models.OneToOneField(Campaign, on_delete=models.CASCADE, related_name="contest")
    product = models.ForeignKey(
        "customizer.Product",
        on_delete=models.RESTRICT,  # a product with contests stays, unless its brand goes
        related_name="contests",
        verbose_name=_("product"),
    )
    designs_per_member = models.PositiveSmallIntegerField(_("designs per member"), default=3)
    finalists = models.PositiveSmallIntegerField(_("finalists (co-creators selected)"), default=20)
    winners = models.PositiveSmallIntegerField(_("winners"), default=1)
    vote_mode = models.CharField(
        _("vote mode"), max_length=10, choices=VoteMode.choices, default=VoteMode.ONE_PER_ENTRY
    )
    vote_budget = models.PositiveSmallIntegerField(_("votes per member"), default=5)
    jury_weight = models.PositiveSmallIntegerField(_("jury weight (%)"), default=50)
    # Rewards the brand promises (recorded in the ledger when the contest closes).
    winner_prize = models.CharField(_("prize of the winners"), max_length=120, blank=True)
    winner_points = models.PositiveIntegerField(_("points for each winner"), default=100)
    finalist_points = models.PositiveIntegerField(_("points for each finalist"), default=20)
    royalty_percent = models.DecimalField(
        _("royalty share of the winners, in percent of sales"),
        max_digits=5,
        decimal_places=2,
        default=0,
    )
    shortlist_frozen_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)  # results published
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(jury_weight__lte=100), name="contest_weight_pct"),
            models.CheckConstraint(condition=Q(winners__gte=1), name="contest_one_winner"),
            models.CheckConstraint(
                condition=Q(finalists__gte=models.F("winners")), name="contest_finalists_winners"
            ),
        ]
        verbose_name = _("design contest")

    def __str__(self) -> str:
        return str(self.campaign_id)

    @property
    def public_weight(self) -> int:
        return 100 - self.jury_weight

    @property
    def has_budget(self) -> bool:
        return self.vote_mode == self.VoteMode.BUDGET


class Entry(models.Model):
    """A member's design entered in a contest. ``svg`` is the picture as it was submitted."""

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="+")
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="entries")
    author = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="entries")
    design = models.ForeignKey(
        "customizer.Design", on_delete=models.SET_NULL, null=True, related_name="entries"
    )
    title = models.CharField(_("title"), max_length=100)
    story = models.TextField(_("short story"), max_length=1000)  # plain text, escaped on output
    svg = models.TextField()  # sanitised by the customizer's renderer
    vote_count = models.PositiveIntegerField(default=0)  # valid (not voided) votes
    is_finalist = models.BooleanField(default=False)
    is_hidden = models.BooleanField(default=False)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-vote_count", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["contest", "design"],
                condition=Q(withdrawn_at__isnull=True),
                name="entry_design_once",
            )
        ]
        # No index on vote_count, on purpose: the counter moves at every vote, and an indexed
        # column would make each of those updates rewrite every index of the row (no HOT
        # update). A contest's few hundred entries sort in memory.
        verbose_name = _("contest entry")
        verbose_name_plural = _("contest entries")

    def __str__(self) -> str:
        return self.title

    @property
    def is_live(self) -> bool:
        return self.withdrawn_at is None and not self.is_hidden


class Ballot(models.Model):
    """How many votes a member has used in a contest: the row the vote budget is enforced on."""

    # Indexes a vote must write are kept to what reads need: the unique pairs below cover
    # lookups by their first column.
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="+", db_index=False)
    member = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    used = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["contest", "member"], name="ballot_once"),
        ]


class EntryVote(models.Model):
    """One member's vote for one entry, stated once by the database. Voided votes keep their row
    (the member cannot vote again for that entry) and stop counting."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="+", db_index=False)
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="votes", db_index=False)
    member = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="entry_votes")
    created_at = models.DateTimeField()
    voided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["entry", "member"], name="entry_vote_once"),
        ]
        indexes = [models.Index(fields=["contest", "member"])]


class VoteEvent(models.Model):
    """Append-only audit of every vote: cast, withdrawn, voided; with hashed network traces."""

    class Kind(models.TextChoices):
        CAST = "cast", _("Cast")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        VOIDED = "voided", _("Voided")

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="+", db_index=False)
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    ip_hash = models.CharField(max_length=32, blank=True)
    device_hash = models.CharField(max_length=32, blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["contest", "at"])]


class VoteVoid(models.Model):
    """Append-only: a moderator voided a vote, with the reason (the ledger of fair voting)."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="voids")
    vote = models.OneToOneField(EntryVote, on_delete=models.CASCADE, related_name="void")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    rule = models.CharField(max_length=20, blank=True)  # the detection rule that flagged it
    reason = models.CharField(_("reason"), max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]


class Juror(models.Model):
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="jurors")
    member = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="juries")
    invited_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["invited_at", "id"]
        constraints = [models.UniqueConstraint(fields=["contest", "member"], name="juror_once")]

    def __str__(self) -> str:
        return f"{self.member_id} @ {self.contest_id}"


class Criterion(models.Model):
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("criterion"), max_length=60)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "name"], name="criterion_once"),
            models.CheckConstraint(condition=Q(weight__gte=1), name="criterion_weight_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class Score(models.Model):
    """A juror's private mark (0 to 10) of a finalist on one criterion."""

    juror = models.ForeignKey(Juror, on_delete=models.CASCADE, related_name="scores")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    value = models.PositiveSmallIntegerField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["juror", "entry", "criterion"], name="score_once"),
            models.CheckConstraint(condition=Q(value__lte=10), name="score_0_to_10"),
        ]


class Placement(models.Model):
    """The published result of one finalist: its terms, final score and rank (a snapshot)."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="placements")
    entry = models.OneToOneField(Entry, on_delete=models.CASCADE, related_name="placement")
    rank = models.PositiveSmallIntegerField()
    votes = models.PositiveIntegerField()
    public_score = models.FloatField()  # votes / best finalist's votes
    jury_raw = models.FloatField()  # mean weighted jury mark, 0..10
    jury_score = models.FloatField()  # jury_raw / best finalist's jury_raw
    final_score = models.FloatField()
    is_winner = models.BooleanField(default=False)

    class Meta:
        ordering = ["rank"]


class Partner(models.Model):
    """A capsule collection: the campaign is co-branded with a partner (a brand, a celebrity or an
    influencer), shown on its page. ``account`` is the partner's membership, who may sit on the
    jury."""

    class Kind(models.TextChoices):
        BRAND = "brand", _("Partner brand")
        CELEBRITY = "celebrity", _("Celebrity")
        INFLUENCER = "influencer", _("Influencer")

    campaign = models.OneToOneField(Campaign, on_delete=models.CASCADE, related_name="partner")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.BRAND)
    name = models.CharField(_("partner name"), max_length=80)
    picture = models.ImageField(_("picture"), upload_to="contests/partners/%Y/%m/", blank=True)
    link = models.URLField(_("link"), max_length=300, blank=True)
    account = models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("partner's account"),
    )

    def __str__(self) -> str:
        return self.name
