from __future__ import annotations

from typing import Any

from cocrea.brands.models import Membership
from cocrea.polls.models import Poll, PollOption


def make_poll(
    author: Membership,
    kind: str = "single",
    labels: tuple[str, ...] = ("Blue", "Green", "Red"),
    **fields: Any,
) -> Poll:
    """A poll written directly, for test set-up only; code under test uses the services."""
    poll = Poll.objects.create(
        brand=author.brand, author=author, question="Which cup?", kind=kind, **fields
    )
    if kind != "scale":
        for position, label in enumerate(labels):
            PollOption.objects.create(poll=poll, label=label, position=position)
    return poll
