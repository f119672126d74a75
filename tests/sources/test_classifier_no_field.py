""" "No field": boilerplate and passages without a topic get no field from the classifier, and the
document analysis leaves every passage it marks as boilerplate without a field (one text rule,
``passages.boilerplate.looks_like_boilerplate``, for both)."""

import pytest

from regioagenda.sources import extract, passages
from regioagenda.sources.classifier import classifier_for_active_framework
from regioagenda.sources.passages.boilerplate import looks_like_boilerplate

from .test_boilerplate import CONCEPT

pytestmark = pytest.mark.django_db


def test_the_analysis_gives_boilerplate_no_field():
    analysis = passages.analyze(CONCEPT.encode(), "isek.txt")
    marked = [passage for passage in analysis.passages if passage.boilerplate]
    kept = [passage for passage in analysis.passages if not passage.boilerplate]
    assert marked and kept
    for passage in marked:
        assert analysis.fields[passage.index] == []
        assert analysis.predicted[passage.index] == []
    assert any(analysis.predicted[passage.index] for passage in kept)
    # Boilerplate never feeds a summary.
    cited = {item.sentence for items in analysis.summaries.values() for item in items}
    assert not any(sentence in passage.text for passage in marked for sentence in cited)
    # As a dictionary (``analyze_document --json``) a boilerplate passage lists no field.
    data = analysis.as_dict()
    for passage in marked:
        assert data["passages"][passage.index]["fields"] == []


def test_the_classifier_refuses_what_the_boilerplate_rule_marks():
    classifier = classifier_for_active_framework()
    extraction = extract.extract(CONCEPT.encode(), "isek.txt")
    found = passages.document_passages(extraction, title="ISEK")
    by_text = [passage for passage in found if looks_like_boilerplate(passage.text)]
    assert by_text  # the imprint and the table of contents
    assert classifier.classify([passage.text for passage in by_text]) == [[] for _p in by_text]


def test_a_colophon_under_the_title_gets_no_field():
    """The demo's colophon once got "Energie"; a short passage opening with "Herausgeber" is an
    imprint even with a single imprint detail."""
    colophon = (
        "Herausgeber: Landratsamt Beispielland, Sachgebiet Kreisentwicklung und Klimaschutz. "
        "Beschlossen vom Kreistag am 21. März 2024."
    )
    assert looks_like_boilerplate(colophon)
    assert classifier_for_active_framework().classify([colophon]) == [[]]
    body = (
        "Der Herausgeber des Mitteilungsblatts, die Gemeinde, stellt das Blatt auf eine "
        "digitale Ausgabe mit App um."
    )
    assert not looks_like_boilerplate(body)
