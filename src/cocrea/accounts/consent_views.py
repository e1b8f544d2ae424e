"""A brand's terms and privacy notice: read them, accept them (again when they change), and
publish new versions from the brand console."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from cocrea.accounts.models import LegalDocument
from cocrea.accounts.privacy import consent_record, current_documents, legal_document_publish
from cocrea.accounts.privacy_forms import ConsentForm, LegalDocumentForm
from cocrea.brands.models import Membership
from cocrea.brands.permissions import brand_view
from cocrea.core.errors import DomainError


def _safe_next(request: HttpRequest, default: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(candidate, allowed_hosts=None) and candidate.startswith("/"):
        return candidate
    return default


def _accepted_before(membership: Membership) -> bool:
    return bool(membership.terms_version or membership.privacy_version)


@brand_view("member", consent_exempt=True)
def consent(request: HttpRequest) -> HttpResponse:
    brand, membership = request.brand, request.membership  # type: ignore[attr-defined]
    home = f"/b/{brand.slug}/"
    initial = {
        "terms_version": brand.terms_version,
        "privacy_version": brand.privacy_version,
        "marketing": membership.marketing_consent,
    }
    form = ConsentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            consent_record(
                membership=membership,
                terms_version=data["terms_version"],
                privacy_version=data["privacy_version"],
                marketing=data["marketing"],
                source="renewal" if _accepted_before(membership) else "join",
            )
        except DomainError as error:
            messages.error(request, str(error.message))
            return redirect(request.get_full_path())
        messages.success(request, _("Thank you: your choice is saved."))
        return redirect(_safe_next(request, home))
    context = {
        "form": form,
        "documents": current_documents(brand),
        "renewal": _accepted_before(membership),
        "next": _safe_next(request, home),
    }
    return render(request, "accounts/consent.html", context)


@brand_view(consent_exempt=True)
def legal(request: HttpRequest, kind: str) -> HttpResponse:
    brand = request.brand  # type: ignore[attr-defined]
    if kind not in LegalDocument.Kind.values:
        raise Http404
    document = LegalDocument.objects.filter(brand=brand, kind=kind).order_by("-version").first()
    if document is None:
        raise Http404
    return render(request, "accounts/legal.html", {"document": document})


@brand_view("admin")
def legal_console(request: HttpRequest) -> HttpResponse:
    brand = request.brand  # type: ignore[attr-defined]
    form = LegalDocumentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            document = legal_document_publish(
                actor=request.membership,  # type: ignore[attr-defined]
                kind=data["kind"],
                title=data["title"],
                body=data["body"],
                summary=data["summary"],
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error.message))
        else:
            messages.success(
                request,
                _("Version %(version)s is published; members will be asked to accept it.")
                % {"version": document.version},
            )
            return redirect("privacy_console:legal", brand_slug=brand.slug)
    versions = LegalDocument.objects.filter(brand=brand).select_related("published_by")[:40]
    return render(request, "accounts/legal_console.html", {"form": form, "versions": versions})
