"""Extraction of every supported file type, end to end on generated documents."""

import re

import pytest

from regioagenda.sources.extract import ExtractionError, extract, format_size
from regioagenda.sources.passages import document_passages, paragraphs

from .conftest import HYPHENATED_WORDS, SAMPLE_HTML, SAMPLE_MARKDOWN, SAMPLE_TEXT

LEFTOVER_HYPHENS = re.compile("[\u2010\u00ad\ufffe]")


def by_heading(passages):
    return {tuple(passage.headings): passage for passage in passages}


# PDF -------------------------------------------------------------------------------------------


def test_pdf_pages_headings_and_page_numbers(sample_pdf):
    extraction = extract(sample_pdf)
    assert extraction.kind == "pdf"
    assert extraction.page_count == 3
    assert [page.number for page in extraction.pages] == [1, 2, 3]
    assert extraction.title == "Digitalstrategie Musterland"

    headings = [(p.level, p.text, p.page_start) for p in paragraphs(extraction) if p.level]
    assert headings == [
        (1, "1 Einleitung", 1),
        (2, "1.1 Ausgangslage", 1),
        (1, "2 Handlungsfelder", 2),
        (2, "2.1 Breitband und Glasfaser", 2),
        (2, "2.2 Mobilität", 3),
    ]
    passages = by_heading(document_passages(extraction))
    assert set(passages) == {
        ("1 Einleitung",),
        ("1 Einleitung", "1.1 Ausgangslage"),
        ("2 Handlungsfelder", "2.1 Breitband und Glasfaser"),
        ("2 Handlungsfelder", "2.2 Mobilität"),
    }
    broadband = passages[("2 Handlungsfelder", "2.1 Breitband und Glasfaser")]
    assert (broadband.page_start, broadband.page_end) == (2, 2)
    assert broadband.text.startswith("Ziel ist es, bis 2030 alle Haushalte")
    mobility = passages[("2 Handlungsfelder", "2.2 Mobilität")]
    assert mobility.page_start == 3


def test_pdf_hyphenation_from_weasyprint_is_repaired(sample_pdf):
    extraction = extract(sample_pdf)
    raw = "\n".join(page.text for page in extraction.pages)
    assert "\u2010\n" in raw, "the narrow column should make WeasyPrint hyphenate"
    text = "\n".join(passage.text for passage in document_passages(extraction))
    assert not LEFTOVER_HYPHENS.search(text)
    for word in HYPHENATED_WORDS:
        assert word in text
    for word in ("Gigabitförderprogramms", "Telekommunikationsunternehmen", "Mobilfunkempfang"):
        assert word in text
    # Real hyphens stay: a compound with a capital after the hyphen, a suspended compound.
    assert "E-Government-Portal" in text
    assert "Bürger- und Unternehmensservices" in text


def test_pdf_running_header_and_footer_are_left_out(sample_pdf):
    text = "\n".join(passage.text for passage in document_passages(extract(sample_pdf)))
    assert "Seite" not in text
    assert "Digitalstrategie Musterland" not in text


def test_pdf_paragraph_across_a_page_break_is_one_passage_with_both_pages(spanning_pdf):
    extraction = extract(spanning_pdf)
    assert extraction.page_count >= 2
    passages = document_passages(extraction)
    spanning = [p for p in passages if p.page_start < p.page_end]
    assert spanning, [(p.page_start, p.page_end) for p in passages]
    passage = spanning[0]
    # The words of page 2 are cited with page 2.
    last_offset = len(passage.text) - 5
    assert passage.page_at(0) == passage.page_start
    assert passage.page_at(last_offset) == passage.page_end
    assert not LEFTOVER_HYPHENS.search(passage.text)
    assert all(len(p.text) <= 1200 * 1.5 for p in passages)


def test_pdf_from_bytes_and_file_object(sample_pdf):
    data = sample_pdf.read_bytes()
    assert extract(data, "x.pdf").page_count == 3
    with sample_pdf.open("rb") as handle:
        assert extract(handle, "x.pdf").page_count == 3


# DOCX, ODT ------------------------------------------------------------------------------------


