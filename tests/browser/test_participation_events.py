"""Events and workshops in a real browser, on the loaded demo.

Visitors read the list and a past workshop with its minutes at 1280 and 390 px; a participant
registers for the online consultation hour and leaves the booked-out Bürgerdialog, so the first
on its waiting list moves up; the coordinator edits a programme through htmx without a full page
load and opens the attendance page. Every page gets axe-core, the no-sideways-scroll check and
the CSP check.
"""

from playwright.sync_api import expect

from tests.browser.helpers import BROWSER_TEST, screenshot
from tests.browser.test_matrix import assert_not_reloaded, check, mark_page, visit

pytestmark = BROWSER_TEST

EVENTS = "/agenden/beispielland/beteiligung/termine/"


def event_url(title):
    from regioagenda.participation.models import Event

    event = Event.objects.get(agenda__slug="beispielland", title=title)
    return f"{EVENTS}{event.pk}/", event


def test_events_as_anonymous_visitor_wide_and_narrow(page, live_server, demo, console_messages):
    base = live_server.url
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        visit(page, f"{base}{EVENTS}")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Termine")
        expect(page.get_by_role("link", name="Zukunftswerkstatt Mobilität")).to_be_visible()
        expect(page.get_by_text("webcal://")).to_have_count(0)  # the link text is readable
        check(page, f"events {width}", console_messages)
        screenshot(page, f"participation-events-{width}")

        path, _event = event_url("Zukunftswerkstatt Mobilität")
        visit(page, f"{base}{path}")
        expect(page.get_by_role("heading", name="Protokoll")).to_be_visible()
        expect(page.get_by_role("heading", name="Teilnahme nach Bereichen")).to_be_visible()
        check(page, f"past workshop {width}", console_messages)
        screenshot(page, f"participation-event-past-{width}")

    # Filtering by kind swaps the list through htmx.
    page.set_viewport_size({"width": 1280, "height": 900})
    visit(page, f"{base}{EVENTS}")
    mark_page(page)
    page.get_by_label("Art").select_option("expert_forum")
    expect(page.get_by_role("link", name="Zukunftswerkstatt Mobilität")).to_have_count(0)
    expect(page.get_by_role("link", name="Expertenforum Gigabit und Mobilfunk")).to_be_visible()
    assert_not_reloaded(page)


def test_participant_registers_and_leaves(page, live_server, demo, login, console_messages):
    from regioagenda.participation.models import Registration

    base = live_server.url
    login("teilnahme")
    page.set_viewport_size({"width": 390, "height": 900})
    path, online = event_url("Online-Sprechstunde: Ihre Idee für die Digitale Agenda")
    visit(page, f"{base}{path}")
    check(page, "online event before registering", console_messages)
    page.get_by_label("Aus welchem Bereich kommen Sie?").select_option("citizens")
    page.get_by_role("button", name="Verbindlich anmelden").click()
    expect(page.get_by_text("Sie sind angemeldet.").first).to_be_visible()
    # The link to the meeting is shown to registered people.
    expect(page.get_by_role("link", name=online.online_url)).to_be_visible()
    check(page, "online event registered", console_messages)
    screenshot(page, "participation-event-registered-390")

    path, dialogue = event_url("Bürgerdialog: Wie digital soll unser Landkreis werden?")
    first_waiting = (
        Registration.objects.filter(event=dialogue, status="waiting").order_by("queued_at").first()
    )
    visit(page, f"{base}{path}")
    expect(page.get_by_text("Sie sind angemeldet.")).to_be_visible()
    page.get_by_role("button", name="Anmeldung zurückziehen").click()
    expect(page.get_by_text("Ihre Anmeldung ist zurückgezogen.")).to_be_visible()
    first_waiting.refresh_from_db()
    assert first_waiting.status == "confirmed"
    check(page, "dialogue after leaving", console_messages)


def test_coordinator_edits_the_programme_with_htmx(
    page, live_server, demo, login, console_messages
):
    base = live_server.url
    login("koordination")
    path, event = event_url("Bürgerdialog: Wie digital soll unser Landkreis werden?")
    visit(page, f"{base}{path}programm/")
    check(page, "programme", console_messages)
    mark_page(page)
    form = page.locator("form:has(input[name=action][value=add])")
    form.get_by_label("Uhrzeit").fill("20:15")
    form.get_by_label("Programmpunkt").fill("Ausklang bei Getränken")
    form.get_by_role("button", name="Hinzufügen").click()
    expect(page.get_by_role("rowheader", name="Ausklang bei Getränken")).to_be_visible()
    row = page.locator("#event-programme tbody tr", has_text="Ausklang bei Getränken")
    row.get_by_role("button", name="nach oben").click()
    expect(page.locator("#event-programme tbody tr").nth(2)).to_contain_text("Ausklang")
    assert_not_reloaded(page)
    assert event.items.order_by("position").values_list("title", flat=True)[2] == (
        "Ausklang bei Getränken"
    )

    for suffix, heading in [
        ("teilnahme/", "Anmeldungen und Teilnahme"),
        ("protokoll/", "Protokoll"),
        ("bearbeiten/", "bearbeiten"),
    ]:
        visit(page, f"{base}{path}{suffix}")
        expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
        check(page, suffix, console_messages)
    page.set_viewport_size({"width": 390, "height": 900})
    visit(page, f"{base}{path}teilnahme/")
    check(page, "attendance 390", console_messages)
    screenshot(page, "participation-event-attendance-390")
    visit(page, f"{base}{EVENTS}neu/")
    check(page, "new event 390", console_messages)
