"""Influencer partnerships: the capsule-collection loop (docs/influencers.md).

A brand invites a member with the influencer role into a ``Partnership`` (a capsule, goals,
dates, terms). She has one ``Space`` in the brand: her page, public or for her followers only.
Her invitation link (her referral link of ``engagement``) brings followers in, each attributed
to her once (``Follower.attributed``). In her space she runs feedback rounds: polls (the
``polls`` part, scope "space"), open questions (``Response``) and mood boards (``MoodPicture``).
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cocrea.brands.models import Brand, Membership
from cocrea.polls.models import Poll


class Partnership(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACTIVE = "active", _("Active")
        ENDED = "ended", _("Ended")

    class Terms(models.TextChoices):
        ROYALTY = "royalty", _("Royalty share")
        FEE = "fee", _("Fee")

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="partnerships")
    influencer = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="partnerships"
    )
    capsule_name = models.CharField(_("capsule name"), max_length=120)
    goals = models.TextField(_("goals"), blank=True, max_length=2000)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    terms = models.CharField(_("terms"), max_length=10, choices=Terms.choices)
    royalty_percent = models.DecimalField(
        _("royalty share (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100"))],
    )
    fee = models.DecimalField(_("fee"), max_digits=12, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    # The programme whose budget it draws on (docs/programmes.md); the brand's default one
    # unless chosen. ``cost`` is what programmes add up (``selectors.partnership_cost``).
    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="partnerships",
        verbose_name=_("programme"),
    )
    created_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="partnership_dates_in_order"
            ),
            models.CheckConstraint(
                condition=Q(terms="royalty", royalty_percent__gt=0, royalty_percent__lte=100)
                | Q(terms="fee", fee__gt=0),
                name="partnership_terms_stated",
            ),
        ]
        verbose_name = _("partnership")

    def __str__(self) -> str:
        return self.capsule_name

    @property
    def cost(self) -> Decimal:
        """What the partnership costs the brand up front (a royalty is paid on sales)."""
        if self.terms == self.Terms.FEE and self.fee is not None:
            return self.fee
        return Decimal("0")


class Space(models.Model):
    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        FOLLOWERS = "followers", _("Her followers only")

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="spaces")
    influencer = models.OneToOneField(Membership, on_delete=models.CASCADE, related_name="space")
    partnership = models.ForeignKey(
        Partnership, on_delete=models.SET_NULL, null=True, blank=True, related_name="spaces"
    )
    title = models.CharField(_("name of the space"), max_length=80)
    bio = models.TextField(_("bio"), blank=True, max_length=2000)
    photo = models.ImageField(_("photo"), upload_to="spaces/%Y/%m/", blank=True)
    links = models.JSONField(_("links to her channels"), default=list, blank=True)
    visibility = models.CharField(
        _("who sees it"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    follower_count = models.PositiveIntegerField(default=0)  # moved with F() beside Follower
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("influencer's space")

    def __str__(self) -> str:
        return self.title


class Follower(models.Model):
    """A member who follows a space; ``attributed`` when she joined the brand through it."""

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="followers")
    member = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="follows_spaces")
    attributed = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["space", "member"], name="follower_once"),
            # A member is brought into the brand by one influencer at most.
            models.UniqueConstraint(
                fields=["member"], condition=Q(attributed=True), name="follower_attributed_once"
            ),
        ]


class Round(models.Model):
    """A feedback round in a space: a poll, an open question or a mood board."""

    class Kind(models.TextChoices):
        POLL = "poll", _("Poll")
        QUESTION = "question", _("Open question")
        MOODBOARD = "moodboard", _("Mood board")

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="rounds")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    prompt = models.CharField(_("prompt"), max_length=200, blank=True)
    poll = models.OneToOneField(
        Poll, on_delete=models.CASCADE, null=True, blank=True, related_name="round"
    )
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="poll", poll__isnull=False) | (~Q(kind="poll") & Q(poll=None)),
                name="round_poll_for_polls",
            )
        ]

    def __str__(self) -> str:
        return self.prompt or str(self.poll)


class Response(models.Model):
    """A follower's answer to an open question: a quotable contribution."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="responses")
    member = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(_("answer"), max_length=2000)
    is_hidden = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]


