"""Every predicate of core.permissions for every kind of person, on public and private agendas."""

import pytest
from django.contrib.auth.models import AnonymousUser

from regioagenda.accounts.models import Membership, Role
from regioagenda.core import permissions
from regioagenda.core.models import Job
from tests.factories import MembershipFactory, UserFactory

PEOPLE = [
    "coordinator",
    "moderator",
    "editor",
    "expert",
    "participant",
    "programme_admin",
    "other_programme_admin",
    "superuser",
    "anonymous",
    "outsider",
]
MEMBERS = {"coordinator", "moderator", "editor", "expert", "participant"}
OFFICE = {"programme_admin", "superuser"}  # administer the agenda through its programme
LOGGED_IN = set(PEOPLE) - {"anonymous"}


def person(team, name):
    return AnonymousUser() if name == "anonymous" else getattr(team, name)


def expected_table(public):
    """Who may do what, written out per predicate; the tests compare against this table."""
    viewers = set(PEOPLE) if public else MEMBERS | OFFICE
    return {
        "can_view_agenda": viewers,
        "is_member": MEMBERS,
        "can_manage_agenda": {"coordinator"} | OFFICE,
        "can_manage_members": {"coordinator"} | OFFICE,
        "can_view_members": {"coordinator", "moderator", "editor"} | OFFICE,
        "can_moderate": {"coordinator", "moderator"} | OFFICE,
        "can_edit_content": {"coordinator", "moderator", "editor"} | OFFICE,
        "can_enter_expert_forum": {"coordinator", "moderator", "expert"} | OFFICE,
        "can_take_part": LOGGED_IN if public else MEMBERS | OFFICE,
        "can_join": (LOGGED_IN - MEMBERS) if public else set(),
    }


AGENDA_PREDICATES = sorted(expected_table(True))


@pytest.mark.parametrize("public", [True, False], ids=["public", "private"])
@pytest.mark.parametrize("predicate", AGENDA_PREDICATES)
def test_agenda_predicate_for_every_person(team, predicate, public):
    team.agenda.is_public = public
    team.agenda.save()
    check = getattr(permissions, predicate)

    allowed = {name for name in PEOPLE if check(person(team, name), team.agenda)}

    assert allowed == expected_table(public)[predicate]


def test_agenda_roles_lists_every_role_a_person_holds(team):
    MembershipFactory(user=team.expert, agenda=team.agenda, role=Role.EDITOR)
    permissions.forget_roles(team.expert)

    assert permissions.agenda_roles(team.expert, team.agenda) == {Role.EXPERT, Role.EDITOR}
    assert permissions.agenda_roles(team.outsider, team.agenda) == frozenset()
    assert permissions.agenda_roles(AnonymousUser(), team.agenda) == frozenset()
    assert permissions.agenda_roles(None, team.agenda) == frozenset()


def test_a_second_role_adds_its_permissions(team):
    assert not permissions.can_edit_content(team.expert, team.agenda)
    MembershipFactory(user=team.expert, agenda=team.agenda, role=Role.EDITOR)
    permissions.forget_roles(team.expert)

    assert permissions.can_edit_content(team.expert, team.agenda)
    assert permissions.can_enter_expert_forum(team.expert, team.agenda)
    assert not permissions.can_manage_agenda(team.expert, team.agenda)


def test_inactive_coordinator_has_no_rights(team):
    team.coordinator.is_active = False
    team.coordinator.save()
    team.agenda.is_public = False
    team.agenda.save()

    assert not permissions.can_view_agenda(team.coordinator, team.agenda)
    assert not permissions.can_manage_agenda(team.coordinator, team.agenda)
    assert not permissions.is_member(team.coordinator, team.agenda)
    assert not permissions.requires_mfa(team.coordinator)


def test_programme_admin_of_another_programme_cannot_administer_its_private_agenda(team):
    team.agenda.is_public = False
    team.agenda.save()

    assert permissions.is_programme_admin(team.other_programme_admin)
    assert not permissions.can_view_agenda(team.other_programme_admin, team.agenda)
    assert not permissions.can_manage_agenda(team.other_programme_admin, team.agenda)


def test_agenda_without_programme_is_administered_by_superusers_only(team):
    team.agenda.programme = None
    team.agenda.is_public = False
    team.agenda.save()

    assert not permissions.can_manage_agenda(team.programme_admin, team.agenda)
    assert not permissions.can_view_agenda(team.programme_admin, team.agenda)
    assert permissions.can_manage_agenda(team.superuser, team.agenda)
    assert permissions.can_manage_agenda(team.coordinator, team.agenda)


# Programme level -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "predicate", ["is_programme_admin", "can_manage_programme", "can_create_agenda"]
)
def test_programme_predicates_for_every_person(team, predicate):
    check = getattr(permissions, predicate)

    allowed = {name for name in PEOPLE if check(person(team, name), team.programme)}
    allowed_elsewhere = {name for name in PEOPLE if check(person(team, name), team.other_programme)}

    assert allowed == {"programme_admin", "superuser"}
    assert allowed_elsewhere == {"other_programme_admin", "superuser"}


