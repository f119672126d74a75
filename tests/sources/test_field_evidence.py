"""Raters see what the existing concepts say about a field beside the rating form."""

import html

import pytest
from django.urls import reverse

from regioagenda.sources.models import FieldSummary, Passage, SourceDocument

pytestmark = pytest.mark.usefixtures("no_staff_mfa")


def rate_page(client, assessment_round, key):
    url = reverse("matrix:rate", args=[assessment_round.agenda.slug, assessment_round.pk])
    response = client.get(f"{url}?feld={key}")
    assert response.status_code == 200
    return html.unescape(response.content.decode())


@pytest.fixture
def summarised(team, rating_round):
    """A curated summary of the first field and a proposed one of the second, with citations."""
    first, second = list(rating_round.fields_by_key.values())[:2]
    document = SourceDocument.objects.create(
        agenda=team.agenda,
        title="Klimaschutzkonzept Teamhausen",
        token="evidencetoken",
        extension=".pdf",
        original_name="klima.pdf",
        status="analysed",
    )
    passage = Passage.objects.create(
        document=document, order=1, text="Die Kreiswerke bauen Ladesäulen.", page_start=12
    )
    FieldSummary.objects.create(
        agenda=team.agenda,
        field=first,
        is_curated=True,
        text="<p>Der Landkreis plant ein Energiemonitoring der Liegenschaften.</p>",
        sentences=[
            {
                "sentence": "Die Kreiswerke bauen Ladesäulen.",
                "passage": passage.pk,
                "document": document.title,
                "page": 12,
            }
        ],
    )
    FieldSummary.objects.create(
        agenda=team.agenda,
        field=second,
        sentences=[
            {
                "sentence": "Ein Vorschlag, noch nicht geprüft.",
                "passage": passage.pk,
                "document": document.title,
                "page": 12,
            }
        ],
    )
    return first, second, document, passage


def test_the_curated_summary_and_its_sources_are_beside_the_form(
    team, rating_round, summarised, login
):
    first, _second, document, passage = summarised
    page = rate_page(login(team.expert), rating_round, first.key)
    assert "Was die bestehenden Konzepte sagen" in page
    assert "Energiemonitoring der Liegenschaften" in page
    assert "Klimaschutzkonzept Teamhausen, S. 12" in page
    assert f"#passage-{passage.pk}" in page
    # The curated text replaces the proposal: the proposed sentence is not listed as text.
    assert '<li class="kern-body">Die Kreiswerke bauen Ladesäulen.</li>' not in page


def test_an_uncurated_field_shows_the_proposal_marked_as_such(
    team, rating_round, summarised, login
):
    _first, second, _document, _passage = summarised
    page = rate_page(login(team.expert), rating_round, second.key)
    assert "noch nicht von der Koordination geprüft" in page
    assert "Ein Vorschlag, noch nicht geprüft." in page


def test_a_field_without_evidence_shows_no_block(team, rating_round, summarised, login):
    third = list(rating_round.fields_by_key.values())[2]
    page = rate_page(login(team.expert), rating_round, third.key)
    assert "Was die bestehenden Konzepte sagen" not in page


def test_another_agendas_summary_is_never_shown(team, rating_round, login):
    from tests.factories import AgendaFactory

    other = AgendaFactory(programme=team.programme)
    field = list(rating_round.fields_by_key.values())[0]
    FieldSummary.objects.create(
        agenda=other, field=field, is_curated=True, text="<p>Geheimnis der anderen Region</p>"
    )
    page = rate_page(login(team.expert), rating_round, field.key)
    assert "Geheimnis der anderen Region" not in page
