"""Wide tables at 1280 and 390 px: they scroll inside their own box, never widen the page.

The demo agenda "beispielland" gets 15 analysed documents whose passages cover all 16 fields
(real Landkreise have ten and more concepts). At both widths the concept coverage (fields ×
documents), a document's passage review, the actors' coverage grid (sectors × fields, with the
invitation suggestions) and the matrix page must not be wider than the window; the sum column and
the last document column must be reachable by scrolling the table's own region and then be
visible (not hidden under the sticky first column); the field select of the passage review must
show a field's full name. Every page gets axe (serious and critical fail) and a screenshot in
var/screenshots/ (wide-*.png).
"""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import BROWSER_TEST, assert_accessible, screenshot
from tests.browser.test_matrix import visit

pytestmark = BROWSER_TEST

SLUG = "beispielland"
WIDTHS = [1280, 390]
DOCUMENTS = 15


def _fifteen_documents():
    """Grow the demo's analysed concepts to 15, each with a passage in every one of the 16
    fields (some accepted), with the long titles real concepts have."""
    from regioagenda.matrix.queries.framework import active_version
    from regioagenda.sources.models import (
        DocumentStatus,
        Passage,
        PassageState,
        SourceDocument,
    )

    template = SourceDocument.objects.filter(agenda__slug=SLUG).order_by("pk").first()
    assert template is not None, "the demo has no concept"
    version = active_version()
    assert version is not None
    fields = list(version.fields.order_by("order"))
    assert len(fields) == 16
    existing = SourceDocument.objects.filter(agenda=template.agenda).count()
    documents = []
    for number in range(existing, DOCUMENTS):
        documents.append(
            SourceDocument.objects.create(
                agenda=template.agenda,
                title=f"Integriertes Kreisentwicklungskonzept Landkreis Beispielland, Teil {number}",
                doc_type=template.doc_type,
                year=2010 + number,
                file=template.file.name,
                token=f"wide-tables-{number}",
                extension=template.extension,
                original_name=template.original_name,
                size=template.size,
                page_count=40,
                status=DocumentStatus.ANALYSED,
                version=template.version,
            )
        )
    Passage.objects.bulk_create(
        Passage(
            document=document,
            order=index,
            page_start=index + 1,
            page_end=index + 1,
            headings=[document.title, f"{index + 1} {field.name_de}"],
            text=(
                f"Im Handlungsfeld {field.name_de} plant der Landkreis mehrere Vorhaben, "
                "die in diesem Abschnitt mit Zielen, Zuständigkeiten und Kosten beschrieben "
                "werden. " * 4
            ),
            scores=[[field.key, 0.9], [fields[index - 1].key, 0.05]],
            field=field,
            state=PassageState.ACCEPTED if index % 3 == 0 else PassageState.SUGGESTED,
        )
        for document in documents
        for index, field in enumerate(fields)
    )
    return documents


def _reachable(page, locator, label):
    """Scroll the element into view inside its scroll box; it must then lie inside the window
    and be what the window shows at its centre (not covered by the sticky first column)."""
    handle = locator.element_handle()
    assert handle is not None, f"{label}: not found"
    handle.evaluate(
        "el => el.scrollIntoView({block: 'center', inline: 'center', behavior: 'instant'})"
    )
    box = handle.bounding_box()
    width = page.evaluate("window.innerWidth")
    assert box is not None and box["width"] > 0, f"{label}: not rendered"
    assert box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5, (
        f"{label}: at x={box['x']:.0f}..{box['x'] + box['width']:.0f} in a {width}px window"
    )
    on_top = handle.evaluate(
        """el => { const r = el.getBoundingClientRect();
                   const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
                   if (hit !== null && (el === hit || el.contains(hit))) return "";
                   return hit === null ? "nothing" : hit.outerHTML.slice(0, 200); }"""
    )
    assert not on_top, f"{label}: covered by another element (the sticky column?): {on_top}"


def _in_scroll_region(locator, label):
    """The table sits in a keyboard-focusable scroll region labelled by its caption."""
    region = locator.locator("xpath=ancestor::div[@role='region'][1]")
    expect(region, f"{label}: no scroll region").to_have_attribute("tabindex", "0")
    labelled = region.get_attribute("aria-labelledby")
    assert labelled, f"{label}: the region is not labelled"
    assert locator.locator(f"caption#{labelled}").count() == 1, f"{label}: not its caption"


