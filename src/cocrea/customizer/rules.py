"""Pure rules of a design: the personalization text, blocked words, combinations and the price.

No database access here: callers pass what the product allows, so the live preview and the save
share the same checks and the tests need no rows.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from cocrea.core.errors import DomainError

TEXT_PUNCTUATION = set(" .-'&\u2019")  # \u2019: the typographic apostrophe
_LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"}
)
_SEPARATORS = re.compile(r"[^a-z0-9]+")
SUBSTRING_MIN = 4  # blocked words this long are also refused inside longer words


def normalise(word: str) -> str:
    """Lowercase, no accents, leetspeak folded: ``"Crétin"``, ``"CR3TIN"`` → ``"cretin"``."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return plain.replace("œ", "oe").replace("æ", "ae").replace("ß", "ss").translate(_LEET)


def _allowed(ch: str, charset: str) -> bool:
    if ch.isalpha():
        return True
    if charset == "letters":
        return False
    if ch in "0123456789":
        return True
    return charset == "text" and ch in TEXT_PUNCTUATION


def clean_text(raw: str, *, max_length: int, charset: str) -> str:
    """The personalization text, trimmed and NFC-normalised, or a DomainError on field ``text``."""
    text = unicodedata.normalize("NFC", " ".join((raw or "").split()))
    if not text:
        return ""
    if max_length <= 0:
        raise DomainError(
            _("This product takes no personalization text."), code="no_text", field="text"
        )
    if len(text) > max_length:
        raise DomainError(
            _("At most %(n)d characters, please (you typed %(got)d).")
            % {"n": max_length, "got": len(text)},
            code="text_too_long",
            field="text",
        )
    bad = sorted({ch for ch in text if not _allowed(ch, charset)})
    if bad:
        raise DomainError(
            _("These characters are not allowed: %(chars)s") % {"chars": " ".join(bad)},
            code="text_charset",
            field="text",
        )
    return text


def blocked_key(normalised: str) -> str:
    """A normalised blocked word or phrase as it is matched: letters and digits only."""
    return _SEPARATORS.sub("", normalised)


def blocked_word_in(text: str, blocked: Iterable[str]) -> str | None:
    """The first blocked key (see ``blocked_key``) found in ``text``, or None.

    A blocked word matches a whole word of the text, the text with its separators taken out
    (``"C.O.N"``), and, when it has at least four letters, any part of a word.
    """
    folded = normalise(text)
    tokens = set(_SEPARATORS.split(folded))
    collapsed = _SEPARATORS.sub("", folded)
    for key in blocked:
        if not key:
            continue
        if key in tokens or key == collapsed or (len(key) >= SUBSTRING_MIN and key in collapsed):
            return key
    return None


def check_combination(
    chosen_option_ids: Collection[int], incompatible: Iterable[tuple[int, int]]
) -> tuple[int, int] | None:
    """The first incompatible pair among the chosen options, or None."""
    ids = set(chosen_option_ids)
    for a, b in incompatible:
        if a in ids and b in ids:
            return (a, b)
    return None


def price(
    *, base: Decimal, deltas: Iterable[Decimal], has_text: bool, text_price: Decimal
) -> Decimal:
    total = base + sum(deltas, Decimal("0")) + (text_price if has_text else Decimal("0"))
    return max(total, Decimal("0")).quantize(Decimal("0.01"))


def signature(option_ids: Iterable[int]) -> str:
    """A combination's key: the sorted option ids, ``"3-8-12"``."""
    return "-".join(str(i) for i in sorted(option_ids))


def parse_choices(raw: Mapping[object, object]) -> dict[int, int]:
    """``{"12": "40"}`` (from a form or JSON) → ``{12: 40}``; a DomainError for anything else."""
    parsed: dict[int, int] = {}
    for key, value in raw.items():
        try:
            part_id, option_id = int(str(key)), int(str(value))
        except (TypeError, ValueError):
            raise DomainError(_("Choose an option for every part."), code="bad_choice") from None
        if part_id <= 0 or option_id <= 0 or part_id > 2**31 or option_id > 2**31:
            raise DomainError(_("Choose an option for every part."), code="bad_choice")
        parsed[part_id] = option_id
    return parsed
