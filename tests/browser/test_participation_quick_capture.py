"""Quick capture in a real browser: a moderator types ten workshop ideas by keyboard only.

Each idea is a title and Enter; htmx swaps the emptied form and the list of captured ideas,
and the title field has the focus again for the next one. Afterwards one idea's proposed fields
are corrected in its row, by keyboard too. The pages pass axe and fit 390 px.
"""

import time

from playwright.sync_api import expect

from tests.browser.helpers import BROWSER_TEST, screenshot
from tests.browser.test_matrix import assert_not_reloaded, check, mark_page, visit

pytestmark = BROWSER_TEST

URL = "/agenden/beispielland/beteiligung/ideen/erfassen/"
IDEAS = [
    "Glasfaser für alle Ortsteile",
    "Rufbus per App für die Dörfer",
    "Tablets und WLAN für die Grundschule",
    "Bauantrag online einreichen",
    "Smartphone-Kurse für Senioren",
    "Telemedizin in der Hausarztpraxis",
    "Photovoltaik auf alle Dächer der Gemeinde",
    "Coworking im alten Bahnhof",
    "Drohnen für die Kitzrettung",
    "Radwege-App für Gäste",
]


def test_ten_ideas_by_keyboard_only(page, live_server, demo, login, console_messages):
    import datetime

    from django.utils import timezone

    from regioagenda.participation.models import Event, EventKind, Idea, IdeaField
    from regioagenda.regions.models import Agenda

    # A workshop of its own, so that the demo's captured ideas stay out of the list.
    start = timezone.now() - datetime.timedelta(hours=1)
    workshop = Event.objects.create(
        agenda=Agenda.objects.get(slug="beispielland"),
        step="projects",
        kind=EventKind.WORKSHOP,
        title="Werkstatt im Browsertest",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
        place="Rathaus",
    )
    login("moderation")
    visit(page, f"{live_server.url}{URL}?event={workshop.pk}")
    title = page.get_by_label("Idee (Titel)")
    expect(title).to_be_focused()
    check(page, "quick capture (empty)", console_messages)
    mark_page(page)

    started = time.perf_counter()
    for number, text in enumerate(IDEAS, start=1):
        expect(title).to_be_focused()
        page.keyboard.type(text)
        page.keyboard.press("Enter")
        expect(page.locator(".capture-row")).to_have_count(number)
        expect(page.get_by_label("Idee (Titel)")).to_have_value("")
    per_idea = (time.perf_counter() - started) / len(IDEAS)
    print(f"\nquick capture: {per_idea * 1000:.0f} ms per idea (typing at Playwright's speed)")
    assert_not_reloaded(page)

    ideas = list(Idea.objects.filter(event=workshop, captured_by__isnull=False))
    assert sorted(idea.title for idea in ideas) == sorted(IDEAS)
    assert all(idea.author is None for idea in ideas)
    with_fields = {f.idea_id for f in IdeaField.objects.filter(idea__in=ideas, proposed=True)}
    assert len(with_fields) >= 8, "the classifier proposes fields for (almost) every idea"

    # Correct the first idea's fields by keyboard: open the row's choice, tick, save.
    row = page.locator(".capture-row").last
    row.get_by_role("link", name="Felder ändern").focus()
    page.keyboard.press("Enter")
    first_box = row.locator("input[type=checkbox]").first
    expect(first_box).to_be_focused()
    page.keyboard.press("Space")
    row.get_by_role("button", name="Felder speichern").focus()
    page.keyboard.press("Enter")
    expect(row.get_by_role("link", name="Felder ändern")).to_be_visible()
    corrected = Idea.objects.get(title=IDEAS[0])
    assert not IdeaField.objects.filter(idea=corrected, proposed=True).exists()
    assert_not_reloaded(page)
    check(page, "quick capture (ten ideas)", console_messages)
    screenshot(page, "participation-quick-capture")

    page.set_viewport_size({"width": 390, "height": 844})
    visit(page, f"{live_server.url}{URL}")
    check(page, "quick capture at 390 px", console_messages)
    screenshot(page, "participation-quick-capture-390")

    for path in ("ideen/themen/", "ideen/doppelungen/"):
        visit(page, f"{live_server.url}/agenden/beispielland/beteiligung/{path}")
        check(page, path, console_messages)
