"""Pages of the community: stories, their comments and ratings, follows and the feed.

Questions and answers are in ``qa_views``; reports and hiding in ``moderation_views``.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cocrea.brands.models import Brand, Membership
from cocrea.brands.permissions import brand_view
from cocrea.campaigns.models import Tag
from cocrea.community import permissions as perms
from cocrea.community import selectors, services
from cocrea.community.figures import BY_KEY, figures_for_display
from cocrea.community.forms import CommentForm, RatingForm, StoryForm
from cocrea.community.models import Story
from cocrea.core.errors import DomainError
from cocrea.ideas.responses import (
    add_form_error,
    failed,
    membership_of,
    refuse_visitor,
    safe_next,
    saved,
)
from cocrea.ideas.services import rich_text_source


def story_url(story: Story) -> str:
    return reverse("community:story", args=[story.brand.slug, story.pk])


def brand_of(request: HttpRequest) -> Brand:
    return request.brand  # type: ignore[attr-defined,no-any-return]


def member_of(request: HttpRequest) -> Membership:
    """The viewer's membership, once ``refuse_visitor`` (or the role check) let them in."""
    member = membership_of(request)
    assert member is not None
    return member


def _page_number(request: HttpRequest) -> int:
    raw = request.GET.get("page", "1")
    return int(raw) if raw.isdigit() and len(raw) < 6 else 1


def _tag_param(request: HttpRequest) -> str:
    return request.GET.get("tag", "")[:40]


# --- Stories ------------------------------------------------------------------------------


@brand_view()
def story_list(request: HttpRequest) -> HttpResponse:
    member = membership_of(request)
    sort = request.GET.get("sort", "newest")
    sort = sort if sort in selectors.STORY_SORTS else "newest"
    stories = selectors.stories_for_list(
        brand_of(request),
        member,
        sort=sort,
        tag=_tag_param(request),
    )
    context = {
        "page": selectors.page_of(stories, _page_number(request)),
        "sort": sort,
        "tag": _tag_param(request),
        "query": urlencode({"sort": sort, "tag": _tag_param(request)}) + "&",
        "tags": Tag.objects.filter(brand=brand_of(request)),
        "can_post": perms.can_post(member, brand_of(request).pk),
    }
    return render(request, "community/story_list.html", context)


@brand_view()
def story_detail(request: HttpRequest, story_id: int) -> HttpResponse:
    member = membership_of(request)
    story = selectors.story_for_page(brand_of(request), story_id, member)
    context = {
        "story": story,
        "figures": figures_for_display(story.figures),
        "comment_form": CommentForm(),
        "can_rate": perms.can_rate_story(story, member),
        "can_comment": perms.can_comment_story(story, member),
        "can_edit": perms.can_edit_story(story, member),
        "can_moderate": perms.can_moderate(member, story.brand_id),
        "follows_author": selectors.follow_state(member, followed=story.author),
        "stars": range(1, 6),
    }
    return render(request, "community/story_detail.html", context)


@brand_view()
def story_new(request: HttpRequest) -> HttpResponse:
    if refused := refuse_visitor(request):
        return refused
    member = member_of(request)
    form = StoryForm(request.POST or None, request.FILES or None, brand_id=member.brand_id)
    if request.method == "POST" and form.is_valid():
        try:
            story = services.story_post(member=member, **form.service_kwargs())
        except DomainError as error:
            _form_error(form, error)
        else:
            return saved(request, _("Thank you! Your story is published."), story_url(story))
    return render(request, "community/story_form.html", {"form": form, "editing": None})


def _form_error(form: StoryForm, error: DomainError) -> None:
    if error.field in BY_KEY:
        error.field = f"fig_{error.field}"
    add_form_error(form, error)


def _story_initial(story: Story) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "title": story.title,
        "body": rich_text_source(story.body),
        "tags": list(story.tags.all()),
    }
    initial.update({f"fig_{key}": value for key, value in story.figures.items()})
    return initial


@brand_view()
def story_edit(request: HttpRequest, story_id: int) -> HttpResponse:
    if refused := refuse_visitor(request):
        return refused
    member = member_of(request)
    story = get_object_or_404(Story.objects.filter(brand=brand_of(request)), pk=story_id)
    if not perms.can_edit_story(story, member):
        return failed(
            request, DomainError(_("Only its author may edit a story.")), story_url(story)
        )
    data = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    form = StoryForm(*data, brand_id=member.brand_id, initial=_story_initial(story))
    if request.method == "POST" and form.is_valid():
        removed = [
            int(pk) for pk in request.POST.getlist("remove_photos") if pk.isdigit() and len(pk) < 18
        ]
        try:
            services.story_edit(
                member=member, story=story, remove_photo_ids=removed, **form.service_kwargs()
            )
        except DomainError as error:
            _form_error(form, error)
        else:
            return saved(request, _("Your story is updated."), story_url(story))
    return render(request, "community/story_form.html", {"form": form, "editing": story})


