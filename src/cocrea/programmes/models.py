"""Programmes: what a brand wants from working with its customers, and what it can afford.

A programme holds the objectives (measurable, dated), the positioning, the target, the forms of
empowerment chosen, the planning and the team's production capacity. Every campaign belongs to
one (``Campaign.programme``); apps that come later (influencer partnerships, store operations)
take a ``ForeignKey("programmes.Programme")`` the same way.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cocrea.brands.models import Brand, Membership
from cocrea.engagement.models import Tier


class Programme(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("Active")
        CLOSED = "closed", _("Closed")

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="programmes")
    name = models.CharField(_("name"), max_length=120)
    positioning = models.TextField(_("positioning statement"), max_length=2000, blank=True)
    forms = models.JSONField(_("forms of empowerment"), default=list, blank=True)
    target_tiers = models.ManyToManyField(
        Tier, blank=True, related_name="+", verbose_name=_("target tiers")
    )
    target_languages = models.JSONField(_("target languages"), default=list, blank=True)
    target_description = models.TextField(_("target segments"), max_length=2000, blank=True)
    capacity_per_month = models.PositiveIntegerField(
        _("production capacity (ideas or designs reviewed a month)"), default=0
    )
    staff_hours_per_month = models.DecimalField(
        _("staff time budget (hours a month)"),
        max_digits=7,
        decimal_places=1,
        null=True,
        blank=True,
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    is_default = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-is_default", "name"]
        verbose_name = _("programme")
        constraints = [
            models.UniqueConstraint(
                fields=["brand"], condition=Q(is_default=True), name="programme_one_default"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gt=models.F("starts_on")),
                name="programme_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(staff_hours_per_month__isnull=True) | Q(staff_hours_per_month__gte=0),
                name="programme_budget_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Objective(models.Model):
    """A measurable, dated target: *300 ideas by 30 June*, *at most 40 staff hours a month*."""

    class Metric(models.TextChoices):
        IDEAS_SUBMITTED = "ideas_submitted", _("Ideas submitted")
        IDEAS_ACCEPTED = "ideas_accepted", _("Ideas accepted")
        IDEAS_LAUNCHED = "ideas_launched", _("Products launched from ideas")
        CONTEST_WINNERS = "contest_winners", _("Contest winners produced")
        CONTRIBUTORS = "contributors", _("Distinct contributors")
        ACTIVE_MEMBERS_PCT = "active_members_pct", _("Members active (%)")
        MEMBERS_GAINED = "members_gained", _("Members gained")
        REVENUE = "revenue", _("Revenue and royalties (€)")
        THEMES = "themes", _("Themes and needs found")
        STAFF_HOURS_MONTH = "staff_hours_month", _("Staff hours a month (at most)")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="objectives")
    metric = models.CharField(_("measure"), max_length=24, choices=Metric.choices)
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=2)
    starts_on = models.DateField(_("from"))
    due_on = models.DateField(_("due on"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("objective")
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__gt=models.F("starts_on")), name="objective_due_after_start"
            ),
            models.CheckConstraint(condition=Q(target__gte=0), name="objective_target_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_metric_display()} {self.target}"

    @property
    def is_ceiling(self) -> bool:
        """A ceiling is met by staying under it (staff time); every other target by reaching it."""
        return self.metric == self.Metric.STAFF_HOURS_MONTH


class Milestone(models.Model):
    """A dated step of the programme's planning."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=160)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("milestone")

    def __str__(self) -> str:
        return self.title


class Activity(models.Model):
    """A kind of campaign the programme plans, with the reason it was chosen.

    Kinds that are campaigns (idea challenge, design contest, lead-user panel) point to their
    draft campaign; the others (community, influencer partnership, in-store operation) are the
    plan until their app gives them a row to point to.
    """

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(_("kind"), max_length=20)
    reason = models.TextField(_("reason"), max_length=2000, blank=True)
    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("planned activity")

    def __str__(self) -> str:
        return self.kind


