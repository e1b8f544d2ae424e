"""Who may do what in store: the brand's admins manage stores, products and devices; its
moderators and admins read the in-store dashboard."""

from __future__ import annotations

from cocrea.brands.models import Membership
from cocrea.brands.permissions import is_admin, is_moderator


def can_manage(membership: Membership | None) -> bool:
    return is_admin(membership)


def can_read_signals(membership: Membership | None) -> bool:
    return is_moderator(membership)
