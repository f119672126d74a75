"""The moderation queue and the report form in a real browser, at desktop and phone width:
an expert reports a forum post, the moderation hides it from the queue with a reason; axe,
no sideways page scroll and no CSP error on every page state."""

from playwright.sync_api import expect

from tests.browser.helpers import BROWSER_TEST
from tests.browser.test_matrix import check, visit

pytestmark = BROWSER_TEST

SLUG = "beispielland"


def test_report_and_hide_a_forum_post(page, live_server, demo, login, console_messages):
    from regioagenda.actors.models import Post
    from regioagenda.community.models import Report

    base = live_server.url
    post = (
        Post.objects.filter(thread__agenda__slug=SLUG, hidden__isnull=True, author__isnull=False)
        .exclude(author__email__startswith="expertin@")
        .order_by("pk")
        .first()
    )
    login("expertin")
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        visit(page, f"{base}/agenden/{SLUG}/akteure/forum/diskussion/{post.thread_id}/")
        check(page, f"thread ({width})", console_messages)
    visit(page, f"{base}/benachrichtigungen/melden/forum_post/{post.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Beitrag melden")
    check(page, "report form", console_messages)
    page.get_by_text("Beleidigung oder Belästigung").click()
    page.get_by_label("Erläuterung").fill("Der Ton ist daneben.")
    with page.expect_navigation():
        page.get_by_role("button", name="Melden", exact=True).click()
    expect(page.get_by_text("Die Moderation sieht sich den gemeldeten Beitrag an.")).to_be_visible()
    assert Report.objects.filter(target_id=post.pk, status="open").count() == 1

    page.context.clear_cookies()
    login("moderation")
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        visit(page, f"{base}/agenden/{SLUG}/beteiligung/moderation/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Moderation")
        check(page, f"moderation queue ({width})", console_messages)
    item = page.locator(f"#meldung-forum_post-{post.pk}")
    item.get_by_label("Grund (sieht der Verfasser; auch für eine Sperre)").fill("Bitte sachlich")
    with page.expect_navigation():
        item.get_by_role("button", name="Ausblenden").click()
    expect(page.get_by_text("Der Beitrag ist ausgeblendet")).to_be_visible()
    check(page, "moderation after hiding", console_messages)
    post.refresh_from_db()
    assert post.hidden_reason == "Bitte sachlich"
