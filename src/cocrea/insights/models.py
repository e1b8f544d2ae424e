"""The insight engine's own tables. It reads every app; it writes only these."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cocrea.brands.models import Brand, Membership
from cocrea.campaigns.models import Campaign


class VoiceQuerySet(models.QuerySet["Voice"]):
    def visible(self) -> VoiceQuerySet:
        """Voices whose contribution members may still read: hidden, withdrawn or deleted
        contributions (and comments of hidden or withdrawn ideas) are never quoted, listed as
        similar or shown as a need. Imported voices have neither idea nor comment."""
        idea_ok = Q(idea__isnull=True) | Q(idea__is_hidden=False, idea__withdrawn_at__isnull=True)
        comment_ok = Q(comment__isnull=True) | Q(
            comment__is_hidden=False,
            comment__deleted_at__isnull=True,
            comment__idea__is_hidden=False,
            comment__idea__withdrawn_at__isnull=True,
        )
        return self.filter(idea_ok & comment_ok)

    def analysed(self) -> VoiceQuerySet:
        return self.filter(analysed_at__isnull=False, embedding__isnull=False)


class Voice(models.Model):
    """One analysable contribution, whatever its origin, normalised as it is created."""

    class Channel(models.TextChoices):
        IDEA = "idea", _("Idea")
        COMMENT = "comment", _("Comment")
        IMPORT = "import", _("Imported")
        # Fed by other apps through ``insights.stream.schedule_voice``.
        STORY = "story", _("Story")
        QUESTION = "question", _("Question")
        ANSWER = "answer", _("Answer")
        CONTEST_ENTRY = "contest_entry", _("Contest entry")
        STORE = "store", _("In store")

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="voices")
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    idea = models.OneToOneField(
        "ideas.Idea", on_delete=models.CASCADE, null=True, blank=True, related_name="voice"
    )
    comment = models.OneToOneField(
        "ideas.Comment", on_delete=models.CASCADE, null=True, blank=True, related_name="voice"
    )
    campaign = models.ForeignKey(
        Campaign, on_delete=models.SET_NULL, null=True, blank=True, related_name="voices"
    )
    author = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="voices"
    )
    # In-store voices (kiosk comments and ideas): the store, a segment of the dashboard.
    store = models.ForeignKey(
        "instore.Store", on_delete=models.SET_NULL, null=True, blank=True, related_name="voices"
    )
    # Imported voices: where they come from (file or platform) and their id there.
    source = models.CharField(max_length=80, blank=True)
    external_id = models.CharField(max_length=120, blank=True)
    label = models.CharField(max_length=200, blank=True)  # a reference label (evaluation only)
    # Where the contribution is read (a local path), for voices fed through the stream.
    url = models.CharField(max_length=300, blank=True)
    title = models.CharField(max_length=300, blank=True)
    text = models.TextField()
    language = models.CharField(_("language"), max_length=8, blank=True)  # fr, en, or "other"
    member_tier = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(db_index=True)
    # Analysis, filled by the pipeline (analysed_at is None until then).
    analysed_at = models.DateTimeField(null=True, blank=True)
    lemmas = models.TextField(blank=True)
    keywords = models.JSONField(default=list, blank=True)
    sentiment = models.FloatField(null=True, blank=True)  # -1 (negative) .. 1 (positive)
    embedding = models.BinaryField(null=True, blank=True)  # float32, L2-normalised
    # Similarity: a vector per text of ``analysis.vectors.texts_of`` (k x 512 float16).
    vectors = models.BinaryField(null=True, blank=True)
    theme = models.ForeignKey(
        "Theme", on_delete=models.SET_NULL, null=True, blank=True, related_name="voices"
    )
    theme_similarity = models.FloatField(null=True, blank=True)
    # Praise, "+1", thanks (analysis.support): counted as support of its theme, never quoted.
    low_information = models.BooleanField(default=False)
    # Failed analyses so far: ``analyse_pending`` retries a voice a few times, then leaves it.
    analysis_attempts = models.PositiveSmallIntegerField(default=0)

    objects = VoiceQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["brand", "created_at"]),
            models.Index(fields=["brand", "channel", "created_at"]),
            models.Index(fields=["brand", "theme"]),
            # The similar-ideas cache asks "how many analysed ideas, analysed last when?".
            models.Index(fields=["campaign", "channel", "analysed_at"]),
            models.Index(fields=["brand", "analysed_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["brand", "source", "external_id"],
                condition=~Q(source=""),
                name="voice_import_once",
            ),
        ]


class Theme(models.Model):
    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="themes")
    label = models.CharField(_("label"), max_length=200)
    keyphrases = models.JSONField(default=list)
    size = models.PositiveIntegerField(default=0)
    sentiment = models.FloatField(null=True, blank=True)
    growth = models.FloatField(null=True, blank=True)  # share change over the chosen window
    support = models.PositiveIntegerField(default=0)  # low-information voices attached to it
    summary = models.TextField(blank=True)  # one sentence its voices say (extractive)
    centroid = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-size"]


class Need(models.Model):
    """A sentence that expresses a need or a wish ("il faudrait…", "I wish…")."""

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="needs")
    voice = models.ForeignKey(Voice, on_delete=models.CASCADE, related_name="needs")
    sentence = models.TextField()
    cue = models.CharField(max_length=60)

    class Meta:
        indexes = [models.Index(fields=["brand", "voice"])]


class AnalysisRun(models.Model):
    """A batch recomputation (themes) and its progress, shown as a progress bar."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="analysis_runs")
    kind = models.CharField(max_length=20, default="themes")
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    @property
    def progress(self) -> float:
        return self.done / self.total if self.total else 0.0


class DuplicateDismissal(models.Model):
    """The brand team said "not a duplicate" for this pair: it is never suggested again."""

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="+")
    older = models.ForeignKey("ideas.Idea", on_delete=models.CASCADE, related_name="+")
    newer = models.ForeignKey("ideas.Idea", on_delete=models.CASCADE, related_name="+")
    dismissed_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["older", "newer"], name="duplicate_dismissed_once"),
            models.CheckConstraint(
                condition=~Q(older=models.F("newer")), name="duplicate_dismissal_two_ideas"
            ),
        ]
