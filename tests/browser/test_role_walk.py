"""Each role reaches every page of the stocktaking phase by following links, in a real browser.

Per role (the public, a participant, an expert, the coordinator, the programme office) and per
width (1280 and 390 px) the walk starts at the demo agenda's home and at "Mein Bereich", reads
the links of each page it opens and follows those that stay inside the phase (the agenda home,
its existing concepts, matrix and actors pages, and "Mein Bereich"). No address is typed except
the two starting points. The walk fails on

* a link that answers 403 or 404, or a server error (5xx),
* a console error or an uncaught script error on any page (the autouse recorder in conftest),
* a page wider than the window (a table that widens the page instead of scrolling in its box),
* a page of the phase the role should reach but did not (``REACHES``): a page nobody links to
  does not exist for its users.

GET only, one page per shape (``shape`` of the client-side walk in tests/core/test_link_walk.py,
which follows up to six per shape for every role without a browser). Set ``WALK_SCREENSHOTS=1``
to save a screenshot of every page in var/screenshots/walk/ (to look at, not compared).
"""

from __future__ import annotations

import os
import re
from collections import deque
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest

from tests.browser.helpers import BROWSER_TEST, screenshot
from tests.core.test_link_walk import shape as client_shape
from tests.core.test_link_walk import skipped

pytestmark = BROWSER_TEST

SLUG = "beispielland"
AGENDA = f"/agenden/{SLUG}/"
MINE = "/mein-bereich/"
PHASE = (
    f"{AGENDA}konzepte/",
    f"{AGENDA}matrix/",
    f"{AGENDA}akteure/",
    f"{AGENDA}beteiligung/",
    MINE,
)
MAX_PAGES = 220
WIDTHS = (1280, 390)
SCREENSHOTS = os.environ.get("WALK_SCREENSHOTS") == "1"

# Pages (as ``shape``s, a regular expression each) a role must reach from the two start pages.
PUBLIC = [
    r"/konzepte/$",
    r"/konzepte/abdeckung/$",
    r"/matrix/$",
    r"/akteure/$",
    r"/akteure/netzwerk/$",
    # the participatory process
    r"/beteiligung/$",
    r"/beteiligung/ideen/$",
    r"/beteiligung/ideen/N/$",
    r"/beteiligung/termine/$",
    r"/beteiligung/termine/N/$",
    r"/beteiligung/neuigkeiten/$",
]
MEMBER = PUBLIC + [r"^/mein-bereich/$"]
REACHES: dict[str | None, list[str]] = {
    None: PUBLIC,
    "teilnahme": MEMBER,
    "expertin": MEMBER + [r"/matrix/runden/N/$"],
    "koordination": MEMBER
    + [
        r"/konzepte/N/$",  # a document with its passages to review
        r"/konzepte/felder/K/$",  # a field summary to curate
        r"/matrix/prioritaeten/$",
        r"/akteure/einladungen/$",
        r"/matrix/runden/$",
        r"/matrix/runden/N/$",
        r"/matrix/runden/N/konsens/",
        r"/beteiligung/umfragen/N/$",  # the self-assessment, linked from the round
        r"/matrix/indikatoren/$",
        r"/matrix/indikatoren/import/",
        r"/akteure/abdeckung/",
        r"/akteure/organisationen/$",
        r"/akteure/personen/$",
        r"/beteiligung/moderation/$",
        r"/beteiligung/ideen/erfassen/",
        r"/beteiligung/ideen/themen/",
    ],
    "programmbuero": MEMBER + [r"/matrix/runden/$", r"/akteure/abdeckung/"],
}


# A field's or an indicator's key in an address ("/forum/energy/", "/indikatoren/work_x/").
FIELD_KEYS = (
    "work|building|education|services|egovernment|energy|health|retail|it_infrastructure|"
    "culture|agriculture|mobility|security|tourism|environment|housing"
)
KEY_SEGMENT = re.compile(rf"/(?:{FIELD_KEYS}|[a-z]+(?:_[a-z0-9]+)+)(?=/)")


