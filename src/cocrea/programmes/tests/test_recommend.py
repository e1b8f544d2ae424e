"""The assistant's rules, one by one, on plain answers."""

from __future__ import annotations

from decimal import Decimal

from cocrea.programmes import recommend as r
from cocrea.programmes.recommend import Answers, Recommendation


def _answers(*goals: str, **over: object) -> Answers:
    values: dict[str, object] = {
        "goals": frozenset(goals),
        "members": 100,
        "capacity_per_month": 100,
    }
    values.update(over)
    return Answers(**values)  # type: ignore[arg-type]


def _apply(rule: object, answers: Answers, start: Recommendation | None = None) -> Recommendation:
    result = start or Recommendation()
    rule(answers, result)  # type: ignore[operator]
    return result


def test_ideas_recommend_participatory_marketing_and_an_idea_challenge() -> None:
    result = _apply(r.rule_ideas, _answers(r.GOAL_IDEAS))
    assert result.form_codes == ["participatory"]
    assert result.kind_codes == [r.IDEA_CHALLENGE]
    assert "keep the decision" in str(result.forms[0].reasons[0])


def test_ideas_rule_stays_silent_without_the_goal() -> None:
    result = _apply(r.rule_ideas, _answers(r.GOAL_LOYALTY))
    assert (result.form_codes, result.kind_codes) == ([], [])


def test_products_with_a_customizable_product_recommend_a_design_contest() -> None:
    result = _apply(r.rule_products, _answers(r.GOAL_PRODUCTS, has_products=True))
    assert result.form_codes == ["cocreation"]
    assert result.kind_codes == [r.DESIGN_CONTEST]


def test_products_without_a_customizable_product_start_with_an_idea_challenge() -> None:
    result = _apply(r.rule_products, _answers(r.GOAL_PRODUCTS, has_products=False))
    assert result.form_codes == ["cocreation"]
    assert result.kind_codes == [r.IDEA_CHALLENGE]
    assert "no customizable product yet" in str(result.kinds[0].reasons[0])


def test_needs_with_experts_recommend_lead_users_and_a_panel() -> None:
    result = _apply(r.rule_needs, _answers(r.GOAL_NEEDS, expert_members=True))
    assert result.form_codes == ["lead_users"]
    assert result.kind_codes == [r.LEAD_USER_PANEL]


def test_needs_without_experts_ask_many_customers() -> None:
    result = _apply(r.rule_needs, _answers(r.GOAL_NEEDS, expert_members=False))
    assert result.form_codes == ["participatory"]
    assert result.kind_codes == [r.IDEA_CHALLENGE]


def test_products_with_experts_also_bring_the_lead_users() -> None:
    result = _apply(r.rule_needs, _answers(r.GOAL_PRODUCTS, expert_members=True))
    assert result.form_codes == ["lead_users"]


def test_loyalty_recommends_a_brand_community() -> None:
    result = _apply(r.rule_loyalty, _answers(r.GOAL_LOYALTY))
    assert result.form_codes == ["community"]
    assert result.kind_codes == [r.COMMUNITY_SPACE]


def test_reach_with_influencers_recommends_a_partnership() -> None:
    result = _apply(r.rule_reach, _answers(r.GOAL_REACH, has_influencers=True))
    assert result.form_codes == ["community"]
    assert result.kind_codes == [r.INFLUENCER]


def test_reach_without_influencers_falls_back_on_a_public_challenge() -> None:
    result = _apply(r.rule_reach, _answers(r.GOAL_REACH, has_influencers=False))
    assert result.kind_codes == [r.IDEA_CHALLENGE]
    assert "referral" in str(result.kinds[0].reasons[0])


def test_store_needs_stores() -> None:
    assert _apply(r.rule_store, _answers(r.GOAL_STORE, has_stores=True)).kind_codes == [r.IN_STORE]
    assert _apply(r.rule_store, _answers(r.GOAL_STORE, has_stores=False)).kind_codes == []


def test_more_ideas_than_capacity_warns_and_adds_a_panel() -> None:
    # 2,000 members x 5 % = 100 ideas a month, for a capacity of 20.
    start = _apply(r.rule_ideas, _answers(r.GOAL_IDEAS))
    answers = _answers(r.GOAL_IDEAS, members=2000, capacity_per_month=20)
    result = _apply(r.rule_capacity, answers, start)
    assert "about 100 ideas a month" in str(result.warnings[0])
    assert "the 20 you can answer" in str(result.warnings[0])
    assert result.kind_codes == [r.IDEA_CHALLENGE, r.LEAD_USER_PANEL]
    assert "lead_users" in result.form_codes


def test_enough_capacity_stays_silent() -> None:
    start = _apply(r.rule_ideas, _answers(r.GOAL_IDEAS))
    answers = _answers(r.GOAL_IDEAS, members=2000, capacity_per_month=100)
    result = _apply(r.rule_capacity, answers, start)
    assert result.warnings == []
    assert result.kind_codes == [r.IDEA_CHALLENGE]


def test_a_large_capacity_short_of_the_volume_warns_without_a_panel() -> None:
    start = _apply(r.rule_ideas, _answers(r.GOAL_IDEAS))
    answers = _answers(r.GOAL_IDEAS, members=4000, capacity_per_month=60)
    result = _apply(r.rule_capacity, answers, start)
    assert len(result.warnings) == 1
    assert result.kind_codes == [r.IDEA_CHALLENGE]


def test_a_small_staff_budget_drops_the_design_contest() -> None:
    start = _apply(r.rule_products, _answers(r.GOAL_PRODUCTS, has_products=True))
    answers = _answers(r.GOAL_PRODUCTS, staff_hours_per_month=Decimal("10"))
    result = _apply(r.rule_staff_time, answers, start)
    assert r.DESIGN_CONTEST not in result.kind_codes
    assert result.kind_codes == [r.IDEA_CHALLENGE]
    assert "about 25 staff hours" in str(result.warnings[0])


def test_a_sufficient_staff_budget_keeps_the_design_contest() -> None:
    start = _apply(r.rule_products, _answers(r.GOAL_PRODUCTS, has_products=True))
    answers = _answers(r.GOAL_PRODUCTS, staff_hours_per_month=Decimal("30"))
    assert _apply(r.rule_staff_time, answers, start).kind_codes == [r.DESIGN_CONTEST]


def test_a_small_community_is_told_to_seed_it() -> None:
    start = _apply(r.rule_loyalty, _answers(r.GOAL_LOYALTY))
    result = _apply(r.rule_small_community, _answers(r.GOAL_LOYALTY, members=12), start)
    assert "fewer than 50 members" in str(result.warnings[0])


def test_no_goal_falls_back_on_an_idea_challenge() -> None:
    result = _apply(r.rule_fallback, _answers())
    assert (result.form_codes, result.kind_codes) == (["participatory"], [r.IDEA_CHALLENGE])


def test_the_whole_chain_merges_reasons_of_one_kind() -> None:
    result = r.recommend(
        _answers(r.GOAL_IDEAS, r.GOAL_PRODUCTS, r.GOAL_LOYALTY, has_products=False)
    )
    assert result.form_codes == ["participatory", "cocreation", "community"]
    assert result.kind_codes == [r.IDEA_CHALLENGE, r.COMMUNITY_SPACE]
    assert len(result.kinds[0].reasons) == 2
