"""Lists a brand edits as rows (categories, tags, jury criteria): a Django formset whose rows
hold an existing row's id, its name in each language and whatever else the list needs (a
criterion's weight). ``includes/_rows.html`` renders it; ``cocrea/rows.js`` adds a row from the
formset's empty form and removes one by ticking its "Remove" box. Without the script, the blank
last row adds one and the boxes remove.

Errors are the row's: an empty name, a name given twice, a name too long, each on its field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cocrea.core.texts import languages, one_line, texts_of


@dataclass(frozen=True)
class Row:
    """One row as services take it: ``names`` per language ("" where not written)."""

    names: dict[str, str]
    id: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class NameRowForm(forms.Form):
    """A row: the id of an existing row (hidden) and the name in each language."""

    name_max_length = 60

    id = forms.IntegerField(
        required=False, min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        names = dict(settings.LANGUAGES)
        declared = [name for name in self.fields if name != "id"]
        for lang in languages():
            self.fields[f"name_{lang}"] = forms.CharField(
                label=names[lang],
                required=False,
                max_length=self.name_max_length,
                widget=forms.TextInput(attrs={"lang": lang}),
            )
        self.order_fields(["id", *(f"name_{lang}" for lang in languages()), *declared])

    def names(self) -> dict[str, str]:
        return {lang: one_line(self.cleaned_data.get(f"name_{lang}") or "") for lang in languages()}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        if not data.get("DELETE") and not any(self.names().values()):
            self.add_error(f"name_{languages()[0]}", _("Write it in French or in English."))
        return data

    def extra(self) -> dict[str, Any]:
        """The row's other values (a criterion's weight), for ``Row.extra``."""
        return {}


class NameRows(forms.BaseFormSet):  # type: ignore[type-arg]
    """The rows; a name may appear in one row only, whatever its language (the row that repeats
    it is marked)."""

    def _kept(self) -> list[NameRowForm]:
        """The rows not removed: every row that was there, and the new ones filled in."""
        return [
            form
            for index, form in enumerate(self.forms)
            if (index < self.initial_form_count() or form.has_changed())
            and not self._should_delete_form(form)  # type: ignore[attr-defined]
        ]

    def clean(self) -> None:
        if any(self.errors):
            return
        seen: set[str] = set()
        for form in self._kept():
            names = {lang: name.casefold() for lang, name in form.names().items() if name}
            for lang, name in names.items():
                if name in seen:
                    form.add_error(f"name_{lang}", _("This name is already in the list."))
            seen |= set(names.values())  # one row may give the same name in both languages

    def rows(self) -> list[Row]:
        """The kept rows, in order (call after ``is_valid()``)."""
        return [
            Row(names=form.names(), id=form.cleaned_data.get("id"), extra=form.extra())
            for form in self._kept()
        ]


def rows_formset(form: type[NameRowForm], *, max_rows: int) -> type[NameRows]:
    return forms.formset_factory(  # type: ignore[return-value]
        form,
        formset=NameRows,
        extra=1,
        can_delete=True,
        max_num=max_rows,
        validate_max=True,
        absolute_max=max_rows + 10,
    )


def initial_rows(objects: Any, field: str = "name", **extra: str) -> list[dict[str, Any]]:
    """The formset's initial rows from model rows with a translated ``field``."""
    return [
        {
            "id": obj.pk,
            **{f"name_{lang}": getattr(obj, f"{field}_{lang}") or "" for lang in languages()},
            **{key: getattr(obj, attr) for key, attr in extra.items()},
        }
        for obj in objects
    ]


def existing_row(row: Row, by_id: dict[int, Any], field: str = "name") -> Any:
    """The existing object this row edits: by its id (only among ``by_id``, the caller's own
    rows: an id from elsewhere finds nothing), else the one that has one of its names."""
    if row.id is not None:
        return by_id.get(row.id)
    keys = {text.casefold() for text in row.names.values() if text}
    for obj in by_id.values():
        if keys & {text.casefold() for text in texts_of(obj, field).values() if text}:
            return obj
    return None


def rows_data(prefix: str, rows: list[dict[str, Any]], *, initial: int = 0) -> dict[str, Any]:
    """The POST data of a formset of rows (tests, scripts): ``rows`` are each row's fields by
    name (``{"name_fr": "Thé", "DELETE": "on"}``); ``initial`` how many rows were shown filled."""
    data: dict[str, Any] = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
    return data
