"""The person's privacy pages (/privacy/): consents per brand, "download my data", deletion."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cocrea.accounts.models import PersonalExport
from cocrea.accounts.personal_export import (
    personal_export_for_download,
    personal_export_request,
)
from cocrea.accounts.privacy import account_delete, marketing_consent_set
from cocrea.accounts.privacy_forms import DeleteAccountForm
from cocrea.brands.models import Membership
from cocrea.core.errors import DomainError, NotFound


@login_required
def privacy_home(request: HttpRequest) -> HttpResponse:
    user = request.user
    memberships = Membership.objects.filter(user=user).select_related("brand")  # type: ignore[misc]
    exports = PersonalExport.objects.filter(user=user)[:5]  # type: ignore[misc]
    context = {"memberships": memberships.order_by("brand__name"), "exports": exports}
    return render(request, "accounts/privacy/home.html", context)


@login_required
@require_POST
def marketing(request: HttpRequest, membership_id: int) -> HttpResponse:
    membership = get_object_or_404(
        Membership.objects.select_related("brand"), pk=membership_id, user=request.user
    )
    given = request.POST.get("given") == "1"
    marketing_consent_set(membership=membership, given=given)
    if given:
        text = _("You will receive %(brand)s's news.")
    else:
        text = _("You will no longer receive %(brand)s's news.")
    messages.success(request, text % {"brand": membership.brand.name})
    return redirect("privacy:home")


@login_required
@require_POST
def export_start(request: HttpRequest) -> HttpResponse:
    try:
        personal_export_request(user=request.user)  # type: ignore[arg-type]
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request, _("Your data is being prepared; this page shows when it is ready.")
        )
    return redirect("privacy:home")


@login_required
def export_download(request: HttpRequest, export_id: str) -> HttpResponseBase:
    try:
        export, path = personal_export_for_download(user=request.user, export_id=export_id)  # type: ignore[arg-type]
    except NotFound:
        return render(request, "accounts/privacy/export_gone.html", status=404)
    stamp = export.created_at.strftime("%Y%m%d")
    response = FileResponse(
        path.open("rb"), as_attachment=True, filename=f"cocrea-my-data-{stamp}.zip"
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def delete_account(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = DeleteAccountForm(request.POST or None)
    has_password = user.has_usable_password()  # type: ignore[union-attr]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if has_password and not user.check_password(data["password"]):
            form.add_error("password", _("This is not your password."))
        elif not has_password and data["confirm"].strip().upper() != "DELETE":
            form.add_error("confirm", _("Type DELETE to confirm."))
        else:
            try:
                account_delete(user=user)  # type: ignore[arg-type]
            except DomainError as error:
                form.add_error(None, str(error.message))
            else:
                logout(request)
                messages.success(request, _("Your account is deleted. Thank you for your ideas."))
                return redirect("home")
    context = {"form": form, "has_password": has_password}
    return render(request, "accounts/privacy/delete.html", context)
