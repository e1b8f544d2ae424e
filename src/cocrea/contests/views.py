"""Members' pages of a contest: the contest page (gallery, results), entering a design, an
entry's page, votes, and the jury's scorecards. Thin views over services and selectors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cocrea.brands.permissions import brand_view
from cocrea.contests import jury, selectors, services, votes
from cocrea.contests import permissions as perms
from cocrea.contests.forms import EntryForm, ScoreForm
from cocrea.contests.models import Contest, Entry
from cocrea.core.errors import DomainError
from cocrea.customizer.models import Design
from cocrea.ideas.responses import (
    add_form_error,
    closed,
    failed,
    gate_campaign,
    membership_of,
    refuse_visitor,
    saved,
    wants_fragment,
)


def contest_url(contest: Contest) -> str:
    return reverse("contests:page", args=[contest.brand.slug, contest.campaign.slug])


def entry_url(entry: Entry) -> str:
    return reverse("contests:entry", args=[entry.contest.brand.slug, entry.pk])


def _phase_context(contest: Contest) -> dict[str, Any]:
    kind = perms.phase_kind(contest)
    timeline = [
        {"phase": p, "label": perms.phase_label(p.kind), "current": p.kind == kind}
        for p in contest.campaign.phases.all()
    ]
    return {"phase_kind": kind, "phase_label": perms.phase_label(kind), "timeline": timeline}


@brand_view()
def contest_page(request: HttpRequest, campaign_slug: str) -> HttpResponse:
    contest = selectors.contest_for_page(request.brand, campaign_slug)  # type: ignore[attr-defined]
    if refused := gate_campaign(request, contest.campaign):
        return refused
    member = membership_of(request)
    published = perms.results_published(contest)
    context = {
        "contest": contest,
        "campaign": contest.campaign,
        "partner": getattr(contest.campaign, "partner", None),
        "entries": list(selectors.entries_for_gallery(contest, member)),
        "mine": selectors.my_entries(contest, member),
        "can_submit": perms.can_submit(contest, member),
        "vote_open": perms.voting_open(contest) and perms.can_take_part(contest, member),
        "votes_left": selectors.votes_left(contest, member),
        "is_juror": selectors.is_juror(contest, member),
        "placements": selectors.placements_for(contest) if published else [],
        "rewards": selectors.rewards_for(contest) if published else [],
        "published": published,
        **_phase_context(contest),
    }
    return render(request, "contests/contest_page.html", context)


@brand_view()
def entry_page(request: HttpRequest, entry_id: int) -> HttpResponse:
    member = membership_of(request)
    entry = selectors.entry_for_page(request.brand, entry_id, member)  # type: ignore[attr-defined]
    if refused := gate_campaign(request, entry.contest.campaign):
        return refused
    contest = entry.contest
    context = {
        "entry": entry,
        "contest": contest,
        "campaign": contest.campaign,
        "can_vote": perms.can_vote(entry, member),
        "vote_open": perms.voting_open(contest) and perms.can_take_part(contest, member),
        "is_author": perms.is_author(entry, member),
        "can_withdraw": perms.can_withdraw_entry(entry, member),
        "votes_left": selectors.votes_left(contest, member),
        "placement": getattr(entry, "placement", None)
        if perms.results_published(contest)
        else None,
        **_phase_context(contest),
    }
    return render(request, "contests/entry_page.html", context)


def _designs(contest: Contest, member: Any) -> Any:
    return Design.objects.filter(
        member=member, product=contest.product, status=Design.Status.SAVED
    ).order_by("-updated_at", "-id")


@brand_view()
def submit(request: HttpRequest, campaign_slug: str) -> HttpResponse:
    contest = selectors.contest_for_page(request.brand, campaign_slug)  # type: ignore[attr-defined]
    if refused := gate_campaign(request, contest.campaign) or refuse_visitor(request):
        return refused
    member = membership_of(request)
    if not perms.can_submit(contest, member):
        return closed(request, _("This contest does not take designs now."), contest_url(contest))
    designs = _designs(contest, member)
    initial = (
        {"design": request.GET.get("design")} if request.GET.get("design", "").isdigit() else {}
    )
    form = EntryForm(request.POST or None, designs=designs, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.entry_submit(member=member, contest=contest, **form.cleaned_data)  # type: ignore[arg-type]
        except DomainError as error:
            add_form_error(form, error)
        else:
            return saved(request, _("Your design is entered. Good luck!"), entry_url(entry))
    context = {
        "form": form,
        "contest": contest,
        "campaign": contest.campaign,
        "designs": list(designs),
    }
    return render(request, "contests/submit.html", context)


def _entry_action(
    request: HttpRequest,
    entry_id: int,
    action: Callable[..., object],
    voted: bool | None = None,
) -> HttpResponse | Entry:
    """Run ``action``; for a vote (``voted`` says which way) the entry answers from what the
    service returned (its new count), otherwise it is read again."""
    member = membership_of(request)
    entry = selectors.entry_for_page(request.brand, entry_id, member)  # type: ignore[attr-defined]
    if refused := refuse_visitor(request):
        return refused
    try:
        action(member=member, entry=entry)
    except DomainError as error:
        return failed(request, error, entry_url(entry))
    if voted is not None:
        entry.has_voted = voted  # type: ignore[attr-defined]
        return entry
    return selectors.entry_for_page(request.brand, entry_id, member)  # type: ignore[attr-defined]


@brand_view()
@require_POST
def withdraw(request: HttpRequest, entry_id: int) -> HttpResponse:
    result = _entry_action(request, entry_id, services.entry_withdraw)
    if isinstance(result, HttpResponse):
        return result
    return saved(request, _("Your design is withdrawn."), contest_url(result.contest))


def _traces(request: HttpRequest) -> dict[str, str]:
    """Keyed hashes of where the vote came from, for the audit log (never the raw values)."""
    agent = request.headers.get("User-Agent", "")[:500]
    language = request.headers.get("Accept-Language", "")[:100]
    device = f"{agent}|{language}|{request.POST.get('fp', '')[:200]}"
    return {
        "ip_hash": votes.trace_hash(request.META.get("REMOTE_ADDR", "")),
        "device_hash": votes.trace_hash(device),
    }


def _vote_response(request: HttpRequest, result: HttpResponse | Entry) -> HttpResponse:
    if isinstance(result, HttpResponse):
        return result
    member = membership_of(request)
    if wants_fragment(request):
        context = {
            "entry": result,
            "contest": result.contest,
            "vote_open": perms.voting_open(result.contest)
            and perms.can_take_part(result.contest, member),
            "votes_left": selectors.votes_left(result.contest, member),
            "fragment": True,  # the budget counter of the page is swapped out of band
        }
        return render(request, "contests/_vote_box.html", context)
    return redirect(entry_url(result))


@brand_view()
@require_POST
def vote(request: HttpRequest, entry_id: int) -> HttpResponse:
    traces = _traces(request)

    def cast(*, member: Any, entry: Entry) -> object:
        return votes.vote_cast(member=member, entry=entry, **traces)

    return _vote_response(request, _entry_action(request, entry_id, cast, voted=True))


@brand_view()
@require_POST
def unvote(request: HttpRequest, entry_id: int) -> HttpResponse:
    traces = _traces(request)

    def withdraw_vote(*, member: Any, entry: Entry) -> object:
        return votes.vote_withdraw(member=member, entry=entry, **traces)

    return _vote_response(request, _entry_action(request, entry_id, withdraw_vote, voted=False))


# --- the jury -------------------------------------------------------------------------------


@brand_view("member")
def jury_page(request: HttpRequest, campaign_slug: str) -> HttpResponse:
    contest = selectors.contest_for_page(request.brand, campaign_slug)  # type: ignore[attr-defined]
    member = membership_of(request)
    juror = selectors.is_juror(contest, member)
    if not juror and not perms.may_preview_jury(contest, member):
        return closed(request, _("This page is for the contest's jurors."), contest_url(contest))
    criteria = list(contest.criteria.all())
    mine = selectors.scores_for_juror(contest, member) if juror else {}
    finalists = jury.shortlist(contest)
    cards = [
        {
            "entry": entry,
            "form": ScoreForm(
                criteria=criteria,
                initial={f"c{c}": v for c, v in mine.get(entry.pk, {}).items()},
                prefix=f"e{entry.pk}",
            ),
            "done": entry.pk in mine,
        }
        for entry in finalists
    ]
    context = {
        "contest": contest,
        "campaign": contest.campaign,
        "cards": cards,
        "criteria": criteria,
        "jury_open": perms.jury_open(contest),
        "preview": not juror,  # a brand admin sees the jurors' page, without their forms
        "saved_pk": _int_or_none(request.GET.get("saved")),
        **_phase_context(contest),
    }
    return render(request, "contests/jury.html", context)


def _int_or_none(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 12 else None


@brand_view("member")
@require_POST
def score(request: HttpRequest, entry_id: int) -> HttpResponse:
    member = membership_of(request)
    entry = selectors.entry_for_page(request.brand, entry_id, member)  # type: ignore[attr-defined]
    contest = entry.contest
    jury_url = reverse("contests:jury", args=[contest.brand.slug, contest.campaign.slug])
    card = f"#jury-card-{entry.pk}"  # back to the card just marked, not the top of the page
    form = ScoreForm(request.POST, criteria=list(contest.criteria.all()), prefix=f"e{entry.pk}")
    if not form.is_valid():
        return failed(
            request,
            DomainError(_("Give a mark from 0 to 10 for every criterion.")),
            jury_url + card,
        )
    try:
        jury.scorecard_set(member=member, entry=entry, marks=form.marks())  # type: ignore[arg-type]
    except DomainError as error:
        return failed(request, error, jury_url + card)
    message = _("Your scores for “%(title)s” are saved.") % {"title": entry.title}
    return saved(request, message, f"{jury_url}?saved={entry.pk}{card}")