def test_docx_headings_from_styles_and_pages_from_page_breaks(sample_docx):
    extraction = extract(sample_docx)
    assert extraction.kind == "docx"
    assert extraction.title == "Digitalstrategie Musterhausen"
    assert extraction.page_count == 2
    headings = [(p.level, p.text, p.page_start) for p in paragraphs(extraction) if p.level]
    assert headings == [
        (1, "1 Einleitung", 1),
        (2, "1.1 Ausgangslage", 1),
        (1, "2 Handlungsfelder", 2),
        (2, "2.1 Mobilität", 2),
    ]
    passages = by_heading(document_passages(extraction))
    mobility = passages[("2 Handlungsfelder", "2.1 Mobilität")]
    assert mobility.page_start == 2
    assert "Rufbus in allen Gemeinden" in mobility.text
    assert "M 2.2 Ladesäulen | 2027" in mobility.text  # table rows, cells joined
    # The title is the document's title, not a section heading.
    assert all("Digitalstrategie Musterhausen" not in p.headings for p in passages.values())


def test_docx_rendered_page_breaks_count_when_word_recorded_them(tmp_path):
    import docx
    from docx.oxml import OxmlElement

    document = docx.Document()
    document.add_heading("Teil A", 1)
    document.add_paragraph("Erster Absatz auf Seite eins.")
    second = document.add_paragraph()
    second.add_run()._r.append(OxmlElement("w:lastRenderedPageBreak"))
    second.add_run("Dieser Absatz steht auf Seite zwei.")
    third = document.add_paragraph("Er beginnt auf Seite zwei ")
    run = third.add_run()
    run._r.append(OxmlElement("w:lastRenderedPageBreak"))
    third.add_run("und endet auf Seite drei.")
    path = tmp_path / "gerendert.docx"
    document.save(path)

    extraction = extract(path)
    assert extraction.page_count == 3
    pages = {p.text: (p.page_start, p.page_end) for p in paragraphs(extraction) if not p.level}
    assert pages["Erster Absatz auf Seite eins."] == (1, 1)
    assert pages["Dieser Absatz steht auf Seite zwei."] == (2, 2)
    assert pages["Er beginnt auf Seite zwei und endet auf Seite drei."] == (2, 3)


def test_odt_headings_lists_soft_page_breaks_and_title(sample_odt):
    extraction = extract(sample_odt)
    assert extraction.kind == "odt"
    assert extraction.title == "Klimaschutzkonzept"
    assert extraction.page_count == 2
    headings = [(p.level, p.text, p.page_start) for p in paragraphs(extraction) if p.level]
    assert headings == [
        (1, "1 Klimaschutz", 1),
        (2, "1.1 Photovoltaik", 1),
        (2, "1.2 Straßenbeleuchtung", 2),
    ]
    passages = by_heading(document_passages(extraction))
    assert passages[("1 Klimaschutz",)].text == (
        "Der Landkreis senkt seine Treibhausgasemissionen. Ein kommunales Energiemanagement "
        "erfasst die Verbräuche aller Liegenschaften."
    )
    assert passages[("1 Klimaschutz", "1.1 Photovoltaik")].text == (
        "Solaranlagen auf allen Schuldächern"
    )
    assert passages[("1 Klimaschutz", "1.2 Straßenbeleuchtung")].page_start == 2
    # The table of contents is not content.
    assert all("\t" not in p.text and not p.text.endswith(" 1") for p in passages.values())


# Text formats -----------------------------------------------------------------------------------


def test_plain_text_paragraphs_hyphenation_numbered_headings_and_form_feed(write_file):
    extraction = extract(write_file("breitband.txt", SAMPLE_TEXT))
    assert extraction.kind == "text"
    assert extraction.page_count == 2
    passages = by_heading(document_passages(extraction))
    situation = passages[("1 Ausgangslage",)]
    assert situation.text == (
        "Der Ausbau der Breitbandinfrastruktur ist für die Digitalisierung der Region "
        "entscheidend. Bürger- und Unternehmenskunden profitieren gleichermaßen."
    )
    assert passages[("2 Ziele",)].page_start == 1
    assert passages[("3 Maßnahmen",)].page_start == 2


def test_markdown_headings_lists_inline_markup_and_front_matter(write_file):
    extraction = extract(write_file("mobilitaet.md", SAMPLE_MARKDOWN))
    assert extraction.kind == "markdown"
    assert extraction.title == "Mobilitätskonzept Musterland"
    headings = [(p.level, p.text) for p in paragraphs(extraction) if p.level]
    assert headings == [(1, "Mobilitätskonzept"), (2, "Rufbus"), (2, "Radverkehr")]
    passages = by_heading(document_passages(extraction))
    assert passages[("Mobilitätskonzept",)].text == "Einleitung mit fett und einem Link."
    rufbus = passages[("Mobilitätskonzept", "Rufbus")].text
    assert "Haltestellen in allen Ortsteilen" in rufbus
    assert "code wird übersprungen" not in extraction.text


