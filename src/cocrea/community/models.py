"""The brand community: stories (experience sharing), questions and answers, follows.

Counters on ``Story``, ``Question`` and ``Answer`` move with ``F()`` beside the rows they count.
Hiding by moderators is recorded in ``CommunityDecision`` (append-only, like
``moderation.ModerationDecision``, whose targets are ideas and comments only).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cocrea.brands.models import Brand, Membership
from cocrea.campaigns.models import Tag


class Story(models.Model):
    """A member's experience: what they did with the brand's products, told to the community."""

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="stories")
    author = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="stories")
    title = models.CharField(_("title"), max_length=140)
    body = models.TextField(_("story"))  # sanitised HTML
    body_text = models.TextField(blank=True)
    # Optional structured figures, validated by ``figures.clean_figures``: {"distance": 5.2, …}
    figures = models.JSONField(default=dict, blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="stories", verbose_name=_("tags"))
    comment_count = models.PositiveIntegerField(default=0)
    rating_count = models.PositiveIntegerField(default=0)
    rating_sum = models.PositiveIntegerField(default=0)
    is_hidden = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(fields=["brand", "-created_at", "-id"], name="story_newest"),
            models.Index(fields=["author", "-created_at"], name="story_author"),
        ]
        verbose_name = _("story")
        verbose_name_plural = _("stories")

    def __str__(self) -> str:
        return self.title

    @property
    def rating_average(self) -> float | None:
        return self.rating_sum / self.rating_count if self.rating_count else None


class StoryPhoto(models.Model):
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(upload_to="stories/%Y/%m/")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]


class StoryComment(models.Model):
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(_("comment"))  # plain text, escaped on output
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["story", "created_at"])]


class StoryRating(models.Model):
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="ratings")
    member = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    stars = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["story", "member"], name="story_rating_once"),
            models.CheckConstraint(
                condition=Q(stars__gte=1, stars__lte=5), name="story_rating_1_to_5"
            ),
        ]


class Question(models.Model):
    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="questions")
    author = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="questions")
    title = models.CharField(_("question"), max_length=160)
    body = models.TextField(_("details"), blank=True)  # sanitised HTML
    body_text = models.TextField(blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="questions", verbose_name=_("tags"))
    answer_count = models.PositiveIntegerField(default=0)
    resolved_at = models.DateTimeField(null=True, blank=True)  # a helpful answer is marked
    is_hidden = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(fields=["brand", "-created_at", "-id"], name="question_newest"),
            models.Index(fields=["brand", "answer_count", "-created_at"], name="question_open"),
        ]
        verbose_name = _("question")

    def __str__(self) -> str:
        return self.title


class Answer(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    author = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="answers")
    body = models.TextField(_("answer"))  # sanitised HTML
    body_text = models.TextField(blank=True)
    upvote_count = models.PositiveIntegerField(default=0)
    is_helpful = models.BooleanField(default=False)
    is_hidden = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["question"], condition=Q(is_helpful=True), name="answer_one_helpful"
            )
        ]
        indexes = [models.Index(fields=["question", "created_at"])]

    def __str__(self) -> str:
        return f"answer {self.pk} to {self.question_id}"


class AnswerVote(models.Model):
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="votes")
    member = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["answer", "member"], name="answer_vote_once")
        ]


class HelpfulMark(models.Model):
    """Append-only: who marked (or unmarked) which answer as the helpful one, and when."""

    class Action(models.TextChoices):
        MARK = "mark", _("Marked helpful")
        UNMARK = "unmark", _("Mark removed")

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="marks")
    actor = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")
    action = models.CharField(max_length=8, choices=Action.choices)
    # The answerer's credit a mark wrote in the engagement ledger: an unmark cancels exactly
    # that one (the same answerer may hold several credits from the same asker).
    credit = models.ForeignKey(
        "engagement.EngagementEvent",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]


class MemberFollow(models.Model):
    follower = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="following")
    followed = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="followers")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["follower", "followed"], name="member_follow_once"),
            models.CheckConstraint(
                condition=~Q(follower=models.F("followed")), name="member_follow_not_self"
            ),
        ]


class TopicFollow(models.Model):
    member = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="topic_follows")
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="followers")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["member", "tag"], name="topic_follow_once")]


_ONE_TARGET = (
    Q(story__isnull=False, question__isnull=True, answer__isnull=True)
    | Q(story__isnull=True, question__isnull=False, answer__isnull=True)
    | Q(story__isnull=True, question__isnull=True, answer__isnull=False)
)


class CommunityReport(models.Model):
    """A member flags a story, question or answer for the moderators."""

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="+")
    reporter = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    story = models.ForeignKey(Story, on_delete=models.CASCADE, null=True, blank=True)
    question = models.ForeignKey(Question, on_delete=models.CASCADE, null=True, blank=True)
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=12)  # moderation.Report.Reason values
    details = models.CharField(_("details"), max_length=500, blank=True)
    state = models.CharField(max_length=8, choices=State.choices, default=State.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.CheckConstraint(condition=_ONE_TARGET, name="community_report_one")]
        indexes = [models.Index(fields=["brand", "state", "created_at"])]


class CommunityDecision(models.Model):
    """Append-only audit of a moderator hiding or restoring a story, question or answer."""

    class Action(models.TextChoices):
        HIDE = "hide", _("Hidden")
        RESTORE = "restore", _("Restored")

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    story = models.ForeignKey(Story, on_delete=models.CASCADE, null=True, blank=True)
    question = models.ForeignKey(Question, on_delete=models.CASCADE, null=True, blank=True)
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, null=True, blank=True)
    action = models.CharField(max_length=10, choices=Action.choices)
    reason = models.CharField(_("reason"), max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.CheckConstraint(condition=_ONE_TARGET, name="community_decision_one")]
