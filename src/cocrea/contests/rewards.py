"""What winners and finalists receive when a contest closes, written to the engagement app's
rewards ledger (``cocrea.engagement.rewards.reward_grant``) and badges (``badge_award``).

A member is rewarded once per contest, for their best place: several finalist designs do not
multiply the points. Rewards are granted by the platform (``actor=None``): the brand decided when
it set the contest's rules.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.utils.translation import gettext as _

from cocrea.brands.models import Membership
from cocrea.contests.models import Contest, Entry
from cocrea.contests.ranking import Terms
from cocrea.core.errors import Conflict
from cocrea.core.texts import Texts, assign, in_each_language, text_in, texts_of
from cocrea.engagement.badges import badge_award
from cocrea.engagement.models import Badge
from cocrea.engagement.rewards import reward_grant

Amount = Decimal | int | None


def reference(contest: Contest) -> str:
    return f"contest:{contest.pk}"


def _badge(contest: Contest, names: Texts, symbol: str) -> Badge:
    """The brand's badge for this place, found by its name in the brand's language."""
    lang = contest.brand.default_language
    badge = Badge.objects.filter(brand_id=contest.brand_id, **{f"name_{lang}": names[lang]}).first()
    if badge is None:
        badge = Badge(brand_id=contest.brand_id, symbol=symbol)
        assign(badge, "name", names)
        badge.save(force_insert=True)
    return badge


def _best_places(
    terms: Iterable[Terms], entries: Mapping[int, Entry]
) -> dict[int, tuple[str, Entry]]:
    best: dict[int, tuple[str, Entry]] = {}
    for t in sorted(terms, key=lambda t: t.rank):
        entry = entries[t.entry_id]
        if entry.author_id not in best:
            best[entry.author_id] = ("winner" if t.is_winner else "finalist", entry)
    return best


def grant_contest_rewards(
    *, contest: Contest, terms: Iterable[Terms], entries: Mapping[int, Entry]
) -> int:
    """Prize, points, royalty share and badge for each winner; points and badge for finalists.
    Labels are written in every language (the ledger keeps them as they were given)."""
    granted = 0
    members = Membership.objects.in_bulk({e.author_id for e in entries.values()})
    names = {
        "winner": in_each_language(lambda: _("Contest winner")),
        "finalist": in_each_language(lambda: _("Contest finalist")),
    }
    title = texts_of(contest.campaign, "title")
    for member_id, (place, entry) in _best_places(terms, entries).items():
        member = members[member_id]
        for kind, label, amount in _rewards(contest, place, entry):
            reward_grant(
                member=member,
                kind=kind,
                label={lang: text[:120] for lang, text in label.items()},
                amount=amount,
                source=title,
                reference=reference(contest),
            )
            granted += 1
        badge = _badge(contest, names[place], "🏆" if place == "winner" else "★")
        with contextlib.suppress(Conflict):  # already held from an earlier contest
            badge_award(badge=badge, member=member, reason=title)
    return granted


def _rewards(contest: Contest, place: str, entry: Entry) -> list[tuple[str, Texts, Amount]]:
    campaign = contest.campaign

    def title() -> str:  # the campaign's title in the language being written, else the other
        return text_in(campaign, "title")[0]

    if place == "finalist":
        if not contest.finalist_points:
            return []
        finalist = in_each_language(lambda: _("Finalist of “%(title)s”") % {"title": title()})
        return [("points", finalist, contest.finalist_points)]
    rows: list[tuple[str, Texts, Amount]] = []
    if contest.winner_prize:
        rows.append(("prize", texts_of(contest, "winner_prize"), None))
    if contest.winner_points:
        winner = in_each_language(lambda: _("Winner of “%(title)s”") % {"title": title()})
        rows.append(("points", winner, contest.winner_points))
    if contest.royalty_percent:
        label = in_each_language(
            lambda: _("Royalty share on “%(design)s”") % {"design": entry.title}
        )
        rows.append(("royalty", label, contest.royalty_percent))
    return rows
