"""The rich-text editor in a real browser, used with the keyboard only.

A field summary and forum posts are written with Ctrl+B and the toolbar's list button, reached
with Shift+Tab and the arrow keys, and sent with Tab and Enter; the stored HTML must be the clean
subset the sanitiser keeps. The reply form that htmx swaps in gets its editor too. The autouse
console guard (conftest.py) fails on any console error, so a CSP refusal of a style or script of
the editor fails the test; every page state gets an axe run.
"""

from playwright.sync_api import expect

from tests.browser.helpers import BROWSER_TEST, screenshot
from tests.browser.test_matrix import assert_not_reloaded, check, mark_page, visit

pytestmark = BROWSER_TEST

AGENDA = "/agenden/beispielland/"


def press_toolbar_button(page, editor, name):
    """From the editor, Shift+Tab into its toolbar, arrow to the button ``name``, press Enter."""
    editor.press("Shift+Tab")
    toolbar = page.locator(".richtext__toolbar").filter(has=page.locator(":focus"))
    expect(toolbar).to_have_attribute("role", "toolbar")
    for _ in range(toolbar.get_by_role("button").count()):
        if page.evaluate("document.activeElement.textContent") == name:
            break
        page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.textContent") == name, f"no button {name}"
    page.keyboard.press("Enter")


def write_with_keyboard(page, editor, *, first, bold, items):
    """A paragraph with a bold word, then a bullet list, typed into the focused ``editor``."""
    page.keyboard.type(first + " ")
    page.keyboard.press("Control+b")
    page.keyboard.type(bold)
    page.keyboard.press("Control+b")
    page.keyboard.type(".")
    page.keyboard.press("Enter")
    press_toolbar_button(page, editor, "Aufzählung")
    # The button gives the focus back to the text, and shows that the list is on.
    expect(editor).to_be_focused()
    expect(page.get_by_role("button", name="Aufzählung", pressed=True).first).to_be_visible()
    for number, item in enumerate(items):
        if number:
            page.keyboard.press("Enter")
        page.keyboard.type(item)


def expected_html(*, first, bold, items):
    listed = "".join(f"<li><p>{item}</p></li>" for item in items)
    return f"<p>{first} <strong>{bold}</strong>.</p><ul>{listed}</ul>"


def saved_post(page, after=None):
    """The post that the status line after an htmx submit links to ("Zum Beitrag")."""
    status = page.locator("#forum-posts .forum-saved[role=status] a")
    if after is not None:
        expect(status).not_to_have_attribute("href", f"#{after.get_attribute('id')}")
    expect(status).to_be_visible()
    return page.locator(status.get_attribute("href"))


def test_field_summary_written_with_the_keyboard(page, live_server, demo, login, console_messages):
    from regioagenda.matrix.models import MatrixField
    from regioagenda.sources.models import FieldSummary

    field = MatrixField.objects.filter(version__is_active=True).order_by("order", "pk").first()
    assert field is not None, "the demo has no active framework"
    login("koordination")
    visit(page, f"{live_server.url}{AGENDA}konzepte/felder/{field.key}/")

    editor = page.get_by_role("textbox", name="Zusammenfassung")
    expect(editor).to_be_visible()
    expect(editor).to_have_attribute("aria-multiline", "true")
    expect(editor).to_have_attribute("aria-describedby", "id_text_helptext")
    # Without the script this is the form field; with it, it is hidden and kept in step.
    expect(page.locator("textarea[name=text]")).to_be_hidden()
    expect(page.get_by_role("toolbar", name="Textformat")).to_be_visible()
    check(page, "field summary with editor", console_messages)
    page.set_viewport_size({"width": 390, "height": 844})  # the toolbar wraps on a phone
    check(page, "field summary with editor at 390px", console_messages)
    screenshot(page, "editor-field-summary-390")
    page.set_viewport_size({"width": 1280, "height": 800})

    editor.focus()
    page.keyboard.press("Control+a")
    page.keyboard.press("Delete")
    words = {"first": "Der Landkreis plant", "bold": "Glasfaser", "items": ["Schulen", "Ämter"]}
    write_with_keyboard(page, editor, **words)
    check(page, "field summary while writing", console_messages)
    screenshot(page, "editor-field-summary")

    page.keyboard.press("Tab")  # Tab leaves the editor, also inside a list (no keyboard trap)
    expect(page.get_by_role("button", name="Speichern")).to_be_focused()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".sources-curated strong")).to_have_text("Glasfaser")

    summary = FieldSummary.objects.get(agenda__slug="beispielland", field=field)
    assert summary.is_curated
    assert summary.text == expected_html(**words)
    check(page, "field summary saved", console_messages)


