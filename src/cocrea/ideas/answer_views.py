"""Pages of the brand's answers: triage list, answer form, and the public "ideas in action"."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cocrea.brands.permissions import brand_view
from cocrea.campaigns.models import Campaign
from cocrea.core.errors import DomainError
from cocrea.ideas.models import Idea
from cocrea.ideas.workflow import (
    MAX_ANSWER_CHARS,
    allowed_statuses,
    can_merge,
    idea_merge,
    idea_set_status,
    ideas_for_triage,
    ideas_in_action,
    merge_candidates,
    official_answers,
)

PAGE_SIZE = 25
MAX_MERGE_OPTIONS = 100
Status = Idea.Status


class TriageFilter(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[("", gettext_lazy("All statuses")), *Status.choices],
    )
    campaign = forms.ModelChoiceField(
        label=gettext_lazy("Campaign"),
        required=False,
        queryset=Campaign.objects.none(),
        empty_label=gettext_lazy("All campaigns"),
    )

    def __init__(self, *args: Any, brand: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["campaign"]
        field.queryset = Campaign.objects.filter(brand=brand).order_by("-created_at")


class AnswerForm(forms.Form):
    to_status = forms.ChoiceField(label=gettext_lazy("New status"))
    answer = forms.CharField(
        label=gettext_lazy("Official answer"),
        required=False,
        max_length=MAX_ANSWER_CHARS,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("Shown on the idea and sent to its author and followers."),
    )
    merge_target = forms.ModelChoiceField(
        label=gettext_lazy("Merge into"),
        required=False,
        queryset=Idea.objects.none(),
        empty_label=gettext_lazy("Choose an idea of the same campaign"),
    )

    def __init__(
        self,
        *args: Any,
        statuses: list[str],
        candidates: QuerySet[Idea],
        shown: list[Idea],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        status_field: Any = self.fields["to_status"]
        status_field.choices = [(s, Status(s).label) for s in statuses]
        target: Any = self.fields["merge_target"]
        target.queryset = candidates
        # Validation accepts any candidate; the menu lists at most MAX_MERGE_OPTIONS of them.
        target.widget.choices = [("", target.empty_label)] + [
            (idea.pk, f"#{idea.pk} · {idea.title}") for idea in shown
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("to_status") == Status.MERGED and not data.get("merge_target"):
            self.add_error("merge_target", _("Choose the idea to merge into."))
        return data


@brand_view("moderator")
def triage(request: HttpRequest) -> HttpResponse:
    brand = request.brand  # type: ignore[attr-defined]
    filters = TriageFilter(request.GET or None, brand=brand)
    status, campaign_id = "", None
    if filters.is_bound and filters.is_valid():
        status = filters.cleaned_data["status"]
        campaign = filters.cleaned_data["campaign"]
        campaign_id = campaign.pk if campaign else None
    ideas = ideas_for_triage(brand, status=status, campaign_id=campaign_id)
    page = Paginator(ideas, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"filters": filters, "page": page, "query": query.urlencode()}
    return render(request, "ideas/answers/triage.html", context)


def _search(candidates: QuerySet[Idea], q: str) -> list[Idea]:
    if q:
        match = Q(title__icontains=q)
        if q.lstrip("#").isdigit() and len(q) < 19:
            match |= Q(pk=int(q.lstrip("#")))
        candidates = candidates.filter(match)
    return list(candidates.only("id", "title")[:MAX_MERGE_OPTIONS])


def _statuses(idea: Idea, membership: Any) -> list[str]:
    statuses = allowed_statuses(idea, membership)
    return [*statuses, Status.MERGED] if can_merge(idea, membership) else statuses


def _apply(form: AnswerForm, idea: Idea, membership: Any) -> bool:
    data = form.cleaned_data
    try:
        if data["to_status"] == Status.MERGED:
            idea_merge(
                actor_membership=membership,
                source=idea,
                target=data["merge_target"],
                answer=data["answer"],
            )
        else:
            idea_set_status(
                actor_membership=membership,
                idea=idea,
                to_status=data["to_status"],
                answer=data["answer"],
            )
    except DomainError as error:
        field = error.field if error.field in form.fields else None
        form.add_error(field, str(error.message))
        return False
    return True


@brand_view("moderator")
def answer(request: HttpRequest, idea_id: int) -> HttpResponse:
    brand, membership = request.brand, request.membership  # type: ignore[attr-defined]
    idea = get_object_or_404(
        Idea.objects.select_related("author__user", "campaign", "merged_into"),
        pk=idea_id,
        brand=brand,
    )
    q = request.GET.get("q", "").strip()[:100]
    candidates = merge_candidates(idea)
    statuses = _statuses(idea, membership)
    form = AnswerForm(
        request.POST if request.method == "POST" else None,
        statuses=statuses,
        candidates=candidates,
        shown=_search(candidates, q),
    )
    status_code = 200
    if request.method == "POST":
        if form.is_valid() and _apply(form, idea, membership):
            messages.success(request, _("The answer is published and the members are told."))
            return redirect("answers:answer", brand_slug=brand.slug, idea_id=idea.pk)
        status_code = 400
    context = {
        "idea": idea,
        "form": form,
        "q": q,
        "can_change": bool(statuses),
        "history": official_answers(idea),
    }
    return render(request, "ideas/answers/answer.html", context, status=status_code)


@brand_view()
def in_action(request: HttpRequest) -> HttpResponse:
    brand, membership = request.brand, request.membership  # type: ignore[attr-defined]
    page = Paginator(ideas_in_action(brand, membership), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "ideas/answers/in_action.html", {"page": page})
