"""Reviewing many passages: filters, paging, bulk accept/reject, full text in place."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from regioagenda.regions.models import AuditEvent
from regioagenda.sources.models import Passage, PassageState, Statement

pytestmark = pytest.mark.django_db

LONG = "Der Landkreis baut das Glasfasernetz in allen Gemeinden aus. " * 12


def _fill(setup, document, count):
    """Replace the document's passages with ``count`` made-up ones in four chapters."""
    Passage.objects.filter(document=document).delete()
    keys = ["mobility", "energy", "it_infrastructure", "egovernment"]
    passages = Passage.objects.bulk_create(
        Passage(
            document=document,
            order=index,
            page_start=1 + index // 4,
            page_end=1 + index // 4,
            headings=[f"{1 + index % 4} Kapitel", f"{1 + index % 4}.{1 + index % 3} Teil"],
            text=f"Abschnitt {index}. {LONG}",
            scores=[[keys[index % 4], 0.9], [keys[(index + 1) % 4], 0.1]],
            field=setup.fields[keys[index % 4]],
        )
        for index in range(count)
    )
    Statement.objects.bulk_create(
        Statement(passage=p, kind="goal", text=f"Ziel {p.order}") for p in passages[::5]
    )
    return passages


@pytest.fixture
def document(sources_setup):
    document = sources_setup.upload("konzept.md", sources_setup.sample)
    assert document.status == "analysed"
    return document


def _url(setup, document, **params):
    from urllib.parse import urlencode

    base = reverse("sources:document", args=[setup.team.agenda.slug, document.pk])
    return f"{base}?{urlencode(params)}" if params else base


def test_query_count_does_not_grow_with_the_passages(sources_setup, document, login):
    client = login(sources_setup.team.coordinator)
    counts = []
    for count in (10, 200):
        _fill(sources_setup, document, count)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(_url(sources_setup, document))
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_paging_filters_and_full_text_in_place(sources_setup, document, login):
    _fill(sources_setup, document, 180)
    client = login(sources_setup.team.coordinator)
    html = client.get(_url(sources_setup, document)).content.decode()
    assert html.count('class="kern-table__row" id="passage-') == 50
    assert "180 Abschnitte" in html
    assert "<details" in html and LONG.strip()[-40:] in html  # the whole text is on the page
    assert "seite=4" in html
    html = client.get(_url(sources_setup, document, seite=4)).content.decode()
    assert html.count('class="kern-table__row" id="passage-') == 30

    html = client.get(_url(sources_setup, document, feld="energy")).content.decode()
    assert "45 Abschnitte" in html
    html = client.get(
        _url(sources_setup, document, feld="energy", abschnitt="2 Kapitel › 2.1 Teil")
    ).content.decode()
    assert "15 Abschnitte" in html  # orders 9, 21, …, 177
    assert '<option value="2 Kapitel › 2.1 Teil" selected>' in html
    assert "Abschnitt 9." in html and "Abschnitt 1." not in html
    html = client.get(_url(sources_setup, document, abschnitt="2 Kapitel")).content.decode()
    assert "45 Abschnitte" in html
    Passage.objects.filter(document=document, order__lt=10).update(state=PassageState.REJECTED)
    html = client.get(_url(sources_setup, document, stand="rejected")).content.decode()
    assert "10 Abschnitte" in html


def test_bulk_accept_of_the_shown_passages(sources_setup, document, login):
    passages = _fill(sources_setup, document, 120)
    client = login(sources_setup.team.coordinator)
    page = _url(sources_setup, document, feld="mobility")
    shown = [p.pk for p in passages if p.field_id == sources_setup.fields["mobility"].pk]
    assert len(shown) == 30
    events = AuditEvent.objects.filter(action="sources.passages_reviewed").count()
    response = client.post(
        reverse("sources:passages_review", args=[sources_setup.team.agenda.slug, document.pk]),
        {"passage": shown, "state": "accepted", "next": page},
    )
    assert response.status_code == 302 and response["Location"] == page
    assert Passage.objects.filter(document=document, state="accepted").count() == 30
    assert set(
        Passage.objects.filter(document=document, state="accepted").values_list("pk", flat=True)
    ) == set(shown)
    assert AuditEvent.objects.filter(action="sources.passages_reviewed").count() == events + 1


def test_bulk_review_needs_the_permission_and_stays_in_the_document(sources_setup, document, login):
    passages = _fill(sources_setup, document, 10)
    other = sources_setup.upload("zwei.md", sources_setup.sample, title="Zwei")
    foreign = other.passages.first()
    url = reverse("sources:passages_review", args=[sources_setup.team.agenda.slug, document.pk])
    client = login(sources_setup.team.participant)
    response = client.post(url, {"passage": [passages[0].pk], "state": "accepted"})
    assert response.status_code == 403
    assert not Passage.objects.filter(state="accepted").exists()
    client = login(sources_setup.team.coordinator)
    client.post(url, {"passage": [passages[0].pk, foreign.pk], "state": "rejected"})
    assert list(Passage.objects.filter(state="rejected").values_list("pk", flat=True)) == [
        passages[0].pk
    ]
    client.post(url, {"passage": [passages[1].pk], "state": "suggested"})
    passages[1].refresh_from_db()
    assert passages[1].state == PassageState.SUGGESTED


def test_bulk_review_with_superscript_or_huge_ids_changes_nothing(sources_setup, document, login):
    passages = _fill(sources_setup, document, 3)
    url = reverse("sources:passages_review", args=[sources_setup.team.agenda.slug, document.pk])
    client = login(sources_setup.team.coordinator)
    response = client.post(
        url, {"passage": ["²", "٣", "9" * 40, "-1", ""], "state": "accepted"}, follow=True
    )
    assert response.status_code == 200
    assert "Es sind keine Textstellen ausgewählt." in response.content.decode()
    assert not Passage.objects.filter(pk__in=[p.pk for p in passages], state="accepted").exists()
