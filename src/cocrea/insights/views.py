"""Pages of the pipeline: similar ideas while typing (members) and suspected duplicates (the
brand team). The dashboard lives in ``dashboard_views``."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cocrea.brands.models import Brand
from cocrea.brands.permissions import brand_view
from cocrea.campaigns.models import Campaign
from cocrea.core import ratelimit
from cocrea.core.errors import DomainError, NotFound, RateLimited
from cocrea.ideas import permissions as idea_perms
from cocrea.ideas.models import Idea
from cocrea.ideas.responses import to_login
from cocrea.ideas.services import BODY_MAX, TITLE_MAX
from cocrea.ideas.workflow import OPEN_STATUSES
from cocrea.insights import duplicates as duplicates_mod
from cocrea.insights import similar

TYPED_MAX = 4 * TITLE_MAX  # longer GET values are cut, never refused: the member is typing


@require_GET
@brand_view()
def similar_ideas(request: HttpRequest, campaign_slug: str) -> HttpResponse:
    """The htmx fragment under the title of the submission form: closest ideas, if any."""
    campaign = get_object_or_404(Campaign, brand=request.brand, slug=campaign_slug)  # type: ignore[attr-defined]
    membership = request.membership  # type: ignore[attr-defined]
    if not request.user.is_authenticated:
        return to_login(request)
    if not idea_perms.can_submit(campaign, membership):
        raise PermissionDenied
    title = request.GET.get("title", "")[:TYPED_MAX]
    body = request.GET.get("body", "")[:BODY_MAX]
    try:
        ratelimit.hit("similar_ideas", f"m{membership.pk}")
    except RateLimited:
        return render(request, "insights/_similar.html", {"ideas": [], "limited": True}, status=429)
    found = similar.similar_ideas(campaign=campaign, title=title, body=body)
    return render(request, "insights/_similar.html", {"ideas": found, "campaign": campaign})


PAGE_SIZE = 20


def _threshold(raw: str) -> float:
    """One of the offered sensitivities; anything else falls back to the default."""
    try:
        value = float(raw)
    except ValueError:
        return duplicates_mod.DUPLICATE_THRESHOLD
    if value in duplicates_mod.DUPLICATE_THRESHOLDS:
        return value
    return duplicates_mod.DUPLICATE_THRESHOLD


def _filters(brand: Brand, query: QueryDict) -> dict[str, Any]:
    """The console's filters from a query (or form): unknown values fall back to "all"."""
    campaign = None
    raw = query.get("campaign", "")
    if raw.isdigit():
        campaign = Campaign.objects.filter(brand=brand, pk=int(raw)).first()
    status = query.get("status", "")
    if status not in OPEN_STATUSES:
        status = ""
    return {"campaign": campaign, "status": status, "threshold": _threshold(query.get("min", ""))}


def _back(request: HttpRequest, filters: dict[str, Any]) -> str:
    query = _query(filters)
    page = request.POST.get("page", "")
    if page.isdigit() and len(page) < 6:
        query += f"&page={page}"
    url = reverse("insights:duplicates", args=[request.brand.slug])  # type: ignore[attr-defined]
    return f"{url}?{query}"


@require_GET
@brand_view("moderator")
def duplicates(request: HttpRequest) -> HttpResponse:
    """Suspected duplicates among recent ideas, newest first, with the reason in words, and a
    one-click merge or "not a duplicate"."""
    brand = request.brand  # type: ignore[attr-defined]
    filters = _filters(brand, request.GET)
    found = duplicates_mod.suspected_duplicates(brand=brand, **filters)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    for pair in page.object_list:
        pair.reason_texts = [
            duplicates_mod.reason_text(code, words) for code, words in pair.reasons
        ]
    context = {
        "page": page,
        "filters": filters,
        "campaigns": Campaign.objects.filter(brand=brand).order_by("title"),
        "statuses": [
            (value, label) for value, label in Idea.Status.choices if value in OPEN_STATUSES
        ],
        "thresholds": [
            (value, f"{value:.2f}", round(value * 100))
            for value in duplicates_mod.DUPLICATE_THRESHOLDS
        ],
        "query": _query(filters),
    }
    return render(request, "insights/duplicates.html", context)


def _query(filters: dict[str, Any]) -> str:
    params = {"min": f"{filters['threshold']:.2f}"}
    if filters["campaign"] is not None:
        params["campaign"] = str(filters["campaign"].pk)
    if filters["status"]:
        params["status"] = filters["status"]
    return urlencode(params)


def _pair_ids(request: HttpRequest) -> tuple[int, int] | None:
    older, newer = request.POST.get("older", ""), request.POST.get("newer", "")
    if not (older.isdigit() and newer.isdigit()) or len(older) > 12 or len(newer) > 12:
        return None
    return int(older), int(newer)


@require_POST
@brand_view("moderator")
def duplicate_action(request: HttpRequest, action: str) -> HttpResponse:
    """``merge`` the newer idea into the older one, or ``dismiss`` the pair ("not a
    duplicate", remembered); then back to the console with its filters."""
    membership = request.membership  # type: ignore[attr-defined]
    filters = _filters(request.brand, request.POST)  # type: ignore[attr-defined]
    ids = _pair_ids(request)
    if ids is None or action not in ("merge", "dismiss"):
        return HttpResponseBadRequest(_("Unknown pair of ideas."))
    try:
        if action == "merge":
            duplicates_mod.duplicate_merge(membership=membership, older_id=ids[0], newer_id=ids[1])
            messages.success(request, _("The newer idea was merged into the older one."))
        else:
            duplicates_mod.duplicate_dismiss(
                membership=membership, older_id=ids[0], newer_id=ids[1]
            )
            messages.success(request, _("Noted: these two ideas will not be suggested again."))
    except NotFound as error:
        raise Http404(str(error.message)) from error
    except DomainError as error:
        messages.error(request, str(error.message))
    return redirect(_back(request, filters))
