from __future__ import annotations

import pytest
from conftest import login
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cocrea.customizer import services
from cocrea.customizer.models import BlockedWord, Design, Incompatibility, Part
from cocrea.customizer.tests.factories import choices, option

pytestmark = pytest.mark.django_db

BASIC = ("Cream", "Black", "Coral")


def _url(name, brand, *args):
    return reverse(f"customizer:{name}", args=[brand.slug, *args])


def _form(product, *labels, **extra):
    data = {f"part-{p}": o for p, o in choices(product, *labels).items()}
    return {"title": "My cup", "text": "", **data, **extra}


def test_customizer_page_draws_the_product_with_the_first_options(client, bob, product):
    response = login(client, bob).get(_url("customize", product.brand, product.slug))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="customizer-preview"' in html and "<svg" in html
    assert f'data-option="{option(product, "Cream").pk}"' in html
    assert 'id="customizer-price"' in html and "11.50" in html  # Coral adds 1.50


def test_preview_redraws_the_picture_and_the_price(client, bob, product):
    url = _url("preview", product.brand, product.slug)
    response = login(client, bob).post(
        url, _form(product, "Steel", "Black", "Leather", text="JD"), HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'fill="#b8bec6"' in html and "JD</text>" in html
    assert "25.50" in html  # 10 + 8 + 5 + 2.50


def test_preview_shows_a_blocked_word_next_to_the_field(client, bob, product):
    url = _url("preview", product.brand, product.slug)
    response = login(client, bob).post(url, _form(product, *BASIC, text="Crétin"))
    html = response.content.decode()
    assert 'id="text-error"' in html and "not allowed" in html
    assert "Crétin</text>" not in html


def test_preview_shows_an_invalid_combination(client, bob, product):
    url = _url("preview", product.brand, product.slug)
    response = login(client, bob).post(url, _form(product, "Steel", "Cork", "Coral"))
    assert "cannot be combined" in response.content.decode()


def test_save_creates_a_design_and_opens_it(client, bob, product):
    response = login(client, bob).post(
        _url("customize", product.brand, product.slug), _form(product, *BASIC, action="save")
    )
    design = Design.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url("design_edit", product.brand, design.pk)
    assert design.status == "saved" and design.member == bob
    page = client.get(response["Location"]).content.decode()
    assert design.share_token in page and 'id="share-link"' in page


def test_save_as_draft_then_update_the_draft(client, bob, product):
    login(client, bob).post(
        _url("customize", product.brand, product.slug), _form(product, *BASIC, action="draft")
    )
    design = Design.objects.get(status="draft")
    client.post(
        _url("design_edit", product.brand, design.pk),
        _form(product, "Cream", "Cork", "Coral", action="save", title="Final"),
    )
    design.refresh_from_db()
    assert design.status == "saved" and design.title == "Final"
    assert design.choices[str(option(product, "Cork").part_id)] == option(product, "Cork").pk


def test_invalid_combination_is_refused_with_a_message(client, bob, product):
    response = login(client, bob).post(
        _url("customize", product.brand, product.slug),
        _form(product, "Steel", "Cork", "Coral", action="save"),
    )
    assert response.status_code == 400
    assert "cannot be combined" in response.content.decode()
    assert not Design.objects.exists()


@pytest.mark.parametrize(
    "bad",
    [
        {"title": ""},
        {"title": "x" * 5000},
        {"text": "A" * 100_000},
        {"text": "<script>"},
        {"action": ["save", "draft"], "title": ""},
    ],
)
def test_bad_fields_are_refused_with_4xx(client, bob, product, bad):
    data = {**_form(product, *BASIC, action="save"), **bad}
    response = login(client, bob).post(_url("customize", product.brand, product.slug), data)
    assert response.status_code == 400
    assert not Design.objects.exists()


@pytest.mark.parametrize(
    "value", ["abc", "-1", "99999999", "1.5", "", "9" * 40, "0x10", "\u00b2", "\u0661", " 1"]
)
def test_wrong_types_and_unknown_option_ids_are_refused(client, bob, product, value):
    data = _form(product, *BASIC, action="save")
    data[f"part-{option(product, 'Cream').part_id}"] = value
    response = login(client, bob).post(_url("customize", product.brand, product.slug), data)
    assert response.status_code == 400
    assert not Design.objects.exists()


def test_options_of_another_brand_are_refused(client, bob, product, g_product):
    data = _form(product, *BASIC, action="save")
    data[f"part-{option(product, 'Cream').part_id}"] = option(g_product, "Cream").pk
    response = login(client, bob).post(_url("customize", product.brand, product.slug), data)
    assert response.status_code == 400
    assert not Design.objects.exists()


def test_nul_bytes_are_refused(client, bob, product):
    response = login(client, bob).post(
        _url("customize", product.brand, product.slug), _form(product, *BASIC, title="a\x00b")
    )
    assert response.status_code == 400


def test_unknown_action_only_redraws(client, bob, product):
    response = login(client, bob).post(
        _url("customize", product.brand, product.slug), _form(product, *BASIC, action="hack")
    )
    assert response.status_code == 200 and not Design.objects.exists()


def test_another_members_design_is_not_found(client, bob, dan, product):
    design = services.design_save(
        member=bob, product=product, title="Bob", choices=choices(product, *BASIC)
    )
    login(client, dan)
    assert client.get(_url("design_edit", product.brand, design.pk)).status_code == 404
    assert client.post(_url("design_delete", product.brand, design.pk)).status_code == 404
    assert Design.objects.filter(pk=design.pk).exists()


def test_delete_removes_the_design(client, bob, product):
    design = services.design_save(
        member=bob, product=product, title="Bob", choices=choices(product, *BASIC)
    )
    response = login(client, bob).post(_url("design_delete", product.brand, design.pk))
    assert response.status_code == 302 and not Design.objects.exists()


def test_shared_page_shows_the_picture_to_anyone_who_may_see_the_brand(client, bob, product):
    design = services.design_save(
        member=bob, product=product, title="Bob's cup", choices=choices(product, *BASIC), text="BB"
    )
    response = client.get(_url("shared", product.brand, design.share_token))
    assert response.status_code == 200
    assert "BB</text>" in response.content.decode()
    assert client.get(_url("shared", product.brand, "x" * 40)).status_code == 404
    assert client.get(_url("shared", product.brand, "nope")).status_code == 404


def test_my_designs_query_count_does_not_grow(client, bob, product, django_assert_max_num_queries):
    login(client, bob)
    services.design_save(member=bob, product=product, title="1", choices=choices(product, *BASIC))
    with django_assert_max_num_queries(12) as first:
        client.get(_url("my_designs", product.brand))
    for n in range(6):
        services.design_save(
            member=bob, product=product, title=str(n), choices=choices(product, *BASIC)
        )
    with django_assert_max_num_queries(len(first.captured_queries)):
        response = client.get(_url("my_designs", product.brand))
    assert response.content.decode().count("<svg") >= 7


def test_products_and_console_query_counts_do_not_grow(
    client, alice, brand, product, django_assert_max_num_queries
):
    from cocrea.customizer.tests.factories import make_product

    login(client, alice)
    counts = []
    for url in (_url("products", brand), _url("console", brand)):
        with django_assert_max_num_queries(30) as captured:
            client.get(url)
        counts.append(len(captured.captured_queries))
    make_product(brand, alice, name="Second cup")
    make_product(brand, alice, name="Third cup")
    for url, count in zip((_url("products", brand), _url("console", brand)), counts, strict=True):
        with django_assert_max_num_queries(count):
            assert client.get(url).status_code == 200


# --- console ----------------------------------------------------------------------------------


def _product_form(**extra):
    return {
        "name": "Tote bag",
        "slug": "",
        "base_price": "12",
        "currency": "EUR",
        "is_active": "on",
        "width": "400",
        "height": "400",
        "text_max_length": "3",
        "text_charset": "letters",
        "text_price": "0",
        "text_x": "200",
        "text_y": "200",
        "text_size": "30",
        "text_colour": "#000000",
        **extra,
    }


def test_admin_creates_a_product(client, alice, brand):
    response = login(client, alice).post(_url("console_create", brand), _product_form())
    assert response.status_code == 302
    assert brand.products.get().slug == "tote-bag"


@pytest.mark.parametrize(
    "bad",
    [
        {"base_price": "-1"},
        {"base_price": "abc"},
        {"currency": "euro"},
        {"width": "x"},
        {"text_colour": "red"},
        {"name": ""},
        {"text_max_length": "999"},
    ],
)
def test_bad_product_fields_are_refused(client, alice, brand, bad):
    response = login(client, alice).post(_url("console_create", brand), _product_form(**bad))
    assert response.status_code == 400
    assert not brand.products.exists()


def test_uploaded_svg_layer_is_sanitised(client, alice, product):
    upload = SimpleUploadedFile(
        "layer.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script>'
        b'<path d="M0 0 L5 5 Z" onclick="alert(1)"/></svg>',
        content_type="image/svg+xml",
    )
    response = login(client, alice).post(
        _url("part_create", product.brand, product.pk), {"name": "Logo", "shape_file": upload}
    )
    assert response.status_code == 302
    assert Part.objects.get(name="Logo").shape == '<path d="M0 0 L5 5 Z"/>'


@pytest.mark.parametrize(
    "shape", ["<script>alert(1)</script>", "not svg at all <", "M0 0 url(x)", ""]
)
def test_unusable_shapes_are_refused_with_a_message(client, alice, product, shape):
    response = login(client, alice).post(
        _url("part_create", product.brand, product.pk), {"name": "Logo", "shape": shape}
    )
    assert response.status_code == 400
    assert not Part.objects.filter(name="Logo").exists()


def test_option_added_and_edited(client, alice, product):
    part = option(product, "Cream").part
    data = {
        "label": "Mint",
        "kind": "colour",
        "colour": "#8fd3c1",
        "material": "plain",
        "price_delta": "1.5",
    }
    login(client, alice).post(_url("option_create", product.brand, part.pk), data)
    mint = option(product, "Mint")
    client.post(_url("option_edit", product.brand, mint.pk), {**data, "price_delta": "-2"})
    mint.refresh_from_db()
    assert str(mint.price_delta) == "-2.00"


def test_incompatibility_with_another_brands_option_is_refused(client, alice, product, g_product):
    before = Incompatibility.objects.count()
    login(client, alice).post(
        _url("incompatibility_add", product.brand, product.pk),
        {"option_a": option(product, "Cream").pk, "option_b": option(g_product, "Black").pk},
    )
    assert Incompatibility.objects.count() == before


def test_blocked_words_saved_per_language(client, alice, product):
    login(client, alice).post(
        _url("blocked_words", product.brand, product.pk),
        {"words_fr": "Zut\nCrotte", "words_en": "Heck"},
    )
    assert set(
        BlockedWord.objects.filter(product=product).values_list("normalised", flat=True)
    ) == {
        "zut",
        "crotte",
        "heck",
    }


def test_stats_page_ranks_the_options(client, alice, bob, dan, product):
    for member, labels in [(bob, BASIC), (dan, BASIC), (dan, ("Steel", "Black", "Leather"))]:
        services.design_save(
            member=member, product=product, title="x", choices=choices(product, *labels)
        )
    response = login(client, alice).get(_url("console_stats", product.brand, product.pk))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Cream") < html.index("Steel")
    assert 'id="customizer-chart-data"' in html and "insights/vendor/chart.umd.min.js" in html
