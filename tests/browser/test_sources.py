"""Existing concepts in a real browser: reviewing a passage swaps its row through htmx.

The autouse console guard (conftest.py) fails the test on any console error, so the swap must
work under the strict CSP (no inline styles, no inline scripts).
"""

from playwright.sync_api import expect

from tests.browser.helpers import BROWSER_TEST
from tests.browser.test_matrix import assert_not_reloaded, check, mark_page, visit

pytestmark = BROWSER_TEST


def test_passage_review_swaps_the_row_through_htmx(
    page, live_server, demo, login, console_messages
):
    from regioagenda.sources.models import Passage

    passage = (
        Passage.objects.filter(document__agenda__slug="beispielland")
        .exclude(state="rejected")
        .order_by("document_id", "pk")
        .first()
    )
    assert passage is not None, "the demo has no passage to review"
    login("koordination")
    visit(page, f"{live_server.url}/agenden/beispielland/konzepte/{passage.document_id}/")
    row = page.locator(f"#passage-{passage.pk}")
    expect(row).to_be_visible()

    mark_page(page)
    row.get_by_role("button", name="Verwerfen").click()
    expect(page.locator(f"#passage-{passage.pk}")).to_contain_text("Verworfen")
    assert_not_reloaded(page)
    check(page, "passage rejected", console_messages)
