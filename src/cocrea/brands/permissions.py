"""Who may see and do what in a brand. Pure predicates, plus the access helper every view uses."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from cocrea.brands.models import Brand, Membership
from cocrea.brands.theming import remember_brand

Role = Membership.Role
_RANK = {Role.MEMBER: 0, Role.INFLUENCER: 0, Role.MODERATOR: 1, Role.ADMIN: 2}


def has_role(membership: Membership | None, role: str) -> bool:
    return membership is not None and _RANK[Role(membership.role)] >= _RANK[Role(role)]


def is_moderator(membership: Membership | None) -> bool:
    return has_role(membership, Role.MODERATOR)


def is_admin(membership: Membership | None) -> bool:
    return has_role(membership, Role.ADMIN)


def can_view_brand(brand: Brand, membership: Membership | None) -> bool:
    return brand.visibility == Brand.Visibility.PUBLIC or membership is not None


def membership_for(brand: Brand, user: Any) -> Membership | None:
    """The user's membership of the brand (through the object cache: ``brands.cache``)."""
    from cocrea.brands.cache import membership_of

    return membership_of(brand, user)


def brand_or_404(slug: str) -> Brand:
    from cocrea.brands.cache import brand_by_slug

    brand = brand_by_slug(slug)
    if brand is None:
        raise Http404
    return brand


def access_brand(request: HttpRequest, brand_slug: str) -> tuple[Brand, Membership | None]:
    """The brand and the viewer's membership, or 404 if the viewer may not see the brand at all.

    A members-only brand answers 404 to outsiders, so its existence does not leak.
    """
    brand = brand_or_404(brand_slug)
    membership = membership_for(brand, request.user)
    if not can_view_brand(brand, membership):
        raise Http404
    return brand, membership


ViewFunc = TypeVar("ViewFunc", bound=Callable[..., HttpResponse])


def needs_consent(brand: Brand, membership: Membership | None) -> bool:
    """The brand published terms or a privacy notice this member has not accepted yet."""
    return membership is not None and (
        membership.terms_version < brand.terms_version
        or membership.privacy_version < brand.privacy_version
    )


def _ask_consent(request: HttpRequest, brand: Brand) -> HttpResponse:
    from django.urls import reverse
    from django.utils.http import urlencode

    target = reverse("privacy_console:consent", kwargs={"brand_slug": brand.slug})
    next_url = request.get_full_path() if request.method == "GET" else f"/b/{brand.slug}/"
    url = f"{target}?{urlencode({'next': next_url})}"
    if request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


def brand_view(
    role: str | None = None, *, consent_exempt: bool = False
) -> Callable[[ViewFunc], ViewFunc]:
    """Resolve ``brand_slug`` into ``request.brand`` and ``request.membership``.

    ``role`` (member, moderator, admin) is the least role the view needs: anonymous visitors are
    sent to the login page, signed-in people without the role get 403. A member who has not
    accepted the brand's current terms and privacy notice is sent to accept them first (nothing
    she posted meanwhile is done), except on the pages that show them (``consent_exempt``).
    """

    def decorator(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        def wrapper(
            request: HttpRequest, brand_slug: str, *args: Any, **kwargs: Any
        ) -> HttpResponse:
            brand = brand_or_404(brand_slug)
            if brand.is_suspended and not request.user.is_superuser:
                return render(request, "brands/suspended.html", {"suspended": brand}, status=403)
            membership = membership_for(brand, request.user)
            if not can_view_brand(brand, membership) and not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not can_view_brand(brand, membership):
                raise Http404
            if role is not None and not has_role(membership, role):
                if not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path())
                raise PermissionDenied
            if not consent_exempt and needs_consent(brand, membership):
                return _ask_consent(request, brand)
            request.brand = brand  # type: ignore[attr-defined]
            request.membership = membership  # type: ignore[attr-defined]
            response = view(request, *args, **kwargs)
            remember_brand(request, response, brand)
            return response

        return wrapper  # type: ignore[return-value]

    return decorator
