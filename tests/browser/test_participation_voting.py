"""Dot voting and the consultation in a real browser, at 1280 and 390 px.

On the loaded demo, the projects step is made current with a dot vote over a dozen ideas. A
participant distributes points with the +/− buttons and the number inputs (the live counter
follows and the + buttons lock at zero points left), saves, and sees the allocation again;
the consultation draft of the demo is read and a paragraph commented on. Every page gets an
axe-core run, the no-sideways-scroll check and the CSP check.
"""

from playwright.sync_api import expect

from tests.browser.helpers import BROWSER_TEST, screenshot
from tests.browser.test_matrix import check, visit

pytestmark = BROWSER_TEST

BASE = "/agenden/beispielland/beteiligung/"


def _projects_vote():
    from regioagenda.participation.demo import voting as voting_demo
    from regioagenda.participation.models import Idea
    from regioagenda.regions.models import Agenda
    from tests.voting_factories import open_vote

    agenda = Agenda.objects.get(slug="beispielland")
    open_vote(agenda, points=10)
    titles = [
        "Rufbus per App und Telefon für die Außenorte",
        "Glasfaser für alle Höfe im Außenbereich",
        "Digitale Sprechstunde beim Hausarzt",
        "Coworking im alten Bahnhof",
        "WLAN in allen Dorfgemeinschaftshäusern",
        "Online-Terminvergabe im Landratsamt",
    ]
    for title in titles:
        Idea.objects.get_or_create(
            agenda=agenda, step="projects", title=title, defaults={"body": "<p>Beschreibung</p>"}
        )
    return agenda, voting_demo


def test_a_participant_distributes_points(page, live_server, demo, console_messages, login):
    agenda, _demo = _projects_vote()
    login("teilnahme")
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        visit(page, f"{live_server.url}{BASE}priorisierung/projects/")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Priorisierung")
        check(page, f"voting {width}", console_messages)
        screenshot(page, f"participation-voting-{width}")

    counter = page.locator("#voting-remaining")
    expect(counter).to_have_text("noch 10 Punkte")
    plus = page.locator(".voting-plus")
    plus.nth(0).click()
    plus.nth(0).click()
    plus.nth(1).click()
    expect(counter).to_have_text("noch 7 Punkte")
    page.locator("input.voting-points").nth(2).fill("7")
    expect(counter).to_have_text("noch 0 Punkte")
    expect(plus.nth(3)).to_be_disabled()
    page.locator(".voting-minus").nth(2).click()
    expect(counter).to_have_text("noch 1 Punkt")
    page.get_by_role("button", name="Punkte speichern").click()
    expect(page.get_by_text("9 vergeben, 1 übrig")).to_be_visible()
    expect(counter).to_have_text("noch 1 Punkt")
    values = page.locator("input.voting-points").evaluate_all("els => els.map(e => e.value)")
    assert sorted(values, reverse=True)[:3] == ["6", "2", "1"]
    check(page, "voting saved", console_messages)


def test_results_and_consultation_pages(page, live_server, demo, console_messages, login):
    agenda, voting_demo = _projects_vote()
    from regioagenda.accounts.models import Role, User
    from regioagenda.regions.demo import demo_email

    voting_demo.load(
        {
            "agenda": agenda,
            "users": {Role.COORDINATOR: User.objects.get(email=demo_email("koordination"))},
        }
    )
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        visit(page, f"{live_server.url}{BASE}priorisierung/projects/ergebnis/")
        expect(page.locator("svg[role=img]").first).to_be_visible()
        check(page, f"voting results {width}", console_messages)
        screenshot(page, f"participation-voting-results-{width}")

        visit(page, f"{live_server.url}{BASE}konsultation/")
        page.get_by_role("link", name="Digitale Agenda Landkreis Beispielland – Entwurf").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Entwurf")
        check(page, f"draft {width}", console_messages)
        screenshot(page, f"participation-draft-{width}")
        page.locator(".draft-paragraph__meta a").first.click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Absatz")
        check(page, f"draft paragraph {width}", console_messages)
        screenshot(page, f"participation-draft-paragraph-{width}")
        visit(page, page.url.split("absatz/")[0] + "fassungen/")
        expect(page.locator(".draft-diff del").first).to_be_visible()
        check(page, f"draft versions {width}", console_messages)
        screenshot(page, f"participation-draft-versions-{width}")

    login("redaktion")
    visit(page, f"{live_server.url}{BASE}konsultation/")
    page.get_by_role("link", name="Digitale Agenda Landkreis Beispielland – Entwurf").click()
    page.get_by_role("link", name="Auswertung der Konsultation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Auswertung der Konsultation")
    check(page, "summary", console_messages)
    screenshot(page, "participation-draft-summary")
