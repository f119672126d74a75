"""The public process page, its statistics and the news in a real browser: accessible (axe), no
sideways scrolling at 390 px, no console errors (CSP); the coordinator plans a phase."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import BROWSER_TEST, assert_accessible, screenshot

pytestmark = BROWSER_TEST

SLUG = "beispielland"


def assert_fits(page, label):
    scroll, client = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert scroll <= client, f"{label}: the page is {scroll}px wide in a {client}px window"


@pytest.mark.parametrize("width", [1280, 390])
def test_public_pages(page, live_server, demo, console_messages, width):
    page.set_viewport_size({"width": width, "height": 900})
    base = f"{live_server.url}/agenden/{SLUG}/beteiligung/"
    page.goto(base)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mitmachen")
    expect(page.locator('[aria-current="step"]')).to_have_count(1)
    expect(page.get_by_role("heading", name="Was passiert mit meinen Ideen?")).to_be_visible()
    assert_accessible(page, f"process page at {width}")
    assert_fits(page, f"process page at {width}")
    screenshot(page, f"participation-process-{width}")

    page.goto(base + "statistik/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Beteiligung in Zahlen")
    assert_accessible(page, f"statistics at {width}")
    assert_fits(page, f"statistics at {width}")

    page.goto(base + "neuigkeiten/")
    page.get_by_role("link", name="Zukunftswerkstätten: vier Termine im November").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Zukunftswerkstätten: vier Termine im November"
    )
    assert_accessible(page, f"news post at {width}")
    assert_fits(page, f"news post at {width}")


def test_coordinator_plans_a_phase(page, live_server, demo, login, console_messages):
    from regioagenda.participation.models import Phase

    page.set_viewport_size({"width": 1280, "height": 900})
    login("koordination")
    page.goto(f"{live_server.url}/agenden/{SLUG}/beteiligung/")
    page.get_by_role("link", name="Phase „Konsultation“ planen").click()
    assert_accessible(page, "phase form")
    page.get_by_label("Punkte pro Person bei der Priorisierung").fill("²")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_text("ganze Zahl")).to_be_visible()
    page.get_by_label("Punkte pro Person bei der Priorisierung").fill("8")
    page.get_by_label("In einfacher Sprache").fill(
        "Lesen Sie den Entwurf. Sagen Sie uns Ihre Meinung."
    )
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_text("Lesen Sie den Entwurf. Sagen Sie uns Ihre Meinung.")).to_be_visible()
    phase = Phase.objects.get(agenda__slug=SLUG, step="consultation")
    assert phase.vote_points == 8
    screenshot(page, "participation-process-coordinator")
