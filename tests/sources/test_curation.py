"""Curation: accept, reject and reassign passages; edit and reset a field's summary."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from regioagenda.sources import services
from regioagenda.sources.models import FieldSummary, PassageState
from tests.matrix_factories import build_framework

pytestmark = pytest.mark.django_db


@pytest.fixture
def analysed(sources_setup):
    document = sources_setup.upload("konzept.md", sources_setup.sample)
    assert document.status == "analysed", document.failure_reason
    sources_setup.document = document
    sources_setup.passage = document.passages.first()
    return sources_setup


def test_accept_and_reject_through_htmx_swap_the_row(analysed, login):
    team, passage = analysed.team, analysed.passage
    client = login(team.coordinator)
    url = reverse("sources:passage_accept", args=[team.agenda.slug, passage.pk])
    response = client.post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert f'id="passage-{passage.pk}"' in response.content.decode()
    assert "<html" not in response.content.decode()
    passage.refresh_from_db()
    assert passage.state == PassageState.ACCEPTED
    response = client.post(reverse("sources:passage_reject", args=[team.agenda.slug, passage.pk]))
    assert response.status_code == 302
    passage.refresh_from_db()
    assert passage.state == PassageState.REJECTED


def test_rejected_passage_leaves_the_summary(analysed):
    team, passage = analysed.team, analysed.passage
    services.reject_passage(actor=team.coordinator, passage=passage)
    for summary in FieldSummary.objects.filter(agenda=team.agenda):
        assert passage.pk not in [entry["passage"] for entry in summary.sentences]


def test_reassign_within_the_version(analysed, login):
    team, passage = analysed.team, analysed.passage
    target = next(f for key, f in analysed.fields.items() if f.pk != passage.field_id)
    client = login(team.coordinator)
    response = client.post(
        reverse("sources:passage_reassign", args=[team.agenda.slug, passage.pk]),
        {"field": target.key},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    passage.refresh_from_db()
    assert passage.field == target
    assert passage.reassigned
    assert passage.state == PassageState.ACCEPTED


def test_reassign_to_a_field_of_another_version_is_refused(analysed, login):
    team, passage = analysed.team, analysed.passage
    other = build_framework(version=99, is_active=False).fields.get(key="mobility")
    before = passage.field_id
    with pytest.raises(ValidationError) as excinfo:
        services.reassign_passage(actor=team.coordinator, passage=passage, field=other)
    assert "Matrix-Version" in " ".join(excinfo.value.messages)
    passage.refresh_from_db()
    assert passage.field_id == before
    assert not passage.reassigned
    client = login(team.coordinator)
    response = client.post(
        reverse("sources:passage_reassign", args=[team.agenda.slug, passage.pk]),
        {"field": "gibt-es-nicht"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 400
    assert "Matrix-Version" in response.content.decode()
    passage.refresh_from_db()
    assert passage.field_id == before


def test_summary_html_is_sanitised_and_marked_curated(analysed, login):
    team = analysed.team
    field = analysed.fields["mobility"]
    client = login(team.coordinator)
    html = (
        '<p onclick="x()">Der <strong>Rufbus</strong> kommt.</p><script>alert(1)</script>'
        '<a href="javascript:alert(1)">böse</a> <a href="https://example.org">gut</a>'
        '<img src="x" onerror="alert(1)"><ul><li>eins</li></ul>'
    )
    response = client.post(
        reverse("sources:field", args=[team.agenda.slug, "mobility"]), {"text": html}
    )
    assert response.status_code == 302
    summary = FieldSummary.objects.get(agenda=team.agenda, field=field)
    assert summary.is_curated
    assert summary.edited_by == team.coordinator
    assert "<script" not in summary.text
    assert "alert" not in summary.text
    assert "javascript:" not in summary.text
    assert "onclick" not in summary.text
    assert "<img" not in summary.text
    assert 'href="https://example.org"' in summary.text
    assert "<strong>Rufbus</strong>" in summary.text
    assert "<li>eins</li>" in summary.text
    page = client.get(reverse("sources:field", args=[team.agenda.slug, "mobility"]))
    assert page.status_code == 200
    assert "<script>alert" not in page.content.decode()


def test_curated_text_survives_a_new_analysis_and_reset_restores_the_proposal(analysed):
    team = analysed.team
    field = analysed.fields["mobility"]
    services.edit_summary(
        actor=team.coordinator, agenda=team.agenda, field=field, html="<p>Eigene Fassung</p>"
    )
    analysed.upload("zwei.md", analysed.sample, title="Zweites Konzept")
    summary = FieldSummary.objects.get(agenda=team.agenda, field=field)
    assert summary.is_curated and summary.text == "<p>Eigene Fassung</p>"
    services.reset_summary(actor=team.coordinator, agenda=team.agenda, field=field)
    summary.refresh_from_db()
    assert not summary.is_curated and summary.text == ""


def test_empty_summary_after_sanitising_is_refused(analysed, login):
    team = analysed.team
    client = login(team.coordinator)
    response = client.post(
        reverse("sources:field", args=[team.agenda.slug, "mobility"]),
        {"text": "<script>alert(1)</script>"},
    )
    assert response.status_code == 400
    assert "leer" in response.content.decode()
    assert not FieldSummary.objects.filter(agenda=team.agenda, is_curated=True).exists()


@pytest.mark.parametrize("role", ["participant", "expert", "outsider"])
def test_non_staff_cannot_curate(analysed, login, role):
    team, passage = analysed.team, analysed.passage
    user = getattr(team, role)
    client = login(user)
    for name in ("passage_accept", "passage_reject"):
        response = client.post(reverse(f"sources:{name}", args=[team.agenda.slug, passage.pk]))
        assert response.status_code == 403
    response = client.post(
        reverse("sources:field", args=[team.agenda.slug, "mobility"]), {"text": "<p>x</p>"}
    )
    assert response.status_code == 403
    passage.refresh_from_db()
    assert passage.state == PassageState.SUGGESTED
    assert not FieldSummary.objects.filter(is_curated=True).exists()
    with pytest.raises(PermissionDenied):
        services.accept_passage(actor=user, passage=passage)


def test_delete_document_removes_it_and_its_passages(analysed, login):
    team, document = analysed.team, analysed.document
    client = login(team.coordinator)
    response = client.post(reverse("sources:delete", args=[team.agenda.slug, document.pk]))
    assert response.status_code == 302
    assert not type(document).objects.filter(pk=document.pk).exists()
    assert not FieldSummary.objects.exclude(sentences=[]).exists()


def test_every_change_is_in_the_audit_trail(analysed):
    from regioagenda.regions.models import AuditEvent

    team = analysed.team
    field = analysed.fields["mobility"]
    services.accept_passage(actor=team.coordinator, passage=analysed.passage)
    services.reassign_passage(actor=team.coordinator, passage=analysed.passage, field=field)
    services.edit_summary(
        actor=team.coordinator, agenda=team.agenda, field=field, html="<p>Eigene Fassung</p>"
    )
    services.reset_summary(actor=team.coordinator, agenda=team.agenda, field=field)
    services.delete_document(actor=team.coordinator, document=analysed.document)
    actions = list(
        AuditEvent.objects.filter(agenda=team.agenda, action__startswith="sources.")
        .order_by("pk")
        .values_list("action", "actor")
    )
    assert actions == [
        ("sources.document_uploaded", team.coordinator.pk),
        ("sources.passage_accepted", team.coordinator.pk),
        ("sources.passage_reassigned", team.coordinator.pk),
        ("sources.summary_edited", team.coordinator.pk),
        ("sources.summary_reset", team.coordinator.pk),
        ("sources.document_deleted", team.coordinator.pk),
    ]


def test_summary_is_sanitised_before_the_transaction_opens(analysed, monkeypatch):
    from django.db import connection

    team = analysed.team
    outside = len(connection.atomic_blocks)
    seen = []

    def sanitize(html):
        seen.append(len(connection.atomic_blocks))
        return "<p>Sauber</p>"

    monkeypatch.setattr(services, "sanitize_html", sanitize)
    services.edit_summary(
        actor=team.coordinator, agenda=team.agenda, field=analysed.fields["mobility"], html="x"
    )
    assert seen == [outside]
    assert FieldSummary.objects.get(agenda=team.agenda, is_curated=True).text == "<p>Sauber</p>"


def test_too_long_summary_is_refused_on_the_field(analysed, settings):
    settings.RICH_TEXT_MAX_CHARS = 50
    with pytest.raises(ValidationError) as excinfo:
        services.edit_summary(
            actor=analysed.team.coordinator,
            agenda=analysed.team.agenda,
            field=analysed.fields["mobility"],
            html="<p>" + "lang " * 40 + "</p>",
        )
    assert "zu lang" in " ".join(excinfo.value.message_dict["text"])
    assert not FieldSummary.objects.filter(is_curated=True).exists()
