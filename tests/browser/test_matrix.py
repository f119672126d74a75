"""The Smart-Region-Matrix in a real browser: every page, as each role that may open it.

One test per role, each on a freshly loaded demo (with the finished baseline round
"Erstbewertung 2026" of the public agenda "beispielland"). Every page gets an axe-core run
(WCAG 2.1 A/AA, serious and critical violations fail), a check that the page does not scroll
sideways, and one visible, role-specific assertion; after each page the console must be free of
Content-Security-Policy errors. The htmx parts (the consensus row, the field-by-field rating
form) must work under the strict CSP without a full page load.
"""

import re

from playwright.sync_api import expect

from tests.browser.helpers import BROWSER_TEST, assert_accessible, screenshot

pytestmark = BROWSER_TEST

SLUG = "beispielland"
MATRIX = f"/agenden/{SLUG}/matrix/"
CSP = "Content Security Policy"


def csp_errors(messages):
    return [m for m in messages if CSP in m]


def demo_round():
    from regioagenda.matrix.models import AssessmentRound

    return AssessmentRound.objects.get(agenda__slug=SLUG)


def visit(page, url, status=200):
    response = page.goto(url)
    assert response is not None
    assert response.status == status, f"{url}: HTTP {response.status}, expected {status}"
    return response


def check(page, label, messages):
    """axe on the page as it is now, no sideways page scroll, and no CSP error so far."""
    assert_accessible(page, label)
    assert_fits_width(page, label)
    assert not csp_errors(messages), f"{label}:\n" + "\n".join(csp_errors(messages))


def assert_fits_width(page, label):
    """Wide tables scroll inside their own box; the page itself never scrolls sideways."""
    scroll, client = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert scroll <= client, f"{label}: the page is {scroll}px wide in a {client}px window"


def mark_page(page):
    """Set a flag that only survives as long as no full page load happens."""
    page.evaluate("window.__noFullReload = true")


def assert_not_reloaded(page):
    assert page.evaluate("window.__noFullReload") is True, "the page was fully reloaded"


