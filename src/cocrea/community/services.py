"""Writes for stories (experience sharing), follows, reports and moderators' hiding.

Questions and answers live in ``qa_services``. Every service re-checks the predicates of
``permissions`` (the views check them too), validates, then writes; counters move with ``F()``
beside the rows they count, under the parent's row lock. Engagement events are recorded here,
in the same transaction (STYLE rule 6).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from cocrea.brands.models import Membership
from cocrea.campaigns.models import Tag
from cocrea.community import permissions as perms
from cocrea.community.figures import clean_figures
from cocrea.community.insights import feed_voice, forget_voice
from cocrea.community.models import (
    Answer,
    CommunityDecision,
    CommunityReport,
    MemberFollow,
    Question,
    Story,
    StoryComment,
    StoryPhoto,
    StoryRating,
    TopicFollow,
)
from cocrea.core.errors import Conflict, DomainError, PermissionDenied
from cocrea.core.files import files_removed_on_error
from cocrea.core.html import html_to_text
from cocrea.core.images import clean_image
from cocrea.engagement.models import Kind
from cocrea.engagement.services import record
from cocrea.ideas.services import rich_text
from cocrea.programmes.staff_time import record_staff_action

TITLE_MAX = 140
BODY_MAX = 20_000
COMMENT_MAX = 5_000
MAX_PHOTOS = 3
MAX_TAGS = 5
REPORT_REASONS = ("spam", "abuse", "off_topic", "personal", "other")


def require(allowed: bool, message: object, code: str = "forbidden") -> None:
    if not allowed:
        raise PermissionDenied(message, code=code)


# --- Validation ---------------------------------------------------------------------------


def clean_title(title: str, *, limit: int = TITLE_MAX, field: str = "title") -> str:
    title = " ".join(str(title).split())
    if not title:
        raise DomainError(_("Give it a title."), code="required", field=field)
    if len(title) > limit:
        raise DomainError(
            _("The title is limited to %(max)d characters.") % {"max": limit},
            code="too_long",
            field=field,
        )
    return title


def clean_body(body: str, *, required: bool = True, field: str = "body") -> tuple[str, str]:
    if len(body) > BODY_MAX:
        raise DomainError(
            _("The text is limited to %(max)d characters.") % {"max": BODY_MAX},
            code="too_long",
            field=field,
        )
    html = rich_text(body) if body.strip() else ""
    text = html_to_text(html)
    if required and not text:
        raise DomainError(_("Write a few words."), code="required", field=field)
    return html, text


def clean_tags(brand_id: int, tags: Iterable[Tag]) -> list[Tag]:
    tags = list(tags)
    if any(tag.brand_id != brand_id for tag in tags):
        raise DomainError(_("Choose tags of this community."), field="tags")
    if len(tags) > MAX_TAGS:
        raise DomainError(_("Choose at most %(max)d tags.") % {"max": MAX_TAGS}, field="tags")
    return tags


def _clean_photos(photos: Sequence[UploadedFile], already: int = 0) -> list[tuple[Any, str]]:
    if len(photos) + already > MAX_PHOTOS:
        raise DomainError(
            _("A story may have at most %(max)d photos.") % {"max": MAX_PHOTOS},
            code="too_many",
            field="photos",
        )
    checked = []
    for upload in photos:
        try:
            content = clean_image(upload)
            checked.append((content, str(content.name).rsplit(".", 1)[-1]))
        except ValidationError as error:
            raise DomainError(error.messages[0], code="bad_image", field="photos") from None
    return checked


def _store_photos(story: Story, checked: list[tuple[Any, str]], start: int = 0) -> None:
    for offset, (upload, extension) in enumerate(checked):
        photo = StoryPhoto(story=story, position=start + offset)
        # Never the member's file name: a random one with the decoded format's extension.
        photo.image.save(f"{uuid.uuid4().hex}.{extension}", upload, save=False)
        photo.save()


def lock_story(story: Story) -> Story:
    return Story.objects.select_for_update(of=("self",)).get(pk=story.pk)


# --- Stories ------------------------------------------------------------------------------


@files_removed_on_error
@transaction.atomic
def story_post(
    *,
    member: Membership,
    title: str,
    body: str,
    figures: dict[str, Any] | None = None,
    tags: Iterable[Tag] = (),
    photos: Sequence[UploadedFile] = (),
) -> Story:
    """Publish a story; the author earns ``experience_shared`` and the insight engine hears it."""
    require(perms.can_post(member, member.brand_id), _("Join the community to share a story."))
    title = clean_title(title)
    html, text = clean_body(body)
    cleaned = clean_figures(figures)
    tag_list = clean_tags(member.brand_id, tags)
    checked = _clean_photos(photos)
    story = Story.objects.create(
        brand_id=member.brand_id,
        author=member,
        title=title,
        body=html,
        body_text=text,
        figures=cleaned,
    )
    story.tags.set(tag_list)
    _store_photos(story, checked)
    record(kind=Kind.EXPERIENCE_SHARED, member=member)
    feed_voice("story", story.pk)
    return story


@files_removed_on_error
@transaction.atomic
def story_edit(
    *,
    member: Membership,
    story: Story,
    title: str,
    body: str,
    figures: dict[str, Any] | None = None,
    tags: Iterable[Tag] = (),
    photos: Sequence[UploadedFile] = (),
    remove_photo_ids: Sequence[int] = (),
) -> Story:
    require(perms.can_edit_story(story, member), _("Only its author may edit a story."))
    story = lock_story(story)
    story.title = clean_title(title)
    story.body, story.body_text = clean_body(body)
    story.figures = clean_figures(figures)
    tag_list = clean_tags(story.brand_id, tags)
    StoryPhoto.objects.filter(story=story, pk__in=list(remove_photo_ids)).delete()
    kept = StoryPhoto.objects.filter(story=story).count()
    checked = _clean_photos(photos, already=kept)
    story.save(update_fields=["title", "body", "body_text", "figures", "updated_at"])
    story.tags.set(tag_list)
    _store_photos(story, checked, start=kept)
    feed_voice("story", story.pk)
    return story


@transaction.atomic
def story_delete(*, member: Membership, story: Story) -> None:
    """The author removes their story. The engagement event stays: it recorded a fact."""
    require(perms.can_edit_story(story, member), _("Only its author may delete a story."))
    forget_voice("story", story.pk)
    story.delete()


@transaction.atomic
def story_comment(*, member: Membership, story: Story, body: str) -> StoryComment:
    require(perms.can_comment_story(story, member), _("You cannot comment on this story."))
    body = str(body).strip()
    if not body:
        raise DomainError(_("Write something before sending."), code="required", field="body")
    if len(body) > COMMENT_MAX:
        raise DomainError(
            _("A comment is limited to %(max)d characters.") % {"max": COMMENT_MAX},
            code="too_long",
            field="body",
        )
    story = lock_story(story)
    comment = StoryComment.objects.create(story=story, author=member, body=body)
    Story.objects.filter(pk=story.pk).update(comment_count=F("comment_count") + 1)
    record(kind=Kind.COMMENT_POSTED, member=member)
    return comment


@transaction.atomic
def story_rate(*, member: Membership, story: Story, stars: int) -> StoryRating:
    """Rate a story 1 to 5 stars; rating again replaces the member's stars (one per member)."""
    if isinstance(stars, bool) or not isinstance(stars, int) or not 1 <= stars <= 5:
        raise DomainError(_("Choose between 1 and 5 stars."), field="stars")
    require(perms.can_rate_story(story, member), _("You cannot rate this story."))
    story = lock_story(story)
    rating = StoryRating.objects.filter(story=story, member=member).first()
    if rating is None:
        rating = StoryRating.objects.create(story=story, member=member, stars=stars)
        changes = {"rating_count": F("rating_count") + 1, "rating_sum": F("rating_sum") + stars}
    else:
        changes = {"rating_sum": F("rating_sum") + (stars - rating.stars)}
        rating.stars = stars
        rating.save(update_fields=["stars"])
    Story.objects.filter(pk=story.pk).update(**changes)
    return rating


