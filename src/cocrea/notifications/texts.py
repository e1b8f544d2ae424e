"""What a notification says, rendered when it is read, in the reader's active language.

The row stores only ``kind`` and ``data``; the sentence is built here so a member who switches
language reads every past notification in the new one (and e-mails use the recipient's).
"""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext

from cocrea.ideas.models import Idea
from cocrea.notifications.models import Notification

Kind = Notification.Kind


def status_label(value: object) -> str:
    try:
        return str(Idea.Status(str(value)).label)
    except ValueError:
        return str(value)


def _is_author(notification: Notification) -> bool:
    idea = notification.idea
    return idea is not None and idea.author.user_id == notification.recipient_id


def notification_text(notification: Notification) -> str:
    """One sentence, e.g. "Your idea «X» is now Accepted"."""
    data = notification.data if isinstance(notification.data, dict) else {}
    title = notification.idea.title if notification.idea is not None else ""
    values = {"title": title, "status": status_label(data.get("to", ""))}
    kind = notification.kind
    if kind == Kind.STATUS_CHANGED:
        if _is_author(notification):
            return gettext("Your idea «%(title)s» is now %(status)s") % values
        return gettext("The idea «%(title)s» you follow is now %(status)s") % values
    if kind == Kind.NEW_COMMENT:
        return gettext("New comment on «%(title)s»") % values
    if kind == Kind.COMMENT_REPLY:
        return gettext("New reply to your comment on «%(title)s»") % values
    if kind == Kind.IDEA_MERGED:
        values["source"] = str(data.get("source_title", ""))
        return gettext("«%(source)s» was merged into «%(title)s»") % values
    if kind == Kind.CONTENT_HIDDEN:
        if notification.comment_id is not None:
            return gettext("A moderator hid your comment on «%(title)s»") % values
        return gettext("A moderator hid your idea «%(title)s»") % values
    if kind == Kind.TIER_PROMOTED:
        return gettext("You reached the tier %(tier)s") % {"tier": data.get("tier", "")}
    return gettext("Something happened on «%(title)s»") % values


def target_path(notification: Notification) -> str:
    """Where the notification leads: the idea's page, else the brand's home."""
    brand_slug = notification.brand.slug
    if notification.idea_id is not None:
        try:
            path = reverse("ideas:detail", args=[brand_slug, notification.idea_id])
        except NoReverseMatch:  # the idea page is not installed
            path = ""
        if path:
            if notification.comment_id is not None:
                return f"{path}#comment-{notification.comment_id}"
            return path
    if notification.kind == Kind.TIER_PROMOTED:
        try:
            return reverse("engagement:leaderboard", args=[brand_slug])
        except NoReverseMatch:  # the engagement pages are not installed
            pass
    return reverse("brands:brand_home", args=[brand_slug])
