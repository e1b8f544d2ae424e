"""A plain progress bar on stderr (no dependency): ``[#####.....]  52%  5,200/10,000``."""

from __future__ import annotations

import time
from typing import Any


class Bar:
    """``stream``: a command's ``self.stderr`` (written without line endings) or a file."""

    def __init__(self, total: int, label: str, stream: Any, width: int = 30):
        self.total, self.label, self.width = max(total, 0), label, width
        self.stream = stream
        self.started = time.monotonic()
        self.last = -1.0

    def update(self, done: int, *, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self.last < 0.2:
            return
        self.last = now
        ratio = min(1.0, done / self.total) if self.total else 1.0
        filled = int(ratio * self.width)
        rate = done / max(now - self.started, 1e-6)
        self._write(
            f"\r{self.label} [{'#' * filled}{'.' * (self.width - filled)}] {ratio:4.0%} "
            f"{done:,}/{self.total:,}  {rate:,.0f}/s"
        )

    def close(self, done: int) -> None:
        self.update(done, force=True)
        self._write("\n")

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text, ending="")  # Django's OutputWrapper
        except TypeError:
            self.stream.write(text)
        self.stream.flush()
