"""Ideas in a real browser: the list and an idea page pass axe and fit 390 px, the support
button and a comment work through htmx without a full page load, and the new-idea form shows
its fields (a honeypot placed wrongly once hid whole forms)."""

import contextlib

from playwright.sync_api import expect

from tests.browser.helpers import BROWSER_TEST, screenshot
from tests.browser.test_matrix import assert_not_reloaded, check, mark_page, visit

pytestmark = BROWSER_TEST

IDEAS = "/agenden/beispielland/beteiligung/ideen/"


@contextlib.contextmanager
def _collecting():
    """The demo stands in the consultation; its ideas belong to the step "Projekte", whose
    supports are open while it runs: go back there for the test, and forward again after."""
    from regioagenda.participation.models import Phase
    from regioagenda.regions.models import Agenda, AgendaStep, StepState

    agenda = Agenda.objects.get(slug="beispielland")
    phase = Phase.objects.get(agenda=agenda, step="projects")
    ends_on = phase.ends_on
    states = dict(AgendaStep.objects.filter(agenda=agenda).values_list("key", "state"))
    Agenda.objects.filter(pk=agenda.pk).update(current_step="projects")
    AgendaStep.objects.filter(agenda=agenda, key="projects").update(state=StepState.CURRENT)
    AgendaStep.objects.filter(agenda=agenda, key=agenda.current_step).update(
        state=StepState.UPCOMING
    )
    Phase.objects.filter(pk=phase.pk).update(ends_on=None)
    try:
        yield
    finally:
        Agenda.objects.filter(pk=agenda.pk).update(current_step=agenda.current_step)
        for key, state in states.items():
            AgendaStep.objects.filter(agenda=agenda, key=key).update(state=state)
        Phase.objects.filter(pk=phase.pk).update(ends_on=ends_on)


def test_ideas_support_and_comment_through_htmx(page, live_server, demo, console_messages, login):

    with _collecting():
        _walk_support_and_comment(page, live_server, console_messages, login)


def _walk_support_and_comment(page, live_server, console_messages, login):
    from allauth.account.models import EmailAddress

    from regioagenda.regions.demo import demo_email

    EmailAddress.objects.filter(email=demo_email("teilnahme")).update(verified=True)
    base = live_server.url
    login("teilnahme")
    page.set_viewport_size({"width": 390, "height": 844})
    visit(page, f"{base}{IDEAS}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ideen")
    check(page, "idea list 390", console_messages)
    screenshot(page, "participation-ideas-390")

    from regioagenda.participation.models import Idea

    # An idea of the running step that takes supports (the list's newest may come from a
    # workshop of another step).
    open_idea = Idea.objects.filter(
        agenda__slug="beispielland", step="projects", status="new", hidden__isnull=True
    ).first()
    page.locator(f'#idea-rows a[href$="/ideen/{open_idea.pk}/"]').first.click()
    check(page, "idea page 390", console_messages)
    mark_page(page)
    support = page.locator(".idea-support")
    support.get_by_role("button").click()
    expect(page.locator(".idea-support button")).to_have_attribute("aria-pressed", "true")
    assert_not_reloaded(page)

    form = page.locator("form[aria-labelledby=new-comment-heading]")
    form.get_by_role("textbox", name="Ihr Kommentar").fill("Ein Kommentar aus dem Browsertest.")
    form.get_by_role("button", name="Kommentar senden").click()
    expect(page.locator("#kommentare")).to_contain_text("Ein Kommentar aus dem Browsertest.")
    assert_not_reloaded(page)
    check(page, "idea page after comment", console_messages)

    page.set_viewport_size({"width": 1280, "height": 900})
    visit(page, f"{base}{IDEAS}neu/")
    expect(page.get_by_role("button", name="Idee veröffentlichen")).to_be_visible()
    expect(page.get_by_label("Titel Ihrer Idee")).to_be_visible()
    check(page, "new idea", console_messages)
