"""The engagement ledger, the brand's weights and tiers, and each member's running score.

Time decay: an event of weight ``w`` at time ``t_i`` is worth ``w * 2^(-(t - t_i)/h)`` at time
``t`` (``h`` the brand's half-life). A member's score ``S(t) = Σ w_i 2^(-(t - t_i)/h)`` is kept as
``score_at_epoch = Σ w_i 2^((t_i - T0)/h)`` for a reference time ``T0`` (the *epoch*), so that
``S(t) = score_at_epoch * 2^(-(t - T0)/h)``: one event adds one term (an ``F()``-style addition in
an upsert), the decay costs nothing until someone reads the score. See docs/engagement.md.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from cocrea.brands.models import Brand, Membership

# 2025-01-01T00:00:00Z: the epoch of every brand until its scores are first rebased or rebuilt.
DEFAULT_EPOCH = 1_735_689_600.0
DEFAULT_HALF_LIFE_DAYS = 90.0


class Kind(models.TextChoices):
    IDEA_SUBMITTED = "idea_submitted", _("Idea submitted")
    COMMENT_POSTED = "comment_posted", _("Comment posted")
    VOTE_GIVEN = "vote_given", _("Vote given")
    VOTE_RECEIVED = "vote_received", _("Vote received")
    IDEA_ACCEPTED = "idea_accepted", _("Idea accepted")
    IDEA_LAUNCHED = "idea_launched", _("Idea launched")
    HELPFUL_ANSWER = "helpful_answer", _("Helpful answer")
    EXPERIENCE_SHARED = "experience_shared", _("Experience shared")
    RECOMMENDATION = "recommendation", _("Recommendation")
    SHARE_OPENED = "share_opened", _("Shared link opened")
    CONTEST_ENTRY = "contest_entry", _("Contest entry")
    EVENT_ATTENDED = "event_attended", _("Event attended")
    INSTORE_SIGNAL = "instore_signal", _("In-store signal")


# Default weight of each kind: making and being recognised count more than clicking.
DEFAULT_WEIGHTS: dict[str, float] = {
    Kind.IDEA_SUBMITTED: 10.0,
    Kind.COMMENT_POSTED: 3.0,
    Kind.VOTE_GIVEN: 1.0,
    Kind.VOTE_RECEIVED: 2.0,
    Kind.IDEA_ACCEPTED: 50.0,
    Kind.IDEA_LAUNCHED: 100.0,
    Kind.HELPFUL_ANSWER: 15.0,
    Kind.EXPERIENCE_SHARED: 8.0,
    Kind.RECOMMENDATION: 20.0,
    Kind.SHARE_OPENED: 2.0,
    Kind.CONTEST_ENTRY: 5.0,
    Kind.EVENT_ATTENDED: 10.0,
    Kind.INSTORE_SIGNAL: 3.0,
}
# Kinds that prove the member had an idea accepted (a tier condition).
ACCEPTED_KINDS = frozenset({Kind.IDEA_ACCEPTED, Kind.IDEA_LAUNCHED})


def weight_field(kind: str) -> str:
    """The column of ``EngagementWeights`` that holds the weight of ``kind``."""
    return f"w_{Kind(kind).value}"


class EngagementEvent(models.Model):
    """One engaging behaviour. Append-only: a withdrawn vote adds a *reversal* row.

    ``weight`` is a snapshot of the brand's weight for the kind when the event was recorded: a
    weight edited later applies to later events (like a price), so the ledger alone rebuilds
    every score. ``occurred_at`` is the moment the weight decays from; a reversal copies its
    original's ``occurred_at`` and negates its weight, so the two cancel exactly at every time.
    """

    Kind = Kind

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="engagement_events"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    weight = models.FloatField()
    # Who caused it when it is not the member (the voter of a "vote received").
    actor = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    idea = models.ForeignKey(
        "ideas.Idea", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    comment = models.ForeignKey(
        "ideas.Comment", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reverses = models.OneToOneField(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="reversed_by"
    )
    occurred_at = models.DateTimeField()
    created_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["member", "kind", "idea"], name="engagement_event_member"),
            models.Index(fields=["brand", "-occurred_at"], name="engagement_event_brand"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.weight:+g} → {self.member_id}"


class EngagementWeights(models.Model):
    """A brand's weight per kind, its half-life and its current epoch ``T0`` (unix seconds)."""

    brand = models.OneToOneField(Brand, on_delete=models.CASCADE, related_name="+")
    half_life_days = models.FloatField(_("half-life in days"), default=DEFAULT_HALF_LIFE_DAYS)
    epoch = models.FloatField(default=DEFAULT_EPOCH)
    w_idea_submitted = models.FloatField(_("idea submitted"), default=10.0)
    w_comment_posted = models.FloatField(_("comment posted"), default=3.0)
    w_vote_given = models.FloatField(_("vote given"), default=1.0)
    w_vote_received = models.FloatField(_("vote received"), default=2.0)
    w_idea_accepted = models.FloatField(_("idea accepted"), default=50.0)
    w_idea_launched = models.FloatField(_("idea launched"), default=100.0)
    w_helpful_answer = models.FloatField(_("helpful answer"), default=15.0)
    w_experience_shared = models.FloatField(_("experience shared"), default=8.0)
    w_recommendation = models.FloatField(_("recommendation"), default=20.0)
    w_share_opened = models.FloatField(_("shared link opened"), default=2.0)
    w_contest_entry = models.FloatField(_("contest entry"), default=5.0)
    w_event_attended = models.FloatField(_("event attended"), default=10.0)
    w_instore_signal = models.FloatField(_("in-store signal"), default=3.0)

    class Meta:
        verbose_name = _("engagement weights")

    def __str__(self) -> str:
        return f"weights of brand {self.brand_id}"


