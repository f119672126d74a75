"""Tenancy: staff of agenda A neither see private agenda B's documents nor curate its passages."""

import pytest
from django.urls import reverse

from regioagenda.regions import services as region_services
from regioagenda.sources.models import FieldSummary, PassageState
from tests.factories import RegionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def other(sources_setup):
    team = sources_setup.team
    agenda_b = region_services.create_agenda(
        actor=team.programme_admin,
        programme=team.programme,
        region=RegionFactory(name="Landkreis Anderswo"),
        title="Digitale Agenda Anderswo",
        slug="anderswo",
        horizon_year=2030,
        is_public=False,
    )
    document = sources_setup.upload(
        "b.md",
        sources_setup.sample,
        title="Geheimes Konzept B",
        agenda=agenda_b,
        actor=team.programme_admin,
    )
    assert document.status == "analysed", document.failure_reason
    return agenda_b, document


def test_staff_of_a_cannot_see_private_b(sources_setup, other, login):
    team = sources_setup.team
    agenda_b, document = other
    client = login(team.coordinator)
    for url in (
        reverse("sources:documents", args=[agenda_b.slug]),
        reverse("sources:document", args=[agenda_b.slug, document.pk]),
        reverse("sources:coverage", args=[agenda_b.slug]),
        reverse("sources:field", args=[agenda_b.slug, "mobility"]),
    ):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Geheimes Konzept B" not in response.content.decode()


def test_b_document_is_not_reachable_through_a(sources_setup, other, login):
    team = sources_setup.team
    agenda_b, document = other
    passage = document.passages.first()
    client = login(team.coordinator)
    assert (
        client.get(reverse("sources:document", args=[team.agenda.slug, document.pk])).status_code
        == 404
    )
    for name in ("passage_accept", "passage_reject", "passage_reassign"):
        response = client.post(
            reverse(f"sources:{name}", args=[team.agenda.slug, passage.pk]), {"field": "mobility"}
        )
        assert response.status_code == 404
        response = client.post(
            reverse(f"sources:{name}", args=[agenda_b.slug, passage.pk]), {"field": "mobility"}
        )
        assert response.status_code == 403
    for name in ("reanalyse", "delete"):
        assert (
            client.post(
                reverse(f"sources:{name}", args=[team.agenda.slug, document.pk])
            ).status_code
            == 404
        )
    response = client.post(
        reverse("sources:field", args=[agenda_b.slug, "mobility"]), {"text": "<p>x</p>"}
    )
    assert response.status_code == 403
    passage.refresh_from_db()
    assert passage.state == PassageState.SUGGESTED
    assert not FieldSummary.objects.filter(agenda=agenda_b, is_curated=True).exists()
    document.refresh_from_db()
    assert document.status == "analysed"


def test_summaries_only_draw_on_the_own_agenda(sources_setup, other):
    team = sources_setup.team
    agenda_b, document = other
    sources_setup.upload("a.md", sources_setup.sample, title="Konzept A")
    sources = [
        entry["document"]
        for summary in FieldSummary.objects.filter(agenda=team.agenda)
        for entry in summary.sentences
    ]
    assert sources  # the sample text gives sentences, so the check below is not empty
    assert set(sources) == {"Konzept A"}
