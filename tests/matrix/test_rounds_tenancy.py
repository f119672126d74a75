"""The agenda is the tenant: people of agenda A can neither read nor change agenda B's rounds."""

import html

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from regioagenda.accounts.models import Role
from regioagenda.core import permissions
from regioagenda.matrix.models import AssessmentRound, Consensus, RaterInvitation, Rating
from regioagenda.matrix.services import rounds
from regioagenda.regions.models import Agenda
from tests.factories import AgendaFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.usefixtures("no_staff_mfa")


def text(response):
    return html.unescape(response.content.decode())


@pytest.fixture
def round_b(team, rating_round):
    """Agenda B of the same programme, with its own coordinator, expert and open round."""
    agenda = AgendaFactory(
        programme=team.programme, title="Digitale Agenda Nachbarort", slug="nachbarort"
    )
    coordinator = UserFactory(name="Bea B")
    expert = UserFactory(name="Fachfrau B")
    MembershipFactory(agenda=agenda, role=Role.COORDINATOR, user=coordinator)
    MembershipFactory(agenda=agenda, role=Role.EXPERT, user=expert)
    other = rounds.create_round(
        actor=coordinator, agenda=agenda, title="Runde Nachbarort", version=rating_round.version
    )
    rounds.invite_raters(actor=coordinator, assessment_round=other, users=[expert])
    rounds.open_round(actor=coordinator, assessment_round=other)
    work = rating_round.fields_by_key["work"]
    rounds.save_rating(
        actor=expert, assessment_round=other, field=work, ist=0, soll=4, evidence="Geheim B"
    )
    other.expert, other.work = expert, work
    return other


def snapshot(assessment_round):
    fresh = AssessmentRound.objects.get(pk=assessment_round.pk)
    return {
        "round": (fresh.title, fresh.status, fresh.closed),
        "invitations": sorted(fresh.invitations.values_list("user_id", "perspective", "submitted")),
        "ratings": sorted(
            Rating.objects.filter(invitation__round=fresh).values_list("field_id", "ist", "soll")
        ),
        "consensus": list(Consensus.objects.filter(round=fresh).values_list("ist", "soll")),
        "follow_ups": fresh.follow_ups.count(),
        "rounds": AssessmentRound.objects.filter(agenda=fresh.agenda).count(),
    }


def b_url(name, round_b, slug=None, *extra):
    return reverse(f"matrix:{name}", args=[slug or round_b.agenda.slug, round_b.pk, *extra])


@pytest.mark.parametrize("public", [True, False], ids=["public", "private"])
@pytest.mark.parametrize("who", ["coordinator", "moderator", "expert"])
def test_people_of_a_cannot_read_or_change_b(team, round_b, login, who, public):
    Agenda.objects.filter(pk=round_b.agenda_id).update(is_public=public)
    before = snapshot(round_b)
    client = login(getattr(team, who))
    invitation = round_b.invitations.get()

    reads = [
        client.get(reverse("matrix:round_list", args=[round_b.agenda.slug])),
        client.get(b_url("round_detail", round_b)),
        client.get(b_url("rate", round_b)),
        client.get(b_url("consensus", round_b)),
    ]
    writes = [
        client.post(b_url("round_detail", round_b), {"users": [team.expert.pk]}),
        client.post(b_url("round_close", round_b)),
        client.post(b_url("rate", round_b), {"feld": "work", "ist": "4", "soll": "4"}),
        client.post(b_url("rating_submit", round_b)),
        client.post(
            b_url("consensus", round_b),
            {"field": "work", "work-ist": "4", "work-soll": "4", "work-rationale": "fremd"},
        ),
        client.post(b_url("follow_up", round_b), {"selected": ["work"]}),
        client.post(b_url("invitation_remove", round_b, None, invitation.pk)),
    ]

    for response in reads + writes:
        assert response.status_code == 403, response.wsgi_request.path
        assert "Geheim B" not in text(response)
        assert "Fachfrau B" not in text(response)
    assert snapshot(round_b) == before


@pytest.mark.parametrize(
    "name", ["round_detail", "rate", "consensus", "round_close", "rating_submit", "follow_up"]
)
def test_round_of_b_under_the_slug_of_a_is_not_found(team, round_b, login, name):
    before = snapshot(round_b)
    client = login(team.coordinator)
    url = b_url(name, round_b, team.agenda.slug)

    if name in {"round_close", "rating_submit", "follow_up"}:
        response = client.post(url)
    else:
        response = client.get(url)

    assert response.status_code == 404
    assert "Diese Bewertungsrunde gibt es in dieser Agenda nicht." in text(response)
    assert snapshot(round_b) == before


def test_consensus_of_b_under_the_slug_of_a_changes_nothing(team, round_b, login):
    before = snapshot(round_b)
    response = login(team.moderator).post(
        b_url("consensus", round_b, team.agenda.slug),
        {"field": "work", "work-ist": "4", "work-soll": "4", "work-rationale": "fremd"},
    )
    assert response.status_code == 404
    assert snapshot(round_b) == before


def test_services_refuse_people_of_a_on_round_b(team, round_b):
    before = snapshot(round_b)
    with pytest.raises(PermissionDenied):
        rounds.set_consensus(
            actor=team.moderator,
            assessment_round=round_b,
            field=round_b.work,
            ist=4,
            soll=4,
            rationale="fremd",
        )
    with pytest.raises(PermissionDenied):
        rounds.save_rating(
            actor=team.expert, assessment_round=round_b, field=round_b.work, ist=4, soll=4
        )
    with pytest.raises(PermissionDenied):
        rounds.invite_raters(actor=team.coordinator, assessment_round=round_b, users=[team.expert])
    with pytest.raises(PermissionDenied):
        rounds.close_round(actor=team.coordinator, assessment_round=round_b)
    with pytest.raises(PermissionDenied):
        rounds.start_follow_up_round(
            actor=team.coordinator, assessment_round=round_b, fields=[round_b.work]
        )
    assert snapshot(round_b) == before


def test_b_coordinator_cannot_invite_people_of_a(team, round_b):
    coordinator_b = round_b.agenda.memberships.get(role=Role.COORDINATOR).user
    with pytest.raises(ValidationError, match="Expertenforum Person ist kein Mitglied"):
        rounds.invite_raters(actor=coordinator_b, assessment_round=round_b, users=[team.expert])
    assert not RaterInvitation.objects.filter(round=round_b, user=team.expert).exists()


def test_rating_in_a_is_not_counted_in_b(team, rating_round, round_b):
    from regioagenda.matrix.queries.rounds import consensus_overview

    rounds.save_rating(
        actor=team.expert, assessment_round=rating_round, field=round_b.work, ist=2, soll=2
    )
    row = consensus_overview(round_b).row("work")
    assert row.ist.values == [0]
    assert [r.name for r in row.raters] == ["Fachfrau B"]


# Who sees the rounds ---------------------------------------------------------------------------


PEOPLE = [
    "coordinator",
    "moderator",
    "editor",
    "expert",
    "participant",
    "programme_admin",
    "other_programme_admin",
    "superuser",
    "outsider",
    "anonymous",
]


@pytest.mark.parametrize("public", [True, False], ids=["public", "private"])
def test_can_view_rounds_for_every_person(team, public):
    team.agenda.is_public = public
    team.agenda.save()
    allowed = {
        name
        for name in PEOPLE
        if permissions.can_view_rounds(
            AnonymousUser() if name == "anonymous" else getattr(team, name), team.agenda
        )
    }
    assert allowed == {
        "coordinator",
        "moderator",
        "editor",
        "expert",
        "participant",
        "programme_admin",
        "superuser",
    }
