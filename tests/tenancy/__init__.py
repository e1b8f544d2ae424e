"""The tenancy table's vocabulary, and one module per app whose URLs came later.

``tests/test_tenancy.py`` holds the table of the first apps. Each module beside this file
(``tests/tenancy/<app>.py``) adds its app's rows and objects, so several apps can grow at once:

- ``URLS: dict[str, Spec]``: the app's brand-scoped URLs, as in the main table;
- ``objects(w: World) -> dict[str, Any]``: creates the app's objects in both brands (``w.brand``,
  ``w.other`` and the cast are there) and returns them as new names of the world;
- ``MIRROR: dict[str, str]``: for each ``g_*`` name, the name of this brand's object, so the
  reversed attack (Globex's admin with Café Lumière's ids) can be built.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

World = SimpleNamespace
Kwargs = Callable[[World], dict[str, Any]]

PUBLIC, JOIN, MEMBER, MODERATOR, ADMIN = "public", "join", "member", "moderator", "admin"
# Posted to by anyone who may see the brand (the customizer's live picture), writing nothing.
TRY = "try"
PRIVATE = (MEMBER, MODERATOR, ADMIN)
STAFF = (MODERATOR, ADMIN)


def _none(w: World) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Spec:
    """One brand-scoped URL: the least role it needs, how to fill it, what to post to it.

    ``foreign`` fills the URL of brand A with the ids of brand B's objects; ``foreign_data`` does
    the same for ids sent in the body. Either must answer 404.
    """

    access: str
    kwargs: Kwargs = _none
    data: Kwargs = _none
    foreign: list[Kwargs] = field(default_factory=list)
    foreign_data: Kwargs | None = None
