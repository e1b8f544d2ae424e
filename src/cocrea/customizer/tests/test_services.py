from __future__ import annotations

from decimal import Decimal

import pytest

from cocrea.core.errors import DomainError, NotFound, PermissionDenied
from cocrea.customizer import services
from cocrea.customizer.models import ConfigurationRecord, Design, DesignChoice
from cocrea.customizer.tests.factories import choices, option

pytestmark = pytest.mark.django_db

BASIC = ("Cream", "Black", "Coral")


def _save(member, product, *labels, text="", **kw):
    return services.design_save(
        member=member,
        product=product,
        title="Mine",
        choices=choices(product, *labels),
        text=text,
        **kw,
    )


def test_price_is_base_plus_deltas_plus_text(bob, product):
    design = _save(bob, product, "Steel", "Black", "Leather", text="AB")
    assert design.price == Decimal("10.00") + 8 + 0 + 5 + Decimal("2.50")
    assert _save(bob, product, *BASIC).price == Decimal("11.50")


def test_save_records_the_normalised_choices_and_the_ledger(bob, product):
    design = _save(bob, product, *BASIC)
    assert DesignChoice.objects.filter(design=design).count() == 3
    assert ConfigurationRecord.objects.filter(design=design).count() == 1
    services.design_update(
        design=design, member=bob, title="Again", choices=choices(product, "Cream", "Cork", "Coral")
    )
    assert ConfigurationRecord.objects.filter(product=product).count() == 2
    assert set(design.design_choices.values_list("option__label", flat=True)) == {
        "Cream",
        "Cork",
        "Coral",
    }


def test_invalid_combination_is_refused_with_both_options_named(bob, product):
    with pytest.raises(DomainError) as error:
        _save(bob, product, "Steel", "Cork", "Coral")
    assert error.value.code == "incompatible"
    assert "Steel" in str(error.value.message) and "Cork" in str(error.value.message)
    assert not Design.objects.exists()


def test_every_part_needs_an_option(bob, product):
    with pytest.raises(DomainError) as error:
        _save(bob, product, "Cream", "Black")
    assert error.value.code == "missing_choice" and "Sleeve" in str(error.value.message)


def test_option_of_another_part_is_refused(bob, product):
    mixed = choices(product, *BASIC)
    body = option(product, "Cream").part_id
    mixed[body] = option(product, "Black").pk
    with pytest.raises(DomainError) as error:
        services.design_save(member=bob, product=product, title="x", choices=mixed)
    assert error.value.code == "unknown_option"


def test_option_of_another_brand_is_refused(bob, product, g_product):
    mixed = choices(product, *BASIC)
    mixed[option(product, "Cream").part_id] = option(g_product, "Cream").pk
    with pytest.raises(DomainError) as error:
        services.design_save(member=bob, product=product, title="x", choices=mixed)
    assert error.value.code == "unknown_option"


def test_product_of_another_brand_is_refused(bob, g_product):
    with pytest.raises(NotFound):
        _save(bob, g_product, *BASIC)


@pytest.mark.parametrize(
    "text", ["crétin", "CRETIN", "Crétin", "cr3tin", "c.o.n", "CON", "idiot", "ÏDIOT"]
)
def test_blocked_words_in_french_and_english_whatever_case_and_accents(bob, product, text):
    product.text_charset = "text"
    product.save()
    with pytest.raises(DomainError) as error:
        _save(bob, product, *BASIC, text=text)
    assert error.value.field == "text" and error.value.code == "blocked_word"


def test_english_words_apply_to_a_french_member_of_a_bilingual_brand(bob, product):
    bob.brand.languages = ["fr", "en"]
    bob.brand.save()
    bob.user.language = "fr"
    bob.user.save()
    with pytest.raises(DomainError):
        _save(bob, product, *BASIC, text="IDIOT")


def test_innocent_words_that_contain_a_short_blocked_word_pass(bob, product):
    assert _save(bob, product, *BASIC, text="Conan").text == "Conan"


