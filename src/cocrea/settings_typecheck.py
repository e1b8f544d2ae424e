"""Settings the mypy Django plugin loads (pyproject.toml [tool.django-stubs]).

django-modeltranslation swaps each registered model's manager class at start-up (a subclass
built at run time), which the plugin cannot resolve; the types are checked against the models
as declared, without the per-language columns (code reaches those by name, `core/texts.py`).
"""

from cocrea.settings import *  # noqa: F403

MODELTRANSLATION_ENABLE_REGISTRATIONS = False
