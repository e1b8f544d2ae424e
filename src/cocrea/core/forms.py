"""Form helpers shared by the consoles: a brand's text typed in French and English side by side."""

from __future__ import annotations

import copy
from collections.abc import Mapping, MutableMapping
from typing import Any

from django import forms
from django.conf import settings
from django.http import QueryDict
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from cocrea.core.markdown import html_to_markdown, render_markdown
from cocrea.core.texts import current_language, languages


class BilingualMixin:
    """Split each field named in ``bilingual`` into ``<name>_fr`` and ``<name>_en``.

    The declared field gives the label, length and widget of both. A required field needs a
    text in one language at least (the other may stay empty: readers get the filled one, marked
    as such). ``cleaned_data[name]`` is ``{"fr": ..., "en": ...}``, what services take. A form
    posted with the plain ``name`` (an older page, a script) counts as the current language.
    ``initial[name]`` may be a string (current language) or a mapping per language.
    """

    bilingual: tuple[str, ...] = ()
    fields: dict[str, forms.Field]
    data: Any
    initial: MutableMapping[str, Any]
    is_bound: bool
    cleaned_data: dict[str, Any]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        self._required_texts: dict[str, bool] = {}
        self._plain: set[str] = set()
        self._text_labels: dict[str, Any] = {}
        fields: dict[str, forms.Field] = {}
        for name, field in self.fields.items():
            if name in self.bilingual:
                fields.update(self._split(name, field))
            else:
                fields[name] = field
        self.fields = fields
        self._accept_plain_names()

    def _split(self, name: str, field: forms.Field) -> dict[str, forms.Field]:
        self._required_texts[name] = field.required
        self._text_labels[name] = field.label
        names = dict(settings.LANGUAGES)
        initial = self.initial.get(name, field.initial)
        split = {}
        for lang in languages():
            copied = copy.deepcopy(field)
            copied.required = False
            copied.label = names[lang]
            copied.help_text = ""
            if isinstance(initial, Mapping):
                copied.initial = initial.get(lang, "")
            elif initial and lang == current_language():
                copied.initial = initial
            copied.widget.attrs["lang"] = lang
            split[f"{name}_{lang}"] = copied
        return split

    def _accept_plain_names(self) -> None:
        if not self.is_bound or not isinstance(self.data, (QueryDict, dict)):
            return
        key = self.add_prefix  # type: ignore[attr-defined]
        plain = [
            name
            for name in self.bilingual
            if key(name) in self.data
            and not any(key(f"{name}_{x}") in self.data for x in languages())
        ]
        if not plain:
            return
        self._plain = set(plain)
        data = self.data.copy()
        for name in plain:
            data[key(f"{name}_{current_language()}")] = str(self.data.get(key(name)) or "")
        self.data = data

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or self.cleaned_data  # type: ignore[misc]
        for name in self.bilingual:
            texts = {x: (data.get(f"{name}_{x}") or "").strip() for x in languages()}
            # Posted under the plain name: the current language only (the other is kept).
            data[name] = texts[current_language()] if name in self._plain else texts
            if self._required_texts.get(name) and not any(texts.values()):
                self.add_error(  # type: ignore[attr-defined]
                    f"{name}_{languages()[0]}", _("Write it in French or in English.")
                )
        return data

    @property
    def layout(self) -> list[dict[str, Any]]:
        return form_layout(self)  # type: ignore[arg-type]

    @property
    def texts(self) -> dict[str, dict[str, Any]]:
        """For ``includes/_texts.html``: each bilingual field's legend and its bound fields."""
        return {
            name: {
                "label": self._text_labels[name],
                "required": self._required_texts[name],
                "fields": [self[f"{name}_{x}"] for x in languages()],  # type: ignore[index]
                "help_text": self.base_fields[name].help_text,  # type: ignore[attr-defined]
            }
            for name in self.bilingual
        }


def form_field(form: forms.BaseForm, name: str | None) -> str | None:
    """The form field a service's error names (``title`` is ``title_fr``/``title_en`` in a
    bilingual form: the reader's language first), or None for a form-wide error."""
    if not name:
        return None
    for candidate in (name, f"{name}_{current_language()}", *(f"{name}_{x}" for x in languages())):
        if candidate in form.fields:
            return candidate
    return None


def form_layout(form: forms.BaseForm) -> list[dict[str, Any]]:
    """The form's fields in order, a bilingual pair as one item (``includes/_form_fields.html``)."""
    bilingual = getattr(form, "bilingual", ())
    texts = form.texts if bilingual else {}  # type: ignore[attr-defined]
    first = languages()[0]
    items: list[dict[str, Any]] = []
    for bound in form:
        base, _sep, lang = bound.name.rpartition("_")
        if base in bilingual and lang in languages():
            if lang == first:
                items.append({"texts": texts[base]})
            continue
        items.append({"field": bound})
    return items


class MarkdownEditor(forms.Textarea):
    """A text box with a formatting toolbar and a live preview rendered by the server (htmx)."""

    template_name = "core/widgets/markdown.html"

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"]["preview"] = render_markdown(str(value or ""))
        return context


class MarkdownBoundField(forms.BoundField):
    @property
    def initial(self) -> Any:  # type: ignore[override]
        """Stored texts are sanitised HTML: the editor shows them as Markdown."""
        value = self.form.get_initial_for_field(self.field, self.name)
        return html_to_markdown(value) if isinstance(value, str) else value


class MarkdownField(forms.CharField):
    """Markdown typed by a person; ``cleaned_data`` holds its sanitised HTML (what is stored).

    ``max_length`` counts the Markdown typed. Initial values are stored HTML, shown as Markdown.
    """

    widget = MarkdownEditor

    def __init__(self, **kwargs: Any) -> None:
        formatting = _(
            "Formatting with the toolbar or Markdown: **bold**, *italics*, lists starting "
            "with -, > quotes, [a link](https://…). The preview shows what will be published."
        )
        intro = kwargs.pop("help_text", "")
        kwargs["help_text"] = format_lazy("{} {}", intro, formatting) if intro else formatting
        super().__init__(**kwargs)

    def get_bound_field(self, form: forms.BaseForm, field_name: str) -> forms.BoundField:
        return MarkdownBoundField(form, self, field_name)

    def clean(self, value: Any) -> str:
        return render_markdown(str(super().clean(value) or ""))
