"""Pages of the brand's answers: triage list, answer form, and the public "ideas in action"."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from cocrea.brands.permissions import brand_view
from cocrea.campaigns.models import Campaign
from cocrea.core.errors import DomainError
from cocrea.ideas.models import Idea
from cocrea.ideas.responses import safe_next
from cocrea.ideas.triage import (
    BULK_MAX,
    SORTS,
    TriageFilters,
    ideas_assign,
    ideas_bulk_status,
    ideas_for_triage,
    team_of,
)
from cocrea.ideas.workflow import (
    MAX_ANSWER_CHARS,
    allowed_statuses,
    can_merge,
    idea_merge,
    idea_set_status,
    ideas_in_action,
    merge_candidates,
    official_answers,
)
from cocrea.insights import similar

PAGE_SIZE = 25
MAX_MERGE_OPTIONS = 100
Status = Idea.Status


SORT_LABELS = {
    "newest": gettext_lazy("Newest first"),
    "oldest": gettext_lazy("Oldest first (waiting longest)"),
    "support": gettext_lazy("Most supported"),
    "status": gettext_lazy("Status (new first)"),
}


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
    assignee = forms.ChoiceField(label=gettext_lazy("Assigned to"), required=False)
    sort = forms.ChoiceField(
        label=gettext_lazy("Sort by"), required=False, choices=list(SORT_LABELS.items())
    )

    def __init__(self, *args: Any, brand: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["campaign"]
        field.queryset = Campaign.objects.filter(brand=brand).order_by("-created_at")
        people: Any = self.fields["assignee"]
        people.choices = [
            ("", gettext_lazy("Anyone or no one")),
            ("me", gettext_lazy("Me")),
            ("none", gettext_lazy("No one yet")),
            *((str(m.pk), m.user.public_name) for m in team_of(brand)),
        ]

    def triage_filters(self) -> TriageFilters:
        if not (self.is_bound and self.is_valid()):
            return TriageFilters()
        data = self.cleaned_data
        campaign = data.get("campaign")
        return TriageFilters(
            status=data.get("status") or "",
            campaign_id=campaign.pk if campaign else None,
            assignee=data.get("assignee") or "",
            sort=str(data.get("sort")) if data.get("sort") in SORTS else "newest",
        )


class BulkForm(forms.Form):
    """Many ideas at once: a new status with one official answer, or an assignee."""

    action = forms.ChoiceField(choices=[("status", "status"), ("assign", "assign")])
    ideas = forms.CharField(required=False)  # filled from the ticked boxes (getlist)
    to_status = forms.ChoiceField(
        label=gettext_lazy("New status"),
        required=False,
        choices=[("", "—"), *[(s, label) for s, label in Status.choices if s != Status.MERGED]],
    )
    answer = forms.CharField(
        label=gettext_lazy("Official answer (the same for each idea)"),
        required=False,
        max_length=MAX_ANSWER_CHARS,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    assignee = forms.ChoiceField(label=gettext_lazy("Assign to"), required=False)

    def __init__(self, *args: Any, brand: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people: Any = self.fields["assignee"]
        people.choices = [
            ("", gettext_lazy("No one")),
            *((str(m.pk), m.user.public_name) for m in team_of(brand)),
        ]


def _merge_label(idea: Idea, score: float | None) -> str:
    label = f"#{idea.pk} · {idea.title}"
    if score is None:
        return label
    return f"{label} · " + _("%(percent)d %% alike") % {"percent": round(score * 100)}


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
        shown: list[tuple[Idea, float | None]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        status_field: Any = self.fields["to_status"]
        status_field.choices = [(s, Status(s).label) for s in statuses]
        target: Any = self.fields["merge_target"]
        target.queryset = candidates
        # Validation accepts any candidate; the menu lists at most MAX_MERGE_OPTIONS of them.
        target.widget.choices = [("", target.empty_label)] + [
            (idea.pk, _merge_label(idea, score)) for idea, score in shown
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
    chosen = filters.triage_filters()
    ideas = ideas_for_triage(brand, chosen, request.membership)  # type: ignore[attr-defined]
    page = Paginator(ideas, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filters": filters,
        "page": page,
        "query": query.urlencode(),
        "bulk": BulkForm(brand=brand),
        "sort": chosen.sort,
        "bulk_max": BULK_MAX,
    }
    return render(request, "ideas/answers/triage.html", context)


def _chosen_ideas(request: HttpRequest, brand: Any) -> list[Idea]:
    """The ticked ideas, all of this brand (an unknown or foreign id is a 404)."""
    raw = request.POST.getlist("ideas")[: BULK_MAX + 1]
    if not all(value.isdigit() and len(value) < 12 for value in raw):
        raise DomainError(_("Choose ideas from the list."), field="ideas")
    ids = {int(value) for value in raw}
    ideas = list(Idea.objects.filter(brand=brand, pk__in=ids).order_by("pk"))
    if len(ideas) != len(ids):
        raise Http404
    return ideas


def _bulk_message(request: HttpRequest, done: int, refused: list[tuple[Idea, str]]) -> None:
    if done:
        messages.success(
            request,
            ngettext(
                "%(n)d idea changed; its members are told.",
                "%(n)d ideas changed; their members are told.",
                done,
            )
            % {"n": done},
        )
    for idea, reason in refused[:10]:
        messages.warning(request, f"#{idea.pk} · {idea.title}: {reason}")


@require_POST
@brand_view("moderator")
def bulk(request: HttpRequest) -> HttpResponse:
    """Apply one status (with one answer) or one assignee to the ticked ideas."""
    brand, membership = request.brand, request.membership  # type: ignore[attr-defined]
    back = safe_next(request, reverse("answers:triage", args=[brand.slug]))
    form = BulkForm(request.POST, brand=brand)
    try:
        if not form.is_valid():
            raise DomainError(_("Choose what to do with the ideas."))
        ideas = _chosen_ideas(request, brand)
        data = form.cleaned_data
        if data["action"] == "assign":
            assignee = (
                team_of(brand).filter(pk=data["assignee"]).first() if data["assignee"] else None
            )
            count = ideas_assign(actor=membership, ideas=ideas, assignee=assignee)
            messages.success(
                request,
                ngettext("%(n)d idea assigned.", "%(n)d ideas assigned.", count) % {"n": count},
            )
        else:
            if not data["to_status"]:
                raise DomainError(_("Choose the new status."), field="to_status")
            result = ideas_bulk_status(
                actor=membership, ideas=ideas, to_status=data["to_status"], answer=data["answer"]
            )
            _bulk_message(request, len(result.done), result.refused)
    except DomainError as error:
        if error.status == 404:
            raise Http404 from error
        messages.error(request, str(error.message))
        return redirect(back)
    return redirect(back)


def _search(idea: Idea, candidates: QuerySet[Idea], q: str) -> list[tuple[Idea, float | None]]:
    """The merge menu: the candidates most like the idea first, by the insight engine's
    calibrated similarity (``insights.similar.idea_scores``, shown as a percentage), then the
    others newest first; a search by title or number narrows both."""
    if q:
        match = Q(title__icontains=q)
        if q.lstrip("#").isdigit() and len(q) < 19:
            match |= Q(pk=int(q.lstrip("#")))
        candidates = candidates.filter(match)
    scores = similar.idea_scores(idea)
    alike = sorted(
        (pk for pk, score in scores.items() if score >= similar.SIMILAR_THRESHOLD),
        key=lambda pk: (-scores[pk], pk),
    )[:MAX_MERGE_OPTIONS]
    first = sorted(
        candidates.filter(pk__in=alike).only("id", "title"), key=lambda i: (-scores[i.pk], i.pk)
    )
    rest = candidates.exclude(pk__in=[i.pk for i in first]).only("id", "title")
    shown: list[tuple[Idea, float | None]] = [(i, scores[i.pk]) for i in first]
    shown += [(i, None) for i in rest[: MAX_MERGE_OPTIONS - len(first)]]
    return shown


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
        Idea.objects.select_related("author__user", "campaign", "merged_into", "assignment"),
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
        shown=_search(idea, candidates, q),
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
        "assign": BulkForm(
            brand=brand, initial={"assignee": _assignee_id(idea), "action": "assign"}
        ),
    }
    return render(request, "ideas/answers/answer.html", context, status=status_code)


def _assignee_id(idea: Idea) -> str:
    assignment = getattr(idea, "assignment", None)  # a missing one is an AttributeError
    return str(assignment.assignee_id) if assignment is not None else ""


@brand_view()
def in_action(request: HttpRequest) -> HttpResponse:
    brand, membership = request.brand, request.membership  # type: ignore[attr-defined]
    page = Paginator(ideas_in_action(brand, membership), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "ideas/answers/in_action.html", {"page": page})
