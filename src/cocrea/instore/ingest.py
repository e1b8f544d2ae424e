"""Signals sent by devices: checked one by one, kept once, whatever the retries.

``signals_ingest`` takes a batch (up to ``BATCH_MAX``) of raw JSON objects from one device and
answers one result per signal, in order: ``accepted`` (kept now), ``duplicate`` (kept before:
the device may forget it) or ``refused`` (with a 4xx-style error: the device must not send it
again). A refused signal never stops the good ones of its batch.

Exactly once: ``(device, client_id)`` is unique in the database; the batch's new rows are
inserted with ``ON CONFLICT DO NOTHING``, and the rows this call really inserted are told apart
by their ``received_at`` (the call's own clock reading), so two concurrent retries of one batch
count each signal once and credit, tell webhooks and feed insights once.

Clocks: the device says when each signal happened (``at``) and, for the batch, when it sent it
(``sent_at``), both by its own clock. The server's clock minus ``sent_at`` is the device's skew;
each ``at`` is corrected by it. A kiosk whose clock is three hours off (or back in 1970 after a
power cut) thus records the right moment. A corrected time still in the future, or older than
``SIGNAL_MAX_AGE_DAYS``, is refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from cocrea.core.text import clean_text, has_nul
from cocrea.instore.daily import daily_add
from cocrea.instore.followers import signals_follow
from cocrea.instore.models import Device, Product, Signal
from cocrea.instore.tags import tag_hash

BATCH_MAX = 500
TEXT_MAX = 1000
FUTURE_TOLERANCE = timedelta(minutes=5)
Kind = Literal["heart", "view", "rating", "comment", "idea"]
NEEDS_PRODUCT = {"heart", "view", "rating"}
NEEDS_TEXT = {"comment", "idea"}


class SignalIn(BaseModel):
    """One signal as a device sends it."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: str = Field(
        min_length=1,
        max_length=64,
        pattern=r"^[A-Za-z0-9_.:\-]+$",
        description="The device's own unique id of this signal (a UUID is fine): a signal sent "
        "again with the same id is counted once.",
    )
    kind: Kind
    at: datetime = Field(description="When it happened, by the device's clock (ISO 8601).")
    product_id: int | None = Field(None, ge=1, le=2**63 - 1)
    sku: str | None = Field(None, min_length=1, max_length=64, description="Or the reference")
    store_id: int | None = Field(None, ge=1, le=2**63 - 1, description="The device's store")
    rating: int | None = Field(None, ge=1, le=5)
    text: str | None = Field(None, description=f"Comment or idea, at most {TEXT_MAX} characters")
    language: Literal["fr", "en"] | None = None
    tag: str | None = Field(
        None,
        min_length=1,
        max_length=128,
        description="A bracelet or loyalty card id: only a keyed hash of it is stored.",
    )


class BatchIn(BaseModel):
    """A batch of signals (the documented shape: each item is checked on its own)."""

    sent_at: datetime | None = Field(
        None, description="When the device sent the batch, by its clock: corrects its skew."
    )
    signals: list[SignalIn] = Field(max_length=BATCH_MAX)


@dataclass
class Result:
    id: str | None
    status: str  # accepted, duplicate, refused
    http: int
    error: dict[str, Any] | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "status": self.status, "http": self.http, "error": self.error}


@dataclass
class Outcome:
    results: list[Result]
    skew_s: int
    created: list[Signal] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for result in self.results if result.status == status)


class Refused(Exception):
    def __init__(self, http: int, code: str, detail: str, errors: list | None = None) -> None:
        super().__init__(detail)
        self.http, self.code, self.detail, self.errors = http, code, detail, errors or []


class BatchTooLarge(Exception):
    pass


def _aware(value: datetime) -> datetime:
    return timezone.make_aware(value, UTC) if timezone.is_naive(value) else value


