"""The set-up assistant: answer, read the recommendation with its reasons, create."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from cocrea.brands.models import Brand, Membership
from cocrea.brands.permissions import brand_view
from cocrea.core.errors import DomainError
from cocrea.customizer.models import Product
from cocrea.programmes import recommend as rules
from cocrea.programmes.assistant import programme_from_assistant
from cocrea.programmes.assistant_forms import AssistantForm
from cocrea.programmes.forms_of_empowerment import FORMS


def _initial(brand: Brand) -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "starts_on": today,
        "due_on": today + timedelta(days=180),
        "members": Membership.objects.filter(brand=brand).count(),
        "has_products": Product.objects.filter(brand=brand).exists(),
        "capacity_per_month": 30,
    }


def _advice(form: AssistantForm) -> dict[str, Any]:
    advice = rules.recommend(form.answers())
    return {
        "advice": advice,
        "advice_forms": [(FORMS[p.code], p.reasons) for p in advice.forms],
        "advice_kinds": [(p.code, rules.KINDS[p.code], p.reasons) for p in advice.kinds],
        "other_kinds": [
            (c, label) for c, label in rules.KINDS.items() if c not in advice.kind_codes
        ],
    }


@brand_view("admin")
def assistant(request: HttpRequest) -> HttpResponse:
    brand = request.brand  # type: ignore[attr-defined]
    creating = request.POST.get("step") == "create"
    post = request.POST if request.method == "POST" else None
    form = AssistantForm(post, brand=brand, creating=creating, initial=_initial(brand))
    context: dict[str, Any] = {"form": form, "section": "programmes"}
    if post is not None and form.is_valid():
        context.update(_advice(form))
        if creating:
            try:
                programme = programme_from_assistant(
                    actor=request.membership,  # type: ignore[attr-defined]
                    brand=brand,
                    name=form.cleaned_data["name"],
                    positioning=form.cleaned_data["positioning"],
                    answers=form.answers(),
                    targets=form.targets(),
                    starts_on=form.cleaned_data["starts_on"],
                    ends_on=form.cleaned_data["due_on"],
                    kinds=form.cleaned_data["kinds"],
                    tiers=list(form.cleaned_data["target_tiers"]),
                    languages=form.cleaned_data["target_languages"],
                )
            except DomainError as error:
                field = error.field if error.field in form.fields else None
                form.add_error(field, str(error.message))
            else:
                messages.success(request, _("The programme is created with its draft campaigns."))
                return redirect(
                    "programmes:detail", brand_slug=brand.slug, programme_id=programme.pk
                )
        else:
            # The recommended kinds come ticked the first time the recommendation shows.
            data = request.POST.copy()
            data.setlist("kinds", context["advice"].kind_codes)
            form = AssistantForm(data, brand=brand, initial=_initial(brand))
            form.is_valid()
            context["form"] = form
    elif post is not None and creating and form.errors.keys() <= {"name", "kinds"}:
        # Only the last step's fields are missing: keep the recommendation on the page.
        context.update(_advice(form))
    return render(request, "programmes/assistant.html", context)
