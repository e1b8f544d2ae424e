from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cocrea.brands.models import Brand, Membership


class Campaign(models.Model):
    class Kind(models.TextChoices):
        IDEAS = "ideas", _("Idea challenge")
        CONTEST = "contest", _("Design contest")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        MEMBERS = "members", _("Members of the brand")
        INVITED = "invited", _("Invited members only")

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="campaigns")
    slug = models.SlugField(_("address"), max_length=60)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.IDEAS)
    title = models.CharField(_("title"), max_length=120)
    objective = models.CharField(_("objective"), max_length=280)
    description = models.TextField(_("description"), blank=True)  # sanitised HTML
    cover = models.ImageField(_("cover image"), upload_to="campaigns/covers/%Y/%m/", blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    allow_rating = models.BooleanField(_("members may rate ideas (1 to 5 stars)"), default=False)
    created_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Every campaign (idea challenge, contest, lead-user panel) belongs to one of its brand's
    # programmes; RESTRICT: a programme that still holds campaigns cannot be deleted by itself.
    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.RESTRICT,
        related_name="campaigns",
        verbose_name=_("programme"),
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["brand", "slug"], name="campaign_slug_per_brand")
        ]
        ordering = ["-created_at"]
        verbose_name = _("campaign")

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.programme_id is None and self.brand_id is not None:
            # A campaign created without a programme (a factory, a bench, the admin, an app
            # that predates programmes) joins its brand's default programme: the column is
            # NOT NULL, and this is the one place that knows the default.
            from cocrea.programmes.services import default_programme

            self.programme = default_programme(brand_id=self.brand_id)
        super().save(*args, **kwargs)

    @classmethod
    def from_db(cls, db: Any, field_names: Any, values: Any) -> Campaign:
        campaign = super().from_db(db, field_names, values)
        # The slug it was read with: a renamed campaign's old cache entry is deleted too.
        campaign._loaded_slug = campaign.__dict__.get("slug")  # type: ignore[attr-defined]
        return campaign


class Phase(models.Model):
    """A dated stage of a campaign.

    The phase whose window holds *now* decides what members may do.
    """

    class Kind(models.TextChoices):
        SUBMISSION = "submission", _("Submission")
        VOTING = "voting", _("Voting")
        REVIEW = "review", _("Review")
        RESULTS = "results", _("Results")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="phases")
    kind = models.CharField(_("phase"), max_length=12, choices=Kind.choices)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "kind"], name="phase_kind_once"),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=models.F("starts_at")),
                name="phase_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.label}"

    @property
    def label(self) -> str:
        """The phase's name as members read it: a contest's phases take designs, not ideas."""
        return phase_label(self.campaign.kind, self.kind)


# A contest names its phases after what happens in them (designs come in, the public votes,
# the jury marks); an idea campaign keeps the kinds' own names.
CONTEST_PHASE_LABELS: dict[str, Any] = {
    Phase.Kind.SUBMISSION: pgettext_lazy("contest phase", "Design submission"),
    Phase.Kind.VOTING: pgettext_lazy("contest phase", "Public vote"),
    Phase.Kind.REVIEW: pgettext_lazy("contest phase", "Jury"),
    Phase.Kind.RESULTS: pgettext_lazy("contest phase", "Results"),
}


def phase_label(campaign_kind: str, kind: str) -> str:
    """One definition of a phase's name, for campaign pages, contest pages and the console."""
    if campaign_kind == Campaign.Kind.CONTEST:
        return str(CONTEST_PHASE_LABELS[kind])
    return str(Phase.Kind(kind).label)


class Category(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(_("name"), max_length=60)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "name"], name="category_name_per_campaign")
        ]
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.name


class Tag(models.Model):
    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="tags")
    name = models.CharField(_("name"), max_length=40)
    slug = models.SlugField(max_length=40)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["brand", "slug"], name="tag_slug_per_brand")]

    def __str__(self) -> str:
        return self.name


class Invitation(models.Model):
    """Who may enter an invitation-only campaign."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="invitations")
    member = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="invitations")
    invited_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "member"], name="invitation_once")
        ]

    def __str__(self) -> str:
        return f"{self.member} → {self.campaign}"


class PhaseChange(models.Model):
    """Audit trail: a brand admin moved a campaign from one phase to another by hand."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="phase_changes")
    actor = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")
    from_kind = models.CharField(max_length=12, choices=Phase.Kind.choices, blank=True)
    to_kind = models.CharField(max_length=12, choices=Phase.Kind.choices)
    changed_at = models.DateTimeField()

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = _("phase change")

    def __str__(self) -> str:
        return f"{self.campaign}: {self.from_kind or '-'} → {self.to_kind}"
