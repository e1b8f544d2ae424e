from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cocrea.brands.models import Brand, Membership

_ONE_TARGET = Q(idea__isnull=False, comment__isnull=True) | Q(
    idea__isnull=True, comment__isnull=False
)


class Report(models.Model):
    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam or advertising")
        ABUSE = "abuse", _("Abusive or hateful")
        OFF_TOPIC = "off_topic", _("Off topic")
        PERSONAL = "personal", _("Personal data")
        OTHER = "other", _("Other")

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="reports")
    idea = models.ForeignKey("ideas.Idea", on_delete=models.CASCADE, null=True, blank=True)
    comment = models.ForeignKey("ideas.Comment", on_delete=models.CASCADE, null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=12, choices=Reason.choices)
    details = models.CharField(_("details"), max_length=500, blank=True)
    state = models.CharField(max_length=8, choices=State.choices, default=State.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(condition=_ONE_TARGET, name="report_one_target"),
            models.UniqueConstraint(
                fields=["reporter", "idea"], condition=Q(state="open"), name="report_idea_once"
            ),
            models.UniqueConstraint(
                fields=["reporter", "comment"],
                condition=Q(state="open"),
                name="report_comment_once",
            ),
        ]
        indexes = [models.Index(fields=["brand", "state", "created_at"])]

    def __str__(self) -> str:
        return f"{self.reason} by {self.reporter_id} ({self.state})"


class ModerationDecision(models.Model):
    """Append-only audit of what a moderator did, to what, why, and the state before and after."""

    class Action(models.TextChoices):
        HIDE = "hide", _("Hidden")
        RESTORE = "restore", _("Restored")
        DISMISS = "dismiss", _("Reports dismissed")

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="moderation_decisions")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    idea = models.ForeignKey("ideas.Idea", on_delete=models.CASCADE, null=True, blank=True)
    comment = models.ForeignKey("ideas.Comment", on_delete=models.CASCADE, null=True, blank=True)
    action = models.CharField(max_length=10, choices=Action.choices)
    reason = models.CharField(_("reason"), max_length=500)
    before = models.JSONField(default=dict)
    after = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.CheckConstraint(condition=_ONE_TARGET, name="decision_one_target")]

    def __str__(self) -> str:
        return f"{self.action}: {self.reason[:40]}"