@brand_view()
@require_POST
def story_delete(request: HttpRequest, story_id: int) -> HttpResponse:
    if refused := refuse_visitor(request):
        return refused
    story = get_object_or_404(Story.objects.filter(brand=brand_of(request)), pk=story_id)
    try:
        services.story_delete(member=member_of(request), story=story)
    except DomainError as error:
        return failed(request, error, story_url(story))
    return saved(
        request, _("Your story is deleted."), reverse("community:stories", args=[story.brand.slug])
    )


def _story_for_action(request: HttpRequest, story_id: int) -> Story:
    stories = Story.objects.filter(brand=brand_of(request)).select_related("brand")
    return get_object_or_404(stories, pk=story_id)


@brand_view()
@require_POST
def story_comment(request: HttpRequest, story_id: int) -> HttpResponse:
    story = _story_for_action(request, story_id)
    if refused := refuse_visitor(request):
        return refused
    form = CommentForm(request.POST)
    if not form.is_valid():
        return failed(
            request,
            DomainError(_("Write a comment of at most 5,000 characters.")),
            story_url(story),
        )
    try:
        comment = services.story_comment(
            member=member_of(request),
            story=story,
            body=form.cleaned_data["body"],
        )
    except DomainError as error:
        return failed(request, error, story_url(story))
    return saved(
        request, _("Your comment is published."), f"{story_url(story)}#comment-{comment.pk}"
    )


@brand_view()
@require_POST
def story_rate(request: HttpRequest, story_id: int) -> HttpResponse:
    story = _story_for_action(request, story_id)
    if refused := refuse_visitor(request):
        return refused
    form = RatingForm(request.POST)
    if not form.is_valid():
        return failed(request, DomainError(_("Choose between 1 and 5 stars.")), story_url(story))
    try:
        services.story_rate(
            member=member_of(request),
            story=story,
            stars=form.cleaned_data["stars"],
        )
    except DomainError as error:
        return failed(request, error, story_url(story))
    return saved(request, _("Thank you for your rating."), story_url(story))


# --- Follows and the feed -----------------------------------------------------------------


def _feed_url(request: HttpRequest) -> str:
    return reverse("community:feed", args=[brand_of(request).slug])


@brand_view()
@require_POST
def member_follow(request: HttpRequest, membership_id: int, follow: bool = True) -> HttpResponse:
    followed = get_object_or_404(
        Membership.objects.filter(brand=brand_of(request)), pk=membership_id
    )
    if refused := refuse_visitor(request):
        return refused
    member = member_of(request)
    try:
        if follow:
            services.follow_member(member=member, followed=followed)
        else:
            services.unfollow_member(member=member, followed=followed)
    except DomainError as error:
        return failed(request, error, _feed_url(request))
    message = _("You follow %(name)s.") if follow else _("You no longer follow %(name)s.")
    return saved(
        request,
        message % {"name": followed.user.public_name},
        safe_next(request, _feed_url(request)),
    )


@brand_view()
@require_POST
def topic_follow(request: HttpRequest, tag_slug: str, follow: bool = True) -> HttpResponse:
    tag = get_object_or_404(Tag.objects.filter(brand=brand_of(request)), slug=tag_slug)
    if refused := refuse_visitor(request):
        return refused
    member = member_of(request)
    if follow:
        services.follow_topic(member=member, tag=tag)
    else:
        services.unfollow_topic(member=member, tag=tag)
    message = _("You follow #%(tag)s.") if follow else _("You no longer follow #%(tag)s.")
    return saved(request, message % {"tag": tag.name}, safe_next(request, _feed_url(request)))


@brand_view("member")
def feed(request: HttpRequest) -> HttpResponse:
    member = member_of(request)
    cursor = request.GET.get("cursor", "")[:80]
    followed_tags = selectors.followed_tag_ids(member)
    context = {
        "feed": selectors.feed_page(member, cursor=cursor),
        "is_first_page": not cursor,
        "topics": [
            (tag, tag.pk in followed_tags) for tag in Tag.objects.filter(brand=brand_of(request))
        ],
        "following": member.following.select_related("followed__user").order_by("-created_at"),
    }
    return render(request, "community/feed.html", context)
