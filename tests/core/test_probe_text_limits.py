"""Probe L5 (issue 10): the agenda summary had no length limit; a 1 MB summary made the public
landing page 1 MB for every visitor. Every free text of the regions app now has a maximum, as a
validator on the model field, so forms, services (full_clean) and the admin all refuse it."""

import html

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from regioagenda.regions import services
from regioagenda.regions.models import (
    AGENDA_SUMMARY_MAX_LENGTH,
    STEP_NOTE_MAX_LENGTH,
    Agenda,
    AgendaStep,
    AuditEvent,
    Programme,
)

MEGABYTE = "Digital. " * 116_509  # 1,048,581 characters

pytestmark = pytest.mark.django_db


def test_the_probe_summary_is_refused_on_the_settings_form(login, team, no_staff_mfa, client):
    agenda = team.agenda
    before = (agenda.summary, AuditEvent.objects.count())

    response = login(team.coordinator).post(
        reverse("regions:agenda_settings", args=[agenda.slug]),
        {
            "title": agenda.title,
            "summary": MEGABYTE,
            "horizon_year": agenda.horizon_year,
            "status": agenda.status,
            "is_public": "on",
        },
    )

    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert 'id="id_summary_error"' in page
    assert f"höchstens {AGENDA_SUMMARY_MAX_LENGTH} Zeichen" in page
    agenda.refresh_from_db()
    assert (agenda.summary, AuditEvent.objects.count()) == before
    client.logout()
    assert len(client.get("/").content) < 200_000  # the public landing page stays small


def test_the_service_refuses_a_long_summary_and_saves_nothing(team):
    with pytest.raises(ValidationError) as refused:
        services.update_agenda(
            actor=team.coordinator,
            agenda=team.agenda,
            summary="x" * (AGENDA_SUMMARY_MAX_LENGTH + 1),
        )

    assert "summary" in refused.value.message_dict
    assert Agenda.objects.get(pk=team.agenda.pk).summary == team.agenda.summary


def test_a_summary_at_the_limit_is_saved(team):
    services.update_agenda(
        actor=team.coordinator, agenda=team.agenda, summary="x" * AGENDA_SUMMARY_MAX_LENGTH
    )

    assert len(Agenda.objects.get(pk=team.agenda.pk).summary) == AGENDA_SUMMARY_MAX_LENGTH


def test_a_long_step_note_is_refused(team):
    with pytest.raises(ValidationError) as refused:
        services.update_step(
            actor=team.coordinator,
            agenda=team.agenda,
            key="vision",
            state="current",
            note="x" * (STEP_NOTE_MAX_LENGTH + 1),
        )

    assert "note" in refused.value.message_dict
    assert not AgendaStep.objects.filter(agenda=team.agenda, key="vision", note__startswith="x")


def test_every_free_text_of_the_regions_app_has_a_limit():
    from django.apps import apps
    from django.core.validators import MaxLengthValidator
    from django.db import models

    unlimited = [
        f"{model.__name__}.{field.name}"
        for model in apps.get_app_config("regions").get_models()
        if not model.__name__.startswith("Historical")
        for field in model._meta.get_fields()
        if isinstance(field, models.TextField)
        and field.editable
        and not any(isinstance(v, MaxLengthValidator) for v in field.validators)
    ]
    # The audit trail's detail is written by services from names and keys, never typed freely.
    assert unlimited == ["AuditEvent.detail"]
    assert Programme._meta.get_field("description").max_length == 5000
