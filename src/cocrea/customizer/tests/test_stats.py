from __future__ import annotations

import pytest

from cocrea.customizer import selectors, services
from cocrea.customizer.tests.factories import choices

pytestmark = pytest.mark.django_db


def _save(member, product, *labels):
    return services.design_save(
        member=member, product=product, title="x", choices=choices(product, *labels)
    )


def test_options_are_ranked_by_designs_per_part_with_zeros(bob, dan, product):
    _save(bob, product, "Steel", "Black", "Coral")
    _save(dan, product, "Steel", "Black", "Leather")
    _save(dan, product, "Cream", "Black", "Leather")
    ranking = {g["part"].name: g["rows"] for g in selectors.option_ranking(product)}
    assert [(r["option"].label, r["count"]) for r in ranking["Body"]] == [
        ("Steel", 2),
        ("Cream", 1),
    ]
    assert [(r["option"].label, r["count"]) for r in ranking["Lid"]] == [("Black", 3), ("Cork", 0)]
    assert ranking["Lid"][0]["share"] == 100


def test_combinations_are_ranked(bob, dan, product):
    _save(bob, product, "Cream", "Black", "Coral")
    _save(dan, product, "Cream", "Black", "Coral")
    _save(dan, product, "Steel", "Black", "Coral")
    top = selectors.combination_ranking(product)
    assert top[0]["count"] == 2
    assert top[0]["labels"] == ["Body: Cream", "Lid: Black", "Sleeve: Coral"]
    assert top[1]["count"] == 1


def test_statistics_follow_updates_and_deletions_but_the_ledger_keeps_every_save(bob, product):
    design = _save(bob, product, "Cream", "Black", "Coral")
    services.design_update(
        design=design, member=bob, title="x", choices=choices(product, "Steel", "Black", "Coral")
    )
    ranking = {g["part"].name: g["rows"] for g in selectors.option_ranking(product)}
    assert ranking["Body"][0]["option"].label == "Steel"
    services.design_delete(design=design, member=bob)
    assert selectors.save_counts(product)["saves"] == 2
    assert selectors.save_counts(product)["designs"] == 0


def test_statistics_never_count_another_brands_designs(bob, product, g_product, charlie):
    from cocrea.brands.tests.factories import MembershipFactory

    gina = MembershipFactory(brand=g_product.brand)
    _save(gina, g_product, "Cream", "Black", "Coral")
    assert selectors.combination_ranking(product) == []
