"""Actors, bodies, activities, network and expert forum in a real browser.

On the loaded demo ("beispielland"), every page of the actors part is opened by a role that may
open it; each gets an axe-core run (WCAG 2.1 A/AA, serious and critical fail), a check that the
page does not scroll sideways and that the console has no Content-Security-Policy error. The
expert forum's reply form must work through htmx without a full page load.
"""

from playwright.sync_api import expect

from tests.browser.helpers import BROWSER_TEST, screenshot
from tests.browser.test_matrix import (
    assert_not_reloaded,
    check,
    mark_page,
    visit,
)

pytestmark = BROWSER_TEST

ACTORS = "/agenden/beispielland/akteure/"


def test_public_actor_pages_as_anonymous_visitor(page, live_server, demo, console_messages):
    base = live_server.url
    visit(page, f"{base}{ACTORS}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Digitalen Agenda")
    # Only people who agreed to publication are named; the others are counted.
    expect(page.get_by_text("weitere Personen wirken intern mit")).to_be_visible()
    check(page, "public actors", console_messages)

    for path, heading in [
        ("gremien/", "Gremien"),
        ("aktivitaeten/", "Digitalisierungsaktivitäten"),
    ]:
        visit(page, f"{base}{ACTORS}{path}")
        expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
        check(page, path, console_messages)

    visit(page, f"{base}/aktivitaeten/")
    check(page, "programme-wide landscape", console_messages)

    visit(page, f"{base}{ACTORS}netzwerk/")
    expect(page.locator("svg[role=img]").first).to_be_visible()
    check(page, "network (public)", console_messages)
    screenshot(page, "actors-network-public")

    # Internal pages refuse visitors without a role.
    visit(page, f"{base}{ACTORS}personen/", status=403)


def test_register_coverage_and_network_as_coordinator(
    page, live_server, demo, console_messages, login
):
    base = live_server.url
    login("koordination")
    for path in [
        "organisationen/",
        "personen/",
        "gremien/",
        "einladungen/",
        "import/",
        "netzwerk/",
    ]:
        visit(page, f"{base}{ACTORS}{path}")
        check(page, path, console_messages)

    visit(page, f"{base}{ACTORS}personen/")
    page.locator("main table a").first.click()
    expect(page.get_by_role("heading", level=2, name="Einwilligungen")).to_be_visible()
    check(page, "person detail", console_messages)

    visit(page, f"{base}{ACTORS}abdeckung/")
    expect(page.get_by_role("heading", name="Lücken")).to_be_visible()
    check(page, "coverage", console_messages)
    page.locator("#luecken ~ ul a, section a[href*='field=']").filter(
        has_text="Vorschläge"
    ).first.click()
    expect(page.get_by_role("heading", name="Wen einladen?")).to_be_visible()
    check(page, "coverage suggestions", console_messages)
    screenshot(page, "actors-coverage")


def test_expert_forum_reply_through_htmx(page, live_server, demo, console_messages, login):
    base = live_server.url
    login("expertin")
    visit(page, f"{base}{ACTORS}forum/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Expertenforum")
    check(page, "forum index", console_messages)

    page.get_by_role("link", name="Mobilität").click()
    check(page, "forum field", console_messages)
    page.locator("main a[href*='/forum/diskussion/']").first.click()
    check(page, "forum thread", console_messages)

    mark_page(page)
    form = page.locator("form[aria-labelledby=new-post-heading]")
    # The rich-text editor hides the textarea; the editable box is a labelled textbox.
    form.get_by_role("textbox", name="Ihr Beitrag").fill("Ein Beitrag aus dem Browsertest.")
    form.get_by_role("button", name="Beitrag senden").click()
    expect(page.locator("#forum-posts")).to_contain_text("Ein Beitrag aus dem Browsertest.")
    assert_not_reloaded(page)
    check(page, "forum thread after reply", console_messages)
    screenshot(page, "actors-forum-thread")
