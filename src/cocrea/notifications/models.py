from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocrea.brands.models import Brand


class Notification(models.Model):
    """An in-app notification. Text is rendered at display time in the reader's language."""

    class Kind(models.TextChoices):
        STATUS_CHANGED = "status_changed", _("Status changed")
        NEW_COMMENT = "new_comment", _("New comment")
        COMMENT_REPLY = "comment_reply", _("Reply to your comment")
        IDEA_MERGED = "idea_merged", _("Idea merged")
        CONTENT_HIDDEN = "content_hidden", _("Content hidden by a moderator")
        TIER_PROMOTED = "tier_promoted", _("New tier reached")
        BADGE_AWARDED = "badge_awarded", _("Badge awarded")
        REWARD_GRANTED = "reward_granted", _("Reward received")
        ANSWER_POSTED = "answer_posted", _("New answer to your question")
        ANSWER_HELPFUL = "answer_helpful", _("Answer marked helpful")
        PANEL_INVITED = "panel_invited", _("Invitation to a co-creation panel")
        CONTEST_RESULT = "contest_result", _("Contest results")
        WEBHOOK_DISABLED = "webhook_disabled", _("Webhook endpoint switched off")
        CAPSULE_STEP = "capsule_step", _("News of a capsule you follow")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    idea = models.ForeignKey(
        "ideas.Idea", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    comment = models.ForeignKey(
        "ideas.Comment", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    data = models.JSONField(default=dict)  # e.g. {"from": "new", "to": "accepted"}
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    # How the recipient wanted it e-mailed when it happened (notifications.preferences): "now"
    # (sent after commit), "daily" / "weekly" (gathered by the digests), "none" (in the app only).
    email_mode = models.CharField(max_length=8, default="now")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id}"


class OutgoingEmail(models.Model):
    """One e-mail in the outbox (notifications/outbox.py): written in the transaction of what
    it announces, delivered by a worker, retried until sent or ``failed``."""

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    to = models.CharField(max_length=254)
    subject = models.CharField(max_length=255)
    message = models.JSONField()
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=64, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="outbox_due")]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject} ({self.state})"


class NotificationPreference(models.Model):
    """A person's choice for one kind of notification (no row: the kind's default)."""

    class Channel(models.TextChoices):
        IMMEDIATE = "immediate", _("In the app and by e-mail at once")
        DAILY = "daily", _("In the app and in the daily e-mail digest")
        WEEKLY = "weekly", _("In the app and in the weekly e-mail digest")
        IN_APP = "in_app", _("In the app only")
        OFF = "off", _("Off")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=20, choices=Notification.Kind.choices)
    channel = models.CharField(max_length=10, choices=Channel.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: {self.channel}"
