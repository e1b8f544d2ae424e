"""The set-up assistant's rules: from the objectives, the target and the capacity, which forms of
empowerment and which kinds of campaigns fit, each with its reason.

A pure function over plain answers, so that every rule is tested on its own
(``tests/test_recommend.py``). Rules are applied in order; each may add a form, a kind of
campaign or a warning, and says why.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cocrea.programmes.forms_of_empowerment import (
    COCREATION,
    COMMUNITY,
    LEAD_USERS,
    PARTICIPATORY,
)

# What the brand wants (the assistant's first question).
GOAL_IDEAS = "ideas"
GOAL_PRODUCTS = "products"
GOAL_NEEDS = "needs"
GOAL_LOYALTY = "loyalty"
GOAL_REACH = "reach"
GOAL_STORE = "store"
GOALS: list[tuple[str, Promise]] = [
    (GOAL_IDEAS, _("Collect ideas to improve what we sell")),
    (GOAL_PRODUCTS, _("Design new products or variants with customers")),
    (GOAL_NEEDS, _("Understand needs before the market does")),
    (GOAL_LOYALTY, _("Make customers loyal: a community that helps itself")),
    (GOAL_REACH, _("Reach new customers through people they trust")),
    (GOAL_STORE, _("Bring the co-creation into our stores")),
]

# The kinds of campaign the assistant may propose.
IDEA_CHALLENGE = "idea_challenge"
DESIGN_CONTEST = "design_contest"
LEAD_USER_PANEL = "lead_user_panel"
COMMUNITY_SPACE = "community"
INFLUENCER = "influencer"
IN_STORE = "in_store"
KINDS: dict[str, Promise] = {
    IDEA_CHALLENGE: _("Idea challenge"),
    DESIGN_CONTEST: _("Design contest"),
    LEAD_USER_PANEL: _("Lead-user panel"),
    COMMUNITY_SPACE: _("Community: stories and questions"),
    INFLUENCER: _("Influencer partnership"),
    IN_STORE: _("In-store operation"),
}

# Rough yields used to compare the expected volume with the team's capacity: the share of
# members who submit something in a month of an open idea challenge, and the staff hours a
# design contest takes (brief, moderation, jury, results) — stated in docs/programmes.md.
MONTHLY_SUBMITTERS_SHARE = Decimal("0.05")
CONTEST_STAFF_HOURS = 25
SMALL_COMMUNITY = 50


@dataclass(frozen=True)
class Answers:
    goals: frozenset[str]
    members: int = 0
    expert_members: bool = False
    has_products: bool = False
    has_stores: bool = False
    has_influencers: bool = False
    capacity_per_month: int = 0
    staff_hours_per_month: Decimal | None = None


@dataclass
class Pick:
    code: str
    reasons: list[Promise] = field(default_factory=list)


@dataclass
class Recommendation:
    forms: list[Pick] = field(default_factory=list)
    kinds: list[Pick] = field(default_factory=list)
    warnings: list[Promise | str] = field(default_factory=list)

    def add_form(self, code: str, reason: Promise) -> None:
        _add(self.forms, code, reason)

    def add_kind(self, code: str, reason: Promise) -> None:
        _add(self.kinds, code, reason)

    def drop_kind(self, code: str) -> None:
        self.kinds = [k for k in self.kinds if k.code != code]

    def has_kind(self, code: str) -> bool:
        return any(k.code == code for k in self.kinds)

    @property
    def form_codes(self) -> list[str]:
        return [f.code for f in self.forms]

    @property
    def kind_codes(self) -> list[str]:
        return [k.code for k in self.kinds]


def _add(picks: list[Pick], code: str, reason: Promise) -> None:
    for pick in picks:
        if pick.code == code:
            pick.reasons.append(reason)
            return
    picks.append(Pick(code, [reason]))


def expected_ideas_per_month(answers: Answers) -> int:
    return int(answers.members * MONTHLY_SUBMITTERS_SHARE)


# --- the rules, in order ----------------------------------------------------------------------


def rule_ideas(a: Answers, r: Recommendation) -> None:
    if GOAL_IDEAS in a.goals:
        r.add_form(
            PARTICIPATORY,
            _("You want ideas: customers take one stage of your marketing, you keep the decision."),
        )
        r.add_kind(
            IDEA_CHALLENGE,
            _("An idea challenge asks one question; members propose, vote and comment."),
        )


def rule_products(a: Answers, r: Recommendation) -> None:
    if GOAL_PRODUCTS not in a.goals:
        return
    r.add_form(COCREATION, _("You want to design products with customers: they co-create."))
    if a.has_products:
        r.add_kind(
            DESIGN_CONTEST,
            _("Your customizable products let members design entries; the vote and a jury pick."),
        )
    else:
        r.add_kind(
            IDEA_CHALLENGE,
            _(
                "You have no customizable product yet: start with an idea challenge on the "
                "product, then a design contest once a product is set up."
            ),
        )


def rule_needs(a: Answers, r: Recommendation) -> None:
    if GOAL_NEEDS not in a.goals and not (GOAL_PRODUCTS in a.goals and a.expert_members):
        return
    if a.expert_members:
        r.add_form(
            LEAD_USERS,
            _("You have expert customers: lead users feel tomorrow's needs before the market."),
        )
        r.add_kind(
            LEAD_USER_PANEL,
            _("A private panel of a few lead users gives deep feedback at a small cost."),
        )
    else:
        r.add_form(
            PARTICIPATORY,
            _("To learn needs from many customers, ask them openly and let the analysis sort."),
        )
        r.add_kind(
            IDEA_CHALLENGE,
            _("An open question gathers voices that the insight engine groups into themes."),
        )


def rule_loyalty(a: Answers, r: Recommendation) -> None:
    if GOAL_LOYALTY in a.goals:
        r.add_form(COMMUNITY, _("Loyalty grows where members share values and help each other."))
        r.add_kind(
            COMMUNITY_SPACE,
            _("Stories and questions let members help one another; the team only joins in."),
        )


def rule_reach(a: Answers, r: Recommendation) -> None:
    if GOAL_REACH not in a.goals:
        return
    if a.has_influencers:
        r.add_form(
            COMMUNITY,
            _("An influencer's community trusts her: the brand reaches it through her voice."),
        )
        r.add_kind(
            INFLUENCER,
            _("An influencer gathers her community's feedback and writes the synthesis."),
        )
    else:
        r.add_kind(
            IDEA_CHALLENGE,
            _("Without influencers, a public challenge with referral links spreads the word."),
        )


def rule_store(a: Answers, r: Recommendation) -> None:
    if GOAL_STORE in a.goals and a.has_stores:
        r.add_form(PARTICIPATORY, _("Shoppers take part where they already are: in your stores."))
        r.add_kind(
            IN_STORE,
            _("Kiosks and QR codes in store collect favourites and votes, merged with online."),
        )


def rule_capacity(a: Answers, r: Recommendation) -> None:
    """An open challenge that would bring more than the team can answer: prefer a panel."""
    expected = expected_ideas_per_month(a)
    if not r.has_kind(IDEA_CHALLENGE) or expected <= a.capacity_per_month:
        return
    r.warnings.append(
        _(
            "An open challenge could bring about %(expected)d ideas a month, more than the "
            "%(capacity)d you can answer: keep its submission phase short, or invite a panel."
        )
        % {"expected": expected, "capacity": a.capacity_per_month}
    )
    if a.capacity_per_month < SMALL_COMMUNITY:
        r.add_form(LEAD_USERS, _("Your capacity is small: a few chosen members are enough."))
        r.add_kind(
            LEAD_USER_PANEL,
            _("A panel brings only what a small team can answer in time."),
        )


def rule_staff_time(a: Answers, r: Recommendation) -> None:
    """A design contest costs about 25 staff hours a run: drop it below that budget."""
    hours = a.staff_hours_per_month
    if hours is None or hours >= CONTEST_STAFF_HOURS or not r.has_kind(DESIGN_CONTEST):
        return
    r.drop_kind(DESIGN_CONTEST)
    r.warnings.append(
        _(
            "A design contest takes about %(need)d staff hours (brief, moderation, jury, "
            "results), more than your %(hours)s a month: it is left out for now."
        )
        % {"need": CONTEST_STAFF_HOURS, "hours": hours}
    )
    if not r.kinds:
        r.add_kind(IDEA_CHALLENGE, _("An idea challenge costs the team much less time."))


def rule_small_community(a: Answers, r: Recommendation) -> None:
    if 0 < a.members < SMALL_COMMUNITY and r.has_kind(COMMUNITY_SPACE):
        r.warnings.append(
            _(
                "With fewer than %(n)d members a community is quiet at first: seed it with the "
                "team's own stories and questions."
            )
            % {"n": SMALL_COMMUNITY}
        )


def rule_fallback(a: Answers, r: Recommendation) -> None:
    if not r.forms:
        r.add_form(
            PARTICIPATORY,
            _("Without a stated goal, an open question is the simplest start."),
        )
    if not r.kinds:
        r.add_kind(IDEA_CHALLENGE, _("One question, dated phases: the easiest first campaign."))


RULES: list[Callable[[Answers, Recommendation], None]] = [
    rule_ideas,
    rule_products,
    rule_needs,
    rule_loyalty,
    rule_reach,
    rule_store,
    rule_capacity,
    rule_staff_time,
    rule_small_community,
    rule_fallback,
]


def recommend(answers: Answers) -> Recommendation:
    result = Recommendation()
    for rule in RULES:
        rule(answers, result)
    return result
