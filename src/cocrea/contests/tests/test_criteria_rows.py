"""Jury criteria are edited as rows: a name in French and English and a weight (issue 18)."""

from __future__ import annotations

import pytest
from conftest import login
from django.urls import reverse

from cocrea.contests import jury
from cocrea.contests.models import Criterion, Juror, Score
from cocrea.contests.tests.helpers import add_entry
from cocrea.core.rows import rows_data

pytestmark = pytest.mark.django_db


def _post(client, brand, contest, rows, initial=0):  # type: ignore[no-untyped-def]
    url = reverse("contests:criteria", args=[brand.slug, contest.pk])
    return client.post(url, rows_data("criteria", rows, initial=initial))


def test_the_manage_page_shows_each_criterion_as_a_row(client, brand, contest, alice):
    jury.criteria_set(
        actor=alice, contest=contest, criteria=[({"fr": "Originalité", "en": "Originality"}, 3)]
    )
    login(client, alice)
    page = client.get(reverse("contests:manage", args=[brand.slug, contest.pk])).content.decode()
    form = page.split('data-testid="criteria-form"')[1].split("</form>")[0]
    assert "<textarea" not in form
    assert 'name="criteria-0-name_fr"' in form and 'value="Originalité"' in form
    assert 'name="criteria-0-weight"' in form and 'value="3"' in form


def test_rows_rename_reweigh_add_and_remove_criteria_and_a_renamed_one_keeps_its_marks(
    client, brand, contest, alice, bob, dan
):
    kept, dropped = jury.criteria_set(
        actor=alice, contest=contest, criteria=[("Originality", 1), ("Fit", 1)]
    )
    entry = add_entry(contest, dan, "Aurore")
    juror = Juror.objects.create(contest=contest, member=bob)
    Score.objects.create(juror=juror, entry=entry, criterion=kept, value=7)
    login(client, alice)
    response = _post(
        client,
        brand,
        contest,
        [
            {"id": kept.pk, "name_fr": "Originalité", "name_en": "Originality", "weight": "3"},
            {"id": dropped.pk, "name_en": "Fit", "weight": "1", "DELETE": "on"},
            {"name_fr": "Faisabilité", "name_en": "", "weight": "2"},
            {"name_fr": "", "name_en": "", "weight": "1"},  # the blank last row
        ],
        initial=2,
    )
    assert response.status_code == 302
    rows = list(contest.criteria.values_list("pk", "name_fr", "name_en", "weight"))
    assert rows == [
        (kept.pk, "Originalité", "Originality", 3),
        (rows[1][0], "Faisabilité", None, 2),
    ]
    assert Score.objects.get(criterion=kept).value == 7


def test_two_criteria_may_swap_their_names(client, brand, contest, alice):
    a, b = jury.criteria_set(actor=alice, contest=contest, criteria=[("A", 1), ("B", 2)])
    login(client, alice)
    rows = [
        {"id": a.pk, "name_en": "B", "weight": "1"},
        {"id": b.pk, "name_en": "A", "weight": "2"},
    ]
    assert _post(client, brand, contest, rows, initial=2).status_code == 302
    assert dict(Criterion.objects.values_list("pk", "name_en")) == {a.pk: "B", b.pk: "A"}


@pytest.mark.parametrize(
    ("rows", "field", "message"),
    [
        (
            [{"name_en": "Originality", "weight": "11"}],
            "criteria-0-weight",
            "less than or equal to 10",
        ),
        ([{"name_en": "Originality", "weight": "lots"}], "criteria-0-weight", "whole number"),
        (
            [{"name_en": "Fit", "weight": "1"}, {"name_fr": "fit", "weight": "2"}],
            "criteria-1-name_fr",
            "already in the list",
        ),
        (
            [{"name_fr": "", "name_en": "", "weight": "4"}],
            "criteria-0-name_fr",
            "French or in English",
        ),
    ],
)
def test_a_bad_row_is_refused_with_the_error_on_that_row(
    client, brand, contest, alice, rows, field, message
):
    login(client, alice)
    response = _post(client, brand, contest, rows)
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page.split(f'id="id_{field}_error"')[1].split("</ul>")[0]
    assert not contest.criteria.exists()


def test_more_rows_than_allowed_are_refused_not_a_500(client, brand, contest, alice):
    login(client, alice)
    rows = [{"name_en": f"C{i}", "weight": "1"} for i in range(jury.MAX_CRITERIA + 1)]
    response = _post(client, brand, contest, rows)
    assert response.status_code == 400 and not contest.criteria.exists()
    broken = client.post(reverse("contests:criteria", args=[brand.slug, contest.pk]), {"x": "1"})
    assert broken.status_code == 400
