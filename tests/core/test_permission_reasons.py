"""A refusal says why, and the page says the same as the service."""

import pytest
from django.core.exceptions import PermissionDenied

from regioagenda.core import permissions
from regioagenda.regions import services


@pytest.mark.django_db
def test_require_refuses_with_the_predicates_reason(team):
    with pytest.raises(PermissionDenied) as refused:
        permissions.require(permissions.can_manage_agenda, team.participant, team.agenda)
    assert str(refused.value) == str(permissions.REASONS[permissions.can_manage_agenda])


@pytest.mark.django_db
def test_require_allows_silently(team):
    assert permissions.require(permissions.can_manage_agenda, team.coordinator, team.agenda) is None


@pytest.mark.django_db
def test_predicate_without_own_reason_uses_the_default(team):
    with pytest.raises(PermissionDenied) as refused:
        permissions.require(permissions.can_moderate, team.expert, team.agenda)
    assert str(refused.value) == str(permissions.DEFAULT_REASON)


@pytest.mark.django_db
def test_service_and_page_give_the_same_reason(team, client, no_staff_mfa):
    reason = str(permissions.REASONS[permissions.can_manage_agenda])
    with pytest.raises(PermissionDenied, match=reason):
        services.update_agenda(actor=team.editor, agenda=team.agenda, title="Neu")
    client.force_login(team.editor)
    response = client.get(f"/agenden/{team.agenda.slug}/einstellungen/")
    assert response.status_code == 403
    assert reason in response.content.decode()
