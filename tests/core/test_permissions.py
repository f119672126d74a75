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


STAFF = {"coordinator", "moderator", "editor"}
FORUM = {"coordinator", "moderator", "expert"}


def expected_table(public):
    """Who may do what, written out per predicate; the tests compare against this table."""
    viewers = set(PEOPLE) if public else MEMBERS | OFFICE
    return {
        "can_view_agenda": viewers,
        "is_member": MEMBERS,
        "can_manage_agenda": {"coordinator"} | OFFICE,
        "can_manage_members": {"coordinator"} | OFFICE,
        "can_view_members": STAFF | OFFICE,
        "can_moderate": {"coordinator", "moderator"} | OFFICE,
        "can_edit_content": STAFF | OFFICE,
        "can_take_part": LOGGED_IN if public else MEMBERS | OFFICE,
        "can_join": (LOGGED_IN - MEMBERS) if public else set(),
        # Smart-Region-Matrix
        "can_manage_assessment": {"coordinator"} | OFFICE,
        "can_set_consensus": {"coordinator", "moderator"} | OFFICE,
        "can_enter_indicators": STAFF | OFFICE,
        "can_view_rounds": MEMBERS | OFFICE,
        # idea curation (participation)
        "can_curate_ideas": STAFF | OFFICE,
        "can_merge_ideas": {"coordinator", "moderator"} | OFFICE,
        # existing concepts
        "can_manage_sources": STAFF | OFFICE,
        "can_view_sources": viewers,
        # actors, bodies, activities, expert forum
        "can_view_actors": STAFF | OFFICE,
        "can_manage_actors": STAFF | OFFICE,
        "can_view_public_actors": viewers,
        "can_manage_bodies": {"coordinator"} | OFFICE,
        "can_view_activities": viewers,
        "can_manage_activities": STAFF | OFFICE,
        "can_enter_expert_forum": FORUM | OFFICE,
        "can_moderate_forum": {"coordinator", "moderator"} | OFFICE,
        # community: moderation queue, newsletter
        "can_moderate_reports": {"coordinator", "moderator"} | OFFICE,
        "can_send_newsletter": {"coordinator"} | OFFICE,
        # participation: events and workshops
        "can_manage_events": STAFF | OFFICE,
        # participation: phases, news, posters
        "can_manage_phases": {"coordinator"} | OFFICE,
        "can_manage_news": {"coordinator", "editor"} | OFFICE,
        "can_print_posters": STAFF | OFFICE,
        # participation: prioritisation and consultation
        "can_view_live_vote_results": STAFF | OFFICE,
        "can_publish_vote_results": {"coordinator"} | OFFICE,
        "can_manage_drafts": {"coordinator"} | OFFICE,
        "can_answer_consultation": STAFF | OFFICE,
        "can_manage_surveys": STAFF | OFFICE,
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


PROGRAMME_PREDICATES = ["is_programme_admin", "can_manage_programme", "can_create_agenda"]


@pytest.mark.parametrize("predicate", PROGRAMME_PREDICATES)
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


# Predicates on rounds, threads and activities --------------------------------------------------

INVITED = {"expert", "editor", "participant"}  # the rating_round fixture


def who(team, predicate, *objects):
    check = getattr(permissions, predicate)
    return {name for name in PEOPLE if check(person(team, name), *objects)}


@pytest.mark.parametrize(
    ("status", "expected"),
    [("open", INVITED), ("draft", set()), ("closed", set())],
)
def test_can_rate_for_every_person(team, rating_round, status, expected):
    rating_round.status = status
    rating_round.save()

    assert who(team, "can_rate", rating_round) == expected


@pytest.mark.parametrize(
    ("public", "is_open", "anonymous", "verified", "blocked", "expected"),
    [
        (True, True, True, False, False, set(PEOPLE)),
        (True, False, True, True, False, set()),
        (False, True, True, True, False, MEMBERS | OFFICE),
        (True, True, False, True, False, LOGGED_IN),
        (True, True, False, False, False, set()),
        (True, True, True, True, True, set(PEOPLE) - {"participant"}),
    ],
    ids=[
        "open to all",
        "closed",
        "private agenda",
        "account required",
        "account required, email not confirmed",
        "participant blocked",
    ],
)
def test_can_answer_survey_for_every_person(
    team, public, is_open, anonymous, verified, blocked, expected
):
    from allauth.account.models import EmailAddress

    from regioagenda.accounts.models import AgendaBlock
    from regioagenda.participation.models import Survey

    team.agenda.is_public = public
    team.agenda.save()
    for name in LOGGED_IN:
        user = person(team, name)
        EmailAddress.objects.create(user=user, email=user.email, verified=verified, primary=True)
    if blocked:
        AgendaBlock.objects.create(user=team.participant, agenda=team.agenda, reason="Spam")
    survey = Survey.objects.create(
        agenda=team.agenda,
        step="vision",
        title="Umfrage",
        is_open=is_open,
        anonymous_allowed=anonymous,
    )

    assert who(team, "can_answer_survey", survey) == expected


@pytest.mark.parametrize(("closed", "expected"), [(False, FORUM | OFFICE), (True, set())])
def test_can_post_in_forum_for_every_person(team, closed, expected):
    from tests.actor_factories import ThreadFactory

    thread = ThreadFactory(agenda=team.agenda, author=team.expert, is_closed=closed)

    assert who(team, "can_post_in_forum", thread) == expected


@pytest.mark.parametrize(
    ("original_public", "expected"),
    [(True, STAFF | OFFICE), (False, OFFICE)],
    ids=["original on a public agenda", "original on a private agenda"],
)
def test_can_merge_activities_for_every_person(team, original_public, expected):
    """Staff of the duplicate's agenda must also see the original's; the office of the
    duplicate's programme may always."""
    from tests.actor_factories import ActivityFactory
    from tests.factories import AgendaFactory

    duplicate = ActivityFactory(agenda=team.agenda)
    original = ActivityFactory(agenda=AgendaFactory(is_public=original_public))

    assert who(team, "can_merge_activities", duplicate, original) == expected


@pytest.mark.parametrize(
    ("other_public", "expected"),
    [(True, STAFF | OFFICE), (False, OFFICE)],
    ids=["activity of a public agenda", "activity of a private agenda"],
)
def test_can_link_activity_for_every_person(team, other_public, expected):
    """Staff of the agenda who can see the activity's agenda; the office of the agenda's programme
    sees the other agenda only when it is public or of its programme."""
    from tests.actor_factories import ActivityFactory
    from tests.factories import AgendaFactory

    activity = ActivityFactory(
        agenda=AgendaFactory(is_public=other_public, programme=team.programme)
    )

    assert who(team, "can_link_activity", team.agenda, activity) == expected


# Query twins agree with their predicates --------------------------------------------------------


def test_programme_office_filter_agrees_with_is_programme_admin(team):
    from regioagenda.regions.models import Programme

    for name in PEOPLE:
        user = person(team, name)
        listed = set(Programme.objects.filter(permissions.programme_office_filter(user)))
        allowed = {p for p in Programme.objects.all() if permissions.is_programme_admin(user, p)}
        assert listed == allowed, name


@pytest.mark.parametrize(
    ("public", "verified", "blocked", "expected"),
    [
        (True, True, False, LOGGED_IN),
        (False, True, False, MEMBERS | OFFICE),
        (True, False, False, set()),
        (True, True, True, LOGGED_IN - {"participant"}),
    ],
    ids=["public", "private agenda", "email not confirmed", "participant blocked"],
)
def test_can_contribute_for_every_person(team, public, verified, blocked, expected):
    from allauth.account.models import EmailAddress

    from regioagenda.accounts.models import AgendaBlock

    team.agenda.is_public = public
    team.agenda.save()
    for name in LOGGED_IN:
        user = person(team, name)
        EmailAddress.objects.create(user=user, email=user.email, verified=verified, primary=True)
    if blocked:
        AgendaBlock.objects.create(user=team.participant, agenda=team.agenda, reason="Spam")

    assert who(team, "can_contribute", team.agenda) == expected
    assert who(team, "is_blocked", team.agenda) == ({"participant"} if blocked else set())


@pytest.mark.parametrize(
    ("public", "verified", "blocked", "expected"),
    [
        (True, True, False, LOGGED_IN),
        (False, True, False, MEMBERS | OFFICE),
        (True, False, False, set()),
        (True, True, True, LOGGED_IN - {"participant"}),
    ],
    ids=["public", "private agenda", "email not confirmed", "participant blocked"],
)
def test_can_report_for_every_person(team, public, verified, blocked, expected):
    from allauth.account.models import EmailAddress

    from regioagenda.accounts.models import AgendaBlock

    team.agenda.is_public = public
    team.agenda.save()
    for name in LOGGED_IN:
        user = person(team, name)
        EmailAddress.objects.create(user=user, email=user.email, verified=verified, primary=True)
    if blocked:
        AgendaBlock.objects.create(user=team.participant, agenda=team.agenda, reason="Spam")

    assert who(team, "can_report", team.agenda) == expected


def test_a_blocked_expert_cannot_post_in_the_forum(team):
    from regioagenda.accounts.models import AgendaBlock
    from tests.actor_factories import ThreadFactory

    thread = ThreadFactory(agenda=team.agenda, author=team.expert)
    AgendaBlock.objects.create(user=team.expert, agenda=team.agenda, reason="Beleidigungen")

    assert who(team, "can_post_in_forum", thread) == (FORUM | OFFICE) - {"expert"}
    answer = permissions.can_post_in_forum(team.expert, thread)
    assert "Beleidigungen" in str(permissions.reason(permissions.can_post_in_forum, answer))


# Ideas, supports, comments ---------------------------------------------------------------------


@pytest.mark.parametrize("public", [True, False], ids=["public", "private"])
def test_idea_and_comment_predicates_for_every_person(team, public):
    import datetime

    from allauth.account.models import EmailAddress
    from django.utils import timezone

    from tests.participation_factories import CommentFactory, IdeaFactory

    team.agenda.is_public = public
    team.agenda.current_step = "projects"
    team.agenda.save()
    for name in LOGGED_IN:
        user = person(team, name)
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    contributors = LOGGED_IN if public else MEMBERS | OFFICE
    idea = IdeaFactory(agenda=team.agenda, step="projects", author=team.participant)
    comment = CommentFactory(on=idea, author=team.participant)

    assert who(team, "can_answer_idea", idea) == {"coordinator", "moderator"} | OFFICE
    assert who(team, "can_answer_officially", team.agenda) == {"coordinator", "moderator"} | OFFICE
    assert who(team, "can_support_idea", idea) == contributors
    assert who(team, "can_edit_idea", idea) == {"participant"}
    assert who(team, "can_edit_comment", comment) == {"participant"}
    # closed states: nobody supports or edits
    idea.status = "review"
    assert who(team, "can_edit_idea", idea) == set()
    idea.status = "rejected"
    assert who(team, "can_support_idea", idea) == set()
    idea.status, idea.step = "new", "vision"
    assert who(team, "can_support_idea", idea) == set()
    comment.created = timezone.now() - datetime.timedelta(minutes=16)
    assert who(team, "can_edit_comment", comment) == set()


# Every predicate of the package is in one of the tables above -----------------------------------

COVERED = (
    set(AGENDA_PREDICATES)
    | set(PROGRAMME_PREDICATES)
    | {"can_rate", "can_answer_survey", "can_post_in_forum", "can_merge_activities"}
    | {"can_link_activity"}
    | {"can_contribute", "is_blocked", "can_report"}
    | {"can_contribute", "is_blocked"}
    | {"can_answer_idea", "can_edit_idea", "can_support_idea"}
    | {"can_answer_officially", "can_edit_comment"}
    | {"can_manage_register", "requires_mfa", "can_view_job"}
)


def public_predicates():
    """Every ``can_*``, ``is_*`` and ``requires_*`` function in the package's modules."""
    import importlib
    import inspect
    import pkgutil

    found = {}
    for info in pkgutil.iter_modules(permissions.__path__):
        module = importlib.import_module(f"{permissions.__name__}.{info.name}")
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ == module.__name__ and name.startswith(
                ("can_", "is_", "requires_")
            ):
                found[name] = function
    return found


def test_every_predicate_is_exported_and_in_the_table():
    predicates = public_predicates()

    assert len(predicates) > 30  # the walk found the package's modules
    for name, function in predicates.items():
        assert getattr(permissions, name, None) is function, f"{name} is not exported"
        assert name in permissions.__all__, f"{name} is missing from __all__"
    assert set(predicates) - COVERED == set(), "predicates without a row in the table"
    assert COVERED - set(predicates) == set(), "rows for predicates that do not exist"


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
