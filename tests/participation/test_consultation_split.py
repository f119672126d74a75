"""Splitting a pasted or uploaded draft into sections and paragraphs."""

import io
import time

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from regioagenda.participation import diff
from regioagenda.participation.models import DraftParagraph, DraftSection
from regioagenda.participation.services.consultation import MAX_TEXT_CHARS, create_draft

MARKDOWN = """# Digitale Agenda Landkreis Teamhausen – Entwurf

## 1. Ausgangslage

Der Landkreis hat 120.000 Einwohner
in 31 Gemeinden.


Die Breitbandversorgung ist ungleich.

## 2. Ziele

- Glasfaser für alle Schulen
- Digitale Verwaltung:
  alle Leistungen online
1. Erstens
2. Zweitens

Ein Absatz nach den Listen.
"""


def test_markdown_headings_make_sections_and_blank_lines_paragraphs():
    sections = diff.split_text(MARKDOWN)

    assert [s.heading for s in sections] == ["1. Ausgangslage", "2. Ziele"]
    assert [p.html for p in sections[0].paragraphs] == [
        "<p>Der Landkreis hat 120.000 Einwohner in 31 Gemeinden.</p>",
        "<p>Die Breitbandversorgung ist ungleich.</p>",
    ]
    assert [p.html for p in sections[1].paragraphs] == [
        "<ul><li>Glasfaser für alle Schulen</li><li>Digitale Verwaltung: alle Leistungen online</li></ul>",
        "<ol><li>Erstens</li><li>Zweitens</li></ol>",
        "<p>Ein Absatz nach den Listen.</p>",
    ]


def test_rich_text_headings_and_markdown_lines_in_the_editor():
    html = (
        "<h2>Ziele</h2><p>Erster <strong>Absatz</strong></p><p></p><ul><li>a</li><li>b</li></ul>"
        "<p># Maßnahmen</p><p>Zweiter &amp; letzter</p>"
    )
    sections = diff.split_text(html)
    assert [s.heading for s in sections] == ["Ziele", "Maßnahmen"]
    assert [p.html for p in sections[0].paragraphs] == [
        "<p>Erster Absatz</p>",
        "<ul><li>a</li><li>b</li></ul>",
    ]
    assert sections[1].paragraphs[0].html == "<p>Zweiter &amp; letzter</p>"


def test_text_before_the_first_heading_and_without_headings():
    assert [s.heading for s in diff.split_text("Nur ein Absatz.\n\nUnd noch einer.")] == [
        "Vorbemerkung"
    ]


def test_markup_in_pasted_text_is_escaped():
    [section] = diff.split_text("Text mit <script>alert(1)</script> drin")
    assert "<script>" not in section.paragraphs[0].html


def test_anchors_are_unique():
    assert diff.anchors(["Ziele", "Ziele", "Über uns"]) == [
        "abschnitt-ziele",
        "abschnitt-ziele-2",
        "abschnitt-uber-uns",
    ]


def test_a_draft_is_stored_with_sections_and_paragraphs(team):
    draft = create_draft(actor=team.coordinator, agenda=team.agenda, title="Entwurf", text=MARKDOWN)

    sections = list(DraftSection.objects.filter(version__draft=draft))
    assert [(s.position, s.heading, s.anchor) for s in sections] == [
        (1, "1. Ausgangslage", "abschnitt-1-ausgangslage"),
        (2, "2. Ziele", "abschnitt-2-ziele"),
    ]
    assert DraftParagraph.objects.filter(draft=draft).count() == 5
    assert len(set(DraftParagraph.objects.values_list("key", flat=True))) == 5


def test_an_uploaded_docx_is_split_by_its_headings(team):
    import docx

    document = docx.Document()
    document.add_heading("Handlungsfeld Bildung", level=1)
    document.add_paragraph("Alle Schulen erhalten bis 2028 einen Glasfaseranschluss.")
    document.add_paragraph("Lehrkräfte werden fortgebildet.")
    document.add_heading("Handlungsfeld Verwaltung", level=1)
    document.add_paragraph("Das Landratsamt bietet alle Leistungen online an.")
    data = io.BytesIO()
    document.save(data)
    upload = SimpleUploadedFile(
        "entwurf.docx",
        data.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )

    draft = create_draft(actor=team.coordinator, agenda=team.agenda, title="Entwurf", upload=upload)

    version = draft.versions.get()
    assert version.source == "upload" and version.filename == "entwurf.docx"
    assert list(version.sections.values_list("heading", flat=True)) == [
        "Handlungsfeld Bildung",
        "Handlungsfeld Verwaltung",
    ]
    assert DraftParagraph.objects.filter(draft=draft).count() == 3


def test_a_broken_upload_is_refused_with_the_extractors_sentence(team):
    upload = SimpleUploadedFile("entwurf.docx", b"PK\x03\x04kaputt")
    with pytest.raises(ValidationError) as refused:
        create_draft(actor=team.coordinator, agenda=team.agenda, title="Entwurf", upload=upload)
    assert "upload" in refused.value.message_dict


def test_one_megabyte_is_refused_quickly_and_nothing_is_stored(team):
    text = ("Ein Satz über die Digitalisierung. " * 30 + "\n\n") * 1000
    assert len(text) > 1_000_000 > MAX_TEXT_CHARS
    started = time.monotonic()
    with pytest.raises(ValidationError, match="zu lang"):
        create_draft(actor=team.coordinator, agenda=team.agenda, title="Riesig", text=text)
    assert time.monotonic() - started < 1
    assert not DraftSection.objects.exists()


def test_a_long_draft_within_the_limit_is_split_in_time(team):
    text = "".join(
        f"## Abschnitt {n}\n\n" + ("Ein Satz über Glasfaser und Schulen. " * 20 + "\n\n") * 10
        for n in range(70)
    )
    assert len(text) < MAX_TEXT_CHARS
    started = time.monotonic()
    draft = create_draft(actor=team.coordinator, agenda=team.agenda, title="Lang", text=text)
    assert time.monotonic() - started < 10
    assert DraftParagraph.objects.filter(draft=draft).count() == 700


def test_empty_text_is_refused(team):
    with pytest.raises(ValidationError, match="keinen Text"):
        create_draft(
            actor=team.coordinator, agenda=team.agenda, title="Leer", text="\n\n## Nur\n\n"
        )
