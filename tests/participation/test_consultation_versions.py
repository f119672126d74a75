"""New versions: paragraph keys that survive small edits, and the visible difference."""

from regioagenda.participation import diff
from regioagenda.participation.queries.consultation import paragraph_page, version_diff
from regioagenda.participation.services.consultation import add_version, comment_on_paragraph
from tests.participation_factories import participant
from tests.voting_factories import DRAFT_TEXT, open_draft, paragraphs_of

REVISED = """## 1. Ausgangslage

Der Landkreis Teamhausen hat 121.500 Einwohnerinnen und Einwohner in 31 Gemeinden.

## 2. Ziele

Das Landratsamt bietet alle Verwaltungsleistungen auch online an.

Bis 2030 sollen alle Haushalte einen Glasfaseranschluss haben können.

Jede Gemeinde benennt eine Ansprechperson für Digitales.
"""


def test_keys_survive_equal_moved_and_slightly_edited_paragraphs():
    old = [
        ("a", "Der Landkreis hat 120.000 Einwohner in 31 Gemeinden und viel Wald."),
        ("b", "Die Breitbandversorgung ist ungleich."),
        ("c", "Bis 2030 Glasfaser für alle."),
    ]
    new = [
        "Bis 2030 Glasfaser für alle.",
        "Der Landkreis hat 121.500 Einwohner in 31 Gemeinden und viel Wald.",
        "Etwas völlig anderes steht jetzt hier.",
    ]
    keys = diff.match_keys(old, new)
    assert keys[:2] == ["c", "a"]
    assert keys[2] not in ("a", "b", "c")


def test_comments_stay_with_their_paragraph_through_a_new_version(team):
    draft = open_draft(team)
    first = paragraphs_of(draft)
    user = participant(team.agenda)
    comment = comment_on_paragraph(actor=user, paragraph=first[0], body="Die Zahl ist veraltet.")

    add_version(actor=team.coordinator, draft=draft, text=REVISED, note="Zahlen aktualisiert")

    second = paragraphs_of(draft)
    assert second[0].key == first[0].key  # slightly edited
    assert {p.key for p in second} >= {first[2].key, first[3].key}  # moved, unchanged
    assert first[1].key not in {p.key for p in second}  # removed
    page = paragraph_page(draft, first[0].key)
    assert page.is_current and page.paragraph == second[0]
    assert [(t.comment, t.version) for t in page.threads] == [(comment, 1)]


def test_the_diff_marks_changed_words_new_and_removed_paragraphs(team):
    draft = open_draft(team)
    add_version(actor=team.coordinator, draft=draft, text=REVISED)
    one, two = draft.versions.order_by("number")

    changes = version_diff(one, two)

    assert (changes.changed, changes.added, changes.removed) == (1, 1, 1)
    kinds = [[p.kind for p in s.paragraphs] for s in changes.sections]
    assert kinds == [["changed", "removed"], ["same", "same", "added"]]
    changed = changes.sections[0].paragraphs[0].html
    assert "<del>" in changed and "120.000" in changed
    assert "<ins>" in changed and "121.500" in changed
    assert "[gestrichen: " in changed and "[eingefügt: " in changed
    assert "Breitbandversorgung" in changes.sections[0].paragraphs[1].html


def test_the_versions_page_shows_the_diff(team, client):
    draft = open_draft(team)
    add_version(actor=team.coordinator, draft=draft, text=REVISED, note="Zahlen aktualisiert")
    response = client.get(
        f"/agenden/{team.agenda.slug}/beteiligung/konsultation/{draft.pk}/fassungen/"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Änderungen von Fassung 1 zu Fassung 2" in html
    assert "1 Absatz geändert, 1 neu, 1 gestrichen" in html
    assert "Zahlen aktualisiert" in html
    assert (
        client.get(
            f"/agenden/{team.agenda.slug}/beteiligung/konsultation/{draft.pk}/fassungen/?von=²&zu=x"
        ).status_code
        == 200
    )


def test_an_unchanged_text_keeps_every_key(team):
    draft = open_draft(team)
    before = [p.key for p in paragraphs_of(draft)]
    add_version(actor=team.coordinator, draft=draft, text=DRAFT_TEXT)
    assert [p.key for p in paragraphs_of(draft)] == before
