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

    # No single-column index on brand or member: the two composite indexes below start with
    # them, and every vote inserts two events (each index is a write).
    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="+", db_index=False)
    member = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="engagement_events", db_index=False
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
    # The leaderboard index starts with the brand (a vote rewrites two scores with their indexes).
    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="+", db_index=False)
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


# --- Status, recognition, exclusivity ---------------------------------------------------------


class Badge(models.Model):
    """A mark of recognition the brand gives: by a rule (``BadgeRule``) and/or by hand."""

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="badges")
    name = models.CharField(_("name"), max_length=60)
    description = models.CharField(_("description"), max_length=200, blank=True)
    symbol = models.CharField(_("symbol"), max_length=4, blank=True, default="★")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["brand", "name"], name="badge_name_once")]

    def __str__(self) -> str:
        return self.name


class BadgeRule(models.Model):
    """Award ``badge`` automatically once the member has ``threshold`` events of ``kind``.

    ``brand`` repeats the badge's brand so that ``record()`` finds the pending rules of a
    (brand, kind) on one index.
    """

    badge = models.OneToOneField(Badge, on_delete=models.CASCADE, related_name="rule")
    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("action"), max_length=20, choices=Kind.choices)
    threshold = models.PositiveIntegerField(_("how many times"), default=1)

    class Meta:
        indexes = [models.Index(fields=["brand", "kind"], name="badge_rule_brand_kind")]
        constraints = [
            models.CheckConstraint(condition=models.Q(threshold__gte=1), name="badge_rule_min_1")
        ]

    def __str__(self) -> str:
        return f"{self.badge_id}: {self.threshold} x {self.kind}"


class BadgeAward(models.Model):
    """A member holds a badge (once). ``actor`` is the admin of a manual award, else NULL."""

    badge = models.ForeignKey(Badge, on_delete=models.CASCADE, related_name="awards")
    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="badge_awards")
    actor = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(max_length=200, blank=True)
    awarded_at = models.DateTimeField()

    class Meta:
        ordering = ["-awarded_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["member", "badge"], name="badge_award_once")]

    def __str__(self) -> str:
        return f"{self.badge_id} → {self.member_id}"


class Reward(models.Model):
    """Append-only rewards ledger: what a member received, from what, granted by whom.

    ``reference`` names the origin without a foreign key (``"contest:12"``) so that any app can
    write here. ``amount`` is money in ``currency`` (a prize), points, or a percentage (a royalty
    share); it is empty for a badge or an "other" reward described by its label.
    """

    class Kind(models.TextChoices):
        PRIZE = "prize", _("Prize")
        POINTS = "points", _("Points")
        BADGE = "badge", _("Badge")
        ROYALTY = "royalty", _("Royalty share")
        OTHER = "other", _("Other")

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="rewards")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    label = models.CharField(_("label"), max_length=120)
    amount = models.DecimalField(
        _("amount"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    reference = models.CharField(max_length=40, blank=True)
    actor = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["member", "-created_at"], name="reward_member")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__isnull=True) | models.Q(amount__gte=0),
                name="reward_amount_positive",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="royalty") | models.Q(amount__lte=100),
                name="reward_royalty_percent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.label} → {self.member_id}"


class ProfilePrivacy(models.Model):
    """What a member shows others on their brand profile (the leaderboard opt-out lives on
    ``MemberScore``). No row means the defaults below."""

    member = models.OneToOneField(Membership, on_delete=models.CASCADE, related_name="+")
    show_tier = models.BooleanField(_("my tier"), default=True)
    show_badges = models.BooleanField(_("my badges"), default=True)
    show_contributions = models.BooleanField(_("my contributions"), default=True)
    show_rewards = models.BooleanField(_("my rewards"), default=False)

    def __str__(self) -> str:
        return f"privacy of {self.member_id}"


class MemberArea(models.Model):
    """A members-only page, offer or product drop, opened from ``min_tier`` up (NULL: every
    member). ``stock`` is NULL without a drop; a drop is claimed once per member."""

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="member_areas")
    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(_("text"), blank=True)  # sanitised HTML
    min_tier = models.ForeignKey(
        Tier,
        on_delete=models.RESTRICT,  # deleting the tier must not open the area to everyone
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("minimum tier"),
    )
    drop_label = models.CharField(_("offer or product"), max_length=120, blank=True)
    stock = models.PositiveIntegerField(_("stock"), null=True, blank=True)
    is_published = models.BooleanField(_("published"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(stock__isnull=True) | models.Q(stock__gte=0),
                name="member_area_stock_positive",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def has_drop(self) -> bool:
        return self.stock is not None


class DropClaim(models.Model):
    """A member claimed the drop of an area (one per member; the stock fell by one)."""

    area = models.ForeignKey(MemberArea, on_delete=models.CASCADE, related_name="claims")
    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="drop_claims")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["area", "member"], name="drop_claim_once")]

    def __str__(self) -> str:
        return f"{self.area_id} ← {self.member_id}"


