"""The one error type that services raise for refused actions.

Views turn it into a form error or a message; the API turns it into ``{"detail": ..., "code": ...}``
with the status below. Messages are lazy translations so each person reads them in their language.
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    status = 400

    def __init__(self, message: Any, *, code: str = "invalid", field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.code = code
        self.field = field


class PermissionDenied(DomainError):
    status = 403


class NotFound(DomainError):
    status = 404


class Conflict(DomainError):
    status = 409


class RateLimited(DomainError):
    status = 429
