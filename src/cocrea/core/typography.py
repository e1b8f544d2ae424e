"""French typography in the catalogues: a non-breaking space before : ; ? ! and %, inside « ».

A plain space there lets a line break leave "?" or "»" alone at the start of the next line, and
"Prix:" is not French. ``make messages`` runs this over every French catalogue after extracting
the strings (``python -m cocrea.core.typography``); ``core/tests/test_typography.py`` fails if a
catalogue was written by hand without it.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

NBSP = "\u00a0"
_SPACE = "[ \u00a0\u202f]?"
_AFTER = r"(?=\s|$|<|\"|\\n)"  # the sign ends a word: not "?next=", "10:30" or "https://"
_SIGNS = re.compile(rf"([^\s;?!«]){_SPACE}([;?!]+){_AFTER}")
_COLON = re.compile(rf"([\w)}}»…]){_SPACE}:{_AFTER}")
_CLOSE = re.compile(rf"(\S){_SPACE}»")
_OPEN = re.compile(rf"«{_SPACE}(?=\S)")
# "30 %" but not the placeholders "%(n)s", "%s" (a literal percent is "%%" in python-format).
_PERCENT = re.compile(rf"(\d|\)s|\}}\}}){_SPACE}(%%|%(?![(sd%]))")


def french_spaces(text: str) -> str:
    """``text`` with its French punctuation preceded (and « followed) by a non-breaking space."""
    text = _SIGNS.sub(lambda m: m.group(1) + NBSP + m.group(2), text)
    text = _COLON.sub(lambda m: m.group(1) + NBSP + ":", text)
    text = _CLOSE.sub(lambda m: m.group(1) + NBSP + "»", text)
    text = _OPEN.sub("«" + NBSP, text)
    return _PERCENT.sub(lambda m: m.group(1) + NBSP + m.group(2), text)


def _fix_line(line: str) -> str:
    """A ``msgstr`` line (or its continuation) with its quoted text fixed, escapes untouched."""
    head, quote, rest = line.partition('"')
    closed = rest.endswith('"')
    body = rest[:-1] if closed else rest
    return head + quote + french_spaces(body) + ('"' if closed else "")


def fix_catalogue(path: Path) -> bool:
    """Rewrite the ``msgstr`` strings of one .po file (not its header); True when it changed."""
    original = path.read_text(encoding="utf-8")
    lines = original.split("\n")
    header_end = lines.index("") if "" in lines else 0  # the header entry ends at a blank line
    in_msgstr = False
    out = lines[:header_end]
    for line in lines[header_end:]:
        if line.startswith("msgstr"):
            in_msgstr = True
        elif not line.startswith('"'):
            in_msgstr = False
        out.append(_fix_line(line) if in_msgstr else line)
    text = "\n".join(out)
    if text == original:
        return False
    path.write_text(text, encoding="utf-8")
    return True


def main(paths: list[str]) -> int:
    changed = [p for p in paths if fix_catalogue(Path(p))]
    for path in changed:
        print(f"French spacing fixed in {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
