"""The insight engine's voices and themes, with the columns of the dashboard's own downloads.

The records are ``cocrea.insights.exports``'s (one definition of the columns): the dashboard
streams them filtered as shown, this dataset writes all of them in the background, in any
format.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocrea.brands.models import Brand
from cocrea.exports.datasets.base import CHUNK, Dataset, Rows, Table
from cocrea.insights import exports as insight_exports
from cocrea.insights import selectors as insight_selectors
from cocrea.insights.models import Theme, Voice


def _voices(brand: Brand) -> Rows:
    voices = insight_exports.export_queryset(Voice.objects.filter(brand=brand).order_by("id"))
    for voice in voices.iterator(chunk_size=CHUNK):
        record = insight_exports.voice_record(voice)
        yield [record[field] for field in insight_exports.VOICE_FIELDS]


def _themes(brand: Brand) -> Rows:
    f = insight_selectors.Filters(period=None)
    rows, _window = insight_selectors.themes(brand, f, now=timezone.now(), limit=None)
    for row in rows:
        record = insight_exports.theme_record(row)
        yield [record[field] for field in insight_exports.THEME_FIELDS]


VOICES = Dataset(
    key="voices",
    label=_("Contributions analysed (voices)"),
    description=_(
        "Every contribution the insight engine analysed, with its language, sentiment, "
        "keywords, theme and needs."
    ),
    role="moderator",
    tables=(
        Table(
            "voices",
            tuple(insight_exports.VOICE_FIELDS),
            lambda b: Voice.objects.filter(brand=b).count(),
            _voices,
        ),
    ),
)

THEMES = Dataset(
    key="themes",
    label=_("Themes"),
    description=_("The themes of all time, with their key phrases, size, sentiment and quotes."),
    role="moderator",
    tables=(
        Table(
            "themes",
            tuple(insight_exports.THEME_FIELDS),
            lambda b: Theme.objects.filter(brand=b).count(),
            _themes,
        ),
    ),
)
