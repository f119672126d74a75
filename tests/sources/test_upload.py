"""Upload → analysis job, with good files and every bad file of the issue.

The bad files are made on the fly (nothing binary in the repository)."""

import io
import zipfile

import pytest
from django.urls import reverse

from regioagenda.core.models import Job, JobState
from regioagenda.sources.models import (
    DocumentStatus,
    FieldSummary,
    Passage,
    SourceDocument,
    Statement,
)

pytestmark = pytest.mark.django_db


def pdf(pages):
    """A PDF with one page per text, made with WeasyPrint."""
    from weasyprint import HTML

    body = "".join(
        f'<section style="page-break-after: always"><h1>Kapitel {n}</h1><p>{text}</p></section>'
        for n, text in enumerate(pages, start=1)
    )
    return HTML(string=f"<html><body>{body}</body></html>").write_pdf()


def encrypted_pdf():
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(pdf(["Geheimer Klimaschutz im Landkreis."]))).pages:
        writer.add_page(page)
    writer.encrypt(user_password="geheim", owner_password="geheim")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def scanned_pdf():
    """Pages that carry only an image, as a scanner makes them: no text layer."""
    from PIL import Image
    from pypdf import PdfWriter

    image = Image.new("RGB", (600, 800), "white")
    for x in range(50, 550, 20):
        for y in range(50, 750, 30):
            image.putpixel((x, y), (0, 0, 0))
    out = io.BytesIO()
    image.save(out, format="PDF")
    data = out.getvalue()
    # Two pages, to look like a real scan.
    writer = PdfWriter()
    from pypdf import PdfReader

    page = PdfReader(io.BytesIO(data)).pages[0]
    writer.add_page(page)
    writer.add_page(page)
    result = io.BytesIO()
    writer.write(result)
    return result.getvalue()


