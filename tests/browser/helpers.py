"""Helpers of the browser tests: axe-core checks and screenshots."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SCREENSHOT_DIR = ROOT / "var" / "screenshots"

# The marks of every browser test module (``pytestmark = BROWSER_TEST``): the live server needs
# transactional tests; pytest-playwright's base_url fixture and WhiteNoise without collectstatic
# warn harmlessly.
BROWSER_TEST = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings("ignore::pytest.PytestRemovedIn10Warning"),
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]


def axe_violations(page):
    """Run axe-core from npm on the current page; return the serious and critical violations.

    The script goes in through ``page.evaluate``, which the strict CSP does not block.
    """
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8"))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]


def format_violations(violations):
    lines = []
    for v in violations:
        targets = [", ".join(node["target"]) for node in v["nodes"][:5]]
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} – {v['helpUrl']}")
        lines.extend(f"    {target}" for target in targets)
    return "\n".join(lines)


def assert_accessible(page, label=""):
    violations = axe_violations(page)
    assert not violations, f"axe on {label or page.url}:\n{format_violations(violations)}"


def screenshot(page, name):
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / f"{re.sub(r'[^a-z0-9-]+', '-', name.lower())}.png"
    # caret="initial": hiding the caret leaves an empty style="" on every input, and when htmx
    # later clones the page for its history, each one is reported as a CSP violation.
    page.screenshot(path=str(path), full_page=True, caret="initial")
    return path