def shape(path: str) -> str:
    """The client walk's shape, with field and indicator keys as ``K``: one page per kind."""
    return KEY_SEGMENT.sub("/K", client_shape(path))


@dataclass
class Walk:
    opened: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def shapes(self) -> set[str]:
        return {shape(path) for path, status in self.opened.items() if status < 400}


def in_phase(path: str) -> bool:
    bare = urlsplit(path).path
    return bare == AGENDA or bare.startswith(PHASE)


def links_on(page, base: str) -> list[str]:
    """The internal addresses the page's ``<a href>`` elements point to (path and query)."""
    origin = urlsplit(base)
    found = []
    for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
        parts = urlsplit(urldefrag(urljoin(page.url, href))[0])
        if parts.netloc != origin.netloc or parts.scheme not in ("http", "https"):
            continue
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def walk(page, base: str, *, width: int, role: str | None) -> Walk:
    result = Walk()
    starts = [AGENDA] if role is None else [AGENDA, MINE]
    queue: deque[tuple[str, str]] = deque(("(start)", start) for start in starts)
    seen_shapes = {shape(start) for start in starts}
    while queue and len(result.opened) < MAX_PAGES:
        source, path = queue.popleft()
        response = page.goto(base + path)
        status = response.status if response else 0
        result.opened[path] = status
        if status >= 500 or status in (403, 404) or status == 0:
            result.problems.append(f"{source} → {path}: HTTP {status}")
            continue
        if role is not None and urlsplit(page.url).path.startswith("/konto/login/"):
            result.problems.append(f"{source} → {path}: sends a signed-in user to the login")
            continue
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        if overflow > 1:
            result.problems.append(f"{path}: {overflow} px wider than the {width} px window")
        if SCREENSHOTS:
            name = re.sub(r"[^a-z0-9]+", "-", shape(path).lower()).strip("-") or "start"
            screenshot(page, f"walk/{role or 'anonymous'}-{width}-{name}")
        for link in links_on(page, base):
            if skipped(link) or link.startswith("/en/") or not in_phase(link):
                continue
            if shape(link) in seen_shapes:
                continue
            seen_shapes.add(shape(link))
            queue.append((path, link))
    return result


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("role", list(REACHES), ids=lambda role: role or "anonymous")
def test_each_role_reaches_the_phase_by_links(page, live_server, demo, login, role, width):
    page.set_viewport_size({"width": width, "height": 900})
    if role:
        login(role)
    result = walk(page, live_server.url, width=width, role=role)

    assert not result.problems, (
        f"{len(result.problems)} problems for {role or 'anonymous'} at {width} px:\n"
        + "\n".join(result.problems)
    )
    reached = result.shapes()
    missing = [
        wanted
        for wanted in REACHES[role]
        if not any(re.search(wanted, reached_shape) for reached_shape in reached)
    ]
    assert not missing, (
        f"{role or 'anonymous'} did not reach {missing} by links; reached:\n"
        + "\n".join(sorted(reached))
    )


def test_shape_treats_field_and_indicator_keys_alike():
    assert shape(f"{AGENDA}akteure/forum/energy/") == shape(f"{AGENDA}akteure/forum/health/")
    assert shape(f"{AGENDA}matrix/indikatoren/work_coworking_desks/").endswith("/indikatoren/K/")
    assert shape(f"{AGENDA}matrix/runden/3/") == f"{AGENDA}matrix/runden/N/"


def test_in_phase_keeps_the_walk_inside_the_stocktaking_pages():
    assert in_phase(AGENDA)
    assert in_phase(f"{AGENDA}matrix/runden/3/")
    assert in_phase(MINE)
    assert not in_phase("/regionen/")
    assert not in_phase(f"{AGENDA}einstellungen/")
