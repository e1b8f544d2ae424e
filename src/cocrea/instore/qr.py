"""QR codes to print or show: a URL as SVG (``svg``), as a one-page PDF label (``pdf``), and a
sheet of labels (``sheet_pdf``) — all vector, drawn here, no network and no font file.

The symbol comes from ``segno`` (docs/decisions/0012-qr-codes.md). The PDF is written by hand
(a few objects, the standard Helvetica font, content streams compressed): modules are
rectangles, so the print is sharp at any size. Labels are in Windows-1252 (the encoding of
Helvetica in every PDF reader): French accents print; a character outside it prints as ``?``.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import segno

ERROR = "m"  # 15 % of a symbol may be scratched or covered and it still reads
A4 = (595.0, 842.0)  # points
MARGIN = 36.0
COLUMNS, ROWS = 3, 4  # labels on a sheet page


@dataclass(frozen=True)
class Label:
    """One QR code to print, with up to three lines under it (name, reference, store)."""

    url: str
    lines: tuple[str, ...] = ()


def _symbol(url: str) -> segno.QRCode:
    return segno.make(url, error=ERROR, micro=False)


def svg(url: str, *, scale: int = 8, title: str = "") -> str:
    """The QR code of ``url`` as an SVG document (black on white, with its quiet zone)."""
    return _symbol(url).svg_inline(  # type: ignore[no-any-return]
        scale=scale, border=4, dark="#000", light="#fff", title=title or None, omitsize=False
    )


def pdf(url: str, *, lines: Sequence[str] = ()) -> bytes:
    """One A4 page: the QR code of ``url``, 8 cm wide, centred, with ``lines`` under it."""
    width, height = A4
    size = 227.0  # 8 cm
    ops = _modules(_symbol(url), (width - size) / 2, height - 140 - size, size)
    ops += _lines(lines, width / 2, height - 170 - size, 16.0, 420.0)
    return _document([ops])


def sheet_pdf(labels: Iterable[Label], *, heading: str = "") -> bytes:
    """A4 pages of ``COLUMNS`` by ``ROWS`` labels, ``heading`` at the top of each page."""
    top = _lines([heading], A4[0] / 2, A4[1] - MARGIN - 10, 11.0, A4[0] - 2 * MARGIN)
    pages: list[bytes] = []
    ops = top
    for index, label in enumerate(labels):
        slot = index % (COLUMNS * ROWS)
        if slot == 0 and index:
            pages.append(ops)
            ops = top
        ops += _label(label, slot)
    pages.append(ops)
    return _document(pages)


def _label(label: Label, slot: int) -> bytes:
    cell_w = (A4[0] - 2 * MARGIN) / COLUMNS
    cell_h = (A4[1] - 2 * MARGIN - 24) / ROWS
    column, row = slot % COLUMNS, slot // COLUMNS
    left = MARGIN + column * cell_w
    top = A4[1] - MARGIN - 24 - row * cell_h
    size = min(cell_w, cell_h) - 58
    ops = _modules(_symbol(label.url), left + (cell_w - size) / 2, top - size - 4, size)
    return ops + _lines(label.lines, left + cell_w / 2, top - size - 18, 9.0, cell_w - 12)


def _modules(symbol: segno.QRCode, x: float, y: float, size: float) -> bytes:
    """Drawing operators for the symbol (with its quiet zone) in the square at (x, y) of
    side ``size``: each run of dark modules of a row is one rectangle."""
    rows = [list(row) for row in symbol.matrix_iter(scale=1, border=4)]
    step = size / len(rows)
    parts = [b"1 1 1 rg %.2f %.2f %.2f %.2f re f 0 0 0 rg" % (x, y, size, size)]
    for r, row in enumerate(rows):
        top = y + size - (r + 1) * step
        c = 0
        while c < len(row):
            if not row[c]:
                c += 1
                continue
            start = c
            while c < len(row) and row[c]:
                c += 1
            parts.append(
                b"%.3f %.3f %.3f %.3f re" % (x + start * step, top, (c - start) * step, step)
            )
    parts.append(b"f")
    return b"\n".join(parts) + b"\n"


def _fit(text: str, font_size: float, width: float) -> str:
    """``text`` on one line, cut with an ellipsis where it would overflow ``width``
    (Helvetica's mean advance is about half its size)."""
    text = " ".join(text.split())
    room = max(int(width / (font_size * 0.52)), 4)
    return text if len(text) <= room else text[: room - 1].rstrip() + "…"


def _escape(text: str) -> bytes:
    raw = text.encode("cp1252", errors="replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _lines(lines: Iterable[str], centre: float, y: float, font_size: float, width: float) -> bytes:
    """Centred lines of text from ``y`` down, the first in bold."""
    parts = []
    for number, line in enumerate(lines):
        text = _fit(line, font_size, width)
        if not text:
            continue
        font = b"F2" if number == 0 else b"F1"
        left = centre - len(text) * font_size * 0.26
        baseline = y - number * font_size * 1.35
        parts.append(
            b"BT /%s %.1f Tf %.2f %.2f Td (%s) Tj ET"
            % (font, font_size, left, baseline, _escape(text))
        )
    return b"\n".join(parts) + b"\n" if parts else b""


def _document(pages: Sequence[bytes]) -> bytes:
    """A PDF of ``pages`` (content streams) on A4, fonts Helvetica (F1) and Helvetica-Bold (F2)."""
    objects: list[bytes] = [b"", b""]  # 1: catalog, 2: pages (filled below)
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /%s /Encoding /WinAnsiEncoding >>"
    objects += [font % b"Helvetica", font % b"Helvetica-Bold"]  # 3 and 4
    resources = b"<< /Font << /F1 3 0 R /F2 4 0 R >> >>"
    kids = []
    for content in pages:
        packed = zlib.compress(content)
        objects.append(
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(packed), packed)
        )
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources %s /Contents %d 0 R >>"
            % (int(A4[0]), int(A4[1]), resources, len(objects))
        )
        kids.append(b"%d 0 R" % len(objects))
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
