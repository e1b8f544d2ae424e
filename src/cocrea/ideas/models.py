from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cocrea.brands.models import Brand, Membership
from cocrea.campaigns.models import Campaign, Category, Tag


class Idea(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("New")
        UNDER_REVIEW = "under_review", _("Under review")
        ACCEPTED = "accepted", _("Accepted")
        IN_DEVELOPMENT = "in_development", _("In development")
        LAUNCHED = "launched", _("Launched")
        DECLINED = "declined", _("Declined")
        MERGED = "merged", _("Merged")

    # No single-column indexes: the composite ones below start with brand and campaign. Every
    # vote rewrites the idea row with all its indexes, so each one it does without counts.
    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="ideas", db_index=False)
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="ideas", db_index=False
    )
    author = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="ideas")
    title = models.CharField(_("title"), max_length=140)
    body = models.TextField(_("description"))  # sanitised HTML
    body_text = models.TextField(blank=True)  # plain text of body, for search and previews
    category = models.ForeignKey(
        Category, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("category")
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="ideas", verbose_name=_("tags"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.NEW
    )
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="merged_ideas"
    )
    # Counters kept exact with F() updates beside the rows they count; rebuildable by command.
    support_count = models.PositiveIntegerField(default=0)
    comment_count = models.PositiveIntegerField(default=0)
    rating_count = models.PositiveIntegerField(default=0)
    rating_sum = models.PositiveIntegerField(default=0)
    # Reddit-style "hot" score: log10(supports) + created/45000s. Grows with votes, never needs
    # recomputation for age, so the trending sort is one index scan.
    trending_score = models.FloatField(default=0.0)
    is_hidden = models.BooleanField(default=False)  # hidden by a moderator
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(fields=["campaign", "-trending_score", "-id"], name="idea_trending"),
            models.Index(fields=["campaign", "-support_count", "-id"], name="idea_supported"),
            models.Index(fields=["campaign", "-created_at", "-id"], name="idea_newest"),
            models.Index(fields=["campaign", "-answered_at", "-id"], name="idea_answered"),
            models.Index(fields=["campaign", "status"], name="idea_status"),
            models.Index(fields=["brand", "status", "-answered_at"], name="idea_brand_status"),
        ]
        verbose_name = _("idea")

    def __str__(self) -> str:
        return self.title

    @property
    def rating_average(self) -> float | None:
        return self.rating_sum / self.rating_count if self.rating_count else None


class IdeaImage(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(upload_to="ideas/%Y/%m/")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]


class IdeaSearch(models.Model):
    """An idea's full-text document, for the campaign page's search on PostgreSQL.

    Kept out of the idea's row on purpose: every vote rewrites that row (its counters and the
    trending score are indexed, so the update is never HOT), and a GIN index on the row itself
    would compute the document again and insert every one of its words on each vote. Triggers
    (migration 0004) write it when an idea is created or its title or text change; SQLite
    searches with LIKE and leaves this table empty."""

    idea = models.OneToOneField(Idea, on_delete=models.CASCADE, primary_key=True, related_name="+")
    document = SearchVectorField()


class Vote(models.Model):
    """A member's support for an idea: one per member per idea, stated by the database."""

    # Indexed by ``vote_once`` (idea, member) and by (member, idea) below: no single-column ones.
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="votes", db_index=False)
    member = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="votes", db_index=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["idea", "member"], name="vote_once")]
        indexes = [models.Index(fields=["member", "idea"])]


class Rating(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="ratings")
    member = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="ratings")
    stars = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["idea", "member"], name="rating_once"),
            models.CheckConstraint(condition=Q(stars__gte=1, stars__lte=5), name="rating_1_to_5"),
        ]


class Follow(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="follows")
    member = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["idea", "member"], name="follow_once")]


class Comment(models.Model):
    """A threaded comment. Deleting keeps the row (replies stay attached) and blanks the text."""

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="comments")
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    body = models.TextField(_("comment"))  # plain text, escaped on output
    upvote_count = models.PositiveIntegerField(default=0)
    is_hidden = models.BooleanField(default=False)
    is_official = models.BooleanField(default=False)  # written by the brand team
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["idea", "created_at"])]


class CommentVote(models.Model):
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="upvotes")
    member = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="comment_votes")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "member"], name="comment_vote_once")
        ]


class StatusChange(models.Model):
    """The brand's official answer: an append-only ledger of status changes (the audit trail)."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="status_changes")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    from_status = models.CharField(max_length=16, choices=Idea.Status.choices)
    to_status = models.CharField(max_length=16, choices=Idea.Status.choices)
    answer = models.TextField(_("official answer"), blank=True)  # sanitised HTML
    merged_into = models.ForeignKey(
        Idea, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]


class Assignment(models.Model):
    """Who in the brand team takes care of answering an idea (one at a time).

    A table of its own rather than a column of ``Idea``: every vote rewrites the idea row, and
    the assignment changes rarely and is read only by the team's triage pages.
    """

    idea = models.OneToOneField(Idea, on_delete=models.CASCADE, related_name="assignment")
    assignee = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="assigned_ideas"
    )
    assigned_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    assigned_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["assignee", "idea"], name="assignment_by_member")]

    def __str__(self) -> str:
        return f"{self.idea_id} → {self.assignee_id}"
