"""The member's in-store pages: "Ma liste" (her coups de cœur and other signals from her linked
bracelets and cards), linking and unlinking a bracelet or card, and turning an item into an
idea. The rules are ``tags``'."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from cocrea.brands.permissions import brand_view
from cocrea.campaigns.models import Campaign
from cocrea.campaigns.selectors import campaigns_for_brand
from cocrea.core.errors import DomainError
from cocrea.ideas.permissions import can_submit
from cocrea.instore import tags
from cocrea.instore.models import ListItem, TagLink

LIST_PAGE = 200


class LinkForm(forms.Form):
    kind = forms.ChoiceField(label=_("What is it?"), choices=TagLink.Kind.choices)
    tag = forms.CharField(
        label=_("The number printed on it"), max_length=128, strip=True, required=False
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that what I do in store with this bracelet or card (coups de cœur, "
            "ratings, comments) is tied to my account, to find it in my list and earn points. "
            "I can unlink it at any time."
        ),
        required=False,
    )


class IdeaForm(forms.Form):
    campaign = forms.TypedChoiceField(label=_("Campaign"), coerce=int)
    title = forms.CharField(label=_("Title"), max_length=300)
    body = forms.CharField(label=_("Your idea"), widget=forms.Textarea, max_length=20000)

    def __init__(self, *args: Any, campaigns: list[Campaign], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["campaign"].choices = [(c.pk, c.title) for c in campaigns]  # type: ignore[attr-defined]


def _items(request: HttpRequest) -> list[ListItem]:
    rows = ListItem.objects.filter(member=request.membership).select_related(  # type: ignore[attr-defined]
        "signal__product", "signal__store", "idea"
    )
    return list(rows.order_by("-signal__occurred_at", "-id")[:LIST_PAGE])


def _list_page(request: HttpRequest, form: LinkForm, status: int = 200) -> HttpResponse:
    context = {
        "items": _items(request),
        "links": list(TagLink.objects.filter(member=request.membership)),  # type: ignore[attr-defined]
        "form": form,
    }
    return render(request, "instore/my_list.html", context, status=status)


def _apply(form: forms.Form, error: DomainError) -> None:
    form.add_error(error.field if error.field in form.fields else None, str(error.message))


@require_http_methods(["GET", "POST"])
@brand_view("member")
def my_list(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _list_page(request, LinkForm())
    form = LinkForm(request.POST)
    if not form.is_valid():
        return _list_page(request, form, status=400)
    try:
        tags.tag_link(
            member=request.membership,  # type: ignore[attr-defined]
            tag=form.cleaned_data["tag"],
            kind=form.cleaned_data["kind"],
            consent=form.cleaned_data["consent"],
        )
    except DomainError as error:
        _apply(form, error)
        return _list_page(request, form, status=400)
    messages.success(request, _("Linked: your next coups de cœur in store will be in your list."))
    return redirect("instore:my_list", brand_slug=request.brand.slug)  # type: ignore[attr-defined]


@require_POST
@brand_view("member")
def unlink(request: HttpRequest, link_id: int) -> HttpResponse:
    try:
        tags.tag_unlink(member=request.membership, link_id=link_id)  # type: ignore[attr-defined]
    except DomainError as error:
        raise Http404 from error
    messages.success(request, _("Unlinked: what you do in store with it is anonymous again."))
    return redirect("instore:my_list", brand_slug=request.brand.slug)  # type: ignore[attr-defined]


def _open_campaigns(request: HttpRequest) -> list[Campaign]:
    member = request.membership  # type: ignore[attr-defined]
    rows = campaigns_for_brand(request.brand, member)  # type: ignore[attr-defined]
    return [c for c in rows if can_submit(c, member)]


@require_http_methods(["GET", "POST"])
@brand_view("member")
def item_idea(request: HttpRequest, item_id: int) -> HttpResponse:
    item = (
        ListItem.objects.filter(member=request.membership, pk=item_id)  # type: ignore[attr-defined]
        .select_related("signal__product", "signal__store", "idea")
        .first()
    )
    if item is None:
        raise Http404
    campaigns = _open_campaigns(request)
    product = item.signal.product
    initial = {"title": product.name if product is not None else ""}
    form = IdeaForm(request.POST or None, initial=initial, campaigns=campaigns)
    if request.method == "POST" and form.is_valid():
        campaign = next(c for c in campaigns if c.pk == form.cleaned_data["campaign"])
        try:
            idea = tags.idea_from_item(
                member=request.membership,  # type: ignore[attr-defined]
                item_id=item.pk,
                campaign=campaign,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
            )
        except DomainError as error:
            _apply(form, error)
        else:
            messages.success(request, _("Your idea is posted."))
            return redirect(reverse("ideas:detail", args=[request.brand.slug, idea.pk]))  # type: ignore[attr-defined]
    status = 400 if request.method == "POST" else 200
    context = {"item": item, "form": form, "campaigns": campaigns}
    return render(request, "instore/item_idea.html", context, status=status)
