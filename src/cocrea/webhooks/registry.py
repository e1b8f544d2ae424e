"""The event types a brand can subscribe to, in one registry that later apps add to.

An app that tells the outside world about a new kind of fact registers it once (at import, in
its ``webhooks.py`` or beside its services) with ``register("instore.signal", label, ...)``, then
calls ``cocrea.webhooks.services.emit`` inside the transaction of the change. The console
lists every registered type; ``docs/webhooks.md`` documents each payload.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class EventType:
    key: str  # "idea.created": noun.verb, past tense, stable forever
    label: str | Promise
    description: str | Promise
    subscribable: bool = True  # False: sent on its own occasion (the test event), not chosen


EVENT_TYPES: dict[str, EventType] = {}


def register(
    key: str, label: str | Promise, description: str | Promise, *, subscribable: bool = True
) -> EventType:
    """Add an event type (idempotent for the same key; a key is never reused for another fact)."""
    if not key or len(key) > 60 or key != key.strip().lower() or "." not in key:
        raise ValueError(f"webhook event types are lower-case noun.verb keys, not {key!r}")
    event_type = EventType(key, label, description, subscribable)
    EVENT_TYPES[key] = event_type
    return event_type


def get(key: str) -> EventType | None:
    return EVENT_TYPES.get(key)


def choices() -> list[tuple[str, str]]:
    """The types an endpoint can subscribe to, for the console's form."""
    return [(key, str(t.label)) for key, t in EVENT_TYPES.items() if t.subscribable]


# The types of the first release (issue 11); their payloads are built in ``payloads.py``.
IDEA_CREATED = register("idea.created", _("Idea created"), _("A member submitted an idea.")).key
IDEA_STATUS_CHANGED = register(
    "idea.status_changed",
    _("Idea status changed"),
    _("The brand moved an idea to a new status, with its official answer."),
).key
COMMENT_CREATED = register(
    "comment.created", _("Comment created"), _("Someone commented on an idea or replied.")
).key
IDEA_VOTE_MILESTONE = register(
    "idea.vote_milestone",
    _("Vote milestone"),
    _("An idea reached 10, 25, 50, 100, 250, 500, 1,000… supports (once per milestone)."),
).key
CONTEST_RESULTS_PUBLISHED = register(
    "contest.results_published",
    _("Contest results published"),
    _("A design contest was closed and its ranking published."),
).key
MEMBER_JOINED = register(
    "member.joined", _("Member joined"), _("Someone joined the brand's community.")
).key
MEMBER_TIER_CHANGED = register(
    "member.tier_changed", _("Tier changed"), _("A member reached a new engagement tier.")
).key
PING = register(
    "webhook.ping",
    _("Test event"),
    _("Sent when an admin presses “Send a test event”; every endpoint receives it."),
    subscribable=False,
).key
