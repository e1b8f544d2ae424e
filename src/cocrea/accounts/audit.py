"""The audit of account and platform actions: one writer, called inside the action's transaction."""

from __future__ import annotations

from typing import Any

from cocrea.accounts.models import AuditEvent


def audit_record(
    *,
    action: str,
    actor: Any | None,
    brand: Any | None = None,
    subject: str = "",
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one audit row. ``actor`` is a user (or ``None`` for the command line / a sweep)."""
    actor_label = ""
    if actor is not None and getattr(actor, "pk", None) is not None:
        actor_label = f"{actor.email} (#{actor.pk})"
    return AuditEvent.objects.create(
        action=AuditEvent.Action(action),
        actor=actor if actor_label else None,
        actor_label=actor_label or "system",
        brand=brand,
        brand_label=getattr(brand, "slug", "") or "",
        subject_label=subject[:200],
        data=data or {},
    )
