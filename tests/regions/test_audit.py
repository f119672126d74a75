"""The audit trail takes its event names from one enumeration."""

import re

import pytest
from django.apps import apps

from regioagenda.regions.audit import AuditAction, record_event
from regioagenda.regions.models import AuditEvent


def test_every_event_is_named_app_object_verb():
    app_labels = {config.label for config in apps.get_app_configs()}
    for action in AuditAction:
        app, _, name = action.value.partition(".")
        assert app in app_labels, action
        assert re.fullmatch(r"[a-z]+(_[a-z]+)+", name), action
        assert len(action.value) <= AuditEvent._meta.get_field("action").max_length


@pytest.mark.django_db
def test_a_free_string_is_refused_and_nothing_is_written():
    with pytest.raises(ValueError):
        record_event(actor=None, agenda=None, action="agenda.created")
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_an_event_is_written_with_its_readable_label(team):
    event = record_event(
        actor=team.coordinator, agenda=team.agenda, action=AuditAction.AGENDA_UPDATED, detail="x"
    )
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.action == "regions.agenda_updated"
    assert stored.get_action_display() == "Agenda geändert"
    assert stored.actor == team.coordinator


@pytest.mark.django_db
def test_an_anonymous_actor_is_stored_as_nobody(team):
    from django.contrib.auth.models import AnonymousUser

    event = record_event(
        actor=AnonymousUser(), agenda=team.agenda, action=AuditAction.MEMBER_JOINED
    )
    assert AuditEvent.objects.get(pk=event.pk).actor is None
