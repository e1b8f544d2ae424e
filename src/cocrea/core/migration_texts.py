"""Migration helper: copy a text column into the per-language column of its brand's language.

When a model's texts become bilingual (django-modeltranslation adds ``<field>_fr`` and
``<field>_en``), the existing text was written in the brand's default language: it goes there,
and the other language stays empty (readers of that language see it marked as a fallback).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from django.db.models import F

Spec = Mapping[str, tuple[Sequence[str], str]]  # model name -> (fields, path to the language)


def fill_languages(app_label: str, spec: Spec) -> Callable[[Any, Any], None]:
    """A ``RunPython`` function: two UPDATE statements per model (brands in French, in English)."""

    def forwards(apps: Any, schema_editor: Any) -> None:
        for model_name, (fields, language_path) in spec.items():
            model = apps.get_model(app_label, model_name)
            english = model.objects.filter(**{language_path: "en"})
            english.update(**{f"{field}_en": F(field) for field in fields})
            others = model.objects.exclude(**{language_path: "en"})
            others.update(**{f"{field}_fr": F(field) for field in fields})

    return forwards