def test_text_longer_than_the_maximum_is_refused(bob, product):
    with pytest.raises(DomainError) as error:
        _save(bob, product, *BASIC, text="ABCDEFG")
    assert error.value.code == "text_too_long" and "6" in str(error.value.message)


@pytest.mark.parametrize("text", ["A<B", "AB!", "a\u202eb", "☕"])
def test_characters_outside_the_allowed_set_are_refused(bob, product, text):
    with pytest.raises(DomainError) as error:
        _save(bob, product, *BASIC, text=text)
    assert error.value.code == "text_charset"


def test_letters_only_product_refuses_digits(bob, product, alice):
    services.product_update(product=product, by=alice, text_charset="letters")
    with pytest.raises(DomainError):
        _save(bob, product, *BASIC, text="AB1")
    assert _save(bob, product, *BASIC, text="Élé").text == "Élé"


def test_a_member_keeps_several_drafts(bob, product):
    _save(bob, product, *BASIC, status=Design.Status.DRAFT)
    _save(bob, product, "Steel", "Black", "Coral", status=Design.Status.DRAFT)
    assert Design.objects.filter(member=bob, status="draft").count() == 2


def test_only_the_owner_updates_or_deletes(bob, dan, product):
    design = _save(bob, product, *BASIC)
    with pytest.raises(NotFound):
        services.design_delete(design=design, member=dan)
    services.design_delete(design=design, member=bob)
    assert not Design.objects.exists()
    assert ConfigurationRecord.objects.count() == 1  # the ledger keeps the save


def test_share_reset_changes_the_token(bob, product):
    design = _save(bob, product, *BASIC)
    old = design.share_token
    assert services.design_share_reset(design=design, member=bob).share_token != old


def test_members_cannot_manage_products(bob, brand):
    with pytest.raises(PermissionDenied):
        services.product_create(brand=brand, by=bob, name="Mine")


def test_admin_of_another_brand_cannot_touch_the_product(charlie, product):
    with pytest.raises(PermissionDenied):
        services.product_update(product=product, by=charlie, name="Hacked")


def test_incompatibility_within_one_part_is_refused(alice, product):
    with pytest.raises(DomainError):
        services.incompatibility_add(
            product=product,
            by=alice,
            option_a=option(product, "Cream"),
            option_b=option(product, "Steel"),
        )


def test_incompatibility_with_another_brand_option_is_refused(alice, product, g_product):
    with pytest.raises(NotFound):
        services.incompatibility_add(
            product=product,
            by=alice,
            option_a=option(product, "Cream"),
            option_b=option(g_product, "Cork"),
        )


def test_inactive_product_takes_no_new_design(alice, bob, product):
    services.product_update(product=product, by=alice, is_active=False)
    with pytest.raises(DomainError):
        _save(bob, product, *BASIC)


@pytest.mark.parametrize("value", ["abc", "NaN", "Infinity", "-1", "1e30"])
def test_bad_prices_are_refused(alice, product, value):
    with pytest.raises(DomainError):
        services.product_update(product=product, by=alice, base_price=value)


def test_blocked_words_are_stored_normalised_and_deduplicated(alice, product):
    words = services.blocked_words_set(
        product=product, by=alice, language="fr", words=["Crétin", "CRETIN", "  ", "Nul"]
    )
    assert sorted(w.normalised for w in words) == ["cretin", "nul"]


def test_the_kept_catalogue_follows_every_admin_change(alice, bob, product):
    from cocrea.customizer.selectors import catalogue

    assert len(catalogue(product).options) == 6
    services.option_create(
        part=option(product, "Cream").part, by=alice, label="Mint", colour="#00ff00"
    )
    product.refresh_from_db()
    assert len(catalogue(product).options) == 7
    services.blocked_words_set(product=product, by=alice, language="en", words=["mint"])
    product.refresh_from_db()
    with pytest.raises(DomainError):
        _save(bob, product, *BASIC, text="MINT")