def test_html_headings_without_scripts_and_styles(write_file):
    extraction = extract(write_file("tourismus.html", SAMPLE_HTML))
    assert extraction.kind == "html"
    assert extraction.title == "Tourismuskonzept"
    headings = [(p.level, p.text) for p in paragraphs(extraction) if p.level]
    assert headings == [(1, "Tourismus"), (2, "Wandern")]
    text = extraction.text
    assert "nicht lesen" not in text and "color" not in text
    passages = by_heading(document_passages(extraction))
    wandern = passages[("Tourismus", "Wandern")].text
    assert "Wanderwege sind in einer App mit aktuellen Informationen verzeichnet." in wandern
    assert "Maßnahme | Jahr" in wandern


def test_html_fragment_and_head_without_end_tag(write_file):
    page = "<html><head><title>Kurz</title><body><h2>Kultur</h2><p>Museen öffnen digital.</p>"
    extraction = extract(write_file("kultur.htm", page))
    assert extraction.title == "Kurz"
    assert [(p.level, p.text) for p in paragraphs(extraction)] == [
        (2, "Kultur"),
        (0, "Museen öffnen digital."),
    ]


def test_text_encodings_bom_and_windows_1252(write_file):
    with_bom = extract(write_file("bom.txt", "\ufeffÜbersicht über die Maßnahmen.".encode()))
    assert with_bom.text == "Übersicht über die Maßnahmen."
    assert with_bom.notes == []
    legacy = extract(write_file("alt.txt", "Größere Straßen für Bürger.".encode("cp1252")))
    assert legacy.text == "Größere Straßen für Bürger."
    assert "Windows-1252" in legacy.notes[0]
    utf16 = extract(write_file("utf16.txt", "Grüße aus Füssen.".encode("utf-16")))
    assert utf16.text == "Grüße aus Füssen."


def test_markdown_and_text_extensions_are_interchangeable(write_file):
    assert extract(write_file("notizen.md", "Nur ein Satz ohne Auszeichnung.")).kind == "markdown"
    assert extract(write_file("liste.txt", SAMPLE_MARKDOWN)).kind == "text"
    # An HTML fragment in a text file is just text with angle brackets.
    assert extract(write_file("a.txt", "Text mit <b>fett</b> und <i>kursiv</i>.")).kind == "text"


def test_type_comes_from_the_content_when_the_name_has_no_extension(sample_pdf, write_file):
    assert extract(sample_pdf.read_bytes(), "ohne-endung").kind == "pdf"
    assert extract(write_file("README", "# Titel\n\nText.\n\n- a\n- b\n")).kind == "markdown"


@pytest.mark.parametrize(
    ("size", "shown"),
    [
        (50 * 1024 * 1024, "50 MB"),
        (1536, "1,5 KB"),
        (999, "999 B"),
        (int(2.25 * 1024**3), "2,2 GB"),
    ],
)
def test_format_size(size, shown):
    assert format_size(size) == shown


def test_extraction_error_is_the_message():
    error = ExtractionError("Die Datei ist kaputt.", "corrupt")
    assert str(error) == "Die Datei ist kaputt."
    assert error.code == "corrupt"


def test_pdf_bold_lead_in_and_list_are_body_text(tmp_path):
    from .conftest import html_to_pdf

    html = """<!doctype html><html lang="de"><head><meta charset="utf-8"><style>
    @page { size: A5; margin: 1.5cm } body { font: 10pt/1.4 DejaVu Sans }
    p, li { hyphens: auto; width: 7cm }</style></head><body>
    <h2>3.1 Verwaltung</h2>
    <p><b>Ziel:</b> Bis 2030 sollen alle häufig genutzten Verwaltungsleistungen über das
    Portal des Freistaats vollständig online beantragt werden können.</p>
    <ul><li>Digitaler Bauantrag für alle Gemeinden</li>
    <li>Online-Terminvergabe im Bürgerbüro</li></ul>
    </body></html>"""
    extraction = extract(html_to_pdf(html, tmp_path / "verwaltung.pdf"))
    found = paragraphs(extraction)
    assert [p.text for p in found if p.level] == ["3.1 Verwaltung"]
    passages = document_passages(extraction)
    assert len(passages) == 1
    assert passages[0].text.startswith("Ziel: Bis 2030 sollen alle häufig genutzten")
    assert "Digitaler Bauantrag für alle Gemeinden" in passages[0].text
    assert "•" not in passages[0].text