def test_forum_post_and_reply_written_with_the_keyboard(
    page, live_server, demo, login, console_messages
):
    login("expertin")
    visit(page, f"{live_server.url}{AGENDA}akteure/forum/")
    page.get_by_role("link", name="Mobilität").click()
    # The form of a new thread has the editor as well.
    expect(page.get_by_role("textbox", name="Erster Beitrag")).to_be_visible()
    check(page, "forum field with editor", console_messages)
    page.locator("main a[href*='/forum/diskussion/']").first.click()
    check(page, "forum thread with editor", console_messages)

    mark_page(page)
    form = page.locator("form[aria-labelledby=new-post-heading]")
    editor = form.get_by_role("textbox", name="Ihr Beitrag")
    editor.focus()
    words = {"first": "Ich schlage vor", "bold": "Carsharing", "items": ["Bahnhof", "Rathaus"]}
    write_with_keyboard(page, editor, **words)
    page.keyboard.press("Tab")
    expect(form.get_by_role("button", name="Beitrag senden")).to_be_focused()
    page.keyboard.press("Enter")
    post = saved_post(page)
    assert_not_reloaded(page)
    # The page shows the stored body as it is (``|safe``), so its HTML is what was stored.
    assert post.locator(".forum-post__body").inner_html() == expected_html(**words)
    check(page, "forum thread after post", console_messages)

    # The reply forms came with htmx's swap; their editors start on htmx:load.
    reply = post.locator("details.forum-post__action").first
    reply.locator("summary").focus()
    page.keyboard.press("Enter")
    reply_editor = reply.get_by_role("textbox", name="Ihre Antwort an")
    expect(reply_editor).to_be_visible()
    expect(reply.locator("textarea[name=body]")).to_be_hidden()
    reply_editor.focus()
    page.keyboard.type("Gute Idee, ")
    page.keyboard.press("Control+b")
    page.keyboard.type("danke")
    page.keyboard.press("Control+b")
    page.keyboard.type(". Mehr: ")
    # The link button asks for the address; a javascript: address is refused with a message.
    answers = iter(["javascript:alert(1)", "https://example.org/mobil"])
    dialogs = []

    def answer(dialog):
        dialogs.append(dialog.type)
        if dialog.type == "prompt":
            dialog.accept(next(answers))
        else:
            dialog.accept()

    page.on("dialog", answer)
    press_toolbar_button(page, reply_editor, "Link")
    press_toolbar_button(page, reply_editor, "Link")
    page.remove_listener("dialog", answer)
    assert dialogs == ["prompt", "alert", "prompt"]
    expect(reply_editor.locator("a")).to_have_count(1)
    page.keyboard.press("Tab")
    expect(reply.get_by_role("button", name="Antwort senden")).to_be_focused()
    page.keyboard.press("Enter")
    answer = saved_post(page, after=post)
    assert_not_reloaded(page)
    assert answer.locator(".forum-post__body").inner_html() == (
        "<p>Gute Idee, <strong>danke</strong>. Mehr: "
        '<a href="https://example.org/mobil" rel="noopener noreferrer nofollow">'
        "https://example.org/mobil</a></p>"
    )
    # A reply sits in the list of replies below the post it answers.
    expect(post.locator(".forum-replies").locator(f"#{answer.get_attribute('id')}")).to_have_count(
        1
    )
    check(page, "forum thread after reply", console_messages)
    screenshot(page, "editor-forum-thread")