class MoodPicture(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="pictures")
    member = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    image = models.ImageField(upload_to="moodboards/%Y/%m/")
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    heart_count = models.PositiveIntegerField(default=0)
    is_hidden = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-heart_count", "-id"]


class Heart(models.Model):
    picture = models.ForeignKey(MoodPicture, on_delete=models.CASCADE, related_name="hearts")
    member = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["picture", "member"], name="heart_once")]


# --- The synthesis ---------------------------------------------------------------------------


class Synthesis(models.Model):
    """What her community wants, written by her as claims that cite their evidence.

    ``version`` grows with every save; a save must name the version it was written on, so an
    edit made meanwhile by someone else is refused rather than overwritten. Each version's
    claims and citations are kept in ``SynthesisVersion``."""

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="syntheses")
    title = models.CharField(_("title"), max_length=140)
    version = models.PositiveIntegerField(default=1)
    author = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("synthesis")

    def __str__(self) -> str:
        return self.title


class SynthesisVersion(models.Model):
    synthesis = models.ForeignKey(Synthesis, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    snapshot = models.JSONField()  # {"title": ..., "claims": [{"kind", "text", "citations"}]}
    author = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["synthesis", "number"], name="synthesis_version_once")
        ]


class Claim(models.Model):
    class Kind(models.TextChoices):
        MUST_HAVE = "must_have", _("Must-have")
        NO_GO = "no_go", _("No-go")
        OPEN = "open", _("Open question")

    class Decision(models.TextChoices):
        PENDING = "pending", _("Waiting for the brand")
        ACCEPTED = "accepted", _("Accepted")
        QUESTIONED = "questioned", _("Questioned")

    synthesis = models.ForeignKey(Synthesis, on_delete=models.CASCADE, related_name="claims")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    text = models.CharField(_("claim"), max_length=300)
    position = models.PositiveSmallIntegerField(default=0)
    decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.PENDING)
    reply = models.TextField(_("reply"), blank=True, max_length=2000)
    decided_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text


class Citation(models.Model):
    """One piece of evidence for a claim: a quote (a follower's answer), a poll's result, a
    mood-board picture and its hearts, or a theme of the insight engine (its label kept)."""

    class Kind(models.TextChoices):
        QUOTE = "quote", _("Quote")
        POLL = "poll", _("Poll result")
        PICTURE = "picture", _("Mood-board picture")
        THEME = "theme", _("Theme")

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="citations")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, null=True, blank=True, related_name="citations"
    )
    poll = models.ForeignKey(
        Poll, on_delete=models.CASCADE, null=True, blank=True, related_name="citations"
    )
    picture = models.ForeignKey(
        MoodPicture, on_delete=models.CASCADE, null=True, blank=True, related_name="citations"
    )
    theme = models.ForeignKey(
        "insights.Theme", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    label = models.CharField(max_length=200, blank=True)  # a theme's label when cited

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="quote", response__isnull=False)
                | Q(kind="poll", poll__isnull=False)
                | Q(kind="picture", picture__isnull=False)
                | Q(kind="theme"),
                name="citation_names_its_evidence",
            )
        ]


# --- From synthesis to product ---------------------------------------------------------------


class CapsuleStep(models.Model):
    """What an accepted claim opened: a brief (an idea campaign), a design contest with her as
    capsule partner and juror, or a customizer product. One of each kind a claim at most
    (``capsule_step_once``): a retried request opens nothing twice. The claim's text is kept,
    since a new version of the synthesis replaces its claims."""

    class Kind(models.TextChoices):
        BRIEF = "brief", _("Brief")
        CONTEST = "contest", _("Capsule contest")
        PRODUCT = "product", _("Capsule product")

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="capsule_steps")
    claim = models.ForeignKey(
        Claim, on_delete=models.SET_NULL, null=True, blank=True, related_name="steps"
    )
    claim_text = models.CharField(max_length=300)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    product = models.ForeignKey(
        "customizer.Product", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "kind"], name="capsule_step_once"),
            models.CheckConstraint(
                condition=Q(kind="product", product__isnull=False)
                | (~Q(kind="product") & Q(campaign__isnull=False)),
                name="capsule_step_names_its_outcome",
            ),
        ]