def truncated_pdf():
    data = pdf(["Ein Mobilitätskonzept mit vielen Seiten."] * 3)
    return data[: len(data) // 3]


def docx(paragraphs):
    import docx as python_docx

    document = python_docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def docx_bomb(megabytes=300):
    """A DOCX whose document.xml unpacks to hundreds of megabytes of nothing."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"></Types>',
        )
        with archive.open("word/document.xml", "w") as member:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(megabytes):
                member.write(chunk)
    return out.getvalue()


# Tests ----------------------------------------------------------------------------------------


def test_upload_page_runs_the_job_and_shows_the_passages(
    sources_setup, login, django_capture_on_commit_callbacks
):
    team = sources_setup.team
    client = login(team.coordinator)
    data = pdf(
        [
            "Der Landkreis will den öffentlichen Nahverkehr und die Mobilität stärken. "
            "Geplant ist die Einführung eines Rufbusses mit App-Buchung.",
            "Die Energie der Zukunft ist erneuerbar. Wir werden Photovoltaik auf allen "
            "kreiseigenen Dächern installieren.",
        ]
    )
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("sources:documents", args=[team.agenda.slug])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "title": "Klimaschutzkonzept 2024",
                "doc_type": "climate",
                "year": "2024",
                "publisher": "Landratsamt",
                "file": SimpleUploadedFile("konzept.pdf", data, "application/pdf"),
            },
        )
    assert response.status_code == 302
    document = SourceDocument.objects.get()
    assert document.status == DocumentStatus.ANALYSED, document.failure_reason
    assert document.page_count == 2
    assert document.original_name == "konzept.pdf"
    assert document.token not in ("", "konzept")
    assert document.file.name.endswith(f"{document.token}.pdf")
    assert "konzept" not in document.file.name.split("/")[-1]
    assert document.version == sources_setup.version
    assert document.job.state == JobState.SUCCEEDED
    passages = list(document.passages.all())
    assert passages
    assert {p.page_start for p in passages} >= {1, 2}
    assert all(p.field is not None and p.field.version == sources_setup.version for p in passages)
    assert all(p.scores and p.scores[0][0] == p.field.key for p in passages)
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Rufbus" in page.content.decode()


def test_markdown_upload_gives_headings_statements_and_cited_summaries(sources_setup):
    document = sources_setup.upload("konzept.md", sources_setup.sample)
    assert document.status == DocumentStatus.ANALYSED, document.failure_reason
    passages = list(document.passages.all())
    assert any(p.headings for p in passages)
    assert Statement.objects.filter(passage__document=document).exists()
    summaries = FieldSummary.objects.filter(agenda=sources_setup.team.agenda).exclude(sentences=[])
    assert summaries.exists()
    for summary in summaries:
        for entry in summary.sentences:
            assert entry["sentence"]
            assert entry["document"] == document.title
            assert Passage.objects.filter(pk=entry["passage"], document=document).exists()


BAD_FILES = {
    # name: (file name, maker, words one of which the reason must contain)
    "encrypted": ("geheim.pdf", encrypted_pdf, ["verschlüsselt", "passwort"]),
    "scanned": ("scan.pdf", scanned_pdf, ["ocr"]),
    "truncated": ("kaputt.pdf", truncated_pdf, ["beschädigt", "unvollständig", "gelesen"]),
    "zip bomb": ("bombe.docx", docx_bomb, ["entpackt", "groß", "archiv", "zip"]),
    "mismatch": (
        "konzept.pdf",
        lambda: docx(["Ein Word-Dokument mit falscher Endung."]),
        ["passt nicht", "endung", "inhalt"],
    ),
    "empty docx": ("leer.docx", lambda: docx([]), ["leer", "keinen", "kein"]),
    "empty text": ("leer.txt", lambda: b"   \n\n  ", ["leer", "keinen", "kein"]),
    "binary as text": (
        "bild.txt",
        lambda: b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8,
        ["keine textdatei"],
    ),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_bad_file_fails_with_its_reason_and_leaves_the_rest(sources_setup, login, case):
    name, make, words = BAD_FILES[case]
    team = sources_setup.team
    good = sources_setup.upload("gut.md", sources_setup.sample, title="Gutes Konzept")
    assert good.status == DocumentStatus.ANALYSED
    before = list(good.passages.values_list("pk", "text", "field_id", "state"))
    summaries_before = list(FieldSummary.objects.values_list("pk", "sentences"))

    bad = sources_setup.upload(name, make(), title="Schlechtes Konzept")

    assert bad.status == DocumentStatus.FAILED
    assert bad.failure_reason
    assert any(w in bad.failure_reason.lower() for w in words), bad.failure_reason
    assert "Unerwarteter" not in bad.failure_reason
    assert bad.job.state == JobState.FAILED
    assert bad.job.error == bad.failure_reason
    assert not bad.passages.exists()
    assert list(good.passages.values_list("pk", "text", "field_id", "state")) == before
    assert list(FieldSummary.objects.values_list("pk", "sentences")) == summaries_before

    client = login(team.coordinator)
    page = client.get(reverse("sources:document", args=[team.agenda.slug, bad.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "kern-alert--danger" in html
    from django.utils.html import escape

    assert escape(bad.failure_reason) in html
    listing = client.get(reverse("sources:documents", args=[team.agenda.slug]))
    assert listing.status_code == 200


def test_rerunning_a_failed_document_fails_again_cleanly(
    sources_setup, login, django_capture_on_commit_callbacks
):
    team = sources_setup.team
    bad = sources_setup.upload("geheim.pdf", encrypted_pdf())
    reason = bad.failure_reason
    first_job = bad.job
    client = login(team.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("sources:reanalyse", args=[team.agenda.slug, bad.pk]))
    assert response.status_code == 302
    bad.refresh_from_db()
    assert bad.status == DocumentStatus.FAILED
    assert bad.failure_reason == reason
    assert bad.job != first_job
    assert bad.job.state == JobState.FAILED
    assert Job.objects.filter(state=JobState.FAILED).count() == 2


def test_empty_file_is_refused_at_upload(sources_setup, login):
    team = sources_setup.team
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = login(team.coordinator)
    response = client.post(
        reverse("sources:documents", args=[team.agenda.slug]),
        {"title": "Leer", "doc_type": "other", "file": SimpleUploadedFile("leer.pdf", b"")},
    )
    assert response.status_code == 400
    assert not SourceDocument.objects.exists()
    assert "leer" in response.content.decode().lower()


def test_file_over_the_size_limit_is_refused(sources_setup, login, settings):
    settings.SOURCES_MAX_UPLOAD_BYTES = 1024
    team = sources_setup.team
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = login(team.coordinator)
    response = client.post(
        reverse("sources:documents", args=[team.agenda.slug]),
        {
            "title": "Zu groß",
            "doc_type": "other",
            "file": SimpleUploadedFile("gross.txt", b"Mobilitat " * 500),
        },
    )
    assert response.status_code == 400
    assert not SourceDocument.objects.exists()
    assert "höchstens" in response.content.decode()
    assert not Job.objects.exists()


def test_unknown_extension_and_bad_metadata_are_refused(sources_setup, login):
    team = sources_setup.team
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = login(team.coordinator)
    response = client.post(
        reverse("sources:documents", args=[team.agenda.slug]),
        {
            "title": "Programm",
            "doc_type": "other",
            "year": "1800",
            "file": SimpleUploadedFile("virus.exe", b"MZ\x90\x00"),
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "zwischen 1950" in html
    assert not SourceDocument.objects.exists()


def test_participant_cannot_upload(sources_setup, login):
    team = sources_setup.team
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = login(team.participant)
    response = client.post(
        reverse("sources:documents", args=[team.agenda.slug]),
        {"title": "X", "doc_type": "other", "file": SimpleUploadedFile("a.txt", b"Text")},
    )
    assert response.status_code == 403
    assert not SourceDocument.objects.exists()
    page = client.get(reverse("sources:documents", args=[team.agenda.slug]))
    assert page.status_code == 200
    assert 'enctype="multipart/form-data"' not in page.content.decode()
