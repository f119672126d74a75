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


# A predicate can say why not ---------------------------------------------------------------------


def test_denied_is_falsy_in_code_and_templates():
    from django.template import Context, Template

    denied = permissions.Denied("Diese Runde ist geschlossen.")

    assert not denied
    assert str(denied) == "Diese Runde ist geschlossen."
    rendered = Template("{% if answer %}ja{% else %}nein{% endif %}").render(
        Context({"answer": denied})
    )
    assert rendered == "nein"


def refusal(predicate, user, *objects):
    with pytest.raises(PermissionDenied) as refused:
        permissions.require(predicate, user, *objects)
    return str(refused.value)


@pytest.mark.django_db
def test_can_rate_says_not_invited_not_yet_open_or_closed(team, rating_round):
    title = rating_round.title
    assert refusal(permissions.can_rate, team.moderator, rating_round) == (
        f"Sie sind zur Bewertungsrunde „{title}“ nicht eingeladen."
    )
    rating_round.status = "closed"
    assert refusal(permissions.can_rate, team.expert, rating_round) == (
        f"Die Bewertungsrunde „{title}“ ist abgeschlossen. Bewertungen können nicht mehr "
        "geändert werden."
    )
    rating_round.status = "draft"
    assert refusal(permissions.can_rate, team.expert, rating_round) == (
        f"Die Bewertungsrunde „{title}“ ist noch nicht geöffnet."
    )
    # Whether a round is open is no business of those not invited.
    assert "nicht eingeladen" in refusal(permissions.can_rate, team.moderator, rating_round)


@pytest.mark.django_db
def test_the_rating_page_shows_the_specific_reason(team, rating_round, client, no_staff_mfa):
    rating_round.status = "closed"
    rating_round.save()
    client.force_login(team.expert)

    response = client.get(f"/agenden/{team.agenda.slug}/matrix/runden/{rating_round.pk}/bewerten/")

    assert response.status_code == 403
    assert "ist abgeschlossen. Bewertungen können nicht mehr geändert werden." in (
        response.content.decode()
    )


@pytest.mark.django_db
def test_can_post_in_forum_says_closed_or_not_a_member(team):
    from tests.actor_factories import ThreadFactory

    thread = ThreadFactory(agenda=team.agenda, author=team.expert, is_closed=True)

    assert refusal(permissions.can_post_in_forum, team.participant, thread) == str(
        permissions.REASONS[permissions.can_enter_expert_forum]
    )
    assert refusal(permissions.can_post_in_forum, team.expert, thread) == (
        "Diese Diskussion ist geschlossen; neue Beiträge sind nicht mehr möglich."
    )


@pytest.mark.django_db
def test_can_join_says_already_member_or_private(team):
    assert "bereits eine Rolle" in refusal(permissions.can_join, team.expert, team.agenda)
    team.agenda.is_public = False
    assert "nicht öffentlich" in refusal(permissions.can_join, team.outsider, team.agenda)


@pytest.mark.django_db
def test_can_answer_survey_says_closed_or_private(team):
    from regioagenda.participation.models import Survey

    survey = Survey.objects.create(agenda=team.agenda, step="vision", title="Umfrage")
    assert "nicht (mehr) geöffnet" in refusal(permissions.can_answer_survey, None, survey)
    survey.is_open = True
    assert permissions.can_answer_survey(None, survey)
    survey.anonymous_allowed = False
    assert "melden Sie sich an" in refusal(permissions.can_answer_survey, None, survey)
    team.agenda.is_public = False
    survey.agenda = team.agenda
    assert "nicht öffentlich" in refusal(permissions.can_answer_survey, None, survey)


def test_every_refusal_has_words():
    """Each sentence in REASONS is non-empty German; a plain False falls back to the default."""
    assert permissions.REASONS
    for predicate, sentence in permissions.REASONS.items():
        assert str(sentence).strip().endswith("."), predicate.__name__
    assert permissions.reason(permissions.can_moderate) == permissions.DEFAULT_REASON
    assert permissions.reason(permissions.can_rate, permissions.Denied("Zu.")) == "Zu."


@pytest.mark.django_db
def test_can_link_activity_says_which_part_is_missing(team):
    from tests.actor_factories import ActivityFactory
    from tests.factories import AgendaFactory

    hidden = ActivityFactory(agenda=AgendaFactory(is_public=False))

    assert refusal(permissions.can_link_activity, team.expert, team.agenda, hidden) == str(
        permissions.REASONS[permissions.can_manage_activities]
    )
    assert "die Sie nicht sehen dürfen" in refusal(
        permissions.can_link_activity, team.editor, team.agenda, hidden
    )
