"""The platform operators' console (superusers), the self-service brand sign-up and the page
that accepts a team invitation. Thin: the rules are in ``brands.provisioning``."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cocrea.accounts.models import AuditEvent, User
from cocrea.brands.models import Brand
from cocrea.brands.operator_forms import (
    BrandCreateForm,
    DeleteForm,
    InvitationSignupForm,
    OperatorBrandCreateForm,
    SuspendForm,
)
from cocrea.brands.operator_selectors import brands_for_operators
from cocrea.brands.provisioning import (
    brand_create,
    brand_delete,
    brand_resume,
    brand_suspend,
    invitation_accept,
    invitation_accept_new_account,
    invitation_by_token,
)
from cocrea.core import ratelimit
from cocrea.core.errors import DomainError

PAGE_SIZE = 50


def operator_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Superusers only: visitors go to the login page, everyone else gets a 404."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not (request.user.is_superuser and request.user.is_active):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def _form_error(form: Form, error: DomainError) -> None:
    form.add_error(error.field if error.field in form.fields else None, str(error.message))


@operator_view
def operators_home(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:100]
    page = Paginator(brands_for_operators(query), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "brands": page.object_list, "query": query}
    return render(request, "brands/operators/home.html", context)


@operator_view
def operators_create(request: HttpRequest) -> HttpResponse:
    form = OperatorBrandCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = brand_create(
                name=data["name"],
                slug=data["slug"],
                languages=data["languages"],
                default_language=data["default_language"],
                visibility=data["visibility"],
                admin_email=data["admin_email"],
                actor=request.user,  # type: ignore[arg-type]
            )
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(
                request,
                _("%(brand)s is created; %(email)s has been invited to run it.")
                % {"brand": created.brand.name, "email": data["admin_email"]},
            )
            return redirect("operators:home")
    return render(request, "brands/operators/create.html", {"form": form})


@require_POST
@operator_view
def operators_suspend(request: HttpRequest, brand_id: int) -> HttpResponse:
    brand = get_object_or_404(Brand, pk=brand_id)
    form = SuspendForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    brand_suspend(brand=brand, actor=request.user, reason=reason)  # type: ignore[arg-type]
    messages.success(request, _("%(brand)s is suspended.") % {"brand": brand.name})
    return redirect("operators:home")


@require_POST
@operator_view
def operators_resume(request: HttpRequest, brand_id: int) -> HttpResponse:
    brand = get_object_or_404(Brand, pk=brand_id)
    brand_resume(brand=brand, actor=request.user)  # type: ignore[arg-type]
    messages.success(request, _("%(brand)s is open again.") % {"brand": brand.name})
    return redirect("operators:home")


@operator_view
def operators_delete(request: HttpRequest, brand_id: int) -> HttpResponse:
    brand = get_object_or_404(brands_for_operators(), pk=brand_id)
    form = DeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            brand_delete(
                brand=brand,
                actor=request.user,  # type: ignore[arg-type]
                confirm_slug=form.cleaned_data["confirm_slug"],
            )
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("%(brand)s is deleted.") % {"brand": brand.name})
            return redirect("operators:home")
    return render(request, "brands/operators/delete.html", {"form": form, "target": brand})


@operator_view
def operators_audit(request: HttpRequest) -> HttpResponse:
    events = AuditEvent.objects.select_related(None).order_by("-created_at", "-id")
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "brands/operators/audit.html", {"page": page})


@login_required
def brand_signup(request: HttpRequest) -> HttpResponse:
    """Self-service: a signed-in person creates a brand and becomes its admin (off by default)."""
    if not settings.BRAND_SELF_SIGNUP:
        raise Http404
    form = BrandCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            ratelimit.hit("brand_signup", f"user:{request.user.pk}")
            created = brand_create(
                name=data["name"],
                slug=data["slug"],
                languages=data["languages"],
                default_language=data["default_language"],
                visibility=data["visibility"],
                admin_user=request.user,  # type: ignore[arg-type]
            )
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(
                request,
                _("Welcome to %(brand)s! Set its colours and logo here.")
                % {"brand": created.brand.name},
            )
            return redirect("brands:settings", brand_slug=created.brand.slug)
    return render(request, "brands/brand_signup.html", {"form": form})


def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The link of a team invitation: create the account or log in, then join the team."""
    invitation = invitation_by_token(token)
    if invitation is None:
        return render(request, "brands/invitation_invalid.html", status=404)
    request.theme_brand = invitation.brand  # type: ignore[attr-defined]
    user = request.user
    has_account = User.objects.filter(email__iexact=invitation.email).exists()
    form = InvitationSignupForm(
        request.POST if request.method == "POST" and not user.is_authenticated else None,
        initial={"language": invitation.brand.default_language},
    )
    if request.method == "POST":
        try:
            if user.is_authenticated:
                invitation_accept(invitation=invitation, user=user)  # type: ignore[arg-type]
            elif not has_account and form.is_valid():
                data = form.cleaned_data
                user = invitation_accept_new_account(
                    invitation=invitation,
                    display_name=data["display_name"],
                    password=data["password1"],
                    language=data["language"],
                )
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            else:
                raise DomainError(_("Check the form below."), code="invalid")
        except DomainError as error:
            if error.field in form.fields:
                form.add_error(error.field, str(error.message))
            else:
                messages.error(request, str(error.message))
        else:
            messages.success(
                request, _("Welcome to the %(brand)s team!") % {"brand": invitation.brand.name}
            )
            return redirect("brands:brand_home", brand_slug=invitation.brand.slug)
    context = {
        "invitation": invitation,
        "form": form,
        "has_account": has_account,
        "right_account": user.is_authenticated and user.email.lower() == invitation.email,  # type: ignore[union-attr]
    }
    return render(request, "brands/invitation_accept.html", context)
