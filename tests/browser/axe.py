"""axe-core, the accessibility engine, run inside the page by the Chromium tests.

The engine is the npm package ``axe-core`` (MPL-2.0, its licence beside it), vendored as a
pinned file in ``tests/browser/vendor/axe-core/``: the tests need no network and no CDN. It is
evaluated through the DevTools protocol (``page.evaluate``), so a Content-Security-Policy that
forbids inline scripts does not stop it, and nothing is added to the page's own markup.

To update it: ``npm pack axe-core@<version>``, copy ``package/axe.min.js`` and
``package/LICENSE`` here, and change ``AXE_VERSION`` and ``AXE_SHA256``.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from typing import Any

AXE_VERSION = "4.14.1"
AXE_SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"
AXE_FILE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")

_RUN = """async () => {
  const result = await axe.run(document, {
    runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
    resultTypes: ["violations"],
  });
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ") + " — " + (n.failureSummary || "")),
  }));
}"""


@cache
def axe_source() -> str:
    data = AXE_FILE.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    assert digest == AXE_SHA256, f"{AXE_FILE} is not axe-core {AXE_VERSION} ({digest})"
    return data.decode("utf-8")


def axe_violations(page: Any, impacts: tuple[str, ...] = BLOCKING) -> list[dict[str, Any]]:
    """The page's violations of WCAG 2.1 A/AA and axe's best practices, of these impacts."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())
    return [v for v in page.evaluate(_RUN) if v["impact"] in impacts]


def describe(found: dict[str, list[dict[str, Any]]]) -> str:
    """One line per violation, page by page, for the assertion message."""
    lines = []
    for name, violations in found.items():
        for violation in violations:
            lines.append(f"{name}: [{violation['impact']}] {violation['id']} — {violation['help']}")
            lines.extend(f"    {node}" for node in violation["nodes"])
    return "\n".join(lines)
