from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST

from cocrea.brands.colours import theme_properties
from cocrea.brands.forms import BrandSettingsForm, RoleForm, TeamSearchForm
from cocrea.brands.models import Brand, Membership
from cocrea.brands.permissions import access_brand, brand_view
from cocrea.brands.selectors import brands_for_home, team_counts, team_members
from cocrea.brands.services import brand_join, brand_update, membership_set_role
from cocrea.campaigns.selectors import campaigns_by_period
from cocrea.core.errors import DomainError
from cocrea.core.forms import form_field
from cocrea.core.texts import texts_of

TEAM_PAGE_SIZE = 25


def home(request: HttpRequest) -> HttpResponse:
    brands = list(brands_for_home(request.user))
    if len(brands) == 1 and not request.user.is_authenticated:
        return redirect("brands:brand_home", brand_slug=brands[0].slug)
    return render(request, "brands/home.html", {"brands": brands})


@brand_view()
def brand_home(request: HttpRequest) -> HttpResponse:
    brand = request.brand  # type: ignore[attr-defined]
    groups = campaigns_by_period(brand, request.membership)  # type: ignore[attr-defined]
    context = {
        "brand": brand,
        "open_campaigns": groups["open"],
        "upcoming_campaigns": groups["upcoming"],
        "closed_campaigns": groups["closed"],
        "has_campaigns": any(groups.values()),
    }
    return render(request, "brands/brand_home.html", context)


def _settings_initial(brand: Brand) -> dict[str, object]:
    return {
        "name": brand.name,
        "tagline": texts_of(brand, "tagline"),
        "description": texts_of(brand, "description"),
        "primary_colour": brand.primary_colour,
        "accent_colour": brand.accent_colour,
        "languages": brand.languages or [brand.default_language],
        "default_language": brand.default_language,
        "visibility": brand.visibility,
    }


@brand_view("admin")
def brand_settings(request: HttpRequest) -> HttpResponse:
    brand = request.brand  # type: ignore[attr-defined]
    form = BrandSettingsForm(
        request.POST or None, request.FILES or None, initial=_settings_initial(brand)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            brand_update(
                actor=request.membership,  # type: ignore[attr-defined]
                brand=brand,
                name=data["name"],
                tagline=data["tagline"],
                description=data["description"],
                logo=data.get("logo"),
                remove_logo=data["remove_logo"],
                primary_colour=data["primary_colour"],
                accent_colour=data["accent_colour"],
                languages=data["languages"],
                default_language=data["default_language"],
                visibility=data["visibility"],
            )
        except DomainError as error:
            form.add_error(form_field(form, error.field), str(error.message))
            brand.refresh_from_db()
        else:
            messages.success(request, _("The brand settings are saved."))
            return redirect("brands:settings", brand_slug=brand.slug)
    return render(request, "brands/settings.html", {"form": form})


@brand_view("moderator")
def team(request: HttpRequest) -> HttpResponse:
    brand = request.brand  # type: ignore[attr-defined]
    search = TeamSearchForm(request.GET or None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    paginator = Paginator(team_members(brand, query), TEAM_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "search": search,
        "query": query,
        "page": page,
        "members": page.object_list,
        "counts": team_counts(brand),
        "roles": Membership.Role.choices,
    }
    return render(request, "brands/team.html", context)


@require_POST
@brand_view("admin")
def team_role(request: HttpRequest, membership_id: int) -> HttpResponse:
    brand = request.brand  # type: ignore[attr-defined]
    member = get_object_or_404(
        Membership.objects.select_related("user"), brand=brand, pk=membership_id
    )
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a role."))
    else:
        try:
            membership_set_role(
                membership=member,
                role=form.cleaned_data["role"],
                actor=request.membership,  # type: ignore[attr-defined]
            )
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(
                request,
                _("%(name)s is now %(role)s.")
                % {"name": member.user.public_name, "role": member.get_role_display()},
            )
    next_url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(next_url, allowed_hosts=None) and next_url.startswith("/"):
        return redirect(next_url)
    return redirect("brands:team", brand_slug=brand.slug)


@login_required
@require_POST
def join(request: HttpRequest, brand_slug: str) -> HttpResponse:
    brand = get_object_or_404(Brand, slug=brand_slug, visibility=Brand.Visibility.PUBLIC)
    try:
        brand_join(brand=brand, user=request.user)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Welcome to the %(brand)s community!") % {"brand": brand.name})
    next_url = request.POST.get("next", "")
    # "/\\evil.example" passes a startswith("/") test but browsers read it as "//evil.example".
    if url_has_allowed_host_and_scheme(next_url, allowed_hosts=None) and next_url.startswith("/"):
        return redirect(next_url)
    return redirect("brands:brand_home", brand_slug=brand.slug)


@cache_control(private=True, max_age=300)
def theme_css(request: HttpRequest, brand_slug: str) -> HttpResponse:
    """The brand's colours as CSS custom properties (keeps templates free of inline styles)."""
    brand, _membership = access_brand(request, brand_slug)  # members-only: 404 to outsiders
    props = theme_properties(brand.primary_colour, brand.accent_colour)
    css = ":root{" + "".join(f"{name}:{value};" for name, value in props.items()) + "}"
    return HttpResponse(css, content_type="text/css; charset=utf-8")
