"""Webhook writes: the outbox (``emit``), endpoints, deliveries and their attempts.

``emit`` is the one call other apps make, inside the transaction of the change: it writes the
event and one delivery per subscribed endpoint, and asks for the deliveries to be sent only
after commit. A change that rolls back takes its event with it; a delivery whose message is
lost (broker restart, worker killed) stays in the table and the periodic sweep sends it.
Endpoint management (create, edit, rotate, delete) is for the brand's admins only.
"""

from __future__ import annotations

import logging
import random
import threading
import uuid
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, close_old_connections, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocrea.brands.models import Brand, Membership
from cocrea.core.errors import DomainError, NotFound, PermissionDenied
from cocrea.webhooks import registry, signing
from cocrea.webhooks.models import Attempt, Delivery, Endpoint, Event
from cocrea.webhooks.permissions import can_manage
from cocrea.webhooks.transport import Refused, check_address, check_url

log = logging.getLogger(__name__)
State = Delivery.State
MAX_ENDPOINTS = 20
BACKOFF_MAX_S = 3600
REENQUEUE_AFTER = timedelta(minutes=5)  # a message not acted on by then is sent again
SWEEP_BATCH = 1000


def brand_id_of(brand: Brand | int) -> int:
    return brand if isinstance(brand, int) else int(brand.pk)


# --- The outbox -----------------------------------------------------------------------------


Payload = dict[str, Any] | Callable[[], dict[str, Any]]


def emit(
    *, brand: Brand | int, event_type: str, payload: Payload, dedupe_key: str | None = None
) -> Event | None:
    """Record an event for the brand's endpoints that subscribed to it. Call inside the
    transaction of the change: nothing is written when no endpoint listens, and nothing is sent
    before (or unless) that transaction commits. ``payload`` may be a function, called only
    when an endpoint listens (the common case, no endpoint, costs one query).
    ``dedupe_key`` makes a fact told once, whatever happens later."""
    if event_type not in registry.EVENT_TYPES:
        raise ValueError(f"unregistered webhook event type {event_type!r}")
    brand_id = brand_id_of(brand)
    endpoints = [
        pk
        for pk, types in Endpoint.objects.filter(brand_id=brand_id, is_active=True).values_list(
            "pk", "event_types"
        )
        if event_type in (types or [])
    ]
    if not endpoints:
        return None
    if dedupe_key and Event.objects.filter(brand_id=brand_id, dedupe_key=dedupe_key).exists():
        return None
    data = payload() if callable(payload) else payload
    return _write_event(brand_id, event_type, data, dedupe_key, endpoints)


def _write_event(
    brand_id: int, event_type: str, payload: dict[str, Any], key: str | None, endpoints: list
) -> Event | None:
    now = timezone.now()
    try:
        # A savepoint only where a concurrent duplicate can collide; the event and its
        # deliveries are one unit either way (savepoint=False joins the caller's transaction).
        with transaction.atomic(savepoint=bool(key)):
            event = Event.objects.create(
                brand_id=brand_id, type=event_type, payload=payload, dedupe_key=key
            )
            rows = [
                Delivery(
                    brand_id=brand_id,
                    event=event,
                    endpoint_id=pk,
                    next_attempt_at=now,
                    enqueued_at=now,
                )
                for pk in endpoints
            ]
            Delivery.objects.bulk_create(rows)
    except IntegrityError:
        if not key:
            raise
        return None
    ids = [row.pk for row in rows]
    transaction.on_commit(lambda: enqueue(ids), robust=True)
    return event


def enqueue(ids: Iterable[uuid.UUID | str]) -> None:
    """Hand deliveries to the workers; in the embedded mode (no broker) to a thread."""
    keys = [str(pk) for pk in ids]
    if settings.CELERY_TASK_ALWAYS_EAGER:
        if settings.WEBHOOK_INLINE_THREAD:
            threading.Thread(target=_deliver_inline, args=(keys,), daemon=True).start()
        else:
            _deliver_inline(keys, close=False)
        return
    from cocrea.webhooks.tasks import deliver

    for key in keys:
        deliver.delay(key)