def test_admin_of_any_programme_manages_the_register(team):
    any_programme = {name for name in PEOPLE if permissions.is_programme_admin(person(team, name))}
    register = {name for name in PEOPLE if permissions.can_manage_register(person(team, name))}

    assert any_programme == {"programme_admin", "other_programme_admin", "superuser"}
    assert register == any_programme


# Accounts and jobs -----------------------------------------------------------------------------


def test_requires_mfa_for_staff_roles_only(team):
    django_staff = UserFactory(is_staff=True)
    required = {name for name in PEOPLE if permissions.requires_mfa(person(team, name))}

    assert required == {
        "coordinator",
        "moderator",
        "editor",
        "programme_admin",
        "other_programme_admin",
        "superuser",
    }
    assert permissions.requires_mfa(django_staff)


def test_requires_mfa_counts_staff_roles_in_any_agenda(team):
    """A participant here who edits another agenda still acts for a region."""
    from tests.factories import AgendaFactory

    MembershipFactory(user=team.participant, agenda=AgendaFactory(), role=Role.EDITOR)
    permissions.forget_roles(team.participant)

    assert permissions.requires_mfa(team.participant)
    assert not permissions.requires_mfa(team.expert)


def test_only_the_creator_and_superusers_see_a_job(team):
    job = Job.objects.create(kind="tests.none", label="Eine Aufgabe", created_by=team.outsider)
    orphan = Job.objects.create(kind="tests.none", label="Ohne Urheber")

    allowed = {name for name in PEOPLE if permissions.can_view_job(person(team, name), job)}
    orphan_allowed = {
        name for name in PEOPLE if permissions.can_view_job(person(team, name), orphan)
    }

    assert allowed == {"outsider", "superuser"}
    assert orphan_allowed == {"superuser"}


# Roles are loaded once per user object ---------------------------------------------------------


def fresh(user):
    """The same person without cached roles, as a new request would load them."""
    return type(user).objects.get(pk=user.pk)


def test_coordinator_predicates_cost_one_membership_query(team, django_assert_num_queries):
    coordinator = fresh(team.coordinator)

    with django_assert_num_queries(1):
        assert permissions.is_member(coordinator, team.agenda)
        assert permissions.can_manage_agenda(coordinator, team.agenda)
        assert permissions.can_manage_members(coordinator, team.agenda)
        assert permissions.can_view_members(coordinator, team.agenda)
        assert permissions.can_moderate(coordinator, team.agenda)
        assert permissions.can_edit_content(coordinator, team.agenda)
        assert permissions.can_enter_expert_forum(coordinator, team.agenda)
        assert not permissions.can_join(coordinator, team.agenda)

    with django_assert_num_queries(1):  # the programme roles, for the programme office
        assert permissions.requires_mfa(coordinator)


def test_predicates_that_ask_the_programme_cost_one_more_query(team, django_assert_num_queries):
    team.agenda.is_public = False
    team.agenda.save()
    expert = fresh(team.expert)

    with django_assert_num_queries(2):
        assert permissions.can_view_agenda(expert, team.agenda)
        assert not permissions.can_manage_agenda(expert, team.agenda)
        assert not permissions.can_view_members(expert, team.agenda)
        assert not permissions.can_moderate(expert, team.agenda)
        assert not permissions.can_edit_content(expert, team.agenda)
        assert permissions.can_enter_expert_forum(expert, team.agenda)
        assert permissions.can_take_part(expert, team.agenda)
        assert not permissions.is_programme_admin(expert, team.programme)
        assert not permissions.requires_mfa(expert)


def test_roles_of_several_agendas_come_from_the_same_query(team, django_assert_num_queries):
    from tests.factories import AgendaFactory

    second = AgendaFactory()
    MembershipFactory(user=team.coordinator, agenda=second, role=Role.PARTICIPANT)
    coordinator = fresh(team.coordinator)

    with django_assert_num_queries(1):
        assert permissions.agenda_roles(coordinator, team.agenda) == {Role.COORDINATOR}
        assert permissions.agenda_roles(coordinator, second) == {Role.PARTICIPANT}


def test_anonymous_predicates_cost_no_query(team, django_assert_num_queries):
    with django_assert_num_queries(0):
        for predicate in AGENDA_PREDICATES:
            getattr(permissions, predicate)(AnonymousUser(), team.agenda)
        assert not permissions.is_programme_admin(AnonymousUser())
        assert not permissions.requires_mfa(AnonymousUser())


def test_cached_roles_stay_until_forgotten(team):
    outsider = fresh(team.outsider)
    assert not permissions.is_member(outsider, team.agenda)

    Membership.objects.create(user=outsider, agenda=team.agenda, role=Role.MODERATOR)
    assert not permissions.can_moderate(outsider, team.agenda), "roles are cached per object"

    permissions.forget_roles(outsider)
    assert permissions.can_moderate(outsider, team.agenda)
    assert permissions.is_member(outsider, team.agenda)
