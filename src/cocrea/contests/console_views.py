"""The brand console of contests: create and edit, the jury, the shortlist, fair voting, closing,
and the capsule partner of any campaign. Phase moves stay on the campaign's console page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cocrea.brands.permissions import brand_view, is_admin
from cocrea.campaigns.models import Phase
from cocrea.campaigns.services import next_phase_kind
from cocrea.contests import fraud, jury, selectors, services, votes
from cocrea.contests import permissions as perms
from cocrea.contests.forms import (
    ContestForm,
    CriteriaRows,
    JurorForm,
    PartnerForm,
    ShortlistForm,
    VoidForm,
)
from cocrea.contests.models import Contest, Entry, VoteVoid
from cocrea.core.errors import DomainError, NotFound
from cocrea.core.forms import form_field
from cocrea.core.rows import initial_rows
from cocrea.core.texts import texts_of


def _manage_url(request: HttpRequest, contest: Contest) -> HttpResponse:
    return redirect("contests:manage", brand_slug=request.brand.slug, contest_id=contest.pk)  # type: ignore[attr-defined]


def _done(request: HttpRequest, contest: Contest, run: Any, success: str) -> HttpResponse:
    """Run a service; its refusal or ``success`` as a message; back to the contest's page."""
    try:
        run()
    except NotFound:
        raise Http404 from None
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, success)
    return _manage_url(request, contest)


@brand_view("moderator")
def console(request: HttpRequest) -> HttpResponse:
    contests = list(selectors.contests_for_console(request.brand))  # type: ignore[attr-defined]
    for contest in contests:
        contest.phase_label = perms.phase_label(perms.phase_kind(contest))  # type: ignore[attr-defined]
    return render(request, "contests/console.html", {"contests": contests})


def _form_kwargs(form: ContestForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "title": data["title"],
        "slug": data["slug"],
        "objective": data["objective"],
        "description": data["description"],
        "visibility": data["visibility"],
        "product": data["product"],
        "phases": data["phases"],
        "rules": form.rules(),
    }


def _field_error(form: ContestForm, error: DomainError) -> None:
    field = error.field or ""
    field = form.field_for_phase(field) if field in {k.value for k in Phase.Kind} else field
    form.add_error(form_field(form, field), str(error.message))


@brand_view("admin")
def create(request: HttpRequest) -> HttpResponse:
    brand = request.brand  # type: ignore[attr-defined]
    form = ContestForm(request.POST or None, brand=brand)
    if request.method == "POST" and form.is_valid():
        try:
            contest = services.contest_create(
                actor=request.membership,  # type: ignore[attr-defined]
                brand=brand,
                **_form_kwargs(form),
            )
        except DomainError as error:
            _field_error(form, error)
        else:
            messages.success(request, _("The contest is created."))
            return _manage_url(request, contest)
    return render(request, "contests/contest_form.html", {"form": form, "contest": None})


def _initial(contest: Contest) -> dict[str, Any]:
    return {
        **ContestForm.campaign_initial(contest.campaign),
        "product": contest.product_id,
        **{name: getattr(contest, name) for name in ContestForm.RULES},
        "winner_prize": texts_of(contest, "winner_prize"),
    }


@brand_view("admin")
def edit(request: HttpRequest, contest_id: int) -> HttpResponse:
    brand = request.brand  # type: ignore[attr-defined]
    contest = selectors.contest_for_console(brand, contest_id)
    form = ContestForm(request.POST or None, brand=brand, initial=_initial(contest))
    if request.method == "POST" and form.is_valid():
        try:
            services.contest_update(
                actor=request.membership,  # type: ignore[attr-defined]
                contest=contest,
                **_form_kwargs(form),
            )
        except DomainError as error:
            _field_error(form, error)
        else:
            messages.success(request, _("The contest is saved."))
            return _manage_url(request, contest)
    return render(request, "contests/contest_form.html", {"form": form, "contest": contest})


def _criteria_rows(contest: Contest, data: Any = None) -> Any:
    criteria = contest.criteria.order_by("position", "pk")
    return CriteriaRows(data, prefix="criteria", initial=initial_rows(criteria, weight="weight"))


