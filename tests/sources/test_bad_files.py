"""Every kind of bad input ends as an ExtractionError with a specific German message."""

import io
import os
import re
import zipfile

import pytest

from regioagenda.sources.extract import MAX_ZIP_MEMBERS, ExtractionError, extract

from .conftest import build_docx, build_odt

MB = 1024 * 1024


def refused(source, name=None):
    with pytest.raises(ExtractionError) as caught:
        extract(source, name)
    return caught.value


# PDF -------------------------------------------------------------------------------------------


def test_encrypted_pdf(encrypted_pdf):
    error = refused(encrypted_pdf)
    assert error.code == "encrypted"
    assert error.message.startswith(
        "Die PDF-Datei „verschluesselt.pdf“ ist mit einem Kennwort geschützt (verschlüsselt)"
    )


def test_pdf_with_only_an_owner_password_is_read(tmp_path, sample_pdf):
    """Restrictions without a password to open (printing, copying) do not stop the reading."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(sample_pdf).pages:
        writer.add_page(page)
    writer.encrypt(user_password="", owner_password="besitzer", permissions_flag=0)
    path = tmp_path / "eingeschraenkt.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    assert extract(path).page_count == 3


def test_scanned_pdf_without_text_layer_needs_ocr(scanned_pdf):
    error = refused(scanned_pdf)
    assert error.code == "scanned"
    assert error.message == (
        "Die PDF-Datei „scan.pdf“ ist offenbar gescannt: 2 von 2 Seiten sind nur Bilder ohne "
        "Textebene; eine Texterkennung (OCR) ist nötig, bevor sie ausgewertet werden kann."
    )


def test_blank_pdf_is_an_empty_document(blank_pdf):
    error = refused(blank_pdf)
    assert error.code == "empty"
    assert error.message == "Die Datei „leer.pdf“ enthält keinen Text."


def test_pdf_with_some_scanned_pages_is_read_with_a_note(tmp_path, sample_pdf, scanned_pdf):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for source in (sample_pdf, scanned_pdf):
        for page in PdfReader(source).pages:
            writer.add_page(page)
    path = tmp_path / "gemischt.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    extraction = extract(path)
    assert extraction.page_count == 5
    assert extraction.notes == ["Ohne Text (vielleicht gescannt oder nur Abbildungen): Seite 4, 5."]


@pytest.mark.parametrize("keep", [0.5, 0.9, 0.99])
def test_truncated_pdf(sample_pdf, keep):
    data = sample_pdf.read_bytes()
    error = refused(data[: int(len(data) * keep)], "abgeschnitten.pdf")
    assert error.code == "truncated"
    assert error.message.startswith(
        "Die PDF-Datei „abgeschnitten.pdf“ ist unvollständig: ihr Ende fehlt"
    )


def test_corrupt_pdf_with_a_valid_header(sample_pdf):
    data = b"%PDF-1.7\n" + os.urandom(4000) + b"\n%%EOF\n"
    error = refused(data, "kaputt.pdf")
    assert error.code == "corrupt"
    assert error.message.startswith(
        "Die Datei „kaputt.pdf“ ist beschädigt: Die PDF-Datei lässt sich nicht öffnen, ihr "
        "innerer Aufbau ist fehlerhaft."
    )


def test_random_bytes_named_pdf():
    data = bytes(range(256)) * 40
    error = refused(data, "zufall.pdf")
    assert error.code == "mismatch"
    assert error.message == (
        "Die Datei „zufall.pdf“ ist keine PDF-Datei, sondern enthält Daten in unbekanntem "
        "Format; sie ist vermutlich beschädigt."
    )


# DOCX and ODT ----------------------------------------------------------------------------------


def test_truncated_docx(tmp_path):
    data = build_docx(tmp_path / "a.docx").read_bytes()
    error = refused(data[: len(data) // 2], "halb.docx")
    assert error.code == "corrupt"
    assert error.message.startswith(
        "Die Datei „halb.docx“ ist beschädigt: Das Dokument ist ein ZIP-Archiv, das sich nicht "
        "lesen lässt"
    )


def test_docx_with_broken_xml(tmp_path):
    source = build_docx(tmp_path / "a.docx").read_bytes()
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as old, zipfile.ZipFile(buffer, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == "word/document.xml":
                data = data[: len(data) // 2]
            new.writestr(info, data)
    error = refused(buffer.getvalue(), "kaputt.docx")
    assert error.code == "corrupt"
    assert error.message.startswith(
        "Die Datei „kaputt.docx“ ist beschädigt: Der Inhalt des Word-Dokuments lässt sich nicht "
        "lesen; Teile davon fehlen oder sind fehlerhaft."
    )


def test_odt_with_an_entity_declaration_is_refused():
    content = (
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>'
    )
    error = refused(build_odt(content), "laughs.odt")
    assert error.code == "corrupt"
    assert "DOCTYPE-Deklaration" in error.message


def test_odt_without_content():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
    error = refused(buffer.getvalue(), "hohl.odt")
    assert error.message == (
        "Die Datei „hohl.odt“ ist beschädigt: Dem OpenDocument-Text fehlt sein Inhalt "
        "(content.xml)."
    )


def docx_bomb(path, zeros):
    """A real DOCX with an extra member of ``zeros`` zero bytes, streamed in 1 MB chunks."""
    source = build_docx(path.with_name("vorlage.docx")).read_bytes()
    with zipfile.ZipFile(io.BytesIO(source)) as old, zipfile.ZipFile(path, "w") as new:
        for info in old.infolist():
            new.writestr(info, old.read(info), zipfile.ZIP_DEFLATED)
        chunk = bytes(MB)
        info = zipfile.ZipInfo("word/media/image1.bin")
        info.compress_type = zipfile.ZIP_DEFLATED
        with new.open(info, "w", force_zip64=True) as member:
            for _ in range(zeros // MB):
                member.write(chunk)
    return path


def test_docx_zip_bomb_by_unpacked_size(tmp_path, settings):
    settings.SOURCES_MAX_UNPACKED_BYTES = 20 * MB
    path = docx_bomb(tmp_path / "bombe.docx", 24 * MB)
    assert path.stat().st_size < 200 * 1024  # 24 MB of zeros pack into a few KB
    error = refused(path)
    assert error.code == "zip_bomb"
    # 24 MB of zeros plus the parts of python-docx's template.
    assert re.match(
        r"Die Datei „bombe\.docx“ wurde nicht geöffnet: entpackt wäre sie 24,\d MB groß "
        r"\(erlaubt sind höchstens 20 MB\)\. Das deutet auf eine manipulierte Datei "
        r"\(„ZIP-Bombe“\) hin\.$",
        error.message,
    )


def test_docx_zip_bomb_by_compression_ratio(tmp_path):
    error = refused(docx_bomb(tmp_path / "bombe.docx", 8 * MB))
    assert error.code == "zip_bomb"
    assert error.message.startswith(
        "Die Datei „bombe.docx“ wurde nicht geöffnet: ihr Bestandteil „word/media/image1.bin“ "
        "ist ungewöhnlich stark komprimiert (8 MB aus "
    )


def test_docx_whose_directory_claims_a_huge_size(tmp_path):
    """A crafted directory that claims 5 GB for a member is refused before anything is read."""
    data = bytearray(build_docx(tmp_path / "a.docx").read_bytes())
    # Patch the uncompressed size (offset 24 in a central directory entry) of the last entry.
    directory = data.rfind(b"PK\x01\x02")
    data[directory + 24 : directory + 28] = (0xFFFFFFF0).to_bytes(4, "little")
    error = refused(bytes(data), "luegt.docx")
    assert error.code == "zip_bomb"
    assert "entpackt wäre sie 4,0 GB groß" in error.message


def test_zip_with_too_many_members(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
        for index in range(MAX_ZIP_MEMBERS):
            archive.writestr(f"word/media/{index}.xml", "")
    error = refused(buffer.getvalue(), "viele.docx")
    assert error.code == "zip_bomb"
    assert error.message.startswith(
        f"Die Datei „viele.docx“ wurde nicht geöffnet: sie besteht aus {MAX_ZIP_MEMBERS + 1} "
        "Einzeldateien"
    )


def test_odt_zip_bomb(settings):
    settings.SOURCES_MAX_UNPACKED_BYTES = 1 * MB
    error = refused(build_odt(extra=[("Pictures/leer.bin", bytes(2 * MB))]), "bombe.odt")
    assert error.code == "zip_bomb"
    assert "entpackt wäre sie 2,0 MB groß" in error.message


def test_password_protected_word_document():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500) + "EncryptedPackage".encode("utf-16-le")
    error = refused(ole + bytes(500), "geheim.docx")
    assert error.code == "encrypted"
    assert error.message.startswith(
        "Die Datei „geheim.docx“ ist mit einem Kennwort geschützt (verschlüsselt)"
    )


# Content and extension ------------------------------------------------------------------------


def test_pdf_named_docx(sample_pdf):
    error = refused(sample_pdf.read_bytes(), "bericht.docx")
    assert error.code == "mismatch"
    assert error.message == (
        "Die Datei „bericht.docx“ ist kein Word-Dokument (DOCX), sondern eine PDF-Datei. Bitte "
        "laden Sie die richtige Datei hoch oder geben Sie ihr die passende Endung."
    )


def test_text_named_pdf():
    error = refused(b"Das ist nur ein kurzer Text.", "notiz.pdf")
    assert error.message.startswith(
        "Die Datei „notiz.pdf“ ist keine PDF-Datei, sondern eine Textdatei."
    )


def test_docx_named_odt(tmp_path):
    data = build_docx(tmp_path / "a.docx").read_bytes()
    error = refused(data, "konzept.odt")
    assert error.message.startswith(
        "Die Datei „konzept.odt“ ist kein OpenDocument-Text (ODT), sondern ein Word-Dokument "
        "(DOCX)."
    )


def test_odt_named_docx():
    error = refused(build_odt(), "konzept.docx")
    assert error.message.startswith(
        "Die Datei „konzept.docx“ ist kein Word-Dokument (DOCX), sondern ein OpenDocument-Text "
        "(ODT)."
    )


def test_spreadsheet_named_docx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    error = refused(buffer.getvalue(), "zahlen.docx")
    assert "sondern eine Excel-Tabelle (XLSX)" in error.message


def test_html_page_named_txt():
    error = refused(b"<!DOCTYPE html><html><body><p>Hallo</p></body></html>", "seite.txt")
    assert error.message.startswith(
        "Die Datei „seite.txt“ ist keine Textdatei, sondern eine HTML-Seite."
    )


def test_plain_text_named_html():
    error = refused(b"Kein einziges Tag hier.", "seite.html")
    assert error.message.startswith(
        "Die Datei „seite.html“ ist keine HTML-Datei, sondern eine Textdatei."
    )


def test_image_named_pdf():
    png = b"\x89PNG\r\n\x1a\n" + bytes(100)
    error = refused(png, "scan.pdf")
    assert error.message.startswith("Die Datei „scan.pdf“ ist keine PDF-Datei, sondern ein Bild.")


def test_unsupported_extension():
    error = refused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "alt.doc")
    assert error.code == "unsupported"
    assert error.message == (
        "Das Format „.doc“ der Datei „alt.doc“ wird nicht unterstützt; möglich sind PDF, DOCX, "
        "ODT, TXT, Markdown und HTML."
    )


def test_unsupported_content_without_extension():
    error = refused(b"{\\rtf1\\ansi Hallo}", "brief")
    assert error.code == "unsupported"
    assert error.message.startswith("Die Datei „brief“ ist ein RTF-Dokument; möglich sind")


# Empty and too large ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data"),
    [("leer.txt", b""), ("leer.md", b"  \n\n\t\n"), ("leer.html", b"<html><body></body></html>")],
)
def test_empty_text_documents(name, data):
    error = refused(data, name)
    assert error.code == "empty"
    assert error.message == f"Die Datei „{name}“ enthält keinen Text."


def test_empty_docx(tmp_path):
    error = refused(build_docx(tmp_path / "leer.docx", empty=True))
    assert error.code == "empty"
    assert error.message == "Die Datei „leer.docx“ enthält keinen Text."


def test_file_over_the_size_limit(settings, write_file):
    settings.SOURCES_MAX_UPLOAD_BYTES = 1024
    path = write_file("gross.txt", "Ein Satz. " * 300)
    expected = (
        "Die Datei „gross.txt“ ist 2,9 KB groß; erlaubt sind höchstens 1 KB. Bitte teilen Sie "
        "das Dokument auf oder verkleinern Sie es (z. B. Bilder komprimieren)."
    )
    assert refused(path).message == expected
    assert refused(path.read_bytes(), "gross.txt").message == expected
    with path.open("rb") as handle:
        assert refused(handle, "gross.txt").message == expected
    assert refused(path).code == "too_large"


def test_default_size_limit_is_50_mb(settings):
    del settings.SOURCES_MAX_UPLOAD_BYTES  # not set in settings.py: the default applies
    error = refused(io.BytesIO(b"x" * (50 * MB + 1)), "riesig.txt")
    assert error.code == "too_large"
    assert "erlaubt sind höchstens 50 MB" in error.message


def test_missing_file(tmp_path):
    error = refused(tmp_path / "fehlt.pdf")
    assert error.code == "unreadable"
    assert error.message.startswith("Die Datei „fehlt.pdf“ lässt sich nicht lesen")


# Damaged files in general -----------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["pdf", "docx", "odt", "html", "md"])
def test_damaged_files_never_raise_anything_but_extraction_errors(
    kind, tmp_path, sample_pdf, write_file
):
    """Flipped bytes, cut-off ends and cut-out pieces: the result is text or an
    ExtractionError, and the passages of whatever was read can be built."""
    import random

    from regioagenda.sources.passages import document_passages, extract_statements

    from .conftest import SAMPLE_HTML, SAMPLE_MARKDOWN

    sources = {
        "pdf": lambda: sample_pdf.read_bytes(),
        "docx": lambda: build_docx(tmp_path / "a.docx").read_bytes(),
        "odt": build_odt,
        "html": lambda: SAMPLE_HTML.encode(),
        "md": lambda: SAMPLE_MARKDOWN.encode(),
    }
    original = sources[kind]()
    rng = random.Random(kind)
    for _round in range(60):
        data = bytearray(original)
        choice = rng.random()
        if choice < 0.4:
            for _flip in range(rng.randint(1, 20)):
                data[rng.randrange(len(data))] = rng.randrange(256)
        elif choice < 0.7:
            del data[rng.randrange(len(data)) :]
        else:
            start = rng.randrange(len(data))
            del data[start : start + rng.randint(1, 500)]
        try:
            extraction = extract(bytes(data), f"beschaedigt.{kind}")
        except ExtractionError as error:
            assert error.message.startswith(("Die Datei", "Die PDF-Datei", "Das Format"))
            continue
        extract_statements(document_passages(extraction))
