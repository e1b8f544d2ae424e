"""Spaces' pages: her space with its rounds, the invitation link, taking part; the console's
partnerships. Thin views over ``services`` and the polls part's card."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cocrea.brands.permissions import brand_view
from cocrea.core.errors import DomainError
from cocrea.core.forms import form_field
from cocrea.engagement.models import ReferralLink
from cocrea.ideas.responses import failed, membership_of, refuse_visitor
from cocrea.influencers import permissions as perms
from cocrea.influencers import selectors, services
from cocrea.influencers.forms import (
    PartnershipForm,
    PictureForm,
    ResponseForm,
    RoundForm,
    SpaceForm,
)
from cocrea.influencers.models import Round, Space
from cocrea.polls import views as poll_views
from cocrea.polls.forms import PollForm
from cocrea.polls.services import poll_close


def space_url(space: Space) -> str:
    return reverse("influencers:space", args=[space.brand.slug, space.pk])


def _visible_space(request: HttpRequest, space_id: int) -> tuple[Space, bool]:
    """The space and whether the viewer follows it; 404 to whoever may not see it."""
    member = membership_of(request)
    space = selectors.space_for_page(request.brand, space_id)  # type: ignore[attr-defined]
    follows = services.follows(space, member)
    if not perms.can_view_space(request.brand, space, member, follows=follows):  # type: ignore[attr-defined]
        raise Http404
    return space, follows


def _error(form: Any, error: DomainError) -> None:
    form.add_error(form_field(form, (error.field or "").split(".")[0]), str(error.message))


def _poll_extra(space: Space, poll_id: int) -> dict[str, str]:
    args = [space.brand.slug, space.pk, poll_id]
    return {
        "vote_url": reverse("influencers:poll_vote", args=args),
        "results_url": reverse("influencers:poll_results", args=args),
        "close_url": reverse("influencers:poll_close", args=args),
    }


@brand_view()
def space_list(request: HttpRequest) -> HttpResponse:
    spaces = selectors.spaces_for_list(request.brand)  # type: ignore[attr-defined]
    return render(request, "influencers/space_list.html", {"spaces": spaces})


@brand_view()
def space_detail(request: HttpRequest, space_id: int) -> HttpResponse:
    space, follows = _visible_space(request, space_id)
    member = membership_of(request)
    rounds = selectors.rounds_of(space, member)
    cards = {
        r.pk: poll_views.card_context(request, r.poll, **_poll_extra(space, r.poll.pk))
        for r in rounds
        if r.poll is not None
    }
    manage = perms.can_manage_space(space, member)
    context = {
        "space": space,
        "rounds": [(r, cards.get(r.pk)) for r in rounds],
        "follows": follows,
        "can_manage": manage,
        "can_take_part": perms.can_take_part(request.brand, space, member, follows=follows),  # type: ignore[attr-defined]
        "invite_url": request.build_absolute_uri(
            reverse("influencers:invite", args=[space.brand.slug, services.invite_code(space)])
        )
        if manage
        else "",
        "response_form": ResponseForm(),
        "picture_form": PictureForm(),
        "figures": selectors.participation(rounds),
        "syntheses": [
            (s, reverse("influencers:synthesis", args=[space.brand.slug, space.pk, s.pk]))
            for s in selectors.syntheses_of(space)
        ],
        "synthesis_new_url": reverse("influencers:synthesis_new", args=[space.brand.slug, space.pk])
        if manage
        else "",
    }
    return render(request, "influencers/space.html", context)


@brand_view()
def space_edit(request: HttpRequest, space_id: int) -> HttpResponse:
    space = selectors.space_for_page(request.brand, space_id)  # type: ignore[attr-defined]
    member = membership_of(request)
    if refused := refuse_visitor(request):
        return refused
    if not perms.can_manage_space(space, member):
        raise PermissionDenied
    form = SpaceForm(
        request.POST or None, request.FILES or None, initial=SpaceForm.initial_for(space)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.space_update(
                actor=member,  # type: ignore[arg-type]
                space=space,
                title=data["title"],
                bio=data["bio"],
                links=data["links"].splitlines(),
                visibility=data["visibility"],
                photo=data["photo"],
            )
        except DomainError as error:
            _error(form, error)
        else:
            messages.success(request, _("Your space is saved."))
            return redirect(space_url(space))
    context = {"form": form, "space": space}
    return render(
        request, "influencers/space_form.html", context, status=400 if form.errors else 200
    )


@brand_view()
def invite(request: HttpRequest, code: str) -> HttpResponse:
    """Her invitation link: the space's introduction, then joining the brand as her follower."""
    brand = request.brand  # type: ignore[attr-defined]
    link = ReferralLink.objects.filter(brand=brand, code=code).first()
    space = Space.objects.filter(influencer_id=link.member_id).first() if link else None
    if space is None:
        raise Http404
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            services.space_join(space=space, user=request.user)
        except DomainError as error:
            return failed(request, error, request.path)
        messages.success(request, _("Welcome: you follow %(name)s.") % {"name": space.title})
        return redirect(space_url(space))
    return render(request, "influencers/invite.html", {"space": space, "code": code})


