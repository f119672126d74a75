"""Title page, imprint, table of contents and running headers/footers are boilerplate: marked
(or, for headers and footers, dropped) and never evidence, coverage or summary material."""

import pytest

from regioagenda.sources import extract, passages
from regioagenda.sources.models import FieldSummary, Passage
from regioagenda.sources.queries import coverage, field_evidence

FOOTER = "ISEK Musterstadt 2030 – Endbericht"


def _page(number, body):
    return f"{FOOTER}\n\n{body.strip()}\n\nSeite {number} von 6\n"


TITLE = """Integriertes Stadtentwicklungskonzept
Musterstadt 2030

Endbericht

März 2024
"""

IMPRINT = """Impressum

Herausgeber:
Stadt Musterstadt
Der Oberbürgermeister
Amt für Stadtentwicklung
Marktplatz 1
12345 Musterstadt
Telefon: 01234 567-0
E-Mail: stadtentwicklung@musterstadt.de
www.musterstadt.de

Bearbeitung:
Planungsbüro Beispiel GmbH, Hauptstraße 12, 54321 Beispielhausen

V.i.S.d.P.: Max Mustermann
Bildnachweis: Titelbild © Stadt Musterstadt, Fotos: Planungsbüro Beispiel
"""

CONTENTS = """Inhaltsverzeichnis

1 Einleitung ........................................ 4
2 Mobilität ........................................ 4
3 Energie und Klimaschutz ............................ 5
4 Digitale Verwaltung ................................ 6
"""

BODY_1 = """1 Einleitung

Das Integrierte Stadtentwicklungskonzept beschreibt die Ziele der Stadt Musterstadt für die
kommenden zehn Jahre. Es wurde in einem breiten Beteiligungsprozess mit Bürgerinnen und Bürgern,
Vereinen und Unternehmen erarbeitet und vom Stadtrat im März 2024 beschlossen.

2 Mobilität

Der Rufbus ergänzt den öffentlichen Personennahverkehr in den Ortsteilen. Ziel ist, bis 2030
jeden Ortsteil stündlich mit Bus oder Rufbus anzubinden. Geplant ist außerdem ein
Radschnellweg zwischen Bahnhof und Gewerbegebiet sowie eine Mitfahrplattform für Pendler.
"""

BODY_2 = """3 Energie und Klimaschutz

Die Stadt will bis 2035 klimaneutral sein. Photovoltaik auf allen städtischen Dächern,
ein kommunales Energiemanagement für die Liegenschaften und die Umstellung der
Straßenbeleuchtung auf LED sind die wichtigsten Maßnahmen zur Senkung der Treibhausgase.
"""

BODY_3 = """4 Digitale Verwaltung

Das Bürgerportal bietet bis 2027 alle Leistungen der Verwaltung online an. Die
E-Government-Angebote werden mit einer Bürgerservice-App ergänzt, und die Verwaltung führt
die elektronische Akte in allen Ämtern ein.
"""

CONCEPT = "\f".join(
    _page(number, body)
    for number, body in enumerate([TITLE, IMPRINT, CONTENTS, BODY_1, BODY_2, BODY_3], start=1)
)


def _passages():
    extraction = extract.extract(CONCEPT.encode(), "isek.txt")
    return passages.document_passages(extraction, title="ISEK")


def test_boilerplate_is_marked_and_footers_are_gone():
    found = _passages()
    marked = [p for p in found if p.boilerplate]
    kept = [p for p in found if not p.boilerplate]
    assert any("Herausgeber" in p.text or "Telefon" in p.text for p in marked)
    assert not any("Telefon" in p.text or "V.i.S.d.P." in p.text for p in kept)
    assert not any("...." in p.text for p in kept)  # the table of contents
    assert not any("Endbericht" in p.text or "März 2024\n" in p.text for p in kept)
    for text in ("Rufbus", "Photovoltaik", "Bürgerportal", "Beteiligungsprozess"):
        assert any(text in p.text for p in kept), text
    for p in found:
        assert FOOTER not in p.text and "Seite" not in p.text, p.text


def test_body_text_with_an_address_is_not_boilerplate():
    text = (
        "Das Gründerzentrum in der Hauptstraße 5 berät Unternehmen bei der Digitalisierung; "
        "Termine gibt es unter www.musterstadt.de. Bis 2026 entstehen dort zwanzig "
        "Arbeitsplätze für Start-ups und ein offenes Fablab für Schülerinnen und Schüler."
    )
    assert not passages.boilerplate.looks_like_imprint(text)


@pytest.mark.parametrize(
    "text",
    [
        "Beispieldaten: Dieses Dokument wurde für die Demo erfunden. Alle Zahlen sind fiktiv.",
        "Hinweis zur Sprache: Aus Gründen der Lesbarkeit wird teilweise nur eine Form verwendet.",
        "Dieses Dokument ist ein Entwurf und wird nach der Beteiligung überarbeitet.",
    ],
)
def test_a_note_about_the_document_is_boilerplate(text):
    assert passages.boilerplate.looks_like_boilerplate(text)


def test_a_note_on_the_subject_is_not():
    text = "Hinweis: Der Rufbus fährt ab Mai auch sonntags, buchbar per App und Telefon."
    assert not passages.boilerplate.looks_like_boilerplate(text)


@pytest.mark.django_db
def test_boilerplate_is_neither_evidence_nor_coverage_nor_summary(sources_setup):
    document = sources_setup.upload("isek.txt", CONCEPT, title="ISEK Musterstadt")
    assert document.status == "analysed", document.failure_reason
    marked = Passage.objects.filter(document=document, is_boilerplate=True)
    assert marked.exists()
    assert all(not p.is_boilerplate for p in document.passages.filter(text__contains="Rufbus"))
    # Give the imprint a field so that it would count if boilerplate counted.
    mobility = sources_setup.fields["mobility"]
    marked.update(field=mobility, scores=[["mobility", 1.0]], state="accepted")
    from regioagenda.sources import services

    services.recompute_summaries(agenda=sources_setup.team.agenda)
    marked_ids = set(marked.values_list("pk", flat=True))
    for summary in FieldSummary.objects.all():
        assert not {entry["passage"] for entry in summary.sentences} & marked_ids
    result = coverage(sources_setup.team.agenda)
    counted = sum(
        accepted + suggested
        for row in result["rows"]
        if row.field.key == "mobility"
        for _doc, accepted, suggested in row.cells
    )
    assert (
        counted
        == Passage.objects.filter(document=document, field=mobility, is_boilerplate=False).count()
    )
    evidence = field_evidence(sources_setup.team.agenda, "mobility", sources_setup.team.coordinator)
    assert evidence is not None
    assert "Telefon" not in " ".join(entry["sentence"] for entry in evidence["sentences"])