def _check(page, label):
    screenshot(page, f"wide-{label}")
    width, overflowing = page.evaluate(
        """() => [document.documentElement.scrollWidth,
                  [...document.querySelectorAll('body *')]
                    .filter(el => el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0
                                  && getComputedStyle(el).overflowX === 'visible')
                    .slice(0, 6)
                    .map(el => `${el.tagName}.${el.className} ${el.scrollWidth}/${el.clientWidth}`)]"""
    )
    client = page.evaluate("document.documentElement.clientWidth")
    assert width <= client, f"{label}: the page is {width}px wide in {client}px: {overflowing}"
    assert_accessible(page, label)


@pytest.mark.parametrize("width", WIDTHS)
def test_wide_tables_fit(page, live_server, demo, login, width):
    documents = _fifteen_documents()
    base = f"{live_server.url}/agenden/{SLUG}"
    page.set_viewport_size({"width": width, "height": 900})
    login("koordination")

    # Concept coverage: 16 fields × 15 documents, the sum right after the field name.
    visit(page, f"{base}/konzepte/abdeckung/")
    table = page.locator("table.sources-coverage")
    _in_scroll_region(table, "coverage")
    headers = table.locator("thead th")
    expect(headers).to_have_count(2 + DOCUMENTS)
    expect(headers.nth(1)).to_have_text("Summe")
    # Columns run newest first, so the oldest concept heads the last column.
    expect(headers.last.locator("abbr")).to_have_attribute("title", documents[0].title)
    expect(page.locator(".sources-legend dd")).to_have_count(DOCUMENTS)
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(16)
    _reachable(page, rows.last.locator("td").last, "coverage: last document of the last field")
    _reachable(page, rows.last.locator("td").first, "coverage: sum of the last field")
    _reachable(page, headers.last, "coverage: last document header")
    _check(page, f"coverage-{width}")

    # Passage review of a document: the field select shows a whole field name.
    visit(page, f"{base}/konzepte/{documents[0].pk}/")
    select = page.locator("table.sources-passages select[name=field]").first
    select.select_option(label="IT-Infrastruktur")
    _reachable(page, select, "passage review: field select")
    fits = select.evaluate(
        "el => el.getBoundingClientRect().width >= 12 * parseFloat(getComputedStyle(el).fontSize)"
    )
    assert fits, "passage review: the field select is narrower than 12em"
    _reachable(
        page,
        page.locator("table.sources-passages").get_by_role("button", name="Zuordnen").first,
        "passage review: assign button",
    )
    _check(page, f"passages-{width}")

    # Actors' coverage grid: 10 sectors × 16 fields, then the suggestions with "Einladen".
    visit(page, f"{base}/akteure/abdeckung/")
    grid = page.locator("table.actors-coverage")
    _in_scroll_region(grid, "actors coverage")
    expect(grid.locator("thead th")).to_have_count(17)
    _reachable(page, grid.locator("thead th").last, "actors coverage: last field")
    _reachable(page, grid.locator("tbody tr").last.locator("td").last, "actors coverage: cell")
    _reachable(page, grid.locator("tbody tr").last.locator("th"), "actors coverage: sector")
    _check(page, f"actors-coverage-{width}")
    # The suggestions of the first gap whose field the programme's pool can fill.
    links = page.locator("#luecken ~ ul a").filter(has_text="Vorschläge")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    invite = (
        page.locator("#vorschlaege")
        .locator("xpath=..")
        .locator("button")
        .filter(has_text="Einladen")
    )
    for href in hrefs:
        visit(page, f"{base}/akteure/abdeckung/{href}")
        if invite.count():
            break
    assert invite.count(), "no gap of the demo has suggestions to invite"
    for button in invite.all():
        spills = button.evaluate(
            "el => { const l = el.querySelector('.kern-label').getBoundingClientRect();"
            " const b = el.getBoundingClientRect();"
            " return l.left < b.left - 0.5 || l.right > b.right + 0.5; }"
        )
        assert not spills, "the label spills out of its 'Einladen' button"
    _reachable(page, invite.last, "suggestions: last 'Einladen' button")
    _check(page, f"actors-suggestions-{width}")

    # The matrix page: every table reachable to its last column.
    visit(page, f"{base}/matrix/")
    for index, scroll_table in enumerate(page.locator(".table-scroll table").all()):
        if not scroll_table.is_visible():
            continue  # a folded <details> data table
        _reachable(page, scroll_table.locator("tr").last.locator("th, td").last, f"matrix {index}")
    _check(page, f"matrix-{width}")
