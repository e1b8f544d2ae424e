"""The jury and the results: jurors, criteria, the shortlist, private scorecards, closing.

Privacy of the jury: a juror's marks are read only by that juror until the results are
published (``selectors.scores_for_juror``); the team sees how many scorecards each juror filed,
never their values, so that no juror (an admin may sit on the jury) is swayed by another.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.db import transaction
from django.db.models import CharField, Value
from django.db.models.functions import Concat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocrea.brands.models import Membership
from cocrea.campaigns.models import Phase
from cocrea.campaigns.phases import current_phase
from cocrea.campaigns.services import phase_open
from cocrea.contests import permissions as perms
from cocrea.contests import ranking
from cocrea.contests.models import Contest, Criterion, Entry, Juror, Placement, Score
from cocrea.contests.rewards import grant_contest_rewards
from cocrea.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from cocrea.core.rows import Row, existing_row
from cocrea.core.texts import Texts, as_texts, assign, columns, one_line, texts_of
from cocrea.notifications.services import notify
from cocrea.programmes.staff_time import record_staff_action
from cocrea.webhooks import events as webhooks

MAX_CRITERIA = 10
MAX_JURORS = 50


def _require_admin(actor: Membership, contest: Contest) -> None:
    if not perms.can_manage(contest, actor):
        raise PermissionDenied(_("Only the brand's admins may do this."), code="not_admin")


def _not_published(contest: Contest) -> None:
    if perms.results_published(contest):
        raise Conflict(_("The results are published."), code="published")


# --- jurors and criteria --------------------------------------------------------------------


@transaction.atomic
def juror_add(*, actor: Membership, contest: Contest, email: str) -> Juror:
    """Invite a member or a staff member of the brand (the partner too) to the jury; idempotent."""
    _require_admin(actor, contest)
    _not_published(contest)
    member = Membership.objects.filter(
        brand_id=contest.brand_id, user__email__iexact=email.strip()
    ).first()
    if member is None:
        raise NotFound(_("No member of this community has this e-mail address."), field="email")
    if contest.jurors.count() >= MAX_JURORS:
        raise DomainError(_("A jury has at most %(n)d jurors.") % {"n": MAX_JURORS})
    juror, _created = Juror.objects.get_or_create(contest=contest, member=member)
    return juror


@transaction.atomic
def juror_remove(*, actor: Membership, contest: Contest, juror_id: int) -> None:
    _require_admin(actor, contest)
    _not_published(contest)
    deleted, _rows = Juror.objects.filter(contest=contest, pk=juror_id).delete()
    if not deleted:
        raise NotFound(_("This juror does not exist."))


def _criterion_rows(criteria: Sequence[tuple[str | Texts, int] | Row]) -> list[Row]:
    """Rows from the console (names per language, an id, a weight) or ``(name, weight)`` pairs
    (the demo, the tests: a name in the current language)."""
    rows = []
    for item in criteria:
        if isinstance(item, Row):
            row = item
        else:  # a plain name sets the current language's only
            plain = isinstance(item[0], str)
            row = Row(names=as_texts(item[0]), extra={"weight": item[1], "plain": plain})
        names = {lang: one_line(text)[:60] for lang, text in row.names.items()}
        if any(names.values()):
            rows.append(Row(names=names, id=row.id, extra=row.extra))
    return rows


@transaction.atomic
def criteria_set(
    *, actor: Membership, contest: Contest, criteria: Sequence[tuple[str | Texts, int] | Row]
) -> list[Criterion]:
    """Replace the criteria: a kept criterion (same id, else same name) keeps its marks.
    Weights from 1 to 10."""
    _require_admin(actor, contest)
    _not_published(contest)
    rows = _criterion_rows(criteria)
    if not rows or len(rows) > MAX_CRITERIA:
        raise DomainError(
            _("Give from 1 to %(n)d criteria.") % {"n": MAX_CRITERIA}, field="criteria"
        )
    keys = [t.casefold() for row in rows for t in row.names.values() if t]
    if len(set(keys)) != len(keys):
        raise DomainError(_("Each criterion may be given once."), field="criteria")
    if any(not 1 <= int(row.extra.get("weight") or 0) <= 10 for row in rows):
        raise DomainError(_("Weights go from 1 to 10."), field="criteria")
    existing = {c.pk: c for c in contest.criteria.all()}
    matched = [existing_row(row, existing) for row in rows]
    contest.criteria.exclude(pk__in=[c.pk for c in matched if c is not None]).delete()
    # Out of the way first: two criteria may swap their names.
    Criterion.objects.rewrite(False).filter(contest=contest).update(  # type: ignore[attr-defined]
        **{name: Concat(Value("~"), "id", output_field=CharField()) for name in columns("name")}
    )
    saved = []
    for position, (row, criterion) in enumerate(zip(rows, matched, strict=True)):
        names = row.names
        if criterion is not None and row.extra.get("plain"):  # the other language stays
            names = {**texts_of(criterion, "name"), **{k: v for k, v in names.items() if v}}
        criterion = criterion or Criterion(contest=contest)
        assign(criterion, "name", names)
        criterion.weight, criterion.position = int(row.extra["weight"]), position
        criterion.save()
        saved.append(criterion)
    return saved


# --- the shortlist --------------------------------------------------------------------------


def shortlist(contest: Contest) -> list[Entry]:
    """The finalists: frozen ones, else the live entries with most votes, up to capacity."""
    live = Entry.objects.filter(contest=contest, withdrawn_at=None, is_hidden=False)
    if contest.shortlist_frozen_at is not None:
        live = live.filter(is_finalist=True)
    return list(live.order_by("-vote_count", "created_at", "id")[: contest.finalists])


@transaction.atomic
def shortlist_freeze(
    *, actor: Membership | None, contest: Contest, entry_ids: list[int] | None = None
) -> list[Entry]:
    """Fix the finalists: the brand's choice (``entry_ids``) or the top of the public vote.

    ``actor`` None is the system freezing it on the jury's first scorecard or at closing.
    """
    if actor is not None:
        _require_admin(actor, contest)
    _not_published(contest)
    contest = Contest.objects.select_for_update().get(pk=contest.pk)
    live = Entry.objects.filter(contest=contest, withdrawn_at=None, is_hidden=False)
    if entry_ids is None:
        if contest.shortlist_frozen_at is not None:
            return shortlist(contest)
        chosen = [
            e.pk for e in live.order_by("-vote_count", "created_at", "id")[: contest.finalists]
        ]
    else:
        chosen = sorted(set(entry_ids))
        if len(chosen) > contest.finalists:
            raise DomainError(
                _("Choose at most %(n)d finalists.") % {"n": contest.finalists}, field="entries"
            )
        if live.filter(pk__in=chosen).count() != len(chosen):
            raise NotFound(_("Choose among the contest's designs."), field="entries")
    Entry.objects.filter(contest=contest).update(is_finalist=False)
    Entry.objects.filter(contest=contest, pk__in=chosen).update(is_finalist=True)
    Contest.objects.filter(pk=contest.pk).update(shortlist_frozen_at=timezone.now())
    contest.refresh_from_db()
    return shortlist(contest)


# --- scorecards -----------------------------------------------------------------------------


def juror_for(contest: Contest, member: Membership | None) -> Juror | None:
    if member is None or member.brand_id != contest.brand_id:
        return None
    return Juror.objects.filter(contest=contest, member=member).first()


@transaction.atomic
def scorecard_set(*, member: Membership, entry: Entry, marks: Mapping[int, int]) -> list[Score]:
    """A juror marks a finalist on every criterion (0 to 10); marking again replaces."""
    contest = entry.contest
    juror = juror_for(contest, member)
    if juror is None:
        raise PermissionDenied(_("Only the contest's jurors may score."), code="not_juror")
    if not perms.jury_open(contest):
        raise PermissionDenied(_("The jury is not in session."), code="jury_closed")
    criteria = {c.pk: c for c in contest.criteria.all()}
    if not criteria:
        raise DomainError(_("The brand has not set the criteria yet."), code="no_criteria")
    if set(marks) != set(criteria):
        raise DomainError(_("Give a mark for every criterion."), field="marks")
    if any(
        not isinstance(v, int) or isinstance(v, bool) or not 0 <= v <= 10 for v in marks.values()
    ):
        raise DomainError(_("Marks go from 0 to 10."), field="marks")
    if entry.pk not in {e.pk for e in shortlist_freeze(actor=None, contest=contest)}:
        raise PermissionDenied(_("Only finalists are scored."), code="not_finalist")
    rows = []
    for criterion_id, value in sorted(marks.items()):
        score, _created = Score.objects.update_or_create(
            juror=juror, entry=entry, criterion_id=criterion_id, defaults={"value": value}
        )
        rows.append(score)
    record_staff_action(
        brand_id=contest.brand_id,
        actor_id=member.pk,
        action="jury",
        campaign_id=contest.campaign_id,
    )
    return rows


# --- results --------------------------------------------------------------------------------


def compute_ranking(contest: Contest, finalists: list[Entry]) -> list[ranking.Terms]:
    weights = {c.pk: c.weight for c in contest.criteria.all()}
    marks: dict[tuple[int, int], dict[int, int]] = {}
    scores = Score.objects.filter(entry__in=finalists, juror__contest=contest)
    for juror_id, entry_id, criterion_id, value in scores.values_list(
        "juror_id", "entry_id", "criterion_id", "value"
    ):
        marks.setdefault((juror_id, entry_id), {})[criterion_id] = value
    order = sorted(finalists, key=lambda e: (e.created_at, e.pk))
    rows = [ranking.Finalist(e.pk, e.vote_count, order.index(e)) for e in finalists]
    return ranking.rank(
        rows,
        ranking.jury_raw_scores(marks, weights),
        jury_weight=contest.jury_weight,
        winners=contest.winners,
    )


@transaction.atomic
def contest_close(*, actor: Membership, contest: Contest) -> list[Placement]:
    """Publish the results: rank the finalists, open the results phase, reward, tell entrants."""
    _require_admin(actor, contest)
    contest = (
        Contest.objects.select_for_update().select_related("campaign__brand").get(pk=contest.pk)
    )
    _not_published(contest)
    phase = current_phase(contest.campaign)
    if phase is None or phase.kind == Phase.Kind.SUBMISSION:
        raise DomainError(_("Close the contest after the public vote."), code="too_early")
    finalists = shortlist_freeze(actor=None, contest=contest)
    terms = compute_ranking(contest, finalists)
    placements = Placement.objects.bulk_create(
        Placement(
            contest=contest,
            entry_id=t.entry_id,
            rank=t.rank,
            votes=t.votes,
            public_score=t.public_score,
            jury_raw=t.jury_raw or 0.0,
            jury_score=t.jury_score,
            final_score=t.final_score,
            is_winner=t.is_winner,
        )
        for t in terms
    )
    contest.closed_at = timezone.now()
    contest.save(update_fields=["closed_at"])
    if phase.kind != Phase.Kind.RESULTS:
        phase_open(actor=actor, campaign=contest.campaign, kind=Phase.Kind.RESULTS)
    by_entry = {e.pk: e for e in finalists}
    grant_contest_rewards(contest=contest, terms=terms, entries=by_entry)
    _tell_entrants(contest, actor, {t.entry_id: t for t in terms}, by_entry)
    webhooks.contest_results_published(contest, placements)
    return placements


def _tell_entrants(
    contest: Contest, actor: Membership, terms: dict[int, ranking.Terms], finalists: dict
) -> None:
    """One notification per entrant, with their best place (read in their own language)."""
    order = {"winner": 0, "finalist": 1, "entrant": 2}
    best: dict[int, str] = {}
    entries = Entry.objects.filter(contest=contest, withdrawn_at=None).select_related(
        "author__user"
    )
    for entry in entries:
        t = terms.get(entry.pk)
        place = "winner" if t and t.is_winner else "finalist" if t else "entrant"
        uid = entry.author.user_id
        if uid not in best or order[place] < order[best[uid]]:
            best[uid] = place
    users = {e.author.user_id: e.author.user for e in entries}
    path = reverse("contests:page", args=[contest.brand.slug, contest.campaign.slug])
    for place in ("winner", "finalist", "entrant"):
        recipients = [users[uid] for uid, p in best.items() if p == place]
        if recipients:
            notify(
                recipients=recipients,
                brand=contest.brand,
                kind="contest_result",
                actor=actor.user,
                data={
                    "contest": contest.campaign.title,
                    "contest_i18n": texts_of(contest.campaign, "title"),
                    "place": place,
                    "path": path,
                },
            )
