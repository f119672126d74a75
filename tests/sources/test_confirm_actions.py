"""Re-analysing and deleting a document ask first and say what will go; POST does it."""

import pytest
from django.test import TestCase
from django.urls import reverse

from regioagenda.regions.models import AuditEvent
from regioagenda.sources import services
from regioagenda.sources.models import FieldSummary, Passage, SourceDocument

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewed(sources_setup):
    document = sources_setup.upload("konzept.md", sources_setup.sample)
    first, second, third = list(document.passages.order_by("order"))[:3]
    coordinator = sources_setup.team.coordinator
    services.accept_passage(actor=coordinator, passage=first)
    services.accept_passage(actor=coordinator, passage=second)
    services.reject_passage(actor=coordinator, passage=third)
    sources_setup.document = document
    return sources_setup


def _cited_sentences(document):
    return sum(
        1
        for summary in FieldSummary.objects.all()
        for entry in summary.sentences
        if entry["document_id"] == document.pk
    )


@pytest.mark.parametrize("name", ["reanalyse", "delete"])
def test_get_asks_and_counts_without_changing_anything(reviewed, login, name):
    team, document = reviewed.team, reviewed.document
    sentences = _cited_sentences(document)
    assert sentences > 0
    passages = list(Passage.objects.values_list("pk", "state"))
    events = AuditEvent.objects.count()
    client = login(team.coordinator)
    response = client.get(reverse(f"sources:{name}", args=[team.agenda.slug, document.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Diese Aktion" in html
    assert "2 übernommene Textstellen" in html
    assert f"{sentences} Zusammenfassungs-Sätze" in html
    assert 'method="post"' in html
    document.refresh_from_db()
    assert document.status == "analysed"
    assert list(Passage.objects.values_list("pk", "state")) == passages
    assert AuditEvent.objects.count() == events


def test_document_page_links_to_the_confirmation(reviewed, login):
    team, document = reviewed.team, reviewed.document
    html = (
        login(team.coordinator)
        .get(reverse("sources:document", args=[team.agenda.slug, document.pk]))
        .content.decode()
    )
    for name in ("reanalyse", "delete"):
        assert f'href="{reverse(f"sources:{name}", args=[team.agenda.slug, document.pk])}"' in html


def test_post_reanalyses_and_deletes(reviewed, login):
    team, document = reviewed.team, reviewed.document
    client = login(team.coordinator)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("sources:reanalyse", args=[team.agenda.slug, document.pk]))
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="sources.document_reanalysed").count() == 1
    response = client.post(reverse("sources:delete", args=[team.agenda.slug, document.pk]))
    assert response.status_code == 302
    assert not SourceDocument.objects.filter(pk=document.pk).exists()


@pytest.mark.parametrize("role", ["participant", "outsider"])
def test_others_do_not_see_the_confirmation(reviewed, login, role):
    team, document = reviewed.team, reviewed.document
    client = login(getattr(team, role))
    for name in ("reanalyse", "delete"):
        response = client.get(reverse(f"sources:{name}", args=[team.agenda.slug, document.pk]))
        assert response.status_code == 403
