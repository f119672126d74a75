"""A curated summary knows when documents were added or re-analysed after its curation."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.test import TestCase
from django.urls import reverse

from regioagenda.sources import services
from regioagenda.sources.models import FieldSummary, Passage
from regioagenda.sources.queries import field_evidence, field_summary

pytestmark = pytest.mark.django_db

STALE = "Seit der letzten Bearbeitung sind neue Textstellen hinzugekommen"
MORE_MOBILITY = """# Nahverkehrsplan Teamhausen

## Rufbus

Der Rufbus fährt ab 2026 in allen Ortsteilen nach Bedarf und wird über eine App gebucht. Die
Mitfahrbänke an den Ortsausgängen ergänzen den Nahverkehr, und der Radverkehr erhält sichere Wege.
"""


def _curate(setup):
    field = setup.fields["mobility"]
    # The passages so far are an hour old; the curation is now.
    Passage.objects.update(
        first_seen=datetime.datetime.now(datetime.UTC) - datetime.timedelta(hours=1)
    )
    services.edit_summary(
        actor=setup.team.coordinator, agenda=setup.team.agenda, field=field, html="<p>Eigene</p>"
    )
    assert FieldSummary.objects.get(field=field).curated_at
    return field


def test_new_document_after_curation_is_shown_as_new(sources_setup, login):
    setup = sources_setup
    setup.upload("a.md", setup.sample, title="Konzept A")
    field = _curate(setup)
    agenda = setup.team.agenda
    assert field_summary(agenda, field)["new_passages"] == []
    assert field_evidence(agenda, "mobility", setup.team.coordinator)["new_passages"] == []
    client = login(setup.team.coordinator)
    url = reverse("sources:field", args=[agenda.slug, "mobility"])
    assert STALE not in client.get(url).content.decode()

    second = setup.upload("b.md", MORE_MOBILITY, title="Nahverkehrsplan")
    new = field_summary(agenda, field)["new_passages"]
    assert new and {p.document_id for p in new} == {second.pk}
    html = client.get(url).content.decode()
    assert STALE in html and "Nahverkehrsplan" in html and "Mitfahrbänke" in html
    evidence = field_evidence(agenda, "mobility", setup.team.coordinator)
    assert [p.pk for p in evidence["new_passages"]] == [p.pk for p in new]
    rater_view = render_to_string("sources/_field_evidence.html", {"evidence": evidence})
    assert STALE in rater_view and "Nahverkehrsplan" in rater_view

    # Curating again takes them in.
    services.edit_summary(actor=setup.team.coordinator, agenda=agenda, field=field, html="<p>N</p>")
    assert field_summary(agenda, field)["new_passages"] == []


def test_reanalysis_only_reports_changed_text(sources_setup):
    setup = sources_setup
    document = setup.upload("a.md", setup.sample, title="Konzept A")
    field = _curate(setup)
    agenda = setup.team.agenda
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.reanalyse_document(actor=setup.team.coordinator, document=document)
    assert field_summary(agenda, field)["new_passages"] == []  # the same text: nothing new

    document.refresh_from_db()
    storage, name = document.file.storage, document.file.name
    with storage.open(name, "wb") as handle:
        handle.write(setup.sample.replace("stündlich", "halbstündlich").encode())
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.reanalyse_document(actor=setup.team.coordinator, document=document)
    new = field_summary(agenda, field)["new_passages"]
    assert [p.text for p in new] == list(
        Passage.objects.filter(text__contains="halbstündlich", field=field).values_list(
            "text", flat=True
        )
    )
    assert new
