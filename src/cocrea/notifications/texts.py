"""What a notification says, rendered when it is read, in the reader's active language.

The row stores only ``kind`` and ``data``; the sentence is built here so a member who switches
language reads every past notification in the new one (and e-mails use the recipient's).
"""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext

from cocrea.core.texts import current_language
from cocrea.ideas.models import Idea
from cocrea.notifications.models import Notification

Kind = Notification.Kind


def status_label(value: object) -> str:
    try:
        return str(Idea.Status(str(value)).label)
    except ValueError:
        return str(value)


def _text(data: dict, key: str) -> str:  # type: ignore[type-arg]
    """A brand's text kept in the data: ``<key>_i18n`` holds it per language (the reader's,
    else the other one), ``<key>`` as it was written (older rows have only this)."""
    texts = data.get(f"{key}_i18n")
    if isinstance(texts, dict):
        here = texts.get(current_language())
        if here:
            return str(here)
        other = next((str(text) for text in texts.values() if text), "")
        if other:
            return other
    return str(data.get(key, ""))


def _is_author(notification: Notification) -> bool:
    idea = notification.idea
    return idea is not None and idea.author.user_id == notification.recipient_id


def notification_text(notification: Notification) -> str:
    """One sentence, e.g. "Your idea “X” is now Accepted"."""
    data = notification.data if isinstance(notification.data, dict) else {}
    title = notification.idea.title if notification.idea is not None else ""
    values = {"title": title, "status": status_label(data.get("to", ""))}
    kind = notification.kind
    if kind == Kind.STATUS_CHANGED:
        if _is_author(notification):
            return gettext("Your idea “%(title)s” is now %(status)s") % values
        if data.get("why") == "support":
            return gettext("The idea “%(title)s” you support is now %(status)s") % values
        return gettext("The idea “%(title)s” you follow is now %(status)s") % values
    if kind == Kind.NEW_COMMENT:
        return gettext("New comment on “%(title)s”") % values
    if kind == Kind.COMMENT_REPLY:
        return gettext("New reply to your comment on “%(title)s”") % values
    if kind == Kind.IDEA_MERGED:
        values["source"] = str(data.get("source_title", ""))
        return gettext("“%(source)s” was merged into “%(title)s”") % values
    if kind == Kind.CONTENT_HIDDEN:
        if notification.comment_id is not None:
            return gettext("A moderator hid your comment on “%(title)s”") % values
        return gettext("A moderator hid your idea “%(title)s”") % values
    if kind == Kind.TIER_PROMOTED:
        return gettext("You reached the tier %(tier)s") % {"tier": _text(data, "tier")}
    if kind == Kind.BADGE_AWARDED:
        return gettext("You earned the badge %(badge)s") % {"badge": _text(data, "badge")}
    if kind == Kind.REWARD_GRANTED:
        return gettext("You received a reward: %(label)s") % {"label": _text(data, "label")}
    if kind in COMMUNITY_KINDS:
        return _community_text(notification, data)
    if kind == Kind.CONTEST_RESULT:  # written by cocrea.contests.jury.contest_close
        place = {"winner": gettext("you are a winner"), "finalist": gettext("you are a finalist")}
        values = {
            "title": _text(data, "contest"),
            "place": place.get(str(data.get("place", "")), ""),
        }
        if values["place"]:
            return gettext("Results of the contest “%(title)s”: %(place)s!") % values
        return gettext("The results of the contest “%(title)s” are published") % values
    if kind == Kind.CAPSULE_STEP:  # written by cocrea.influencers.capsule
        return _capsule_text(data)
    if kind == Kind.WEBHOOK_DISABLED:  # written by cocrea.webhooks.services
        return gettext(
            "The webhook endpoint %(url)s failed %(n)s times in a row and was switched off"
        ) % {"url": str(data.get("url", "")), "n": data.get("failures", "")}
    return gettext("Something happened on “%(title)s”") % values


def _capsule_text(data: dict) -> str:  # type: ignore[type-arg]
    values = {"space": str(data.get("space", "")), "title": _text(data, "title")}
    if data.get("step") == "contest":
        return (
            gettext("With the community of %(space)s: the capsule contest “%(title)s” is open")
            % values
        )
    if data.get("step") == "brief":
        return (
            gettext("With the community of %(space)s: the brief “%(title)s” awaits your ideas")
            % values
        )
    return (
        gettext("With the community of %(space)s: the capsule product “%(title)s” is being made")
        % values
    )


COMMUNITY_KINDS = frozenset({Kind.ANSWER_POSTED, Kind.ANSWER_HELPFUL, Kind.PANEL_INVITED})


def _community_text(notification: Notification, data: dict) -> str:  # type: ignore[type-arg]
    values = {"title": _text(data, "title")}
    if notification.kind == Kind.ANSWER_POSTED:
        return gettext("New answer to your question “%(title)s”") % values
    if notification.kind == Kind.ANSWER_HELPFUL:
        if data.get("asker") == notification.recipient_id:
            return gettext("A helpful answer was chosen for your question “%(title)s”") % values
        return gettext("Your answer to “%(title)s” was marked helpful") % values
    return gettext("You are invited to the private co-creation panel “%(title)s”") % values


def _community_path(notification: Notification) -> str:
    data = notification.data if isinstance(notification.data, dict) else {}
    slug = notification.brand.slug
    try:
        if notification.kind == Kind.PANEL_INVITED and data.get("campaign_slug"):
            return reverse("ideas:list", args=[slug, str(data["campaign_slug"])])
        if isinstance(data.get("question"), int):
            return reverse("community:question", args=[slug, data["question"]])
    except NoReverseMatch:  # the community pages are not installed
        pass
    return ""


def target_path(notification: Notification) -> str:
    """Where the notification leads: the idea's page, else the brand's home."""
    brand_slug = notification.brand.slug
    if notification.kind in COMMUNITY_KINDS and (path := _community_path(notification)):
        return path
    contest_path = str((notification.data or {}).get("path", ""))
    linked = (Kind.CONTEST_RESULT, Kind.CAPSULE_STEP)
    if notification.kind in linked and contest_path.startswith(f"/b/{brand_slug}/"):
        return contest_path
    if notification.kind == Kind.WEBHOOK_DISABLED:
        try:
            return reverse("webhooks:console", args=[brand_slug])
        except NoReverseMatch:  # the webhooks pages are not installed
            pass
    if notification.idea_id is not None:
        try:
            path = reverse("ideas:detail", args=[brand_slug, notification.idea_id])
        except NoReverseMatch:  # the idea page is not installed
            path = ""
        if path:
            if notification.comment_id is not None:
                return f"{path}#comment-{notification.comment_id}"
            return path
    if notification.kind in (Kind.BADGE_AWARDED, Kind.REWARD_GRANTED):
        member_id = (notification.data or {}).get("member")
        try:
            if isinstance(member_id, int):
                return reverse("engagement:profile", args=[brand_slug, member_id])
        except NoReverseMatch:  # the engagement pages are not installed
            pass
    if notification.kind == Kind.TIER_PROMOTED:
        try:
            return reverse("engagement:leaderboard", args=[brand_slug])
        except NoReverseMatch:  # the engagement pages are not installed
            pass
    return reverse("brands:brand_home", args=[brand_slug])
