"""May this member do this in the community? Pure predicates, used by services, views and
templates alike."""

from __future__ import annotations

from cocrea.brands.models import Membership
from cocrea.brands.permissions import is_moderator
from cocrea.community.models import Answer, Question, Story


def _same_brand(obj_brand_id: int, member: Membership | None) -> bool:
    return member is not None and member.brand_id == obj_brand_id


def can_view_story(story: Story, member: Membership | None) -> bool:
    if not story.is_hidden:
        return True
    return member is not None and (member.pk == story.author_id or is_moderator(member))


def can_post(member: Membership | None, brand_id: int) -> bool:
    return _same_brand(brand_id, member)


def can_edit_story(story: Story, member: Membership | None) -> bool:
    return _same_brand(story.brand_id, member) and member.pk == story.author_id  # type: ignore[union-attr]


def can_rate_story(story: Story, member: Membership | None) -> bool:
    """Members rate others' visible stories, never their own."""
    return (
        _same_brand(story.brand_id, member)
        and member.pk != story.author_id  # type: ignore[union-attr]
        and not story.is_hidden
    )


def can_comment_story(story: Story, member: Membership | None) -> bool:
    return _same_brand(story.brand_id, member) and not story.is_hidden


def can_view_question(question: Question, member: Membership | None) -> bool:
    if not question.is_hidden:
        return True
    return member is not None and (member.pk == question.author_id or is_moderator(member))


def can_answer(question: Question, member: Membership | None) -> bool:
    return _same_brand(question.brand_id, member) and not question.is_hidden


def can_mark_helpful(question: Question, member: Membership | None) -> bool:
    """The asker or a moderator of the brand chooses the helpful answer."""
    if not _same_brand(question.brand_id, member):
        return False
    return member.pk == question.author_id or is_moderator(member)  # type: ignore[union-attr]


def can_upvote_answer(answer: Answer, member: Membership | None) -> bool:
    return (
        _same_brand(answer.question.brand_id, member)
        and member.pk != answer.author_id  # type: ignore[union-attr]
        and not answer.is_hidden
    )


def can_view_answer(answer: Answer, member: Membership | None) -> bool:
    if not answer.is_hidden:
        return True
    return member is not None and (member.pk == answer.author_id or is_moderator(member))


def can_moderate(member: Membership | None, brand_id: int) -> bool:
    return _same_brand(brand_id, member) and is_moderator(member)
