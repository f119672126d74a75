"""Every shell page, as each demo role sees it, passes axe-core (WCAG 2.1 A/AA).

One test per role: a fresh browser context, the demo loaded, a login through the real form,
then each page the role may open, with its expected status and an axe run. Only violations with
impact "serious" or "critical" fail the test; the message lists rule, targets and help.
"""

import pytest

from tests.browser.helpers import BROWSER_TEST, assert_accessible, screenshot

pytestmark = BROWSER_TEST

AGENDA = "/agenden/beispielland/"
PRIVATE_AGENDA = "/agenden/musterhausen/"
PROGRAMME = "/programme/pilot-digitale-agenda-bayern/"
NOT_FOUND = "/agenden/gibt-es-nicht/"
LOGIN = "login"

# Demo user (local part of the email) -> what the role may do in the agenda "beispielland".
ROLES = {
    "anonymous": {},
    "programmbuero": {"staff": True, "manage": True, "office": True},
    "koordination": {"staff": True, "manage": True},
    "moderation": {"staff": True},
    "redaktion": {"staff": True},
    "expertin": {},
    "teilnahme": {},
}


def pages_for(role, region_pk):
    """(path, expected status) of every shell page ``role`` is checked on.

    LOGIN means: an anonymous visitor is sent to the login form (which answers 200).
    """
    can = ROLES[role]
    pages = [
        ("/", 200),
        (AGENDA, 200),
        ("/regionen/", 200),
        ("/regionen/?q=Bamberg", 200),
        (f"/regionen/{region_pk}/", 200),
        ("/ueber-die-daten/", 200),
        (PROGRAMME, 200),
        (NOT_FOUND, 404),
    ]
    if role == "anonymous":
        pages += [("/mein-bereich/", LOGIN), (f"{AGENDA}mitglieder/", LOGIN)]
    else:
        pages += [
            ("/mein-bereich/", 200),
            (f"{AGENDA}mitglieder/", 200 if can.get("staff") else 403),
        ]
    if can.get("manage"):
        pages += [(f"{AGENDA}einstellungen/", 200), (f"{AGENDA}schritte/assessment/", 200)]
    if can.get("office"):
        pages += [
            ("/regionen/neu/", 200),
            ("/regionen/verzeichnis-einlesen/", 200),
            (PRIVATE_AGENDA, 200),  # the programme office sees its programme's private agendas
        ]
    else:
        pages.append((PRIVATE_AGENDA, 403))
    return pages


def visit(page, url, status):
    response = page.goto(url)
    assert response is not None
    if status == LOGIN:
        assert response.status == 200
        assert "/konto/login/?next=" in page.url, f"{url} did not ask for a login: {page.url}"
    else:
        assert response.status == status, f"{url}: HTTP {response.status}, expected {status}"
    return response


@pytest.mark.parametrize("role", list(ROLES))
def test_shell_pages_are_accessible_for_each_role(
    page, live_server, demo, login, console_messages, role
):
    from regioagenda.regions.models import Region, RegionLevel

    region = Region.objects.get(ags="09471", level=RegionLevel.KREIS)  # Landkreis Bamberg
    base = live_server.url

    if role == "anonymous":
        # The login page, empty and after a failed attempt (errors must stay accessible).
        visit(page, f"{base}/konto/login/", 200)
        assert_accessible(page, "login page")
        page.locator("main form input[name=login]").fill("niemand@example.org")
        page.locator("main form input[name=password]").fill("falsch")
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
        assert page.locator("main .kern-alert, main .kern-error").first.is_visible()
        assert_accessible(page, "login page with errors")
    else:
        login(role)

    for path, status in pages_for(role, region.pk):
        visit(page, f"{base}{path}", status)
        assert_accessible(page, f"{path} as {role}")
        if status == 403:
            assert "nicht freigegeben" in page.locator("main h1").inner_text()
            if path.endswith("/mitglieder/"):
                reason = page.locator("main .error-reason").inner_text()
                assert "Koordination, Moderation und Redaktion" in reason
        if status == 404:
            assert "gibt es nicht" in page.locator("main h1").inner_text()

        if role == "anonymous" and path in ("/", "/regionen/"):
            screenshot(page, "landing" if path == "/" else "region-list")
        if role == "koordination" and path == AGENDA:
            screenshot(page, "agenda-home-coordinator")

    csp = [m for m in console_messages if "Content Security Policy" in m]
    assert not csp, "\n".join(csp)

    # What the agenda home offers depends on the role.
    visit(page, f"{base}{AGENDA}", 200)
    actions = page.locator(".agenda-actions")
    settings_link = actions.get_by_role("link", name="Einstellungen", exact=True)
    members_link = actions.get_by_role("link", name="Mitglieder", exact=True)
    assert settings_link.count() == (1 if ROLES[role].get("manage") else 0)
    assert members_link.count() == (1 if ROLES[role].get("staff") else 0)
    if role == "anonymous":
        assert page.get_by_role("link", name="Anmelden", exact=True).first.is_visible()
    else:
        assert page.get_by_role("button", name="Abmelden").is_visible()
