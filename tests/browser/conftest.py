"""Browser tests: a real Chromium (Debian's /usr/bin/chromium) driven by Playwright.

They run against pytest-django's ``live_server``, which serves static files through the
staticfiles finders, so the KERN CSS copied by ``make assets`` is loaded as in production.
Without Chromium the whole directory is skipped, unless ``CI`` is set: there a missing browser
is an error, so that the suite cannot silently stop running.

Every browser test fails on a console error or an uncaught page error of any of its pages (the
autouse ``console_recorder``, checked at teardown): a CSP refusal of an inline style or script
shows up there. ``CONSOLE_ERROR_ALLOW_LIST`` is for third-party noise that cannot be fixed (empty
today); a test that provokes an error on purpose marks it with ``allow_console_error``.
"""

import io
import os
import re
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the main thread; without this every ORM call made
# by a test (or a fixture) next to the ``page`` fixture raises SynchronousOnlyOperation.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

HERE = Path(__file__).resolve().parent
SKIP_REASON = (
    f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium); "
    "set CI=1 to make its absence an error"
)


def pytest_collection_modifyitems(config, items):
    """Skip every browser test at collection when Chromium is missing (and CI is not set).

    A module-level pytest.skip() in this conftest would crash pytest when the directory is
    given on the command line (it is then loaded before collection starts).
    """
    if CHROMIUM.exists() or os.environ.get("CI"):
        return
    skip = pytest.mark.skip(reason=SKIP_REASON)
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not CHROMIUM.exists():
        pytest.fail(
            f"CI is set but Chromium is missing at {CHROMIUM}: install it with "
            "`apt-get install -y --no-install-recommends chromium`",
            pytrace=False,
        )
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "de-DE"}


@pytest.fixture
def no_staff_mfa(settings):
    """Staff roles need a second factor in production; the demo (and these tests) turn it off.

    The live server runs in a thread of this process, so the override reaches it.
    """
    settings.REGIOAGENDA_REQUIRE_STAFF_MFA = False


@pytest.fixture
def demo(transactional_db, no_staff_mfa):
    """The demo (Bavarian register, programme, two agendas, one user per role).

    Loaded per test: the transactional tests that ``live_server`` needs flush the database after
    each test, so a module-scoped copy would be gone for the second test.
    """
    from django.core.management import call_command

    call_command("load_demo", stdout=io.StringIO())


# Console errors that are allowed everywhere, each with the reason it cannot be fixed here.
# Keep it empty unless something third-party misbehaves; a test that provokes an error on
# purpose says so with ``@pytest.mark.allow_console_error(pattern)`` instead.
CONSOLE_ERROR_ALLOW_LIST: list[tuple[re.Pattern[str], str]] = []

FAILED_RESOURCE = "Failed to load resource: the server responded with a status of"


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "allow_console_error(pattern): a console error matching the regular expression is "
        "expected in this browser test (it provokes it on purpose)",
    )


class ConsoleRecorder:
    """Console messages and page errors of every page of a browser context.

    ``messages`` holds all of them as ``"type: text"``; ``errors()`` the ones that fail a test:
    console messages of type error and uncaught page errors, except a failed load of a page's
    own document (the test that opens a 403 or 404 page asserts that status itself; a failed
    script, style or image still counts) and what the allow-lists let through.
    """

    def __init__(self, allowed: list[re.Pattern[str]]):
        self.messages: list[str] = []
        self._errors: list[str] = []
        self._documents: set[str] = set()
        self._allowed = allowed

    def attach(self, context) -> None:
        context.on("console", self._on_console)
        context.on("weberror", lambda web_error: self._on_error(f"pageerror: {web_error.error}"))
        context.on("response", self._on_response)

    def _on_response(self, response) -> None:
        if response.request.is_navigation_request():
            self._documents.add(response.url)

    def _on_console(self, message) -> None:
        text = f"{message.type}: {message.text}"
        self.messages.append(text)
        if message.type != "error":
            return
        if message.text.startswith(FAILED_RESOURCE) and message.location.get("url") in (
            self._documents
        ):
            return
        where = message.location.get("url") or ""
        self._on_error(f"{text} ({where})" if where else text, recorded=True)

    def _on_error(self, text: str, recorded: bool = False) -> None:
        if not recorded:
            self.messages.append(text)
        if any(pattern.search(text) for pattern in self._allowed):
            return
        self._errors.append(text)

    def errors(self) -> list[str]:
        return list(self._errors)

    def take_errors(self) -> list[str]:
        """The errors so far, which then no longer fail the test (for tests of this guard)."""
        errors, self._errors = self._errors, []
        return errors


@pytest.fixture(autouse=True)
def console_recorder(request):
    """Fail every browser test whose pages log a console error or throw (checked at teardown).

    Autouse, but only where the test uses ``page``; the recorder listens on the page's browser
    context, so pages opened later (popups, new tabs) are covered as well.
    """
    if "page" not in request.fixturenames:
        yield None
        return
    allowed = [pattern for pattern, _reason in CONSOLE_ERROR_ALLOW_LIST]
    for marker in request.node.iter_markers("allow_console_error"):
        allowed.extend(re.compile(pattern) for pattern in marker.args)
    recorder = ConsoleRecorder(allowed)
    recorder.attach(request.getfixturevalue("page").context)
    yield recorder
    errors = recorder.errors()
    assert not errors, "console errors in the browser:\n" + "\n".join(errors)


@pytest.fixture
def console_messages(console_recorder):
    """Every console message and page error of the test's pages, as text."""
    return console_recorder.messages


@pytest.fixture
def login(page, live_server):
    """Log ``page`` in as a demo user through the real allauth login form."""

    def _login(local):
        from regioagenda.regions.demo import DEMO_PASSWORD, demo_email

        page.goto(f"{live_server.url}/konto/login/")
        form = page.locator("main form")
        form.locator("input[name=login]").fill(demo_email(local))
        form.locator("input[name=password]").fill(DEMO_PASSWORD)
        with page.expect_navigation():
            form.locator("button[type=submit]").click()
        assert "/konto/login/" not in page.url, f"login as {local} failed: {page.url}"
        return page

    return _login