def _errors(error: ValidationError) -> list[dict[str, Any]]:
    return [
        {"loc": ["body", *[str(part) for part in item.get("loc", ())]],
         "msg": str(item.get("msg", "")), "type": str(item.get("type", "invalid"))}
        for item in error.errors()
    ]  # fmt: skip


def _parse(raw: Any) -> SignalIn:
    if not isinstance(raw, dict):
        raise Refused(422, "invalid", _("A signal is a JSON object."))
    if _holds_nul(raw):
        raise Refused(400, "nul_byte", _("The signal contains a NUL character."))
    try:
        signal = SignalIn.model_validate(raw)
    except ValidationError as error:
        raise Refused(422, "invalid", _("Invalid signal."), _errors(error)) from None
    return signal


def _holds_nul(value: Any) -> bool:
    if isinstance(value, str):
        return has_nul(value)
    if isinstance(value, dict):
        return any(_holds_nul(k) or _holds_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_holds_nul(item) for item in value)
    return False


@dataclass
class _Context:
    device: Device
    now: datetime
    skew: timedelta
    products: dict[int, Product]
    by_sku: dict[str, Product]


def _when(signal: SignalIn, ctx: _Context) -> datetime:
    try:
        occurred = _aware(signal.at) + ctx.skew
    except OverflowError:
        raise Refused(422, "invalid_time", _("This time cannot be read.")) from None
    if occurred > ctx.now + FUTURE_TOLERANCE:
        raise Refused(422, "in_future", _("This signal's time is in the future."))
    if occurred < ctx.now - timedelta(days=settings.INSTORE_SIGNAL_MAX_AGE_DAYS):
        detail = _("This signal is older than %(days)d days.")
        raise Refused(422, "too_old", detail % {"days": settings.INSTORE_SIGNAL_MAX_AGE_DAYS})
    return occurred


def _product(signal: SignalIn, ctx: _Context) -> Product | None:
    product = None
    if signal.product_id is not None:
        product = ctx.products.get(signal.product_id)
    elif signal.sku is not None:
        product = ctx.by_sku.get(signal.sku)
    if (signal.product_id is not None or signal.sku is not None) and product is None:
        raise Refused(404, "unknown_product", _("There is no such product."))
    if product is None and signal.kind in NEEDS_PRODUCT:
        raise Refused(422, "required", _("This kind of signal needs a product."))
    return product


def _text(signal: SignalIn) -> str:
    text = clean_text(signal.text or "").strip()
    if signal.kind in NEEDS_TEXT and not text:
        raise Refused(422, "required", _("A comment or an idea needs a text."))
    if len(text) > TEXT_MAX:
        detail = _("A comment or an idea is limited to %(max)d characters.") % {"max": TEXT_MAX}
        raise Refused(422, "too_long", detail)
    return text


def _build(signal: SignalIn, ctx: _Context) -> Signal:
    if signal.store_id is not None and signal.store_id != ctx.device.store_id:
        raise Refused(404, "unknown_store", _("This device does not belong to that store."))
    if signal.kind == "rating" and signal.rating is None:
        raise Refused(422, "required", _("A rating needs a number of stars from 1 to 5."))
    text = _text(signal)
    return Signal(
        brand_id=ctx.device.brand_id,
        store_id=ctx.device.store_id,
        device=ctx.device,
        client_id=signal.id,
        kind=signal.kind,
        product=_product(signal, ctx),
        rating=signal.rating if signal.kind == "rating" else None,
        text=text,
        language=signal.language or "",
        tag_hash=tag_hash(ctx.device.brand_id, signal.tag) if signal.tag else "",
        device_time=_aware(signal.at),
        occurred_at=_when(signal, ctx),
        received_at=ctx.now,
    )


