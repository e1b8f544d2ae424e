"""Pages of the pipeline: similar ideas while typing (members) and suspected duplicates (the
brand team). The dashboard lives in ``dashboard_views``."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from cocrea.brands.permissions import brand_view
from cocrea.campaigns.models import Campaign
from cocrea.core import ratelimit
from cocrea.core.errors import RateLimited
from cocrea.ideas import permissions as idea_perms
from cocrea.ideas.responses import to_login
from cocrea.ideas.services import BODY_MAX, TITLE_MAX
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


def _threshold(raw: str) -> float:
    """One of the offered sensitivities; anything else falls back to the default."""
    try:
        value = float(raw)
    except ValueError:
        return similar.DUPLICATE_THRESHOLD
    return value if value in similar.DUPLICATE_THRESHOLDS else similar.DUPLICATE_THRESHOLD


@require_GET
@brand_view("moderator")
def duplicates(request: HttpRequest) -> HttpResponse:
    """Suspected duplicates among recent ideas, each with a link to merge the newer one."""
    threshold = _threshold(request.GET.get("min", ""))
    pairs = similar.duplicate_pairs(brand=request.brand, threshold=threshold)  # type: ignore[attr-defined]
    context = {
        "pairs": pairs,
        "threshold": threshold,
        "thresholds": [
            (value, f"{value:.2f}", round(value * 100)) for value in similar.DUPLICATE_THRESHOLDS
        ],
    }
    return render(request, "insights/duplicates.html", context)
