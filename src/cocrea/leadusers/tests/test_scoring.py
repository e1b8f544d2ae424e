"""The lead-user ranking on a constructed history: the expected member first, and why."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from cocrea.leadusers.scoring import Contribution, Fact, History, rank_lead_users

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def _day(n: int) -> datetime:
    return T0 + timedelta(days=n)


def _history() -> History:
    """Léa (1) wrote about cold brew on day 1; the theme then grew to 12 voices. Marc (2) joined
    the cold-brew wave late, on day 40; Sam (3) writes a lot on a theme that never grew.
    Léa also expresses needs and has a helpful answer; Marc has one accepted idea."""
    cold_brew = [_day(1)] + [_day(30 + n) for n in range(11)]
    capsules = [_day(n) for n in range(2, 8)]
    contributions = [
        Contribution(1, "idea", "Cold brew in a bottle", "theme:cold", _day(1), -0.6),
        Contribution(2, "idea", "Cold brew please", "theme:cold", _day(40), 0.2),
        *[
            Contribution(3, "comment", f"Capsules {n}", "theme:caps", _day(n), 0.1)
            for n in range(2, 8)
        ],
        *[
            Contribution(9, "comment", f"Me too {n}", "theme:cold", _day(30 + n), 0.0)
            for n in range(9)
        ],
    ]
    facts = [
        Fact(1, "need", "Il faudrait un café froid prêt à boire au bureau"),
        Fact(1, "need", "I wish I could brew cold coffee without a mess"),
        Fact(1, "helpful", "How long to steep cold brew?"),
        Fact(1, "rating", "", value=5),
        Fact(2, "accepted", "Cold brew please"),
        Fact(3, "rating", "", value=2),
    ]
    return History(
        members={1: "Léa", 2: "Marc", 3: "Sam", 9: "Crowd"},
        contributions=contributions,
        topics={"theme:cold": "cold brew", "theme:caps": "capsules"},
        facts=facts,
        topic_times={"theme:cold": cold_brew, "theme:caps": capsules},
    )


def test_the_early_member_with_needs_and_expertise_ranks_first_and_says_why():
    ranked = rank_lead_users(_history())
    first = ranked[0]
    assert first.name == "Léa"
    trend = first.signals["trend"]
    assert trend.normalised == 1.0
    early = trend.evidence[0]
    assert early.text == "Cold brew in a bottle"
    assert early.detail["topic"] == "cold brew"
    assert (early.detail["before"], early.detail["after"]) == (0, 11)
    needs = [e.text for e in first.signals["benefit"].evidence if e.kind == "need"]
    assert "Il faudrait un café froid prêt à boire au bureau" in needs
    assert [e.kind for e in first.signals["benefit"].evidence].count("frustration") == 1
    assert [e.text for e in first.signals["expertise"].evidence if e.kind == "helpful"] == [
        "How long to steep cold brew?"
    ]


def test_a_late_follower_gets_no_trend_credit_and_a_flat_theme_gives_none():
    ranked = {lead.name: lead for lead in rank_lead_users(_history())}
    assert ranked["Marc"].signals["trend"].raw == 0  # 1 voice before him, 9 after: too late
    assert ranked["Marc"].signals["expertise"].evidence[0].kind == "accepted"
    # The first voices *of* the wave (day 30, the midpoint is day 35) get a little, Léa the most.
    assert 0 < ranked["Crowd"].signals["trend"].raw < 0.25 * ranked["Léa"].signals["trend"].raw
    assert ranked["Léa"].signals["trend"].evidence[0].detail["lead_days"] == 34


def test_bad_ratings_never_count_below_zero_and_silent_members_are_left_out():
    history = _history()
    history.members[4] = "Silent"
    ranked = {lead.name: lead for lead in rank_lead_users(history)}
    assert "Silent" not in ranked
    assert ranked["Sam"].signals["expertise"].raw == 0


def test_ranking_is_stable_and_limited():
    history = _history()
    assert [lead.member_id for lead in rank_lead_users(history)] == [
        lead.member_id for lead in rank_lead_users(history)
    ]
    assert len(rank_lead_users(history, limit=1)) == 1
    assert rank_lead_users(History(members={}, contributions=[], topics={})) == []