def _catalogue(device: Device, parsed: Sequence[SignalIn | None]) -> tuple[dict, dict]:
    ids = {s.product_id for s in parsed if s is not None and s.product_id is not None}
    skus = {s.sku for s in parsed if s is not None and s.sku is not None}
    rows = Product.objects.filter(brand_id=device.brand_id)
    by_id = {p.pk: p for p in rows.filter(pk__in=ids)} if ids else {}
    by_sku = {p.sku: p for p in rows.filter(sku__in=skus)} if skus else {}
    return by_id, by_sku


def skew_of(sent_at: datetime | None, now: datetime) -> timedelta:
    """The server's clock minus the device's (zero when the device did not say)."""
    if sent_at is None:
        return timedelta(0)
    try:
        return now - _aware(sent_at)
    except OverflowError:
        return timedelta(0)


def signals_ingest(
    *, device: Device, items: Sequence[Any], sent_at: datetime | None = None
) -> Outcome:
    """Check and keep a batch of raw signals of ``device`` (see the module's docstring)."""
    if len(items) > BATCH_MAX:
        raise BatchTooLarge
    now = timezone.now()
    parsed: list[SignalIn | None] = []
    results: list[Result] = []
    for raw in items:
        try:
            parsed.append(_parse(raw))
            results.append(Result(parsed[-1].id, "pending", 0))  # type: ignore[union-attr]
        except Refused as refused:
            parsed.append(None)
            identifier = raw.get("id") if isinstance(raw, dict) else None
            results.append(_refused(identifier, refused))
    products, by_sku = _catalogue(device, parsed)
    ctx = _Context(device, now, skew_of(sent_at, now), products, by_sku)
    rows = _rows(parsed, results, ctx)
    created = _store(device, rows, results, now)
    _record_skew(device, ctx.skew)
    return Outcome(results, int(-ctx.skew.total_seconds()), created)


def _refused(identifier: Any, refused: Refused) -> Result:
    error = {"detail": refused.detail, "code": refused.code, "errors": refused.errors}
    ident = identifier if isinstance(identifier, str) and not has_nul(identifier) else None
    return Result(ident[:64] if ident else None, "refused", refused.http, error)


def _rows(
    parsed: list[SignalIn | None], results: list[Result], ctx: _Context
) -> dict[str, tuple[int, Signal]]:
    """The new rows by client id; a second signal with an id already in the batch is a
    duplicate of the first."""
    rows: dict[str, tuple[int, Signal]] = {}
    for index, signal in enumerate(parsed):
        if signal is None:
            continue
        if signal.id in rows:
            results[index] = Result(signal.id, "duplicate", 200)
            continue
        try:
            rows[signal.id] = (index, _build(signal, ctx))
        except Refused as refused:
            results[index] = _refused(signal.id, refused)
    return rows


@transaction.atomic
def _store(
    device: Device, rows: dict[str, tuple[int, Signal]], results: list[Result], now: datetime
) -> list[Signal]:
    if not rows:
        return []
    Signal.objects.bulk_create([row for _index, row in rows.values()], ignore_conflicts=True)
    # The rows this call inserted, with their ids (``bulk_create`` with ``ignore_conflicts``
    # returns neither): a row kept by an earlier or concurrent call has another received_at.
    mine = dict(
        Signal.objects.filter(device=device, client_id__in=list(rows), received_at=now)
        .values_list("client_id", "pk")
    )  # fmt: skip
    created = []
    for client_id, (index, row) in rows.items():
        if client_id in mine:
            row.pk = mine[client_id]
            results[index] = Result(client_id, "accepted", 201)
            created.append(row)
        else:
            results[index] = Result(client_id, "duplicate", 200)
    if created:
        daily_add(device.store, created)
        signals_follow(device, created)
    return created


def _record_skew(device: Device, skew: timedelta) -> None:
    seconds = int(-skew.total_seconds())
    seconds = max(min(seconds, 2**31 - 1), -(2**31))
    if seconds != device.clock_skew_s:
        Device.objects.filter(pk=device.pk).update(clock_skew_s=seconds)
        device.clock_skew_s = seconds