class EarlyAccess(models.Model):
    """Members of ``tier`` and above may take part ``days`` days before the campaign opens."""

    campaign = models.OneToOneField(
        "campaigns.Campaign", on_delete=models.CASCADE, related_name="early_access"
    )
    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="+")
    tier = models.ForeignKey(Tier, on_delete=models.CASCADE, related_name="+")
    days = models.PositiveSmallIntegerField(_("days before the opening"), default=7)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(days__gte=1) & models.Q(days__lte=90), name="early_access_days"
            )
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id} early for {self.tier_id}"


# --- Referrals and share links ----------------------------------------------------------------


class ReferralLink(models.Model):
    """A member's invitation link ``/b/<brand>/r/<code>/`` (one per member)."""

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="+")
    member = models.OneToOneField(
        Membership, on_delete=models.CASCADE, related_name="referral_link"
    )
    code = models.CharField(max_length=16, unique=True)
    opened = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.code


class ReferralOpen(models.Model):
    """A distinct visitor (``u:<user id>`` or ``s:<session digest>``) opened an invitation
    link: ``ReferralLink.opened`` counts these rows, so reloading the page adds nothing."""

    link = models.ForeignKey(ReferralLink, on_delete=models.CASCADE, related_name="opens")
    visitor = models.CharField(max_length=80)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["link", "visitor"], name="referral_open_once")
        ]

    def __str__(self) -> str:
        return f"{self.link_id} ← {self.visitor}"


class Referral(models.Model):
    """``referrer`` brought ``user`` into the brand: credited once per person and brand."""

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="+")
    link = models.ForeignKey(ReferralLink, on_delete=models.CASCADE, related_name="referrals")
    referrer = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="referrals")
    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["brand", "user"], name="referral_once_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.referrer_id} → {self.user_id}"


class ShareLink(models.Model):
    """A member's tracked link to an idea or a campaign, ``/b/<brand>/s/<code>/``."""

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="share_links")
    idea = models.ForeignKey("ideas.Idea", on_delete=models.CASCADE, null=True, related_name="+")
    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.CASCADE, null=True, related_name="+"
    )
    code = models.CharField(max_length=16, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(idea__isnull=True) ^ models.Q(campaign__isnull=True),
                name="share_link_one_target",
            ),
            models.UniqueConstraint(
                fields=["member", "idea"],
                condition=models.Q(idea__isnull=False),
                name="share_link_idea_once",
            ),
            models.UniqueConstraint(
                fields=["member", "campaign"],
                condition=models.Q(campaign__isnull=False),
                name="share_link_campaign_once",
            ),
        ]

    def __str__(self) -> str:
        return self.code


class ShareOpen(models.Model):
    """A distinct visitor (``u:<user id>`` or ``s:<session digest>``) opened a share link.

    ``credited`` says whether it earned the sharer a ``share_opened`` event (not past the daily
    cap, not the sharer themself)."""

    link = models.ForeignKey(ShareLink, on_delete=models.CASCADE, related_name="opens")
    sharer = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    visitor = models.CharField(max_length=80)
    credited = models.BooleanField(default=False)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["link", "visitor"], name="share_open_once")]
        indexes = [models.Index(fields=["sharer", "credited", "created_at"], name="share_open_day")]

    def __str__(self) -> str:
        return f"{self.link_id} ← {self.visitor}"


class BrandEvent(models.Model):
    """Something the brand held with its members (a tasting, a workshop, a store opening):
    attending it is an engaging behaviour (``event_attended``)."""

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("title"), max_length=120)
    starts_at = models.DateTimeField(_("date"))
    place = models.CharField(_("place"), max_length=120, blank=True)
    created_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["brand", "-starts_at"], name="brandevent_brand")]

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    """A member was there: recorded by the brand team, once per member and event."""

    event = models.ForeignKey(BrandEvent, on_delete=models.CASCADE, related_name="attendances")
    member = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    recorded_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["event", "member"], name="attendance_once")]
