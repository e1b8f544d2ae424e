"""Logging: client errors in one line, and JSON lines as an option (``LOG_FORMAT=json``)."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any


class ClientErrorsInOneLine(logging.Filter):
    """Django logs a 403 or a 400 with the exception's traceback (``PermissionDenied``,
    ``SuspiciousOperation``…): thousands of lines under a load test for what is the client's
    mistake. Records of a 4xx keep their message and lose the traceback; 5xx keep both."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and 400 <= status < 500 and record.exc_info:
            error = record.exc_info[1]
            if error is not None and str(error) and str(error) not in record.getMessage():
                record.msg = f"{record.msg} ({error.__class__.__name__}: {error})"
            record.exc_info = None
            record.exc_text = None
        return True


_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, and the extras that serialise
    (status_code, task ids…); the request object becomes its method and path."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key in _STANDARD or key.startswith("_"):
                continue
            if key == "request":
                entry["method"] = getattr(value, "method", None)
                entry["path"] = getattr(value, "path", None)
            elif isinstance(value, str | int | float | bool) or value is None:
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)
