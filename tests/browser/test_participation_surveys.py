"""Surveys in a real browser, on the demo: an anonymous visitor answers the general survey at
390 px and sees the results; the editor reorders questions with htmx (no full page load). Every
page gets axe-core, a no-sideways-scroll check and no CSP error."""

from playwright.sync_api import expect

from tests.browser.helpers import BROWSER_TEST, assert_accessible, screenshot
from tests.browser.test_matrix import assert_fits_width, csp_errors, visit

pytestmark = BROWSER_TEST

SURVEYS = "/agenden/beispielland/beteiligung/umfragen/"


def check(page, label, messages):
    assert_accessible(page, label)
    assert_fits_width(page, label)
    assert not csp_errors(messages), f"{label}:\n" + "\n".join(csp_errors(messages))


def general_survey():
    from regioagenda.participation.models import Survey

    return Survey.objects.get(agenda__slug="beispielland", title="Digitale Angebote im Alltag")


def test_anonymous_visitor_answers_on_a_phone(page, live_server, demo, console_messages):
    from regioagenda.participation.models import Response

    page.set_viewport_size({"width": 390, "height": 844})
    survey = general_survey()
    base = live_server.url
    visit(page, f"{base}{SURVEYS}")
    check(page, "survey list (390 px)", console_messages)
    visit(page, f"{base}{SURVEYS}{survey.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(survey.title)
    check(page, "survey form (390 px)", console_messages)
    screenshot(page, "survey-form-390")
    # Submitting without the required first answer says so at the question.
    with page.expect_navigation():
        page.get_by_role("button", name="Antworten absenden").click()
    expect(
        page.locator(".kern-error", has_text="Bitte beantworten Sie diese Frage.")
    ).to_have_count(2)
    page.get_by_label("Online von zu Hause").check()
    page.get_by_label("Rufbus-App").check()
    page.locator("section.survey-question").nth(2).get_by_label("4", exact=True).check()
    page.locator("textarea").first.fill("Mehr WLAN an den Bushaltestellen")
    with page.expect_navigation():
        page.get_by_role("button", name="Antworten absenden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vielen Dank für Ihre Teilnahme!")
    check(page, "survey thanks (390 px)", console_messages)
    assert Response.objects.filter(survey=survey, is_example=False).count() == 1

    visit(page, f"{base}{SURVEYS}{survey.pk}/ergebnisse/")
    expect(page.locator("figure.chart-figure").first).to_be_visible()
    check(page, "survey results (390 px)", console_messages)
    screenshot(page, "survey-results-390")


def test_editor_reorders_questions_with_htmx(page, live_server, demo, login, console_messages):
    survey = general_survey()
    login("redaktion")
    visit(page, f"{live_server.url}{SURVEYS}{survey.pk}/bearbeiten/")
    check(page, "survey editor", console_messages)
    titles = page.locator("#survey-questions .survey-editor .kern-title")
    before = titles.all_inner_texts()
    page.evaluate("window.__noFullReload = true")
    page.locator("#survey-questions button", has_text="Nach oben").last.click()
    expect(titles.last).to_have_text(before[-2])
    assert page.evaluate("window.__noFullReload") is True, "the page was fully reloaded"
    check(page, "survey editor after a move", console_messages)