def _deliver_inline(ids: list[str], close: bool = True) -> None:
    """The embedded mode: send now, then whatever else is due (there is no beat)."""
    try:
        for pk in ids:
            delivery_attempt(delivery_id=pk)
        if close:
            for due in _claim_due(timezone.now(), limit=50):
                delivery_attempt(delivery_id=due)
    except Exception:
        log.exception("webhooks: inline delivery failed")
    finally:
        if close:
            close_old_connections()


# --- Sending --------------------------------------------------------------------------------


def lease() -> timedelta:
    return timedelta(seconds=settings.WEBHOOK_TIMEOUT_S + settings.WEBHOOK_LEASE_MARGIN_S)


def backoff(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min… doubling up to one hour, with ±10 % jitter."""
    base = settings.WEBHOOK_BACKOFF_BASE_S
    seconds = min(base * 2 ** max(attempts - 1, 0), max(BACKOFF_MAX_S, base))
    return timedelta(seconds=seconds * random.uniform(0.9, 1.1))


def envelope(event: Event, brand_slug: str) -> bytes:
    import json

    document = {
        "id": str(event.pk),
        "type": event.type,
        "created_at": event.created_at.isoformat(),
        "brand": {"id": event.brand_id, "slug": brand_slug},
        "data": event.payload,
    }
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def valid_secrets(endpoint: Endpoint, now: datetime) -> list[str]:
    keep = endpoint.previous_secret_expires_at
    if endpoint.previous_secret and keep is not None and keep > now:
        return [endpoint.secret, endpoint.previous_secret]
    return [endpoint.secret]


def headers_for(delivery: Delivery, body: bytes, *, timestamp: int, now: datetime) -> dict:
    return {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "Cocrea-Webhooks/1",
        "Cocrea-Event-Id": str(delivery.event_id),
        "Cocrea-Event-Type": delivery.event.type,
        "Cocrea-Delivery-Id": str(delivery.pk),
        "Cocrea-Delivery-Attempt": str(delivery.attempts),
        "Cocrea-Timestamp": str(timestamp),
        "Cocrea-Signature": signing.signature_header(
            valid_secrets(delivery.endpoint, now), timestamp, body
        ),
    }


def _claim(delivery_id: uuid.UUID | str, now: datetime, *, manual: bool = False) -> bool:
    """Take the delivery for one try: due and open, or sending under an expired lease."""
    rows = Delivery.objects.filter(pk=delivery_id, state__in=Delivery.OPEN)
    if not manual:
        rows = rows.filter(next_attempt_at__lte=now)
    return bool(
        rows.update(state=State.SENDING, next_attempt_at=now + lease(), attempts=F("attempts") + 1)
    )


def delivery_attempt(*, delivery_id: uuid.UUID | str, manual: bool = False) -> Delivery | None:
    """One try of a delivery, if it is due. Safe to call twice, from two workers at once: only
    one claims it. Returns the delivery after the try, or None when there was nothing to do."""
    from cocrea.webhooks import transport

    now = timezone.now()
    if not _claim(delivery_id, now, manual=manual):
        return None
    delivery = Delivery.objects.select_related("event__brand", "endpoint").get(pk=delivery_id)
    if not delivery.endpoint.is_active:
        _finish(delivery, ok=False, status=None, error="endpoint switched off", now=now)
        return delivery
    body = envelope(delivery.event, delivery.event.brand.slug)
    timestamp = int(now.timestamp())
    headers = headers_for(delivery, body, timestamp=timestamp, now=now)
    result = transport.post(delivery.endpoint.url, body, headers)
    Attempt.objects.create(
        delivery=delivery,
        number=delivery.attempts,
        started_at=now,
        duration_ms=result.duration_ms,
        status=result.status,
        ok=result.ok,
        error=result.error,
        response_excerpt=result.excerpt,
        manual=manual,
    )
    _finish(delivery, ok=result.ok, status=result.status, error=result.error, now=timezone.now())
    return delivery


def _finish(delivery: Delivery, *, ok: bool, status: int | None, error: str, now: datetime) -> None:
    """Record the try's outcome on the row (if this worker still holds it) and on ``delivery``."""
    mine = Delivery.objects.filter(pk=delivery.pk, state=State.SENDING, attempts=delivery.attempts)
    changes: dict[str, Any] = {"last_status": status, "last_error": error[:300]}
    endpoint = delivery.endpoint
    retry_at = now + backoff(delivery.attempts)
    window_end = delivery.created_at + timedelta(hours=settings.WEBHOOK_RETRY_HOURS)
    if ok:
        changes |= {"state": State.SUCCEEDED, "finished_at": now}
    elif retry_at > window_end or not endpoint.is_active:
        changes |= {"state": State.FAILED, "finished_at": now}
    else:
        changes |= {"state": State.PENDING, "next_attempt_at": retry_at, "enqueued_at": None}
    mine.update(**changes)
    for field, value in changes.items():
        setattr(delivery, field, value)
    if ok and endpoint.consecutive_failures:
        Endpoint.objects.filter(pk=endpoint.pk).update(consecutive_failures=0, failing_since=None)
    elif not ok and endpoint.is_active:
        endpoint_failed(endpoint_id=endpoint.pk, now=now)


def _claim_due(now: datetime, *, limit: int = SWEEP_BATCH) -> list[uuid.UUID]:
    """Deliveries due and not handed to a worker lately (or whose worker's lease ran out),
    marked as handed now; at most ``limit``."""
    due = (
        Delivery.objects.filter(state__in=Delivery.OPEN, next_attempt_at__lte=now)
        .filter(
            Q(enqueued_at__isnull=True)
            | Q(enqueued_at__lte=now - REENQUEUE_AFTER)
            | Q(state=State.SENDING)
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    ids = list(due)
    if ids:
        Delivery.objects.filter(pk__in=ids).update(enqueued_at=now)
    return ids


def deliveries_sweep(*, now: datetime | None = None) -> int:
    """The periodic job: hand every due delivery to the workers. Returns how many."""
    ids = _claim_due(now or timezone.now())
    if ids:
        from cocrea.webhooks.tasks import deliver

        for pk in ids:
            deliver.delay(str(pk))
    return len(ids)


def busy_for(delivery_id: uuid.UUID | str) -> float | None:
    """Seconds left on another worker's lease of this delivery, or None if it is not sending."""
    row = (
        Delivery.objects.filter(pk=delivery_id, state=State.SENDING)
        .values_list("next_attempt_at", flat=True)
        .first()
    )
    if row is None:
        return None
    return max((row - timezone.now()).total_seconds(), 0.0)


# --- Switching a failing endpoint off -------------------------------------------------------


def endpoint_failed(*, endpoint_id: uuid.UUID, now: datetime) -> bool:
    """Count a failure; switch the endpoint off once it has failed ``WEBHOOK_DISABLE_AFTER_
    FAILURES`` times in a row over at least ``WEBHOOK_DISABLE_AFTER_HOURS``. True if it did."""
    from django.db.models.functions import Coalesce

    Endpoint.objects.filter(pk=endpoint_id).update(
        consecutive_failures=F("consecutive_failures") + 1,
        failing_since=Coalesce(F("failing_since"), now),
    )
    endpoint = Endpoint.objects.filter(pk=endpoint_id).select_related("brand").first()
    if endpoint is None or not endpoint.is_active or endpoint.failing_since is None:
        return False
    if endpoint.consecutive_failures < settings.WEBHOOK_DISABLE_AFTER_FAILURES:
        return False
    if now - endpoint.failing_since < timedelta(hours=settings.WEBHOOK_DISABLE_AFTER_HOURS):
        return False
    return _switch_off(endpoint, now)


@transaction.atomic
def _switch_off(endpoint: Endpoint, now: datetime) -> bool:
    switched = Endpoint.objects.filter(pk=endpoint.pk, is_active=True).update(
        is_active=False, disabled_at=now
    )
    if not switched:
        return False  # another worker did it (and told the admins)
    Delivery.objects.filter(endpoint=endpoint, state=State.PENDING).update(
        state=State.FAILED, finished_at=now, last_error="endpoint switched off"
    )
    _tell_admins(endpoint)
    log.warning("webhooks: endpoint %s of brand %s switched off", endpoint.pk, endpoint.brand_id)
    return True


def _tell_admins(endpoint: Endpoint) -> None:
    from cocrea.notifications.services import notify

    admins = Membership.objects.filter(
        brand_id=endpoint.brand_id, role=Membership.Role.ADMIN
    ).select_related("user")
    notify(
        recipients=[m.user for m in admins],
        brand=endpoint.brand,
        kind="webhook_disabled",
        data={
            "endpoint": str(endpoint.pk),
            "url": endpoint.url[:200],
            "failures": endpoint.consecutive_failures,
        },
    )


# --- Endpoints (brand admins) ---------------------------------------------------------------


def _require_admin(actor: Membership | None, brand: Brand) -> None:
    if not can_manage(actor, brand):
        raise PermissionDenied(_("Only the brand's admins may manage webhooks."), code="forbidden")


def clean_url(url: str) -> str:
    url = (url or "").strip()
    if not url or len(url) > 2000 or any(ord(c) < 33 for c in url):
        raise DomainError(
            _("Enter the full address of your receiver."), code="invalid_url", field="url"
        )
    try:
        _scheme, host, _port = check_url(url)
    except Refused as error:
        raise DomainError(
            _("Use an http:// or https:// address without a user name or password."),
            code="invalid_url",
            field="url",
        ) from error
    _refuse_private_literal(host)
    return url


def _refuse_private_literal(host: str) -> None:
    """Refuse now what delivery would refuse (an address or localhost) rather than later."""
    import ipaddress

    if host == "localhost" or host.endswith(".localhost"):
        host = "127.0.0.1"
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return  # a name: checked when it is resolved, at each delivery
    try:
        check_address(address)
    except Refused as error:
        raise DomainError(
            _("This address is private: webhooks are sent to public addresses only."),
            code="private_address",
            field="url",
        ) from error


def clean_event_types(event_types: Iterable[str]) -> list[str]:
    known = dict(registry.choices())
    chosen = [key for key in dict.fromkeys(event_types) if key in known]
    if not chosen:
        raise DomainError(_("Choose at least one event."), code="no_events", field="event_types")
    return chosen


@transaction.atomic
def endpoint_create(
    *, actor: Membership, brand: Brand, url: str, event_types: Iterable[str], description: str = ""
) -> Endpoint:
    """A new endpoint with a fresh secret (the caller shows it once)."""
    _require_admin(actor, brand)
    Brand.objects.select_for_update().filter(pk=brand.pk).first()
    if Endpoint.objects.filter(brand=brand).count() >= MAX_ENDPOINTS:
        raise DomainError(
            _("A brand has at most %(n)d endpoints.") % {"n": MAX_ENDPOINTS}, code="too_many"
        )
    return Endpoint.objects.create(
        brand=brand,
        url=clean_url(url),
        description=_clean_description(description),
        event_types=clean_event_types(event_types),
        secret=signing.new_secret(),
        created_by=actor,
    )


def _clean_description(text: str) -> str:
    text = " ".join((text or "").replace("\x00", "").split())
    if len(text) > 200:
        raise DomainError(_("Keep the description under 200 characters."), field="description")
    return text


@transaction.atomic
def endpoint_update(
    *,
    actor: Membership,
    endpoint: Endpoint,
    url: str,
    event_types: Iterable[str],
    description: str,
    is_active: bool,
) -> Endpoint:
    """Change an endpoint; switching it back on starts a clean failure count."""
    _require_admin(actor, endpoint.brand)
    endpoint.url = clean_url(url)
    endpoint.event_types = clean_event_types(event_types)
    endpoint.description = _clean_description(description)
    if is_active and not endpoint.is_active:
        endpoint.consecutive_failures, endpoint.failing_since = 0, None
        endpoint.disabled_at = None
    endpoint.is_active = is_active
    endpoint.save(
        update_fields=[
            "url",
            "event_types",
            "description",
            "is_active",
            "consecutive_failures",
            "failing_since",
            "disabled_at",
            "updated_at",
        ]
    )
    return endpoint


@transaction.atomic
def endpoint_rotate_secret(*, actor: Membership, endpoint: Endpoint) -> Endpoint:
    """A new secret; the current one stays valid ``WEBHOOK_SECRET_GRACE_HOURS`` more."""
    _require_admin(actor, endpoint.brand)
    now = timezone.now()
    endpoint.previous_secret = endpoint.secret
    endpoint.previous_secret_expires_at = now + timedelta(hours=settings.WEBHOOK_SECRET_GRACE_HOURS)
    endpoint.secret = signing.new_secret()
    endpoint.save(
        update_fields=["secret", "previous_secret", "previous_secret_expires_at", "updated_at"]
    )
    return endpoint


@transaction.atomic
def endpoint_delete(*, actor: Membership, endpoint: Endpoint) -> None:
    _require_admin(actor, endpoint.brand)
    endpoint.delete()


@transaction.atomic
def endpoint_ping(*, actor: Membership, endpoint: Endpoint) -> Delivery:
    """Send a test event to this endpoint only (whatever it subscribed to)."""
    _require_admin(actor, endpoint.brand)
    if not endpoint.is_active:
        raise DomainError(_("Switch the endpoint on first."), code="inactive")
    now = timezone.now()
    event = Event.objects.create(
        brand_id=endpoint.brand_id,
        type=registry.PING,
        payload={"endpoint_id": str(endpoint.pk), "sent_by": actor.user.public_name},
    )
    delivery = Delivery.objects.create(
        brand_id=endpoint.brand_id,
        event=event,
        endpoint=endpoint,
        next_attempt_at=now,
        enqueued_at=now,
    )
    transaction.on_commit(lambda: enqueue([delivery.pk]), robust=True)
    return delivery


@transaction.atomic
def delivery_redeliver(*, actor: Membership, delivery: Delivery) -> Delivery:
    """Send a delivery again now, by hand, whatever its state (a try already under way is
    left to finish)."""
    _require_admin(actor, delivery.endpoint.brand)
    if not delivery.endpoint.is_active:
        raise DomainError(_("Switch the endpoint on first."), code="inactive")
    now = timezone.now()
    updated = (
        Delivery.objects.filter(pk=delivery.pk)
        .exclude(state=State.SENDING)
        .update(state=State.PENDING, next_attempt_at=now, enqueued_at=now, finished_at=None)
    )
    if not updated:
        raise DomainError(_("This delivery is being sent right now."), code="busy")
    transaction.on_commit(lambda: enqueue([delivery.pk]), robust=True)
    delivery.refresh_from_db()
    return delivery


def endpoint_for(brand: Brand, endpoint_id: Any) -> Endpoint:
    try:
        key = uuid.UUID(str(endpoint_id))
    except ValueError as error:
        raise NotFound(_("This endpoint does not exist.")) from error
    endpoint = Endpoint.objects.filter(brand=brand, pk=key).select_related("brand").first()
    if endpoint is None:
        raise NotFound(_("This endpoint does not exist."))
    return endpoint


DEMO_DESCRIPTION = "Démo : cocrea webhook_receiver"


@transaction.atomic
def demo_endpoint_ensure(*, actor: Membership, url: str) -> Endpoint:
    """The demo brand's endpoint for the local receiver that ``make demo`` starts: made once,
    kept on the given address with every event type (idempotent)."""
    brand = actor.brand
    events = [key for key, _label in registry.choices()]
    endpoint = Endpoint.objects.filter(brand=brand, description=DEMO_DESCRIPTION).first()
    if endpoint is None:
        return endpoint_create(
            actor=actor, brand=brand, url=url, event_types=events, description=DEMO_DESCRIPTION
        )
    return endpoint_update(
        actor=actor,
        endpoint=endpoint,
        url=url,
        event_types=events,
        description=DEMO_DESCRIPTION,
        is_active=True,
    )
