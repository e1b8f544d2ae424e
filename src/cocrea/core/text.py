"""The one definition of characters no member-written text may keep.

C0 controls but tab, line feed and carriage return; DEL and the C1 controls; and the bidi
formatting characters (embeddings, overrides, isolates, marks) that reorder what a reader sees:
with U+202E a display name "Anna\u202etxt.exe" reads "Annaexe.txt". They are removed, not
refused: pasted text often carries a stray one, and refusing would lose the member's text.
NUL is the exception and is refused (``has_nul``): no one types it, PostgreSQL cannot store it.

``clean_text`` is applied to every posted form field and every string of a JSON body by
``core.middleware.BadRequestMiddleware``; API schemas may also annotate a field ``CleanStr``.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import AfterValidator

_REMOVED = re.compile(
    "[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"  # C0 but \t \n \r (NUL is refused), DEL, C1
    "\u061c\u200e\u200f"  # Arabic letter mark, left-to-right and right-to-left marks
    "\u202a-\u202e"  # embeddings and overrides (U+202E is the right-to-left override)
    "\u2066-\u2069]"  # isolates
)


# Paths whose operations refuse NUL item by item, in their own answer: a device's batch of
# signals keeps its good signals when one holds a NUL (docs/instore.md). The middlewares still
# clean control characters there, and refuse NUL in the path and the query string.
ITEMWISE_NUL_PREFIXES = ("/api/v1/device/",)


def itemwise_nul(path: str) -> bool:
    return path.startswith(ITEMWISE_NUL_PREFIXES)


def clean_text(value: str) -> str:
    """``value`` without control and bidi formatting characters (NUL kept: see ``has_nul``)."""
    return _REMOVED.sub("", value)


def has_nul(value: str) -> bool:
    return "\x00" in value


def clean_json(value: Any) -> tuple[Any, bool]:
    """Every string (keys too) of a decoded JSON value cleaned; and whether one held a NUL."""
    if isinstance(value, str):
        return clean_text(value), has_nul(value)
    if isinstance(value, list):
        items = [clean_json(item) for item in value]
        return [item for item, _nul in items], any(nul for _item, nul in items)
    if isinstance(value, dict):
        cleaned: dict[str, Any] = {}
        nul = False
        for key, item in value.items():
            clean_item, item_nul = clean_json(item)
            cleaned[clean_text(key)] = clean_item
            nul = nul or item_nul or has_nul(key)
        return cleaned, nul
    return value, False


CleanStr = Annotated[str, AfterValidator(clean_text)]
