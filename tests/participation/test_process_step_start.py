"""A step that becomes current is announced to the agenda's followers — once per step."""

import pytest

from regioagenda.community.models import NotificationKind
from regioagenda.participation.models import Phase
from regioagenda.participation.services import phases as phase_services
from regioagenda.regions import services as region_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def told(monkeypatch):
    calls = []
    monkeypatch.setattr(
        phase_services.community, "notify", lambda **kwargs: calls.append(kwargs) or 0
    )
    return calls


def make_current(team, key, note=""):
    region_services.update_step(
        actor=team.coordinator, agenda=team.agenda, key=key, state="current", note=note
    )


def test_step_start_is_announced_once(team, told):
    Phase.objects.create(agenda=team.agenda, step="vision", plain_summary="Ihre Ideen für 2030.")
    make_current(team, "vision")
    assert len(told) == 1
    call = told[0]
    assert call["kind"] == NotificationKind.STEP_STARTED
    assert call["target"] == team.agenda and call["agenda"] == team.agenda
    assert "Vision & Ziele" in call["subject"]
    assert "Ihre Ideen für 2030." in call["text"]
    assert call["url"].endswith(f"/agenden/{team.agenda.slug}/beteiligung/")
    # Saving the step again (a new note) or making it current again does not repeat it.
    make_current(team, "vision", note="Vier Werkstätten geplant.")
    make_current(team, "projects")
    make_current(team, "vision")
    assert [c["subject"] for c in told].count(call["subject"]) == 1
    assert len(told) == 2  # vision, projects
    assert Phase.objects.get(agenda=team.agenda, step="vision").start_announced_at is not None


def test_other_states_are_not_announced(team, told):
    region_services.update_step(
        actor=team.coordinator, agenda=team.agenda, key="projects", state="done", note=""
    )
    region_services.update_step(
        actor=team.coordinator, agenda=team.agenda, key="adoption", state="upcoming", note=""
    )
    assert told == []


def test_a_failed_step_change_announces_nothing(team, told):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        region_services.update_step(
            actor=team.editor, agenda=team.agenda, key="vision", state="current", note=""
        )
    assert told == []
    assert not Phase.objects.filter(start_announced_at__isnull=False).exists()
