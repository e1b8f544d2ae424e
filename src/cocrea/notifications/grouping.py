"""Notifications grouped the way people read them: "4 new comments on “Refill stations”", with
the latest one's snippet and one link, in the app and in the digest e-mails."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext

from cocrea.notifications.models import Notification
from cocrea.notifications.texts import notification_text

Kind = Notification.Kind
# Kinds that pile up on one idea or question; the others each stand alone.
GROUPED = frozenset({Kind.NEW_COMMENT, Kind.COMMENT_REPLY, Kind.ANSWER_POSTED})


def _grouped_text(kind: str, n: int, title: str) -> str:
    values = {"n": n, "title": title}
    if kind == Kind.NEW_COMMENT:
        return (
            ngettext("%(n)s new comment on “%(title)s”", "%(n)s new comments on “%(title)s”", n)
            % values
        )
    if kind == Kind.COMMENT_REPLY:
        return (
            ngettext(
                "%(n)s new reply to your comment on “%(title)s”",
                "%(n)s new replies to your comments on “%(title)s”",
                n,
            )
            % values
        )
    return (
        ngettext(
            "%(n)s new answer to your question “%(title)s”",
            "%(n)s new answers to your question “%(title)s”",
            n,
        )
        % values
    )


SNIPPET_CHARS = 140


@dataclass
class Group:
    latest: Notification
    items: list[Notification] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.items)

    @property
    def unread(self) -> bool:
        return any(item.read_at is None for item in self.items)

    @property
    def ids(self) -> list[int]:
        return [item.pk for item in self.items]

    @property
    def text(self) -> str:
        if self.count == 1 or self.latest.kind not in GROUPED:
            return notification_text(self.latest)
        title = self.latest.idea.title if self.latest.idea is not None else ""
        title = title or str((self.latest.data or {}).get("title", ""))
        return _grouped_text(self.latest.kind, self.count, title)

    @property
    def snippet(self) -> str:
        """The latest comment's first words (what was said, not only that something was)."""
        comment = self.latest.comment
        if comment is None or comment.deleted_at is not None or comment.is_hidden:
            return ""
        who = comment.author.user.public_name if comment.author_id else ""
        said = Truncator(" ".join(comment.body.split())).chars(SNIPPET_CHARS)
        return gettext("%(who)s: “%(said)s”") % {"who": who, "said": said} if who else said


def _key(notification: Notification) -> tuple[object, ...]:
    if notification.kind in GROUPED:
        target = notification.idea_id or (notification.data or {}).get("question")
        if target:
            return (notification.brand_id, notification.kind, target, notification.read_at is None)
    return ("single", notification.pk)


def group(notifications: Iterable[Notification]) -> list[Group]:
    """Group newest-first notifications by brand, kind and target; keeps the order of each
    group's latest item. Read and unread ones are not mixed (a group is unread or read)."""
    groups: dict[tuple[object, ...], Group] = {}
    for notification in notifications:
        key = _key(notification)
        if key not in groups:
            groups[key] = Group(latest=notification)
        groups[key].items.append(notification)
    return list(groups.values())
