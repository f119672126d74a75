"""`manage.py analyze_document FILE [--json] [--title T]` with a small fake classifier."""

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from regioagenda.sources import passages as passages_module
from regioagenda.sources.passages import analyze

from .conftest import SAMPLE_TEXT

ROOT = Path(__file__).resolve().parents[2]


def run(*args, **options):
    out = StringIO()
    call_command("analyze_document", *args, stdout=out, **options)
    return out.getvalue()


def test_text_output_lists_passages_statements_and_cited_summaries(sample_pdf, fake_classifier):
    output = run(str(sample_pdf), classifier=fake_classifier)
    assert output.startswith("„Digitalstrategie Musterland“ – PDF, 3 Seiten, 4 Passagen")
    assert "[3] S. 2 · 2 Handlungsfelder › 2.1 Breitband und Glasfaser" in output
    assert "[4] S. 3 · 2 Handlungsfelder › 2.2 Mobilität" in output
    assert "Felder: it_infrastructure 1.00" in output
    assert (
        "  Ziel (S. 2): Ziel ist es, bis 2030 alle Haushalte und Gewerbegebiete mit Glasfaser"
        in output
    )
    assert "  Maßnahme (S. 3): Maßnahme M 2.1: Ein landkreisweites Mobilitätsportal" in output
    assert "Zusammenfassung je Handlungsfeld" in output
    assert "  mobility (1 Passage)" in output
    assert (
        "    – Rufbusse und eine Mitfahrplattform ergänzen den öffentlichen Personennahverkehr im "
        "ländlichen Raum. [Digitalstrategie Musterland, S. 3]"
    ) in output
    assert fake_classifier.calls == 1


def test_json_output(sample_pdf, fake_classifier):
    data = json.loads(run(str(sample_pdf), "--json", classifier=fake_classifier))
    assert set(data) >= {"title", "kind", "pages", "passages", "statements", "summaries"}
    assert (data["title"], data["kind"], data["pages"]) == ("Digitalstrategie Musterland", "pdf", 3)
    broadband = data["passages"][2]
    assert broadband["headings"] == ["2 Handlungsfelder", "2.1 Breitband und Glasfaser"]
    assert (broadband["page_start"], broadband["page_end"]) == (2, 2)
    assert broadband["text"].startswith("Ziel ist es, bis 2030")
    assert broadband["fields"][0] == {"key": "it_infrastructure", "score": 1.0}
    assert {"kind": "measure", "page": 3} in [
        {"kind": s["kind"], "page": s["page"]} for s in data["statements"]
    ]
    assert all(set(s) == {"kind", "text", "page"} for s in data["statements"])
    mobility = data["summaries"]["mobility"]
    assert mobility and all(set(item) == {"sentence", "page"} for item in mobility)
    assert {item["page"] for item in mobility} == {3}


def test_title_option_is_used_in_citations(write_file, fake_classifier):
    path = write_file("breitband.txt", SAMPLE_TEXT)
    output = run(str(path), "--title", "Breitbandplan 2024", classifier=fake_classifier)
    assert output.startswith("„Breitbandplan 2024“ – Text, 2 Seiten")
    assert "[Breitbandplan 2024, S. 1]" in output
    data = json.loads(run(str(path), "--json", classifier=fake_classifier))
    assert data["title"] == "breitband"  # no title in a text file: the file name


def test_every_supported_type_runs_through_the_command(
    sample_docx, sample_odt, write_file, fake_classifier
):
    from .conftest import SAMPLE_HTML, SAMPLE_MARKDOWN

    paths = [
        sample_docx,
        sample_odt,
        write_file("m.md", SAMPLE_MARKDOWN),
        write_file("t.html", SAMPLE_HTML),
    ]
    for path in paths:
        data = json.loads(run(str(path), "--json", classifier=fake_classifier))
        assert data["passages"], path
        assert all(p["headings"] for p in data["passages"]), path


@pytest.mark.parametrize("as_json", [False, True])
def test_bad_file_is_a_command_error_with_the_german_message(sample_pdf, as_json, fake_classifier):
    args = [str(sample_pdf.with_name("kaputt.pdf"))]
    sample_pdf.with_name("kaputt.pdf").write_bytes(sample_pdf.read_bytes()[:3000])
    if as_json:
        args.append("--json")
    with pytest.raises(CommandError) as caught:
        run(*args, classifier=fake_classifier)
    assert str(caught.value).startswith(
        "Die PDF-Datei „kaputt.pdf“ ist unvollständig: ihr Ende fehlt"
    )
    assert fake_classifier.calls == 0


def test_without_field_scores_the_passages_stay_unassigned(write_file):
    data = json.loads(run(str(write_file("a.txt", SAMPLE_TEXT)), "--json", classifier=False))
    assert data["summaries"] == {}
    assert all(p["fields"] == [] for p in data["passages"])
    assert data["notes"] == [
        "Kein Klassifikator verfügbar; die Passagen sind keinem Handlungsfeld zugeordnet."
    ]


def test_a_model_that_cannot_be_loaded_is_a_command_error(write_file, monkeypatch):
    def broken():
        raise RuntimeError("Rahmenwerk fehlt")

    monkeypatch.setattr(passages_module, "default_classifier", broken)
    from regioagenda.sources.management.commands import analyze_document

    monkeypatch.setattr(analyze_document, "default_classifier", broken)
    with pytest.raises(CommandError, match="Der Klassifikator lässt sich nicht laden"):
        run(str(write_file("a.txt", SAMPLE_TEXT)))


def test_analyze_uses_the_predicted_set_it_is_given(write_file, fake_classifier):
    fake_classifier.predicted_set = lambda scores: [scores[0][0]] if scores[0][1] > 0 else []
    result = analyze(write_file("a.txt", SAMPLE_TEXT), classifier=fake_classifier)
    assert all(len(keys) <= 1 for keys in result.predicted)
    assert set(result.timings) == {"extract", "passages", "classify", "summarise"}


def test_command_line_exit_code_and_no_traceback(tmp_path):
    bad = tmp_path / "bericht.docx"
    bad.write_bytes(b"%PDF-1.4\n%%EOF\n")
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="regioagenda.settings_test",
        VAR_DIR=str(tmp_path / "var"),
    )
    process = subprocess.run(
        [sys.executable, "manage.py", "analyze_document", str(bad)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert process.returncode != 0
    assert "Traceback" not in process.stderr
    assert (
        "Die Datei „bericht.docx“ ist kein Word-Dokument (DOCX), sondern eine PDF-Datei."
        in process.stderr
    )
    assert process.stdout == ""