# --- Follows ------------------------------------------------------------------------------


def follow_member(*, member: Membership, followed: Membership) -> MemberFollow:
    """Follow another member of the same brand; idempotent."""
    if followed.brand_id != member.brand_id:
        raise DomainError(_("This member is not in this community."), code="not_found")
    if followed.pk == member.pk:
        raise DomainError(_("You cannot follow yourself."), field="member")
    follow, _created = MemberFollow.objects.get_or_create(follower=member, followed=followed)
    return follow


def unfollow_member(*, member: Membership, followed: Membership) -> None:
    MemberFollow.objects.filter(follower=member, followed=followed).delete()


def follow_topic(*, member: Membership, tag: Tag) -> TopicFollow:
    if tag.brand_id != member.brand_id:
        raise DomainError(_("This topic is not in this community."), code="not_found")
    follow, _created = TopicFollow.objects.get_or_create(member=member, tag=tag)
    return follow


def unfollow_topic(*, member: Membership, tag: Tag) -> None:
    TopicFollow.objects.filter(member=member, tag=tag).delete()


# --- Reports and moderation ---------------------------------------------------------------

Target = Story | Question | Answer


def _target_fields(target: Target) -> dict[str, Any]:
    if isinstance(target, Story):
        return {"story": target}
    if isinstance(target, Question):
        return {"question": target}
    return {"answer": target}