class StaffAction(models.Model):
    """Append-only: a piece of the brand team's time spent on the programme.

    Written by ``record_staff_action`` from the services where the team acts (an estimate per
    action, or the time measured by the page) and by manual entries (workshops, product
    development). Totals are derived by the aggregation job.
    """

    class Action(models.TextChoices):
        MODERATION = "moderation", _("Moderation decision")
        TRIAGE = "triage", _("Report triage")
        ANSWER = "answer", _("Official answer or status change")
        MERGE = "merge", _("Merge of duplicates")
        JURY = "jury", _("Jury scoring")
        REPLY = "reply", _("Reply to a member")
        INVITATION = "invitation", _("Panel invitation")
        CAMPAIGN = "campaign", _("Campaign set-up")
        WORKSHOP = "workshop", _("Workshop with customers")
        DEVELOPMENT = "development", _("Product development")
        OTHER = "other", _("Other work")

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="+", db_index=False)
    # No single-column index on the keys: every action of the team inserts a row here, and
    # the job reads by brand and date (the composite index below); deleting a programme,
    # campaign or member (rare) scans instead.
    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    actor = models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    action = models.CharField(_("work"), max_length=12, choices=Action.choices)
    minutes = models.DecimalField(_("minutes"), max_digits=8, decimal_places=2)
    measured = models.BooleanField(default=False)
    manual = models.BooleanField(default=False)
    note = models.CharField(_("note"), max_length=200, blank=True)
    occurred_at = models.DateTimeField()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["brand", "occurred_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(minutes__gte=0), name="staff_minutes_positive")
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.minutes} min"


class StaffTimeEstimate(models.Model):
    """A brand's own estimate of the minutes an action takes (else the default of the code)."""

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="+")
    action = models.CharField(max_length=12, choices=StaffAction.Action.choices)
    minutes = models.DecimalField(max_digits=6, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["brand", "action"], name="staff_estimate_once"),
            models.CheckConstraint(condition=Q(minutes__gte=0), name="staff_estimate_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.action}: {self.minutes}"


class Outcome(models.Model):
    """What the programme brought that the platform cannot see: revenue, royalties, launches."""

    class Kind(models.TextChoices):
        REVENUE = "revenue", _("Revenue")
        ROYALTIES = "royalties", _("Royalties paid out")
        LAUNCH = "launch", _("Product launched")
        OTHER = "other", _("Other gain")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="outcomes")
    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    occurred_on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="outcome_amount_positive")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.amount}"


class DailyFigure(models.Model):
    """Pre-aggregated: one measure of one day, for a campaign (or the programme as a whole when
    ``campaign`` is null). Written only by the aggregation job; pages read nothing else."""

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="+", db_index=False)
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.CASCADE, null=True, related_name="+"
    )
    day = models.DateField()
    metric = models.CharField(max_length=24)
    value = models.DecimalField(max_digits=14, decimal_places=2)

    class Meta:
        indexes = [
            models.Index(fields=["programme", "day"]),
            models.Index(fields=["brand", "day"]),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.metric} {self.value}"


class Snapshot(models.Model):
    """Pre-aggregated state figures that are not sums of days (waiting ideas, the oldest wait,
    members active in the last 30 days, themes), per programme and per campaign, with the time
    they were computed. Written only by the aggregation job."""

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="+", db_index=False)
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="+")
    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.CASCADE, null=True, related_name="+"
    )
    metric = models.CharField(max_length=24)
    value = models.DecimalField(max_digits=14, decimal_places=2)
    computed_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["brand", "metric"])]

    def __str__(self) -> str:
        return f"{self.metric} {self.value}"


class DigestSent(models.Model):
    """The weekly digest sent to one admin: claimed before sending, so it goes once a week."""

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    week = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "week"], name="digest_once_a_week")
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.week}"
