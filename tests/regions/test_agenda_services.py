"""Agenda use cases: create, change settings and steps, manage members, join; and their forms."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from regioagenda.accounts.models import Membership, Role
from regioagenda.regions import process, services
from regioagenda.regions.models import Agenda, AgendaStep, AuditEvent, StepState
from tests.factories import RegionFactory, UserFactory

pytestmark = pytest.mark.usefixtures("no_staff_mfa")

NEXT_YEARS = timezone.localdate().year + 5


def messages_of(exc_info):
    return " ".join(exc_info.value.messages)


def steps_of(agenda):
    return dict(AgendaStep.objects.filter(agenda=agenda).values_list("key", "state"))


def reload(obj):
    return type(obj).objects.get(pk=obj.pk)


# create_agenda ---------------------------------------------------------------------------------


def create(team, actor=None, **overrides):
    arguments = {
        "actor": actor or team.programme_admin,
        "programme": team.programme,
        "region": RegionFactory(name="Stadt Neuanfang"),
        "title": "  Digitale Agenda Neuanfang  ",
        "slug": "neuanfang",
        "horizon_year": NEXT_YEARS,
        "is_public": False,
        "summary": "Frisch angelegt.",
    }
    arguments.update(overrides)
    return services.create_agenda(**arguments)


def test_create_agenda_creates_all_steps_with_the_first_current(team):
    agenda = create(team)

    agenda = reload(agenda)
    assert agenda.title == "Digitale Agenda Neuanfang"
    assert agenda.current_step == "kickoff"
    assert agenda.programme == team.programme
    assert not agenda.is_public
    states = steps_of(agenda)
    assert states == {
        key: StepState.CURRENT if key == "kickoff" else StepState.UPCOMING
        for key in process.STEP_KEYS
    }
    kickoff = AgendaStep.objects.get(agenda=agenda, key="kickoff")
    assert kickoff.started_on == timezone.localdate()
    assert AuditEvent.objects.filter(
        agenda=agenda, action="regions.agenda_created", actor=team.programme_admin
    ).exists()


def test_superuser_may_create_an_agenda(team):
    agenda = create(team, actor=team.superuser)

    assert agenda.pk is not None


def test_horizon_in_the_past_is_refused_and_nothing_is_created(team):
    before = Agenda.objects.count()

    with pytest.raises(ValidationError) as exc_info:
        create(team, horizon_year=timezone.localdate().year - 1)

    assert "liegt in der Vergangenheit" in messages_of(exc_info)
    assert Agenda.objects.count() == before
    assert not Agenda.objects.filter(slug="neuanfang").exists()
    assert not AgendaStep.objects.filter(agenda__slug="neuanfang").exists()


def test_horizon_too_far_ahead_is_refused(team):
    with pytest.raises(ValidationError) as exc_info:
        create(team, horizon_year=timezone.localdate().year + 31)

    assert "mehr als 30 Jahre in der Zukunft" in messages_of(exc_info)
    assert not Agenda.objects.filter(slug="neuanfang").exists()


def test_taken_slug_is_refused_with_its_name(team):
    with pytest.raises(ValidationError) as exc_info:
        create(team, slug=team.agenda.slug)

    assert exc_info.value.message_dict["slug"] == [
        f"Der Kurzname „{team.agenda.slug}“ ist schon vergeben."
    ]
    assert Agenda.objects.filter(slug=team.agenda.slug).count() == 1


@pytest.mark.parametrize("who", ["coordinator", "other_programme_admin", "outsider"])
def test_only_the_programme_office_creates_agendas(team, who):
    before = Agenda.objects.count()

    with pytest.raises(PermissionDenied):
        create(team, actor=getattr(team, who))

    assert Agenda.objects.count() == before


def test_agenda_create_view_shows_the_past_horizon_in_the_form(login, team):
    region = RegionFactory(name="Stadt Formhausen")
    url = reverse("regions:agenda_create", args=[team.programme.slug])

    response = login(team.programme_admin).post(
        url,
        {
            "region": region.pk,
            "title": "Digitale Agenda Formhausen",
            "slug": "",
            "horizon_year": 2001,
            "summary": "",
        },
    )

    assert response.status_code == 200
    assert "liegt in der Vergangenheit" in response.content.decode()
    assert not Agenda.objects.filter(region=region).exists()


def test_agenda_create_view_builds_the_slug_from_the_title(login, team):
    region = RegionFactory(name="Stadt Formhausen")
    url = reverse("regions:agenda_create", args=[team.programme.slug])

    response = login(team.programme_admin).post(
        url,
        {
            "region": region.pk,
            "title": "Digitale Agenda Formhausen",
            "slug": "",
            "horizon_year": NEXT_YEARS,
            "is_public": "on",
            "summary": "",
        },
    )

    agenda = Agenda.objects.get(region=region)
    assert response.status_code == 302
    assert response["Location"] == agenda.get_absolute_url()
    assert agenda.slug == "digitale-agenda-formhausen"
    assert agenda.is_public
    assert agenda.steps.count() == len(process.STEP_KEYS)


def test_agenda_create_view_reports_a_taken_slug(login, team):
    region = RegionFactory(name="Stadt Formhausen")

    response = login(team.programme_admin).post(
        reverse("regions:agenda_create", args=[team.programme.slug]),
        {
            "region": region.pk,
            "title": "Noch eine",
            "slug": team.agenda.slug,
            "horizon_year": NEXT_YEARS,
        },
    )

    assert response.status_code == 200
    assert f"Der Kurzname „{team.agenda.slug}“ ist schon vergeben." in response.content.decode()
    assert not Agenda.objects.filter(region=region).exists()


# update_agenda ---------------------------------------------------------------------------------


def test_update_agenda_changes_the_fields_and_audits(team):
    services.update_agenda(
        actor=team.coordinator,
        agenda=team.agenda,
        title="Neuer Titel",
        horizon_year=NEXT_YEARS + 1,
        is_public=False,
        status="active",
    )

    agenda = reload(team.agenda)
    assert agenda.title == "Neuer Titel"
    assert agenda.horizon_year == NEXT_YEARS + 1
    assert not agenda.is_public
    assert agenda.status == "active"
    event = AuditEvent.objects.get(agenda=agenda, action="regions.agenda_updated")
    assert event.actor == team.coordinator
    assert event.detail == "horizon_year, is_public, status, title"


def test_update_agenda_refuses_a_past_horizon_and_changes_nothing(team):
    with pytest.raises(ValidationError) as exc_info:
        services.update_agenda(
            actor=team.coordinator, agenda=team.agenda, title="Anders", horizon_year=2001
        )

    assert "Das Zieljahr 2001 liegt in der Vergangenheit" in messages_of(exc_info)
    agenda = reload(team.agenda)
    assert agenda.title == "Digitale Agenda Teamhausen"
    assert agenda.horizon_year == NEXT_YEARS - 1


def test_a_passed_horizon_may_stay_when_other_fields_change(team):
    Agenda.objects.filter(pk=team.agenda.pk).update(horizon_year=2020)
    agenda = reload(team.agenda)

    services.update_agenda(actor=team.coordinator, agenda=agenda, horizon_year=2020, title="Alt")

    assert reload(agenda).title == "Alt"


def test_update_agenda_refuses_fields_it_does_not_own(team):
    with pytest.raises(ValueError, match="slug"):
        services.update_agenda(actor=team.coordinator, agenda=team.agenda, slug="anders")

    assert reload(team.agenda).slug == "teamhausen"


@pytest.mark.parametrize("who", ["moderator", "editor", "participant", "other_programme_admin"])
def test_only_coordination_and_office_update_the_agenda(team, who):
    with pytest.raises(PermissionDenied):
        services.update_agenda(actor=getattr(team, who), agenda=team.agenda, title="Gekapert")

    assert reload(team.agenda).title == "Digitale Agenda Teamhausen"


def test_settings_view_with_a_past_horizon_shows_the_error_and_saves_nothing(login, team):
    response = login(team.coordinator).post(
        reverse("regions:agenda_settings", args=[team.agenda.slug]),
        {
            "title": "Neuer Titel",
            "summary": "",
            "horizon_year": 2001,
            "status": "active",
            "is_public": "on",
        },
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Das Zieljahr 2001 liegt in der Vergangenheit" in page
    assert 'id="id_horizon_year_error"' in page
    # The form keeps what was typed; the page around it shows the agenda as it is saved.
    assert 'value="Neuer Titel"' in page
    assert "<title>Einstellungen – Digitale Agenda Teamhausen · Regio Agenda</title>" in page
    agenda = reload(team.agenda)
    assert agenda.title == "Digitale Agenda Teamhausen"
    assert agenda.horizon_year == NEXT_YEARS - 1
    assert agenda.status == "draft"
    assert not AuditEvent.objects.filter(action="regions.agenda_updated").exists()


def test_settings_view_saves_valid_changes(login, team):
    response = login(team.coordinator).post(
        reverse("regions:agenda_settings", args=[team.agenda.slug]),
        {
            "title": "Neuer Titel",
            "summary": "Kurz.",
            "horizon_year": NEXT_YEARS - 1,
            "status": "active",
        },
    )

    assert response.status_code == 302
    agenda = reload(team.agenda)
    assert agenda.title == "Neuer Titel"
    assert agenda.status == "active"
    assert not agenda.is_public
    assert AuditEvent.objects.get(action="regions.agenda_updated").detail == (
        "is_public, status, summary, title"
    )


# update_step -----------------------------------------------------------------------------------


def test_making_a_step_current_moves_the_agenda_and_closes_the_previous(team):
    step = services.update_step(
        actor=team.coordinator,
        agenda=team.agenda,
        key="assessment",
        state=StepState.CURRENT,
        note="Matrix wird bewertet.",
    )

    today = timezone.localdate()
    assert reload(team.agenda).current_step == "assessment"
    assert team.agenda.current_step == "assessment"
    states = steps_of(team.agenda)
    assert states["kickoff"] == StepState.DONE
    assert states["assessment"] == StepState.CURRENT
    assert [states[key] for key in process.STEP_KEYS[2:]] == [StepState.UPCOMING] * 5
    kickoff = AgendaStep.objects.get(agenda=team.agenda, key="kickoff")
    assert kickoff.completed_on == today
    step.refresh_from_db()
    assert step.note == "Matrix wird bewertet."
    assert step.started_on == today
    assert step.completed_on is None
    assert AuditEvent.objects.filter(
        action="regions.step_updated", detail="assessment: current"
    ).exists()


def test_done_sets_the_completion_date_and_going_back_clears_it(team):
    services.update_step(
        actor=team.coordinator, agenda=team.agenda, key="vision", state="done", note=""
    )
    vision = AgendaStep.objects.get(agenda=team.agenda, key="vision")
    assert vision.completed_on == timezone.localdate()
    assert vision.started_on == timezone.localdate()
    assert reload(team.agenda).current_step == "kickoff"  # done does not move the agenda

    services.update_step(
        actor=team.coordinator, agenda=team.agenda, key="vision", state="upcoming", note=""
    )
    vision.refresh_from_db()
    assert vision.state == StepState.UPCOMING
    assert vision.completed_on is None


def test_done_keeps_an_earlier_completion_date(team):
    earlier = datetime.date(2025, 1, 15)
    AgendaStep.objects.filter(agenda=team.agenda, key="kickoff").update(
        state=StepState.DONE, started_on=datetime.date(2025, 1, 1), completed_on=earlier
    )

    services.update_step(
        actor=team.coordinator, agenda=team.agenda, key="kickoff", state="done", note="Notiz"
    )

    assert AgendaStep.objects.get(agenda=team.agenda, key="kickoff").completed_on == earlier


def test_update_step_creates_missing_step_rows(team):
    AgendaStep.objects.filter(agenda=team.agenda).exclude(key="kickoff").delete()

    services.update_step(
        actor=team.coordinator, agenda=team.agenda, key="adoption", state="current", note=""
    )

    assert steps_of(team.agenda)["adoption"] == StepState.CURRENT
    assert AgendaStep.objects.filter(agenda=team.agenda).count() == len(process.STEP_KEYS)


def test_unknown_step_or_state_is_refused(team):
    with pytest.raises(ValidationError) as exc_info:
        services.update_step(
            actor=team.coordinator, agenda=team.agenda, key="party", state="done", note=""
        )
    assert "Unbekannter Prozessschritt „party“" in messages_of(exc_info)

    with pytest.raises(ValidationError) as exc_info:
        services.update_step(
            actor=team.coordinator, agenda=team.agenda, key="vision", state="halb", note=""
        )
    assert "Unbekannter Stand „halb“" in messages_of(exc_info)
    assert steps_of(team.agenda)["vision"] == StepState.UPCOMING


@pytest.mark.parametrize("who", ["moderator", "editor", "expert", "outsider"])
def test_only_coordination_changes_steps(team, who):
    with pytest.raises(PermissionDenied):
        services.update_step(
            actor=getattr(team, who), agenda=team.agenda, key="vision", state="done", note=""
        )

    assert steps_of(team.agenda)["vision"] == StepState.UPCOMING


def test_step_view_with_unknown_state_shows_a_form_error(login, team):
    response = login(team.coordinator).post(
        reverse("regions:agenda_step", args=[team.agenda.slug, "vision"]),
        {"state": "halb", "note": "Sollte nicht gespeichert werden."},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_state_error"' in page
    assert "keine gültige Auswahl" in page
    vision = AgendaStep.objects.get(agenda=team.agenda, key="vision")
    assert vision.state == StepState.UPCOMING
    assert vision.note == ""


def test_step_view_saves_and_redirects(login, team):
    response = login(team.coordinator).post(
        reverse("regions:agenda_step", args=[team.agenda.slug, "vision"]),
        {"state": "current", "note": "Leitbild-Werkstatt am 12. Mai."},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == team.agenda.get_absolute_url()
    page = response.content.decode()
    assert "Leitbild-Werkstatt am 12. Mai." in page
    assert "wurde aktualisiert" in page
    assert reload(team.agenda).current_step == "vision"


def test_step_view_for_an_unknown_step_is_404(login, team):
    response = login(team.coordinator).get(
        reverse("regions:agenda_step", args=[team.agenda.slug, "party"])
    )

    assert response.status_code == 404
    assert "Den Prozessschritt „party“ gibt es nicht." in response.content.decode()


# add_member / remove_member --------------------------------------------------------------------


def test_add_member_by_email_in_any_case(team):
    newcomer = UserFactory(email="neu@example.org")

    membership = services.add_member(
        actor=team.coordinator, agenda=team.agenda, email="  NEU@Example.org ", role="moderator"
    )

    assert membership.user == newcomer
    assert membership.role == Role.MODERATOR
    assert membership.created_by == team.coordinator
    assert AuditEvent.objects.filter(
        action="regions.member_added", detail="neu@example.org: moderator"
    ).exists()


def test_add_member_with_unknown_email_says_who_is_missing(team):
    with pytest.raises(ValidationError) as exc_info:
        services.add_member(
            actor=team.coordinator, agenda=team.agenda, email="nie@example.org", role="editor"
        )

    assert "Unter nie@example.org ist niemand registriert" in messages_of(exc_info)
    assert "email" in exc_info.value.message_dict


def test_add_member_twice_with_the_same_role_is_refused(team):
    before = Membership.objects.count()

    with pytest.raises(ValidationError) as exc_info:
        services.add_member(
            actor=team.coordinator,
            agenda=team.agenda,
            email=team.expert.email,
            role="expert",
        )

    assert f"{team.expert} hat die Rolle „Expertenforum“ bereits." in messages_of(exc_info)
    assert Membership.objects.count() == before


def test_a_second_role_for_the_same_person_is_fine(team):
    services.add_member(
        actor=team.coordinator, agenda=team.agenda, email=team.expert.email, role="editor"
    )

    assert set(team.expert.memberships.values_list("role", flat=True)) == {"expert", "editor"}


def test_unknown_role_is_refused(team):
    with pytest.raises(ValidationError) as exc_info:
        services.add_member(
            actor=team.coordinator, agenda=team.agenda, email=team.outsider.email, role="king"
        )

    assert "Unbekannte Rolle „king“" in messages_of(exc_info)
    assert not team.outsider.memberships.exists()


@pytest.mark.parametrize("who", ["moderator", "editor", "participant", "other_programme_admin"])
def test_only_coordination_adds_members(team, who):
    with pytest.raises(PermissionDenied):
        services.add_member(
            actor=getattr(team, who), agenda=team.agenda, email=team.outsider.email, role="editor"
        )

    assert not team.outsider.memberships.exists()


def test_programme_office_adds_members(team):
    services.add_member(
        actor=team.programme_admin, agenda=team.agenda, email=team.outsider.email, role="editor"
    )

    assert team.outsider.memberships.get().role == Role.EDITOR


def test_remove_member(team):
    membership = team.expert.memberships.get()

    services.remove_member(actor=team.coordinator, membership=membership)

    assert not team.expert.memberships.exists()
    assert AuditEvent.objects.filter(action="regions.member_removed").exists()


def test_the_last_coordinator_cannot_be_removed(team):
    membership = team.coordinator.memberships.get()

    with pytest.raises(ValidationError) as exc_info:
        services.remove_member(actor=team.programme_admin, membership=membership)

    assert "letzte Koordinatorin bzw. der letzte Koordinator" in messages_of(exc_info)
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_one_of_two_coordinators_can_be_removed(team):
    second = services.add_member(
        actor=team.coordinator, agenda=team.agenda, email=team.outsider.email, role="coordinator"
    )

    services.remove_member(actor=team.coordinator, membership=second)

    assert not Membership.objects.filter(pk=second.pk).exists()
    assert team.coordinator.memberships.filter(role=Role.COORDINATOR).exists()


def test_only_coordination_removes_members(team):
    membership = team.participant.memberships.get()

    with pytest.raises(PermissionDenied):
        services.remove_member(actor=team.moderator, membership=membership)

    assert Membership.objects.filter(pk=membership.pk).exists()


def test_members_view_with_invalid_email_shows_a_field_error(login, team):
    before = Membership.objects.count()

    response = login(team.coordinator).post(
        reverse("regions:agenda_members", args=[team.agenda.slug]),
        {"email": "kein-at-zeichen", "role": "editor"},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_email_error"' in page
    assert "Bitte gültige E-Mail-Adresse eingeben." in page
    assert Membership.objects.count() == before


def test_members_view_with_unknown_email_shows_the_service_message(login, team):
    response = login(team.coordinator).post(
        reverse("regions:agenda_members", args=[team.agenda.slug]),
        {"email": "nie@example.org", "role": "editor"},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_email_error"' in page
    assert "Unter nie@example.org ist niemand registriert" in page
    assert team.agenda.memberships.count() == len(Role)  # one per role, as before


def test_members_view_with_duplicate_role_shows_a_form_error(login, team):
    response = login(team.coordinator).post(
        reverse("regions:agenda_members", args=[team.agenda.slug]),
        {"email": team.expert.email, "role": "expert"},
    )

    assert response.status_code == 200
    assert "hat die Rolle „Expertenforum“ bereits." in response.content.decode()
    assert team.agenda.memberships.filter(user=team.expert).count() == 1


def test_members_view_adds_and_lists_the_member(login, team):
    response = login(team.coordinator).post(
        reverse("regions:agenda_members", args=[team.agenda.slug]),
        {"email": team.outsider.email, "role": "editor"},
        follow=True,
    )

    page = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse(
        "regions:agenda_members", args=[team.agenda.slug]
    )
    assert f"{team.outsider} hat jetzt die Rolle „Redaktion“." in page
    assert team.outsider.email in page
    added = Membership.objects.get(user=team.outsider)
    assert (added.agenda, added.role) == (team.agenda, Role.EDITOR)


def test_moderator_sees_members_but_cannot_add(login, team):
    client = login(team.moderator)
    url = reverse("regions:agenda_members", args=[team.agenda.slug])

    page = client.get(url).content.decode()
    response = client.post(url, {"email": team.outsider.email, "role": "editor"})

    assert team.expert.email in page
    assert "Rolle vergeben" not in page
    assert response.status_code == 403
    assert not team.outsider.memberships.exists()


def test_remove_view_protects_the_last_coordinator_with_a_message(login, team):
    membership = team.coordinator.memberships.get()

    response = login(team.coordinator).post(
        reverse("regions:agenda_member_remove", args=[team.agenda.slug, membership.pk]),
        follow=True,
    )

    assert response.status_code == 200
    assert "letzte Koordinatorin" in response.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()


# join_agenda -----------------------------------------------------------------------------------


def test_join_a_public_agenda_as_participant(team):
    membership = services.join_agenda(actor=team.outsider, agenda=team.agenda)

    assert membership.role == Role.PARTICIPANT
    assert membership.user == team.outsider
    assert (
        AuditEvent.objects.filter(action="regions.member_joined", actor=team.outsider).count() == 1
    )


def test_joining_twice_is_not_an_error_and_adds_nothing(team):
    first = services.join_agenda(actor=team.outsider, agenda=team.agenda)

    second = services.join_agenda(actor=team.outsider, agenda=team.agenda)

    assert second == first
    assert team.outsider.memberships.count() == 1
    assert (
        AuditEvent.objects.filter(action="regions.member_joined", actor=team.outsider).count() == 1
    )


def test_second_click_on_join_is_answered_with_the_agenda(login, team):
    """A double submit of the join form must not end on an error page."""
    client = login(team.outsider)
    url = reverse("regions:agenda_join", args=[team.agenda.slug])
    client.post(url)

    response = client.post(url)

    assert response.status_code == 302
    assert response["Location"] == team.agenda.get_absolute_url()
    assert team.outsider.memberships.count() == 1


def test_a_private_agenda_cannot_be_joined(team):
    team.agenda.is_public = False
    team.agenda.save()

    with pytest.raises(PermissionDenied):
        services.join_agenda(actor=team.outsider, agenda=team.agenda)

    assert not team.outsider.memberships.exists()


def test_anonymous_cannot_join(team):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        services.join_agenda(actor=AnonymousUser(), agenda=team.agenda)
    assert team.agenda.memberships.count() == len(Role)  # one per role, as before


def test_join_view_requires_a_login(client, team):
    response = client.post(reverse("regions:agenda_join", args=[team.agenda.slug]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert (
        not Membership.objects.filter(role=Role.PARTICIPANT).exclude(user=team.participant).exists()
    )


def test_join_view_refuses_get(login, team):
    response = login(team.outsider).get(reverse("regions:agenda_join", args=[team.agenda.slug]))

    assert response.status_code == 405
    assert not team.outsider.memberships.exists()
