"""In-store co-creation: a brand's stores and product catalogue, the devices in its stores, and
the signals they send (coups de cœur, product views, ratings, comments and ideas).

A device's secret is shown once, when it is made or rotated; only its SHA-256 is stored, as for
API keys. A signal carries the id its device gave it: ``(device, client_id)`` is unique, so a
device that retries after a network loss never counts twice, whatever the retry sends.
A bracelet or card id is never stored: only a keyed hash of it (``tag_hash``).
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocrea.brands.models import Brand, Membership


class Store(models.Model):
    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="stores")
    code = models.CharField(_("store code"), max_length=32)
    name = models.CharField(_("name"), max_length=120)
    city = models.CharField(_("city"), max_length=80, blank=True)
    region = models.CharField(_("region"), max_length=80, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default="Europe/Paris")
    opening_hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    is_active = models.BooleanField(_("open"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["brand", "code"], name="instore_store_code_once"),
        ]
        verbose_name = _("store")

    def __str__(self) -> str:
        return self.name


class Product(models.Model):
    """A product of the brand's catalogue (the customizer's products are the configurable ones;
    a catalogue product may point to one)."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("On sale")
        COMING = "coming", _("Coming soon")
        DISCONTINUED = "discontinued", _("Discontinued")

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="catalogue_products")
    sku = models.CharField(_("reference"), max_length=64)
    name = models.CharField(_("name"), max_length=160)
    category = models.CharField(_("category"), max_length=80, blank=True)
    price = models.DecimalField(
        _("price"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    picture = models.ImageField(_("picture"), upload_to="instore/products/", blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE
    )
    customizer_product = models.ForeignKey(
        "customizer.Product",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="catalogue_products",
        verbose_name=_("customizer product"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["brand", "sku"], name="instore_product_sku_once"),
        ]
        verbose_name = _("product")

    def __str__(self) -> str:
        return f"{self.name} ({self.sku})"


class Device(models.Model):
    class Kind(models.TextChoices):
        KIOSK = "kiosk", _("Kiosk")
        BRACELET_STATION = "bracelet_station", _("Bracelet station")
        SHELF_QR = "shelf_qr", _("Shelf QR codes")

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="devices")
    store = models.ForeignKey(Store, on_delete=models.RESTRICT, related_name="devices")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=80)
    prefix = models.CharField(max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64)
    created_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    rotated_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_seen_at = models.DateTimeField(null=True, blank=True)
    # The device's clock minus the server's at its last batch, in seconds (health page).
    clock_skew_s = models.IntegerField(default=0)

    class Meta:
        ordering = ["store__name", "name", "id"]
        indexes = [models.Index(fields=["brand", "store"], name="instore_device_store")]
        verbose_name = _("device")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class Signal(models.Model):
    """One thing a shopper did on a device. Append-only: counts are derived from these rows."""

    class Kind(models.TextChoices):
        HEART = "heart", _("Coup de cœur")
        VIEW = "view", _("Product viewed")
        RATING = "rating", _("Rating")
        COMMENT = "comment", _("Comment")
        IDEA = "idea", _("Idea")

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="+")
    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="signals")
    device = models.ForeignKey(Device, on_delete=models.RESTRICT, related_name="signals")
    client_id = models.CharField(max_length=64)  # the device's own id of the signal
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, null=True, blank=True, related_name="signals"
    )
    rating = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    text = models.TextField(blank=True)
    language = models.CharField(max_length=8, blank=True)
    # A keyed hash of a bracelet or loyalty card id (never the id itself).
    tag_hash = models.CharField(max_length=64, blank=True)
    device_time = models.DateTimeField()  # when it happened, by the device's clock
    occurred_at = models.DateTimeField()  # the same moment, corrected by the clock's skew
    received_at = models.DateTimeField(default=timezone.now)  # the server's clock

    class Meta:
        ordering = ["-occurred_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["device", "client_id"], name="instore_signal_once"),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="instore_signal_rating_1_5",
            ),
        ]
        indexes = [
            models.Index(fields=["brand", "occurred_at"], name="instore_signal_brand_time"),
            models.Index(fields=["product", "occurred_at"], name="instore_signal_product_time"),
            models.Index(fields=["store", "occurred_at"], name="instore_signal_store_time"),
        ]
        verbose_name = _("in-store signal")

    def __str__(self) -> str:
        return f"{self.kind} {self.client_id}"


class SignalDaily(models.Model):
    """Signals of one kind about one product in one store on one day (the store's local day):
    the dashboard reads these, never the raw signals. Filled by the ingest in the same
    transaction as the signals it counts; ``daily_rebuild`` recomputes them from the signals."""

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="+")
    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="+")
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Signal.Kind.choices)
    day = models.DateField()
    count = models.PositiveIntegerField(default=0)
    rating_sum = models.PositiveIntegerField(default=0)  # for ratings: the mean is sum / count

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["store", "product", "kind", "day"], name="instore_daily_once"
            ),
        ]
        indexes = [
            models.Index(fields=["brand", "kind", "day"], name="instore_daily_brand_kind_day"),
        ]


class TagLink(models.Model):
    """A bracelet or loyalty card a member linked to her account, with her explicit consent.

    Kept as the same keyed hash as the signals' ``tag_hash`` (``tags.tag_hash``), never the id
    itself. A tag is linked to one member of the brand at a time; unlinking deletes the row, and
    the tag's later signals are anonymous again. A tag never linked stays anonymous: nothing
    ties its signals to a person."""

    class Kind(models.TextChoices):
        BRACELET = "bracelet", _("Bracelet")
        CARD = "card", _("Loyalty card")

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="tag_links")
    tag_hash = models.CharField(max_length=64)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    consented_at = models.DateTimeField()  # when she agreed (the linking itself)

    class Meta:
        ordering = ["consented_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["brand", "tag_hash"], name="instore_tag_linked_once"),
        ]
        verbose_name = _("linked bracelet or card")

    def __str__(self) -> str:
        return f"{self.kind} of {self.member_id}"


class ListItem(models.Model):
    """A signal of a member's linked tag, in her "Ma liste": one per signal (so the
    ``instore_signal`` credit it carries is given once), made when the signal is kept."""

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="instore_list")
    signal = models.OneToOneField(Signal, on_delete=models.CASCADE, related_name="list_item")
    # The idea she made of it (through the ideas' services), if any.
    idea = models.ForeignKey(
        "ideas.Idea", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["member", "-created_at"], name="instore_list_member")]

    def __str__(self) -> str:
        return f"{self.signal_id} in the list of {self.member_id}"