class Tier(models.Model):
    """A rung of the brand's ladder: reached at ``threshold`` points (and an accepted idea)."""

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="tiers")
    name = models.CharField(_("name"), max_length=40)
    threshold = models.FloatField(_("score threshold"), default=0.0)
    requires_accepted_idea = models.BooleanField(_("needs an accepted idea"), default=False)

    class Meta:
        ordering = ["threshold", "requires_accepted_idea", "id"]
        constraints = [
            models.UniqueConstraint(fields=["brand", "name"], name="tier_name_once"),
            models.CheckConstraint(
                condition=models.Q(threshold__gte=0), name="tier_threshold_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class MemberScore(models.Model):
    """A member's running score in one brand, updated in the transaction of each event.

    ``score_at_epoch`` is relative to this row's ``epoch`` and ``half_life_days`` (copied from
    the brand; rebases and rebuilds rewrite the three together, in one statement per brand).
    ``next_threshold`` caches the score that would reach a higher tier: 0 means "evaluate on the
    next event", NULL "no higher tier to reach", so most events compare two numbers and stop.
    """

    member = models.OneToOneField(Membership, on_delete=models.CASCADE, related_name="+")
    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="+")
    score_at_epoch = models.FloatField(default=0.0)
    epoch = models.FloatField(default=DEFAULT_EPOCH)
    half_life_days = models.FloatField(default=DEFAULT_HALF_LIFE_DAYS)
    as_of = models.DateTimeField()
    tier = models.ForeignKey(Tier, on_delete=models.SET_NULL, null=True, blank=True)
    has_accepted_idea = models.BooleanField(default=False)
    next_threshold = models.FloatField(null=True, blank=True, default=0.0)
    leaderboard_opt_out = models.BooleanField(_("hide me from the leaderboard"), default=False)

    class Meta:
        indexes = [
            models.Index(fields=["brand", "-score_at_epoch", "id"], name="engagement_leaderboard")
        ]

    def __str__(self) -> str:
        return f"score of {self.member_id}"


class TierChange(models.Model):
    """Append-only: a member reached a tier (the name is kept if the tier is deleted later)."""

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="tier_changes")
    from_tier = models.ForeignKey(
        Tier, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    to_tier = models.ForeignKey(
        Tier, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    to_tier_name = models.CharField(max_length=40)
    score = models.FloatField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.member_id} → {self.to_tier_name}"