@brand_view()
@require_POST
def space_follow(request: HttpRequest, space_id: int) -> HttpResponse:
    space = selectors.space_for_page(request.brand, space_id)  # type: ignore[attr-defined]
    if space.visibility != Space.Visibility.PUBLIC:
        raise Http404  # a followers-only space is joined through her link
    if refused := refuse_visitor(request):
        return refused
    try:
        services.space_follow(space=space, member=membership_of(request))  # type: ignore[arg-type]
    except DomainError as error:
        return failed(request, error, space_url(space))
    return redirect(space_url(space))


def _managed_space(request: HttpRequest, space_id: int) -> Space | HttpResponse:
    space = selectors.space_for_page(request.brand, space_id)  # type: ignore[attr-defined]
    if refused := refuse_visitor(request):
        return refused
    if not perms.can_manage_space(space, membership_of(request)):
        raise PermissionDenied
    return space


@brand_view()
def poll_new(request: HttpRequest, space_id: int) -> HttpResponse:
    space = _managed_space(request, space_id)
    if isinstance(space, HttpResponse):
        return space
    form = PollForm(
        request.POST or None,
        request.FILES or None,
        brand=request.brand,  # type: ignore[attr-defined]
        with_campaign=False,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.round_poll_create(
                actor=membership_of(request),  # type: ignore[arg-type]
                space=space,
                question=data["question"],
                kind=data["kind"],
                options=form.options(),
                closes_at=data["closes_at"],
            )
        except DomainError as error:
            _error(form, error)
        else:
            messages.success(request, _("Your poll is open."))
            return redirect(space_url(space))
    context = {"form": form, "back_url": space_url(space), "heading": _("New poll in your space")}
    return render(request, "polls/form.html", context, status=400 if form.errors else 200)


@brand_view()
def round_new(request: HttpRequest, space_id: int) -> HttpResponse:
    space = _managed_space(request, space_id)
    if isinstance(space, HttpResponse):
        return space
    form = RoundForm(request.POST or None, initial={"kind": request.GET.get("kind", "question")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.round_create(
                actor=membership_of(request),  # type: ignore[arg-type]
                space=space,
                kind=data["kind"],
                prompt=data["prompt"],
                closes_at=data["closes_at"],
            )
        except DomainError as error:
            _error(form, error)
        else:
            return redirect(space_url(space))
    context = {"form": form, "space": space}
    return render(
        request, "influencers/round_form.html", context, status=400 if form.errors else 200
    )


def _space_poll(request: HttpRequest, space_id: int, poll_id: int) -> tuple[Space, Any]:
    space, _follows = _visible_space(request, space_id)
    return space, selectors.space_poll(space, poll_id, membership_of(request))


@brand_view()
@require_POST
def poll_vote(request: HttpRequest, space_id: int, poll_id: int) -> HttpResponse:
    space, poll = _space_poll(request, space_id, poll_id)
    return poll_views.vote_and_answer(
        request, poll, space_url(space), **_poll_extra(space, poll.pk)
    )


@brand_view()
def poll_results(request: HttpRequest, space_id: int, poll_id: int) -> HttpResponse:
    space, poll = _space_poll(request, space_id, poll_id)
    context = poll_views.card_context(request, poll, **_poll_extra(space, poll.pk))
    return render(request, "polls/_poll.html", context)


@brand_view()
@require_POST
def poll_close_view(request: HttpRequest, space_id: int, poll_id: int) -> HttpResponse:
    space, poll = _space_poll(request, space_id, poll_id)
    if refused := refuse_visitor(request):
        return refused
    member = membership_of(request)
    if not perms.can_manage_space(space, member):
        raise PermissionDenied
    poll_close(actor=poll.author, poll=poll)  # her poll: closed in her name
    return redirect(space_url(space))


def _round_action(request: HttpRequest, round_id: int, act: Any) -> HttpResponse:
    round_ = selectors.round_for_action(request.brand, round_id)  # type: ignore[attr-defined]
    space = round_.space
    member = membership_of(request)
    follows = services.follows(space, member)
    if not perms.can_view_space(request.brand, space, member, follows=follows):  # type: ignore[attr-defined]
        raise Http404
    if refused := refuse_visitor(request):
        return refused
    try:
        act(member, round_)
    except DomainError as error:
        return failed(request, error, space_url(space))
    return redirect(f"{space_url(space)}#round-{round_.pk}")


@brand_view()
@require_POST
def response_post(request: HttpRequest, round_id: int) -> HttpResponse:
    form = ResponseForm(request.POST)
    body = form.cleaned_data["body"] if form.is_valid() else ""

    def act(member: Any, round_: Round) -> None:
        services.response_post(member=member, round_=round_, body=body)

    return _round_action(request, round_id, act)


@brand_view()
@require_POST
def picture_post(request: HttpRequest, round_id: int) -> HttpResponse:
    upload = request.FILES.get("image")
    caption = str(request.POST.get("caption", ""))

    def act(member: Any, round_: Round) -> None:
        if upload is None:
            raise DomainError(_("Choose a picture."), field="image")
        services.picture_post(member=member, round_=round_, image=upload, caption=caption)

    return _round_action(request, round_id, act)


@brand_view()
@require_POST
def picture_heart(request: HttpRequest, picture_id: int) -> HttpResponse:
    picture = selectors.picture_for_action(request.brand, picture_id)  # type: ignore[attr-defined]

    def act(member: Any, round_: Round) -> None:
        services.picture_heart(member=member, picture=picture)

    return _round_action(request, picture.round_id, act)


# --- The console -------------------------------------------------------------------------


@brand_view("admin")
def partnership_list(request: HttpRequest) -> HttpResponse:
    brand = request.brand  # type: ignore[attr-defined]
    context = {
        "partnerships": selectors.partnerships_for_console(brand),
        "figures": selectors.spaces_side_by_side(brand),
        "section": "partnerships",
    }
    return render(request, "influencers/partnerships.html", context)


@brand_view("admin")
def partnership_create(request: HttpRequest) -> HttpResponse:
    brand = request.brand  # type: ignore[attr-defined]
    form = PartnershipForm(request.POST or None, brand=brand)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            partnership = services.partnership_create(
                actor=membership_of(request),  # type: ignore[arg-type]
                influencer=data["influencer"],
                capsule_name=data["capsule_name"],
                goals=data["goals"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                terms=data["terms"],
                amount=data["amount"],
                currency=data["currency"],
            )
        except DomainError as error:
            _error(form, error)
        else:
            messages.success(request, _("The partnership is recorded and her space is open."))
            space = partnership.spaces.first()
            return redirect(
                space_url(space)
                if space
                else reverse("influencers:partnerships", args=[brand.slug])
            )
    context = {"form": form, "section": "partnerships"}
    return render(
        request, "influencers/partnership_form.html", context, status=400 if form.errors else 200
    )