def test_matrix_pages_as_anonymous_visitor(page, live_server, demo, console_messages):
    base = live_server.url
    round_id = demo_round().pk

    # The matrix page: heatmap and radar as accessible SVGs, each with its data table.
    visit(page, f"{base}{MATRIX}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Smart-Region-Matrix")
    charts = page.locator(".matrix-charts")
    expect(charts.locator("svg.chart--heatmap[role=img]")).to_be_visible()
    expect(charts.locator("svg.chart--radar[role=img]")).to_be_visible()
    assert page.locator("#matrix-priorities ~ ol li").count() >= 1, "no confirmed priority field"
    # The peer comparison fits at 1280px: its last column is not hidden behind a scrollbar.
    peers = page.locator("section[aria-labelledby=matrix-peers] .table-scroll")
    assert peers.evaluate("e => e.scrollWidth <= e.clientWidth"), "the peer table overflows"
    check(page, "matrix page", console_messages)
    screenshot(page, "matrix-page")

    first_table = charts.locator("details.chart-figure__data").first
    table = first_table.locator("table")
    expect(table).to_be_hidden()
    first_table.locator("summary").click()
    expect(table).to_be_visible()
    assert table.locator("tbody tr").count() == 16, "the heatmap table lists the 16 fields"
    check(page, "matrix page with an unfolded data table", console_messages)

    # The public self-assessment (a participation survey of the round): two answers, then the
    # thanks page.
    from regioagenda.participation.models import Answer, Survey

    survey = Survey.objects.get(assessment_round_id=round_id)
    visit(page, f"{base}/agenden/beispielland/beteiligung/umfragen/{survey.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(survey.title)
    check(page, "survey form", console_messages)
    first = page.locator("fieldset.survey-field").first
    first.locator("input[type=radio][value='2']").check()
    first.locator("select").select_option("4")
    with page.expect_navigation():
        page.get_by_role("button", name="Antworten absenden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vielen Dank für Ihre Teilnahme!")
    check(page, "survey thanks page", console_messages)

    answers = Answer.objects.filter(response__survey=survey, response__is_example=False)
    given = answers.exclude(perceived=None, importance=None)
    assert list(given.values_list("perceived", "importance")) == [(2, 4)]

    # The indicators, read-only: no import, no hint about who may enter values.
    visit(page, f"{base}{MATRIX}indikatoren/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Indikatoren")
    assert page.locator("main table").count() == 16, "one table per field"
    assert page.get_by_role("link", name="Werte aus Datei importieren").count() == 0
    assert page.get_by_text("Werte eintragen und importieren können").count() == 0
    check(page, "indicators list (anonymous)", console_messages)


def test_matrix_pages_as_coordinator(page, live_server, demo, login, console_messages):
    from regioagenda.matrix.models import Indicator

    base = live_server.url
    round_id = demo_round().pk
    login("koordination")

    visit(page, f"{base}{MATRIX}runden/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Bewertungsrunden der Smart-Region-Matrix"
    )
    expect(page.get_by_role("link", name="Neue Bewertungsrunde")).to_be_visible()
    expect(page.get_by_role("link", name="Konsens zu „Erstbewertung 2026“")).to_be_visible()
    check(page, "rounds list (coordinator)", console_messages)

    visit(page, f"{base}{MATRIX}runden/{round_id}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Erstbewertung 2026")
    raters = page.locator("main table caption", has_text="Eingeladene Personen")
    expect(raters).to_have_count(1)  # the coordinator sees who rated
    check(page, "round detail (coordinator)", console_messages)

    visit(page, f"{base}{MATRIX}runden/neu/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Neue Bewertungsrunde")
    expect(page.get_by_label("Titel")).to_be_visible()
    check(page, "create round form", console_messages)

    visit(page, f"{base}{MATRIX}prioritaeten/")
    expect(page.get_by_role("heading", name="Prioritätsfelder bestätigen")).to_be_visible()
    check(page, "priorities (coordinator)", console_messages)

    visit(page, f"{base}{MATRIX}indikatoren/")
    expect(page.get_by_role("link", name="Werte aus Datei importieren")).to_be_visible()
    check(page, "indicators list (coordinator)", console_messages)

    indicator = (
        Indicator.objects.filter(field__version__is_active=True, max_value__isnull=False)
        .exclude(unit="ja/nein")
        .order_by("field__order", "pk")
        .first()
    )
    visit(page, f"{base}{MATRIX}indikatoren/{indicator.key}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(indicator.name)
    entry = page.locator("section[aria-labelledby=entry-heading]")
    expect(entry.get_by_role("heading", name="Wert eintragen")).to_be_visible()
    check(page, "indicator detail with entry form", console_messages)

    # A value above the allowed range comes back with the error at the field.
    too_big = str(int(indicator.max_value) + 50)
    entry.get_by_label("Wert", exact=False).first.fill(too_big)
    entry.get_by_label("Stichtag").fill("2025-06-30")
    with page.expect_navigation():
        entry.get_by_role("button", name="Wert speichern").click()
    error = entry.locator(".kern-form-input--error .kern-error")
    expect(error).to_be_visible()
    expect(error).to_contain_text(too_big)
    check(page, "indicator entry form with an out-of-range value", console_messages)

    visit(page, f"{base}{MATRIX}indikatoren/import/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Indikatorwerte importieren")
    expect(page.get_by_label("Datei (CSV oder Excel .xlsx)")).to_be_visible()
    check(page, "indicator import", console_messages)


def test_consensus_page_as_moderator_saves_a_row_with_htmx(
    page, live_server, demo, login, console_messages
):
    from regioagenda.matrix.models import Consensus

    base = live_server.url
    assessment_round = demo_round()
    first_field = assessment_round.version.fields.order_by("order").first()
    key = first_field.key
    login("moderation")

    url = f"{base}{MATRIX}runden/{assessment_round.pk}/konsens/"
    visit(page, url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Auswertung und Konsens")
    disputed = page.locator(".consensus-group--disputed").count()
    assert disputed >= 1
    expect(page.locator("main")).to_contain_text(f"{disputed} Felder brauchen Diskussion.")
    check(page, "consensus page", console_messages)
    # The rationale shows three lines, not KERN's one-line input height (48px).
    assert page.locator(f"#konsens-{key} textarea").bounding_box()["height"] >= 72
    screenshot(page, "matrix-consensus")

    # Change one row's rationale and save it: htmx swaps just that row.
    mark_page(page)
    row = page.locator(f"#konsens-{key}")
    rationale = "Im Browser-Test geändert: Begründung für die Festlegung."
    row.locator("textarea").fill(rationale)
    with page.expect_response(
        lambda r: r.request.method == "POST" and "/konsens/" in r.url
    ) as info:
        row.get_by_role("button", name=re.compile("Konsens speichern")).click()
    response = info.value
    assert response.request.headers.get("hx-request") == "true"
    assert "<html" not in response.text(), "htmx got a whole page instead of the row"
    row = page.locator(f"#konsens-{key}")
    expect(row.locator(".consensus-saved")).to_have_text("Konsens gespeichert.")
    expect(row.locator("textarea")).to_have_value(rationale)
    assert_not_reloaded(page)
    assert Consensus.objects.get(round=assessment_round, field=first_field).rationale == rationale
    check(page, "consensus page after an htmx save", console_messages)

    # On a phone the wide table scrolls in its box, and its screen-reader texts stay inside it.
    page.set_viewport_size({"width": 375, "height": 800})
    assert_fits_width(page, "consensus page at 375px")


def test_rating_form_as_expert(page, live_server, demo, login, console_messages):
    from regioagenda.accounts.models import User
    from regioagenda.matrix.models import RoundKind
    from regioagenda.matrix.services import rounds
    from regioagenda.regions.demo import demo_email
    from regioagenda.regions.models import Agenda

    agenda = Agenda.objects.get(slug=SLUG)
    coordinator = User.objects.get(email=demo_email("koordination"))
    expert = User.objects.get(email=demo_email("expertin"))
    second = rounds.create_round(
        actor=coordinator, agenda=agenda, title="Neubewertung", kind=RoundKind.REASSESSMENT
    )
    rounds.invite_raters(actor=coordinator, assessment_round=second, users=[expert])
    rounds.open_round(actor=coordinator, assessment_round=second)

    base = live_server.url
    login("expertin")
    visit(page, f"{base}{MATRIX}runden/{second.pk}/bewerten/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Meine Bewertung")
    progress = page.locator("label[for=rating-progress]")
    expect(progress).to_have_text("0 von 16 Feldern bewertet")
    expect(page.locator("#rating-step .kern-preline")).to_have_text("Feld 1 von 16")
    check(page, "rating form", console_messages)

    # Saving without levels: the errors come back (via htmx) at the two radio groups.
    mark_page(page)
    save = page.get_by_role("button", name="Speichern und weiter")
    with page.expect_response(lambda r: r.request.method == "POST"):
        save.click()
    expect(page.locator(".kern-fieldset--error")).to_have_count(2)
    expect(page.locator("#rating-step .kern-error").first).to_contain_text(
        "Bitte wählen Sie eine Stufe für IST"
    )
    assert_not_reloaded(page)
    for group in page.locator(".rating-levels__group").all():
        legend = group.locator("legend").bounding_box()
        error = group.locator(".kern-error").bounding_box()
        assert error["y"] >= legend["y"] + legend["height"] - 1, "the error sits beside the legend"
    check(page, "rating form with errors", console_messages)
    screenshot(page, "matrix-rating-error")

    # IST and SOLL for the first field, then on to the second.
    page.locator("input[name=ist][value='1']").check()
    page.locator("input[name=soll][value='3']").check()
    with page.expect_response(lambda r: r.request.method == "POST"):
        save.click()
    expect(progress).to_have_text("1 von 16 Feldern bewertet")
    expect(page.locator("#rating-progress")).to_have_attribute("value", "1")
    expect(page.locator("#rating-step .kern-preline")).to_have_text("Feld 2 von 16")
    expect(page.locator(".rating-saved")).to_contain_text("ist gespeichert")
    assert_not_reloaded(page)
    assert re.search(r"/bewerten/\?feld=\w+", page.url), f"htmx did not push the URL: {page.url}"
    check(page, "rating form, second field", console_messages)
    screenshot(page, "matrix-rating")

    # Keyboard: from the field's heading, Tab reaches the IST radios; arrows pick a level.
    page.locator("#field-heading").focus()
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "ist":
            break
    focused = page.evaluate(
        "({name: document.activeElement.name, type: document.activeElement.type,"
        " value: document.activeElement.value})"
    )
    assert focused == {"name": "ist", "type": "radio", "value": "0"}, focused
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert page.locator("input[name=ist]:checked").get_attribute("value") == "2"
    page.keyboard.press("Tab")
    assert page.evaluate("[document.activeElement.name, document.activeElement.type]") == [
        "soll",
        "radio",
    ]
    page.keyboard.press("Space")
    assert page.locator("input[name=soll]:checked").count() == 1


def test_participant_may_not_open_the_consensus_page(
    page, live_server, demo, login, console_messages
):
    base = live_server.url
    round_id = demo_round().pk
    login("teilnahme")
    visit(page, f"{base}{MATRIX}runden/{round_id}/konsens/", 403)
    assert "nicht freigegeben" in page.locator("main h1").inner_text()
    expect(page.locator("main .error-reason")).to_have_text(
        "Den Konsens legen Moderation und Koordination fest."
    )
    check(page, "consensus page refused to a participant", console_messages)