@brand_view("moderator")
def manage(request: HttpRequest, contest_id: int) -> HttpResponse:
    contest = selectors.contest_for_console(request.brand, contest_id)  # type: ignore[attr-defined]
    return _manage_page(request, contest)


def _manage_page(
    request: HttpRequest, contest: Contest, *, criteria_rows: Any = None, status: int = 200
) -> HttpResponse:
    published = perms.results_published(contest)
    entries = list(selectors.entries_for_gallery(contest, None))
    finalists = {e.pk for e in jury.shortlist(contest)}
    next_kind = next_phase_kind(contest.campaign)
    context = {
        "contest": contest,
        "campaign": contest.campaign,
        "phase_label": perms.phase_label(perms.phase_kind(contest)),
        "next_label": perms.phase_label(next_kind) if next_kind else None,
        "entries": entries,
        "finalists": finalists,
        "jurors": selectors.jurors_for(contest),
        "criteria": list(contest.criteria.all()),
        "criteria_rows": criteria_rows or _criteria_rows(contest),
        "juror_form": JurorForm(),
        "can_manage": is_admin(request.membership),  # type: ignore[attr-defined]
        "can_close": not published
        and perms.phase_kind(contest) not in (None, Phase.Kind.SUBMISSION),
        "published": published,
        "placements": selectors.placements_for(contest) if published else [],
        "partner": getattr(contest.campaign, "partner", None),
    }
    return render(request, "contests/manage.html", context, status=status)


@require_POST
@brand_view("admin")
def juror_add(request: HttpRequest, contest_id: int) -> HttpResponse:
    contest = selectors.contest_for_console(request.brand, contest_id)  # type: ignore[attr-defined]
    form = JurorForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter a valid e-mail address."))
        return _manage_url(request, contest)
    actor, email = request.membership, form.cleaned_data["email"]  # type: ignore[attr-defined]
    try:
        juror = jury.juror_add(actor=actor, contest=contest, email=email)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request, _("%(name)s is on the jury.") % {"name": juror.member.user.public_name}
        )
    return _manage_url(request, contest)


@require_POST
@brand_view("admin")
def juror_remove(request: HttpRequest, contest_id: int, juror_id: int) -> HttpResponse:
    contest = selectors.contest_for_console(request.brand, contest_id)  # type: ignore[attr-defined]
    actor = request.membership  # type: ignore[attr-defined]
    return _done(
        request,
        contest,
        lambda: jury.juror_remove(actor=actor, contest=contest, juror_id=juror_id),
        _("The juror is removed."),
    )


@require_POST
@brand_view("admin")
def criteria(request: HttpRequest, contest_id: int) -> HttpResponse:
    contest = selectors.contest_for_console(request.brand, contest_id)  # type: ignore[attr-defined]
    rows = _criteria_rows(contest, request.POST)
    if rows.is_valid():
        actor = request.membership  # type: ignore[attr-defined]
        try:
            jury.criteria_set(actor=actor, contest=contest, criteria=rows.rows())
        except DomainError as error:
            rows.non_form_errors().append(str(error.message))
        else:
            messages.success(request, _("The criteria are saved."))
            return _manage_url(request, contest)
    # The rows again, each error on its row (the manage page, with the entered values).
    return _manage_page(request, contest, criteria_rows=rows, status=400)


@require_POST
@brand_view("admin")
def shortlist(request: HttpRequest, contest_id: int) -> HttpResponse:
    contest = selectors.contest_for_console(request.brand, contest_id)  # type: ignore[attr-defined]
    ids = list(Entry.objects.filter(contest=contest).values_list("pk", flat=True))
    form = ShortlistForm(request.POST, entry_ids=ids)
    if not form.is_valid():
        raise Http404  # ids of another contest or brand
    chosen = form.cleaned_data["entries"] if request.POST.get("mode") == "chosen" else None
    actor = request.membership  # type: ignore[attr-defined]
    return _done(
        request,
        contest,
        lambda: jury.shortlist_freeze(actor=actor, contest=contest, entry_ids=chosen),
        _("The finalists are fixed."),
    )


