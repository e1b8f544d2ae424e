"""The brand console's *Sign-in* page (identity providers, SSO only, customer token) and the
customer token's landing address. The secret is shown once, on the page after it is made."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from cocrea.brands.permissions import brand_or_404, brand_view, can_view_brand, membership_for
from cocrea.core.errors import DomainError
from cocrea.sso import services
from cocrea.sso.adapter import OIDC, SAML
from cocrea.sso.customer_token import audience, customer_sign_in
from cocrea.sso.forms import OptionsForm, provider_form
from cocrea.sso.models import IdentityProvider
from cocrea.sso.selectors import providers_of, sign_in_settings

_SHOWN_ONCE = "cocrea_customer_secret"


def _urls(request: HttpRequest, provider: IdentityProvider) -> dict[str, str]:
    if provider.protocol == IdentityProvider.Protocol.OIDC:
        path = reverse(f"{OIDC}_callback", kwargs={"provider_id": provider.key})
        return {"callback": request.build_absolute_uri(path)}
    return {
        "acs": request.build_absolute_uri(reverse("saml_acs", args=[provider.key])),
        "metadata": request.build_absolute_uri(reverse("saml_metadata", args=[provider.key])),
    }


@brand_view("admin")
def console(request: HttpRequest) -> HttpResponse:
    brand = request.brand  # type: ignore[attr-defined]
    providers = [(p, _urls(request, p)) for p in providers_of(brand)]
    settings = sign_in_settings(brand)
    context = {
        "providers": providers,
        "options": OptionsForm(initial={"sso_only": settings.sso_only}),
        "sign_in": settings,
        "shown": request.session.pop(_SHOWN_ONCE, None),
        "audience": audience(brand),
        "customer_url": request.build_absolute_uri(
            reverse("sso:customer", kwargs={"brand_slug": brand.slug})
        ),
        "saml": SAML,
    }
    return render(request, "sso/console.html", context)


@brand_view("admin")
def provider_edit(
    request: HttpRequest, provider_id: int | None = None, protocol: str = ""
) -> HttpResponse:
    brand = request.brand  # type: ignore[attr-defined]
    provider = None
    if provider_id is not None:
        provider = providers_of(brand).filter(pk=provider_id).first()
        if provider is None:
            raise Http404
        protocol = provider.protocol
    if protocol not in IdentityProvider.Protocol.values:
        raise Http404
    form = provider_form(protocol, request.POST or None, provider)
    if request.method == "POST" and form.is_valid():
        try:
            services.identity_provider_save(
                membership=request.membership,  # type: ignore[attr-defined]
                protocol=protocol,
                values=form.cleaned_data,
                provider_id=provider_id,
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error.message))
        else:
            messages.success(request, _("The identity provider is saved."))
            return redirect("sso:console", brand_slug=brand.slug)
    context = {
        "form": form,
        "provider": provider,
        "protocol": IdentityProvider.Protocol(protocol),
    }
    return render(request, "sso/provider_form.html", context)


@require_POST
@brand_view("admin")
def provider_delete(request: HttpRequest, provider_id: int) -> HttpResponse:
    try:
        services.identity_provider_delete(membership=request.membership, provider_id=provider_id)  # type: ignore[attr-defined]
    except DomainError as error:
        raise Http404 from error
    messages.success(request, _("The identity provider is removed."))
    return redirect("sso:console", brand_slug=request.brand.slug)  # type: ignore[attr-defined]


@require_POST
@brand_view("admin")
def options(request: HttpRequest) -> HttpResponse:
    form = OptionsForm(request.POST)
    sso_only = form.is_valid() and form.cleaned_data["sso_only"]
    try:
        services.sso_only_set(membership=request.membership, sso_only=sso_only)  # type: ignore[attr-defined]
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The sign-in options are saved."))
    return redirect("sso:console", brand_slug=request.brand.slug)  # type: ignore[attr-defined]


@require_POST
@brand_view("admin")
def customer_secret(request: HttpRequest) -> HttpResponse:
    membership = request.membership  # type: ignore[attr-defined]
    if request.POST.get("action") == "revoke":
        services.customer_secret_revoke(membership=membership)
        messages.success(request, _("Customer sign-in is switched off."))
    else:
        request.session[_SHOWN_ONCE] = services.customer_secret_rotate(membership=membership)
    return redirect("sso:console", brand_slug=request.brand.slug)  # type: ignore[attr-defined]


@csrf_exempt  # posted by the brand's shop, another site; the signed token is the proof
def customer(request: HttpRequest, brand_slug: str) -> HttpResponse:
    """Sign in the customer the token stands for, then open the brand's community."""
    brand = brand_or_404(brand_slug)
    source = request.POST if request.method == "POST" else request.GET
    token = source.get("token", "")
    if "token" not in source:  # opened by hand: say what the address is for
        if not can_view_brand(brand, membership_for(brand, request.user)):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            raise Http404
        context = {
            "brand": brand,
            "message": _(
                "This address signs in the customers of the brand's shop: open it from the shop."
            ),
            "code": "none",
        }
        return render(request, "sso/customer_refused.html", context)
    try:
        user = customer_sign_in(brand=brand, token=token, signed_in=request.user)
    except DomainError as error:
        context = {"brand": brand, "message": error.message, "code": error.code}
        return render(request, "sso/customer_refused.html", context, status=error.status)
    if request.user != user:
        login(request, user, backend="cocrea.accounts.backends.CachedModelBackend")
    return redirect("brands:brand_home", brand_slug=brand.slug)
