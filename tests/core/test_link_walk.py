"""Every link a role is shown leads somewhere it may go.

For each role of the demo (anonymous, the five agenda roles, the programme office) the walk
starts at the demo agenda's home and follows, breadth-first, every internal link on the
agenda's actors, matrix and sources pages (and on the programme-wide activity landscape). A page
inside those bounds is opened and its links are read; a link leading elsewhere is opened once
to see that it answers. The walk fails on any server error and on any shown link that answers
403 or 404 (or, for a signed-in user, sends them to the login form), reporting page → link.

GET only: links that log out, delete or download are not followed. At most ``MAX_PAGES`` pages
are opened per role. Runs with Django's test client (``force_login``), not in a browser.
"""

from __future__ import annotations

import io
import re
from collections import Counter, deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest

from tests.conftest import shared_by_the_module

SLUG = "beispielland"
AGENDA = f"/agenden/{SLUG}/"
START = AGENDA
# Pages whose links are followed further; anything else shown is opened once.
WALKED = (
    f"{AGENDA}akteure/",
    f"{AGENDA}matrix/",
    f"{AGENDA}konzepte/",
    f"{AGENDA}beteiligung/",
    "/aktivitaeten/",
)
MAX_PAGES = 300
PER_SHAPE = 6
LOGIN = "/konto/login/"
# Parts of an address that mean "not a page to open by GET": logging out, deleting, files.
SKIPPED = (
    "abmelden",
    "logout",
    "loeschen",
    "export",
    "vorlage",
    "herunterladen",
    "download",
    "plakat",  # posters and flyers are PDF files
    "handzettel",
    "feed",  # the Atom feed of news
    "kalender",  # iCalendar files
)
SKIPPED_SUFFIXES = (".csv", ".xlsx", ".pdf", ".docx", ".odt", ".svg", ".png", ".zip", ".ics")

ROLES = [
    None,  # an anonymous visitor
    "teilnahme",
    "expertin",
    "redaktion",
    "moderation",
    "koordination",
    "programmbuero",
]

# Links in parts other helpers own right now, known to lead to a refusal: (role, link prefix).
KNOWN_ELSEWHERE: dict[tuple[str | None, str], str] = {}


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def links_of(html: str, base: str) -> list[str]:
    """The internal addresses ``<a href>`` of a page points to (path and query, no fragment)."""
    parser = _Links()
    parser.feed(html)
    found = []
    for href in parser.hrefs:
        url = urljoin(f"http://testserver{base}", href)
        parts = urlsplit(urldefrag(url)[0])
        if parts.scheme not in ("http", "https") or parts.netloc != "testserver":
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        found.append(path)
    return found


def shape(path: str) -> str:
    """What pages of the same kind share: numbers become ``N`` (paragraph keys ``K``), a query
    keeps only its names.

    The walk opens at most ``PER_SHAPE`` pages of one shape (the same list filtered another
    way, the twentieth person), so that the bound of ``MAX_PAGES`` goes to different pages.
    """
    parts = urlsplit(path)
    bare = re.sub(r"/\d+/", "/N/", parts.path)
    bare = re.sub(r"/[0-9a-f]{12}/", "/K/", bare)  # a draft paragraph's stable key
    names = sorted({pair.split("=")[0] for pair in parts.query.split("&") if pair})
    return bare + ("?" + "&".join(names) if names else "")


def skipped(path: str) -> bool:
    parts = urlsplit(path)
    bare = parts.path.lower()
    if re.search(r"(^|&)format=(csv|xlsx|pdf|a4|a5|a6)", parts.query):
        return True  # a file, not a page
    return any(word in bare for word in SKIPPED) or bare.endswith(SKIPPED_SUFFIXES)


@dataclass
class Walk:
    opened: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def walk(client, *, signed_in: bool) -> Walk:
    result = Walk()
    queue: deque[tuple[str, str]] = deque([("(start)", START)])
    seen = {START}
    shapes: Counter[str] = Counter()
    while queue and len(result.opened) < MAX_PAGES:
        source, path = queue.popleft()
        try:
            response = client.get(path)
        except Exception as error:  # noqa: BLE001 - a server error of any kind is the finding
            result.problems.append(f"{source} → {path}: 500 ({type(error).__name__}: {error})")
            continue
        status = response.status_code
        result.opened[path] = status
        if status >= 500:
            result.problems.append(f"{source} → {path}: {status}")
            continue
        if status in (403, 404):
            result.problems.append(f"{source} → {path}: {status}")
            continue
        if status in (301, 302):
            target = urldefrag(urljoin(path, response["Location"]))[0]
            if signed_in and urlsplit(target).path == LOGIN:
                result.problems.append(f"{source} → {path}: sends a signed-in user to the login")
            continue
        bare = urlsplit(path).path
        if path != START and not bare.startswith(WALKED):
            continue  # opened to see that it answers; its own links are not followed
        if "html" not in response.get("Content-Type", ""):
            continue
        for link in links_of(response.content.decode(), bare):
            if link in seen or skipped(link) or link.startswith("/en/"):
                continue
            seen.add(link)
            shapes[shape(link)] += 1
            if shapes[shape(link)] > PER_SHAPE:
                continue
            queue.append((path, link))
    return result


@pytest.fixture(scope="module")
def demo_users(django_db_setup, django_db_blocker):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from regioagenda.regions.demo import DEMO_USERS, demo_email

    with shared_by_the_module(django_db_blocker):
        call_command("load_demo", stdout=io.StringIO())
        users = get_user_model().objects.filter(
            email__in=[demo_email(local) for local, _name, _role in DEMO_USERS]
        )
        yield {user.email.split("@")[0]: user for user in users}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES, ids=lambda role: role or "anonymous")
def test_every_shown_link_answers(client, demo_users, no_staff_mfa, role):
    if role:
        client.force_login(demo_users[role])
    result = walk(client, signed_in=role is not None)
    known = [
        problem
        for problem in result.problems
        if any(who == role and f"→ {prefix}" in problem for (who, prefix) in KNOWN_ELSEWHERE)
    ]
    problems = [problem for problem in result.problems if problem not in known]
    assert len(result.opened) > 20, f"the walk opened only {sorted(result.opened)}"
    assert not problems, f"{len(problems)} broken links for {role or 'anonymous'}:\n" + "\n".join(
        problems
    )


def test_links_of_reads_internal_links_only():
    html = (
        '<a href="a/">x</a><a href="/b/?q=1#top">y</a><a href="https://example.org/">z</a>'
        '<a href="mailto:x@example.org">m</a><a name="anchor">n</a>'
    )
    assert links_of(html, "/agenden/x/") == ["/agenden/x/a/", "/b/?q=1"]


def test_shape_groups_pages_of_one_kind():
    assert shape("/a/personen/12/") == shape("/a/personen/7/") == "/a/personen/N/"
    assert shape("/a/abdeckung/?sector=x&field=y") == "/a/abdeckung/?field&sector"
    assert shape("/a/personen/") != shape("/a/organisationen/")