@require_POST
@brand_view("admin")
def close(request: HttpRequest, contest_id: int) -> HttpResponse:
    contest = selectors.contest_for_console(request.brand, contest_id)  # type: ignore[attr-defined]
    actor = request.membership  # type: ignore[attr-defined]
    return _done(
        request,
        contest,
        lambda: jury.contest_close(actor=actor, contest=contest),
        _("The results are published and the entrants told."),
    )


@require_POST
@brand_view("admin")
def partner_jury(request: HttpRequest, contest_id: int) -> HttpResponse:
    contest = selectors.contest_for_console(request.brand, contest_id)  # type: ignore[attr-defined]
    partner = getattr(contest.campaign, "partner", None)
    if partner is None or partner.account is None:
        messages.error(request, _("Give the partner's account first."))
        return _manage_url(request, contest)
    actor, email = request.membership, partner.account.user.email  # type: ignore[attr-defined]
    return _done(
        request,
        contest,
        lambda: jury.juror_add(actor=actor, contest=contest, email=email),
        _("The partner is on the jury."),
    )


# --- fair voting ----------------------------------------------------------------------------


@brand_view("moderator")
def fair_voting(request: HttpRequest, contest_id: int) -> HttpResponse:
    contest = selectors.contest_for_console(request.brand, contest_id)  # type: ignore[attr-defined]
    context = {
        "contest": contest,
        "campaign": contest.campaign,
        "flags": fraud.suspicious_votes(contest),
        "voids": list(
            VoteVoid.objects.filter(contest=contest).select_related(
                "actor", "vote__entry", "vote__member__user"
            )[:100]
        ),
        "published": perms.results_published(contest),
        "thresholds": fraud,
    }
    return render(request, "contests/fair_voting.html", context)


@require_POST
@brand_view("moderator")
def void(request: HttpRequest, contest_id: int) -> HttpResponse:
    contest = selectors.contest_for_console(request.brand, contest_id)  # type: ignore[attr-defined]
    target = redirect("contests:fair_voting", brand_slug=request.brand.slug, contest_id=contest.pk)  # type: ignore[attr-defined]
    form = VoidForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose votes to void and say why."))
        return target
    try:
        n = votes.votes_void(
            actor=request.membership,  # type: ignore[attr-defined]
            contest=contest,
            vote_ids=form.cleaned_data["votes"],
            reason=form.cleaned_data["reason"],
            rule=form.cleaned_data["rule"],
        )
    except NotFound:
        raise Http404 from None
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("%(n)d votes voided; the tallies are updated.") % {"n": n})
    return target


@require_POST
@brand_view("moderator")
def hide(request: HttpRequest, entry_id: int) -> HttpResponse:
    member = request.membership  # type: ignore[attr-defined]
    entry = selectors.entry_for_page(request.brand, entry_id, member)  # type: ignore[attr-defined]
    hidden = request.POST.get("hidden") == "1"
    try:
        services.entry_set_hidden(actor=member, entry=entry, hidden=hidden)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request, _("The design is hidden.") if hidden else _("The design is shown again.")
        )
    return _manage_url(request, entry.contest)


# --- capsule partner ------------------------------------------------------------------------


@brand_view("admin")
def partner(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = selectors.campaign_for_console(request.brand, campaign_id)  # type: ignore[attr-defined]
    current = getattr(campaign, "partner", None)
    initial = {}
    if current is not None:
        email = current.account.user.email if current.account else ""
        initial = {
            "kind": current.kind,
            "name": current.name,
            "link": current.link,
            "account_email": email,
        }
    form = PartnerForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.partner_set(
                actor=request.membership,  # type: ignore[attr-defined]
                campaign=campaign,
                picture=form.cleaned_data.get("picture"),
                **{k: v for k, v in form.cleaned_data.items() if k != "picture"},
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error.message))
        else:
            messages.success(request, _("The partner is saved."))
            return redirect(
                "contests:partner", brand_slug=campaign.brand.slug, campaign_id=campaign.pk
            )
    context = {"form": form, "campaign": campaign, "partner": current}
    return render(request, "contests/partner_form.html", context)