def _brand_id(target: Target) -> int:
    return target.question.brand_id if isinstance(target, Answer) else target.brand_id


@transaction.atomic
def report(
    *, member: Membership, target: Target, reason: str, details: str = ""
) -> CommunityReport:
    """A member flags content for the moderators; one open report per member and target."""
    if _brand_id(target) != member.brand_id:
        raise DomainError(_("This content is not in this community."), code="not_found")
    if reason not in REPORT_REASONS:
        raise DomainError(_("Choose a reason."), field="reason")
    details = str(details).strip()
    if len(details) > 500:
        raise DomainError(_("At most %(max)d characters.") % {"max": 500}, field="details")
    fields = _target_fields(target)
    open_reports = CommunityReport.objects.filter(reporter=member, state="open", **fields)
    if open_reports.exists():
        raise Conflict(_("You already reported this."))
    return CommunityReport.objects.create(
        brand_id=member.brand_id, reporter=member, reason=reason, details=details, **fields
    )


@transaction.atomic
def moderate(*, actor: Membership, target: Target, action: str, reason: str) -> CommunityDecision:
    """A moderator hides or restores content; open reports on it close; the decision is kept."""
    require(perms.can_moderate(actor, _brand_id(target)), _("Only moderators may do this."))
    if action not in CommunityDecision.Action.values:
        raise DomainError(_("Unknown action."), field="action")
    reason = " ".join(str(reason).split())
    if not reason or len(reason) > 500:
        raise DomainError(_("Say why, in at most 500 characters."), field="reason")
    type(target).objects.filter(pk=target.pk).update(is_hidden=action == "hide")
    target.is_hidden = action == "hide"
    fields = _target_fields(target)
    CommunityReport.objects.filter(state="open", **fields).update(state="closed")
    feed_voice(next(iter(fields)), target.pk)  # a hidden row is forgotten, a restored one sent
    record_staff_action(brand_id=_brand_id(target), actor_id=actor.pk, action="moderation")
    return CommunityDecision.objects.create(
        brand_id=_brand_id(target), actor=actor.user, action=action, reason=reason, **fields
    )
