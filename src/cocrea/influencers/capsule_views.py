"""From synthesis to product: the brand opens a brief, a capsule contest or a product from an
accepted claim; the “made with the community of …” page credits the contributors."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cocrea.brands.permissions import brand_view
from cocrea.core.errors import DomainError
from cocrea.customizer.models import Product
from cocrea.ideas.responses import failed, membership_of
from cocrea.influencers import capsule, selectors
from cocrea.influencers.models import CapsuleStep
from cocrea.influencers.synthesis_views import synthesis_url
from cocrea.influencers.views import _visible_space

OPENED = {
    CapsuleStep.Kind.BRIEF: gettext_lazy("The brief is open."),
    CapsuleStep.Kind.CONTEST: gettext_lazy("The capsule contest is open, with her on the jury."),
    CapsuleStep.Kind.PRODUCT: gettext_lazy(
        "The capsule product is made: add its parts, then open it."
    ),
}


def _product(request: HttpRequest) -> Product | None:
    raw = str(request.POST.get("product", ""))
    if not raw.isdigit() or len(raw) > 18:
        return None
    return Product.objects.filter(brand=request.brand, pk=int(raw)).first()  # type: ignore[attr-defined]


@brand_view("admin")
@require_POST
def claim_open(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = selectors.claim_for_decision(request.brand, claim_id)  # type: ignore[attr-defined]
    back = f"{synthesis_url(claim.synthesis)}#claim-{claim.pk}"
    actor = membership_of(request)
    what = str(request.POST.get("what", ""))
    try:
        if what == CapsuleStep.Kind.CONTEST:
            step = capsule.claim_open_contest(actor=actor, claim=claim, product=_product(request))  # type: ignore[arg-type]
        elif what == CapsuleStep.Kind.PRODUCT:
            step = capsule.claim_open_product(actor=actor, claim=claim)  # type: ignore[arg-type]
        elif what == CapsuleStep.Kind.BRIEF:
            step = capsule.claim_open_brief(actor=actor, claim=claim)  # type: ignore[arg-type]
        else:
            raise DomainError(_("Choose what to open."), field="what")
    except DomainError as error:
        return failed(request, error, back)
    messages.success(request, str(OPENED[CapsuleStep.Kind(step.kind)]))
    return redirect(back)


@brand_view()
def made_with(request: HttpRequest, space_id: int) -> HttpResponse:
    space, _follows = _visible_space(request, space_id)
    credits = selectors.credits(space)
    steps = [(step, capsule.step_path(step)) for step in credits.steps]
    context = {"space": space, "credits": credits, "steps": steps}
    return render(request, "influencers/made_with.html", context)
