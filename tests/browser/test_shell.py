"""The page shell in a real browser: static assets, htmx under the strict CSP, keyboard, language."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import BROWSER_TEST, axe_violations, screenshot

pytestmark = BROWSER_TEST

CSP = "Content Security Policy"


def csp_errors(messages):
    return [m for m in messages if CSP in m]


def test_kern_css_and_fonts_are_served_and_applied(page, live_server, console_messages):
    stylesheets = {}
    page.on(
        "response",
        lambda r: stylesheets.__setitem__(r.url, r.status) if r.url.endswith(".css") else None,
    )
    page.goto(f"{live_server.url}/")
    page.evaluate("document.fonts.ready")

    kern = f"{live_server.url}/static/vendor/kern/kern.min.css"
    assert stylesheets.get(kern) == 200, stylesheets
    assert stylesheets.get(f"{live_server.url}/static/regioagenda/app.css") == 200, stylesheets
    rules = page.evaluate(
        "href => [...document.styleSheets].find(s => s.href === href)?.cssRules.length ?? 0", kern
    )
    assert rules > 500, f"kern.min.css has only {rules} rules"
    # A KERN rule is in effect (not just app.css's fallback), and its web font is loaded.
    assert (
        page.locator("h1").evaluate("h => getComputedStyle(h).fontFamily").startswith('"Fira Sans"')
    )
    assert page.evaluate("document.fonts.check('16px \"Fira Sans\"')")
    padding = page.locator(".kern-kopfzeile").evaluate("e => getComputedStyle(e).paddingTop")
    assert padding == "5px", "the KERN Kopfzeile rule did not apply"
    assert page.locator(".kern-kopfzeile__flagge svg").bounding_box()["height"] <= 20
    assert not csp_errors(console_messages), csp_errors(console_messages)


def test_region_search_updates_the_results_with_htmx_under_the_csp(
    page, live_server, demo, console_messages
):
    page.goto(f"{live_server.url}/regionen/")
    # The CSP the page came with is the strict one: scripts only from self or with the nonce.
    csp = page.evaluate("fetch(location.href).then(r => r.headers.get('content-security-policy'))")
    assert re.search(r"script-src 'self' 'nonce-[^']+'", csp), csp
    assert page.evaluate("typeof htmx") == "object", "htmx did not load"
    page.evaluate("window.__noFullReload = true")
    results = page.locator("#region-results")
    assert "Würzburg" not in results.inner_text()  # the first page lists the seven Bezirke

    with page.expect_response(lambda r: "q=W%C3%BCrzburg" in r.url) as response_info:
        page.get_by_label("Name oder Schlüssel").press_sequentially("Würzburg", delay=20)
    response = response_info.value
    assert response.request.headers.get("hx-request") == "true"
    assert "<html" not in response.text(), "htmx got a whole page instead of the results partial"

    expect(results.locator("tbody")).to_contain_text("Würzburg")
    names = results.locator("tbody th").all_inner_texts()
    assert "Würzburg" in names, names
    assert page.evaluate("window.__noFullReload") is True, "the page was reloaded"
    assert "q=W%C3%BCrzburg" in page.url, "htmx did not push the search to the address bar"
    assert not csp_errors(console_messages), csp_errors(console_messages)
    screenshot(page, "region-search-wuerzburg")


def test_first_tab_reaches_the_skip_link_and_enter_moves_to_main(page, live_server):
    page.goto(f"{live_server.url}/")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "({text: document.activeElement.textContent.trim(), href: document.activeElement.getAttribute('href')})"
    )
    assert focused == {"text": "Zum Inhalt springen", "href": "#main"}
    assert page.locator(".skip-link").bounding_box()["y"] >= 0, (
        "the focused skip link is off screen"
    )
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_language_switch_to_english(page, live_server, demo):
    page.goto(f"{live_server.url}/regionen/")
    assert page.locator("html").get_attribute("lang") == "de"

    with page.expect_navigation():
        page.get_by_role("button", name="English").click()
    path = page.url.removeprefix(live_server.url)
    assert path.startswith("/en/"), path
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("link", name="Skip to content").count() == 1
    assert page.get_by_role("heading", level=1).inner_text() == "Regions"


def test_language_switch_back_to_german(page, live_server, demo):
    page.goto(f"{live_server.url}/en/regions/")
    assert page.locator("html").get_attribute("lang") == "en"
    with page.expect_navigation():
        page.get_by_role("button", name="Deutsch").click()
    assert page.url.removeprefix(live_server.url) == "/regionen/"
    assert page.locator("html").get_attribute("lang") == "de"


@pytest.mark.allow_console_error(r"status of 404 .*/static/missing\.png")
def test_axe_check_does_catch_violations(page, live_server):
    """Guards the accessibility tests against an axe run that silently checks nothing."""
    page.goto(f"{live_server.url}/")
    page.evaluate(
        """() => document.querySelector('main').insertAdjacentHTML('beforeend',
            '<input type="text"><img src="/static/missing.png">')"""
    )
    assert {v["id"] for v in axe_violations(page)} >= {"label", "image-alt"}


def test_console_guard_catches_inline_styles_and_script_errors(page, live_server, console_recorder):
    """Guards the autouse console check (conftest.py): a style attribute that the CSP blocks,
    as an htmx swap would bring it in, and an uncaught script error are both recorded."""
    page.goto(f"{live_server.url}/")
    page.evaluate(
        """() => htmx.swap('#main', '<p style="color: red">inline</p>', {swapStyle: 'beforeend'})"""
    )
    page.evaluate("() => setTimeout(() => { throw new Error('boom from the test'); })")
    page.wait_for_timeout(300)
    errors = console_recorder.take_errors()
    assert any("Content Security Policy" in e and "style" in e for e in errors), errors
    assert any("boom from the test" in e for e in errors), errors
