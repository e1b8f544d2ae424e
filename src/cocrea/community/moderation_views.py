"""Reports on stories, questions and answers, and the moderators' queue to hide or restore them.

The ``moderation`` app's ``Report`` and ``ModerationDecision`` point at ideas and comments only
(with a check constraint on exactly one target); the community keeps its own pair of tables with
the same shape (``CommunityReport``, ``CommunityDecision``) instead of widening those.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cocrea.brands.permissions import brand_view
from cocrea.community import services
from cocrea.community.forms import ModerateForm, ReportForm
from cocrea.community.models import Answer, CommunityDecision, CommunityReport, Question, Story
from cocrea.community.views import brand_of, member_of
from cocrea.core.errors import DomainError
from cocrea.ideas.responses import add_form_error, failed, refuse_visitor, saved

TARGETS: dict[str, Any] = {"story": Story, "question": Question, "answer": Answer}


def _target(request: HttpRequest, target: str, item_id: int) -> Any:
    model = TARGETS.get(target)
    if model is None:
        raise Http404
    brand = brand_of(request)
    rows = (
        model.objects.filter(question__brand=brand)
        if model is Answer
        else model.objects.filter(brand=brand)
    )
    return get_object_or_404(rows, pk=item_id)


def target_url(item: Any) -> str:
    if isinstance(item, Story):
        return reverse("community:story", args=[item.brand.slug, item.pk])
    question = item.question if isinstance(item, Answer) else item
    anchor = f"#answer-{item.pk}" if isinstance(item, Answer) else ""
    return reverse("community:question", args=[question.brand.slug, question.pk]) + anchor


@brand_view()
def report(request: HttpRequest, target: str, item_id: int) -> HttpResponse:
    item = _target(request, target, item_id)
    if refused := refuse_visitor(request):
        return refused
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report(member=member_of(request), target=item, **form.cleaned_data)
        except DomainError as error:
            add_form_error(form, error)
        else:
            return saved(request, _("Thank you, the moderators will look at it."), target_url(item))
    context = {"form": form, "item": item, "target": target, "back": target_url(item)}
    return render(request, "community/report.html", context, status=400 if form.errors else 200)


@brand_view("moderator")
def queue(request: HttpRequest) -> HttpResponse:
    brand = brand_of(request)
    reports = (
        CommunityReport.objects.filter(brand=brand, state="open")
        .select_related("reporter__user", "story", "question", "answer__question")
        .order_by("created_at")[:200]
    )
    decisions = CommunityDecision.objects.filter(brand=brand).select_related(
        "actor", "story", "question", "answer__question"
    )[:50]
    context = {"reports": reports, "decisions": decisions, "section": "community"}
    return render(request, "community/moderation.html", context)


@brand_view("moderator")
@require_POST
def moderate(request: HttpRequest, target: str, item_id: int) -> HttpResponse:
    item = _target(request, target, item_id)
    back = reverse("community:moderation", args=[brand_of(request).slug])
    form = ModerateForm(request.POST)
    if not form.is_valid():
        return failed(request, DomainError(_("Say why, in at most 500 characters.")), back)
    try:
        services.moderate(actor=member_of(request), target=item, **form.cleaned_data)
    except DomainError as error:
        return failed(request, error, back)
    done = _("Hidden.") if form.cleaned_data["action"] == "hide" else _("Restored.")
    return saved(request, done, back)
