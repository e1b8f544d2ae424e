"""The synthesis pages: her claims next to their evidence; writing a version; the brand's
decision on each claim."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.forms import formset_factory
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cocrea.brands.permissions import brand_view, is_admin, is_moderator
from cocrea.core.errors import DomainError
from cocrea.customizer.models import Product
from cocrea.ideas.responses import failed, membership_of, refuse_visitor
from cocrea.influencers import capsule, selectors
from cocrea.influencers import permissions as perms
from cocrea.influencers.models import Claim, Space, Synthesis
from cocrea.influencers.synthesis import ClaimInput, claim_decide, synthesis_save
from cocrea.influencers.views import _visible_space, space_url


class SynthesisForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=140)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ClaimForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind of claim"), choices=Claim.Kind.choices)
    text = forms.CharField(label=gettext_lazy("Claim"), max_length=300, required=False)
    evidence = forms.MultipleChoiceField(
        label=gettext_lazy("Evidence"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["evidence"].choices = choices  # type: ignore[attr-defined]


ClaimFormSet = formset_factory(ClaimForm, extra=2, max_num=30)


def synthesis_url(synthesis: Synthesis) -> str:
    space = synthesis.space
    return reverse("influencers:synthesis", args=[space.brand.slug, space.pk, synthesis.pk])


@brand_view()
def synthesis_detail(request: HttpRequest, space_id: int, synthesis_id: int) -> HttpResponse:
    space, _follows = _visible_space(request, space_id)
    synthesis = selectors.synthesis_for_page(space, synthesis_id)
    member = membership_of(request)
    steps: dict[int, list[tuple[Any, str]]] = {}
    for step in selectors.steps_of(space).filter(claim__synthesis=synthesis):
        steps.setdefault(step.claim_id or 0, []).append((step, capsule.step_path(step)))
    claims = [
        (
            claim,
            [selectors.evidence(c) for c in claim.citations.all()],
            steps.get(claim.pk, []),
            {step.kind for step, _url in steps.get(claim.pk, [])},
        )
        for claim in synthesis.claims.all()
    ]
    can_open = is_admin(member)
    context = {
        "space": space,
        "synthesis": synthesis,
        "claims": claims,
        "can_decide": is_moderator(member),
        "can_open": can_open,
        "products": Product.objects.filter(brand=space.brand).order_by("name") if can_open else [],
        "can_edit": perms.can_manage_space(space, member),
        "versions": synthesis.versions.only("number", "created_at")[:20],
    }
    return render(request, "influencers/synthesis.html", context)


def _managed(request: HttpRequest, space_id: int) -> Space | HttpResponse:
    space, _follows = _visible_space(request, space_id)
    if refused := refuse_visitor(request):
        return refused
    if not perms.can_manage_space(space, membership_of(request)):
        raise PermissionDenied
    return space


@brand_view()
def synthesis_edit(
    request: HttpRequest, space_id: int, synthesis_id: int | None = None
) -> HttpResponse:
    space = _managed(request, space_id)
    if isinstance(space, HttpResponse):
        return space
    synthesis = selectors.synthesis_for_page(space, synthesis_id) if synthesis_id else None
    choices = selectors.suggestions(space)
    initial_claims = [
        {"kind": c.kind, "text": c.text, "evidence": [_ref(x) for x in c.citations.all()]}
        for c in (synthesis.claims.all() if synthesis else [])
    ]
    data = request.POST if request.method == "POST" else None
    initial = {"title": synthesis.title, "version": synthesis.version} if synthesis else {}
    form = SynthesisForm(data, initial=initial)
    claims = ClaimFormSet(
        data, initial=initial_claims, prefix="claims", form_kwargs={"choices": choices}
    )
    if data is not None and form.is_valid() and claims.is_valid():
        given = [
            ClaimInput(kind=f["kind"], text=f["text"], evidence=f["evidence"])
            for f in claims.cleaned_data
            if f and f.get("text")
        ]
        try:
            saved = synthesis_save(
                actor=membership_of(request),  # type: ignore[arg-type]
                space=space,
                title=form.cleaned_data["title"],
                claims=given,
                synthesis=synthesis,
                expected_version=form.cleaned_data["version"],
            )
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("Your synthesis is saved."))
            return redirect(synthesis_url(saved))
    context = {"space": space, "synthesis": synthesis, "form": form, "claims": claims}
    status = 400 if form.errors or claims.total_error_count() else 200
    return render(request, "influencers/synthesis_form.html", context, status=status)


def _ref(citation: Any) -> str:
    target = citation.response_id or citation.poll_id or citation.picture_id or citation.theme_id
    return f"{citation.kind}:{target}"


@brand_view("moderator")
@require_POST
def claim_decision(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = selectors.claim_for_decision(request.brand, claim_id)  # type: ignore[attr-defined]
    back = synthesis_url(claim.synthesis)
    try:
        claim_decide(
            actor=membership_of(request),  # type: ignore[arg-type]
            claim=claim,
            decision=str(request.POST.get("decision", "")),
            reply=str(request.POST.get("reply", "")),
        )
    except DomainError as error:
        return failed(request, error, back)
    messages.success(request, _("Your answer is recorded."))
    return redirect(f"{back}#claim-{claim.pk}")


__all__ = ["space_url"]
