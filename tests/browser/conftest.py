"""Browser tests: a real Chromium (Debian's /usr/bin/chromium) driven by Playwright.

They run against pytest-django's ``live_server``, which serves static files through the
staticfiles finders, so the KERN CSS copied by ``make assets`` is loaded as in production.
Without Chromium the whole directory is skipped, unless ``CI`` is set: there a missing browser
is an error, so that the suite cannot silently stop running.
"""

import io
import os
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


@pytest.fixture
def console_messages(page):
    """Every console message and page error of ``page``, as text."""
    messages = []
    page.on("console", lambda message: messages.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: messages.append(f"pageerror: {error}"))
    return messages


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
