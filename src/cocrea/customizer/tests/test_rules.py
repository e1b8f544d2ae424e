from __future__ import annotations

from decimal import Decimal

import pytest

from cocrea.core.errors import DomainError
from cocrea.customizer import rules


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("Crétin", "cretin"), ("CRÉTIN", "cretin"), ("cr3t1n", "cretin"), ("Œuf", "oeuf")],
)
def test_normalise_folds_case_accents_and_leetspeak(raw, expected):
    assert rules.normalise(raw) == expected


def test_blocked_word_matches_words_spaced_letters_and_long_substrings():
    blocked = ["con", "merde"]
    assert rules.blocked_word_in("C O N", blocked) == "con"
    assert rules.blocked_word_in("le con", blocked) == "con"
    assert rules.blocked_word_in("emmerdeur", blocked) == "merde"
    assert rules.blocked_word_in("Conan", blocked) is None


def test_clean_text_trims_and_collapses_spaces():
    assert rules.clean_text("  J  D ", max_length=4, charset="text") == "J D"


def test_text_on_a_product_without_text_is_refused():
    with pytest.raises(DomainError):
        rules.clean_text("AB", max_length=0, charset="text")


def test_price_never_goes_below_zero():
    total = rules.price(
        base=Decimal("5"), deltas=[Decimal("-9")], has_text=False, text_price=Decimal("1")
    )
    assert total == Decimal("0.00")


def test_parse_choices_refuses_wrong_types():
    assert rules.parse_choices({"12": "40"}) == {12: 40}
    for bad in ({"a": "1"}, {"1": None}, {"1": "-3"}, {"1": str(2**40)}):
        with pytest.raises(DomainError):
            rules.parse_choices(bad)
