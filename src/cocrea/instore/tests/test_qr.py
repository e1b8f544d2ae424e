"""QR codes as SVG and PDF: the symbol drawn is segno's, module for module, and the PDF reads."""

from __future__ import annotations

import re
import zlib

import segno

from cocrea.instore import qr

URL = "https://cocrea.example/b/cafe-lumiere/shelf/12/345/"


def _objects(document: bytes) -> dict[int, bytes]:
    """The PDF's objects by number, after checking that the cross-reference table points at
    each of them."""
    assert document.startswith(b"%PDF-1.4") and document.rstrip().endswith(b"%%EOF")
    start = int(document.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    table = document[start:].split(b"trailer")[0].split(b"\n")
    count = int(table[1].split()[1])
    offsets = [int(line[:10]) for line in table[3 : 3 + count - 1]]
    objects = {}
    for number, offset in enumerate(offsets, start=1):
        head = b"%d 0 obj\n" % number
        assert document[offset : offset + len(head)] == head
        objects[number] = document[offset + len(head) : document.index(b"endobj", offset)]
    return objects


def _streams(document: bytes) -> list[bytes]:
    found = []
    for body in _objects(document).values():
        if b"stream\n" in body:
            raw = body.split(b"stream\n", 1)[1].rsplit(b"\nendstream", 1)[0]
            length = int(re.search(rb"/Length (\d+)", body).group(1))  # type: ignore[union-attr]
            assert len(raw) == length
            found.append(zlib.decompress(raw))
    return found


def _matrix_from(content: bytes, modules: int) -> set[tuple[int, int]]:
    """The dark modules the content stream draws (its first rectangle is the white square)."""
    rects = [
        tuple(map(float, m))
        for m in re.findall(rb"([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) re", content)
    ]
    x0, y0, size, _ = rects[0]
    step = size / modules
    dark = set()
    for x, y, w, _h in rects[1:]:
        row = round((y0 + size - y) / step) - 1
        first = round((x - x0) / step)
        dark.update((row, c) for c in range(first, first + round(w / step)))
    return dark


def _segno_dark(url: str) -> tuple[set[tuple[int, int]], int]:
    """segno's dark modules (with the quiet zone) and the side of the symbol in modules."""
    rows = list(segno.make(url, error="m", micro=False).matrix_iter(scale=1, border=4))
    return {(r, c) for r, row in enumerate(rows) for c, on in enumerate(row) if on}, len(rows)


def test_the_pdf_draws_every_module_of_the_symbol() -> None:
    document = qr.pdf(URL, lines=["Chemise en lin (été)", "SHIRT-1", "Paris \\ Rivoli"])
    [content] = _streams(document)
    expected, modules = _segno_dark(URL)
    assert _matrix_from(content, modules) == expected
    assert b"(Chemise en lin \\(\xe9t\xe9\\)) Tj" in content  # Windows-1252, parentheses escaped
    assert b"(Paris \\\\ Rivoli) Tj" in content


def test_a_sheet_has_twelve_labels_a_page_and_a_heading_on_each() -> None:
    labels = [qr.Label(f"{URL}{n}/", (f"Produit {n}", f"REF-{n}")) for n in range(13)]
    document = qr.sheet_pdf(labels, heading="Lyon — scannez")
    objects = _objects(document)
    assert b"/Count 2" in objects[2]
    pages = _streams(document)
    assert len(pages) == 2
    assert all(b"(Lyon \x97 scannez) Tj" in page for page in pages)
    assert pages[0].count(b"(REF-") == 12 and pages[1].count(b"(REF-12) Tj") == 1


def test_an_empty_sheet_is_one_page_with_its_heading() -> None:
    pages = _streams(qr.sheet_pdf([], heading="Vide"))
    assert len(pages) == 1 and b"(Vide) Tj" in pages[0]


def test_a_long_name_is_cut_to_fit_its_label() -> None:
    [content] = _streams(qr.sheet_pdf([qr.Label(URL, ("x" * 300,))]))
    shown = re.search(rb"\((x+)\x85\) Tj", content)
    assert shown is not None and len(shown.group(1)) < 60


def test_the_svg_is_the_same_symbol() -> None:
    document = qr.svg(URL, scale=1)
    _dark, modules = _segno_dark(URL)
    assert document.startswith("<svg") and f'width="{modules}" height="{modules}"' in document
    assert document == segno.make(URL, error="m", micro=False).svg_inline(
        scale=1, border=4, dark="#000", light="#fff", omitsize=False
    )
