""" "Mein Bereich" in a real browser: the to-do list of the demo coordination and an invited
expert, accessible (axe) and without sideways scrolling at 390 px."""

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


@pytest.mark.parametrize("local", ["koordination", "expertin"])
def test_todo_list_at_390px(page, live_server, demo, login, console_messages, local):
    from regioagenda.accounts.models import User
    from regioagenda.matrix.services import rounds
    from regioagenda.regions.demo import demo_email
    from regioagenda.regions.models import Agenda

    agenda = Agenda.objects.get(slug=SLUG)
    coordinator = User.objects.get(email=demo_email("koordination"))
    expert = User.objects.get(email=demo_email("expertin"))
    assessment_round = rounds.create_round(
        actor=coordinator,
        agenda=agenda,
        title="Neubewertung mit einem recht langen Titel für schmale Bildschirme",
    )
    rounds.invite_raters(actor=coordinator, assessment_round=assessment_round, users=[expert])
    rounds.open_round(actor=coordinator, assessment_round=assessment_round)

    page.set_viewport_size({"width": 390, "height": 844})
    login(local)
    page.goto(f"{live_server.url}/mein-bereich/")

    todos = page.locator("#my-todos").locator("xpath=..")
    expect(todos.get_by_role("heading", level=3).first).to_be_visible()
    if local == "expertin":
        link = todos.get_by_role("link", name=f"Bewerten: „{assessment_round.title}“")
        expect(link).to_be_visible()
    else:
        expect(
            todos.get_by_role("link", name=f"Bewertungsrunde läuft: „{assessment_round.title}“")
        ).to_be_visible()
    assert_accessible(page, f"Mein Bereich ({local})")
    assert_fits(page, f"Mein Bereich ({local}) at 390px")
    screenshot(page, f"dashboard-{local}-390")
    if local == "expertin":
        link.click()
        page.wait_for_load_state()
        assert f"/runden/{assessment_round.pk}/bewerten/" in page.url
