"""The demo: two analysed example documents with curated summaries, loaded idempotently."""

import pytest

from regioagenda.sources.models import DocumentStatus, FieldSummary, Passage, SourceDocument

pytestmark = pytest.mark.django_db


def test_demo_loads_twice_idempotently(settings):
    from regioagenda.regions import demo as regions_demo
    from regioagenda.sources import demo

    context = {}
    regions_demo.load(context)
    demo.load(context)
    agenda = context["agenda"]
    documents = list(SourceDocument.objects.filter(agenda=agenda))
    assert len(documents) == 2
    assert all(d.is_example and d.status == DocumentStatus.ANALYSED for d in documents)
    assert all(d.passages.exists() for d in documents)
    curated = FieldSummary.objects.filter(agenda=agenda, is_curated=True)
    assert curated.count() >= 2
    covered = (
        Passage.objects.filter(document__agenda=agenda).values("field__key").distinct().count()
    )
    assert covered >= 8
    counts = (SourceDocument.objects.count(), Passage.objects.count(), FieldSummary.objects.count())
    texts = list(curated.values_list("pk", "text"))

    demo.load(context)
    assert counts == (
        SourceDocument.objects.count(),
        Passage.objects.count(),
        FieldSummary.objects.count(),
    )
    assert list(curated.values_list("pk", "text")) == texts


def test_demo_documents_say_they_are_examples():
    from regioagenda.sources.demo import DEMO_DIR, DOCUMENTS

    for file_name, *_rest in DOCUMENTS:
        first = (DEMO_DIR / file_name).read_text(encoding="utf-8").splitlines()[0]
        assert "Beispieldaten" in first
