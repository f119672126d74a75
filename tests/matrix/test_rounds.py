"""Assessment rounds: create, invite raters, open and close, and the pages that do it."""

import datetime
import html

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from regioagenda.matrix.models import (
    AssessmentRound,
    FrameworkVersion,
    RaterInvitation,
    Rating,
    RoundKind,
    RoundStatus,
)
from regioagenda.matrix.services import rounds
from regioagenda.regions.models import AuditEvent
from tests.factories import UserFactory
from tests.matrix_factories import build_framework

pytestmark = pytest.mark.usefixtures("no_staff_mfa")


def text(response):
    return html.unescape(response.content.decode())


def url(name, assessment_round, *extra):
    return reverse(
        f"matrix:{name}", args=[assessment_round.agenda.slug, assessment_round.pk, *extra]
    )


# Creating a round ------------------------------------------------------------------------------


def test_coordinator_creates_a_draft_round_on_the_active_version(team):
    old = build_framework(is_active=False)
    active = build_framework()

    created = rounds.create_round(
        actor=team.coordinator,
        agenda=team.agenda,
        title="  Erstbewertung 2025 ",
        closes_on=datetime.date.today() + datetime.timedelta(days=14),
    )

    created.refresh_from_db()
    assert created.version == active != old
    assert created.status == RoundStatus.DRAFT
    assert created.kind == RoundKind.BASELINE
    assert created.title == "Erstbewertung 2025"
    assert created.created_by == team.coordinator
    assert AuditEvent.objects.filter(agenda=team.agenda, action="matrix.round_created").exists()


def test_a_round_keeps_its_version_when_a_new_one_is_published(team):
    first = build_framework()
    baseline = rounds.create_round(actor=team.coordinator, agenda=team.agenda, title="Basis")
    FrameworkVersion.objects.update(is_active=False)
    second = build_framework()

    again = rounds.create_round(
        actor=team.coordinator, agenda=team.agenda, title="Neu", kind=RoundKind.REASSESSMENT
    )

    baseline.refresh_from_db()
    assert baseline.version == first
    assert again.version == second


def test_the_programme_office_may_create_rounds(team):
    build_framework()
    rounds.create_round(actor=team.programme_admin, agenda=team.agenda, title="Runde")
    created = AssessmentRound.objects.get()
    assert (created.agenda, created.title, created.status) == (
        team.agenda,
        "Runde",
        RoundStatus.DRAFT,
    )


@pytest.mark.parametrize("who", ["moderator", "editor", "expert", "participant", "outsider"])
def test_only_the_coordination_creates_rounds(team, who):
    build_framework()
    with pytest.raises(PermissionDenied, match="Nur die Koordination"):
        rounds.create_round(actor=getattr(team, who), agenda=team.agenda, title="Runde")
    assert not AssessmentRound.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": "   "}, "title", "Bitte geben Sie der Bewertungsrunde einen Titel."),
        ({"title": "x" * 201}, "title", "höchstens 200 Zeichen"),
        ({"kind": RoundKind.FOLLOW_UP}, "kind", "aus der Konsens-Ansicht"),
        ({"kind": "nonsense"}, "kind", "Unbekannte Art der Bewertungsrunde „nonsense“"),
        (
            {"closes_on": datetime.date(2020, 1, 31)},
            "closes_on",
            "Das Enddatum 31.01.2020 liegt in der Vergangenheit.",
        ),
    ],
)
def test_bad_round_input_is_refused(team, changes, field, message):
    build_framework()
    with pytest.raises(ValidationError) as refused:
        rounds.create_round(
            actor=team.coordinator, agenda=team.agenda, **{"title": "Runde", **changes}
        )
    assert message in " ".join(refused.value.message_dict[field])
    assert not AssessmentRound.objects.exists()


def test_a_round_needs_a_published_framework(team):
    with pytest.raises(ValidationError) as refused:
        rounds.create_round(actor=team.coordinator, agenda=team.agenda, title="Runde")
    assert "noch keine Version der Smart-Region-Matrix" in refused.value.message_dict["version"][0]
    assert not AssessmentRound.objects.exists()


# Invitations -----------------------------------------------------------------------------------


@pytest.fixture
def draft(team):
    build_framework()
    return rounds.create_round(actor=team.coordinator, agenda=team.agenda, title="Runde")


def test_members_of_any_role_can_be_invited(team, draft):
    result = rounds.invite_raters(
        actor=team.coordinator,
        assessment_round=draft,
        users=[team.expert, team.participant, team.coordinator],
        perspective=" Wirtschaft ",
    )

    assert {u.pk for u in result.invited} == {
        team.expert.pk,
        team.participant.pk,
        team.coordinator.pk,
    }
    assert result.already == []
    invitations = RaterInvitation.objects.filter(round=draft)
    assert invitations.count() == 3
    assert set(invitations.values_list("perspective", flat=True)) == {"Wirtschaft"}
    assert set(invitations.values_list("invited_by", flat=True)) == {team.coordinator.pk}


def test_inviting_twice_is_ignored_and_counted(team, draft):
    rounds.invite_raters(actor=team.coordinator, assessment_round=draft, users=[team.expert])

    result = rounds.invite_raters(
        actor=team.coordinator,
        assessment_round=draft,
        users=[team.expert, team.editor, team.expert],
        perspective="Verwaltung",
    )

    assert [u.pk for u in result.invited] == [team.editor.pk]
    assert [u.pk for u in result.already] == [team.expert.pk]
    assert result.message() == "1 Person wurde eingeladen. 1 war bereits eingeladen."
    assert RaterInvitation.objects.filter(round=draft).count() == 2
    assert RaterInvitation.objects.get(round=draft, user=team.expert).perspective == ""


def test_inviting_a_non_member_names_the_person_and_invites_nobody(team, draft):
    stranger = UserFactory(name="Stefan Fremd")

    with pytest.raises(ValidationError) as refused:
        rounds.invite_raters(
            actor=team.coordinator,
            assessment_round=draft,
            users=[team.expert, stranger, team.outsider],
        )

    message = refused.value.message_dict["users"][0]
    assert "Olaf Outsider, Stefan Fremd sind keine Mitglieder dieser Agenda" in message
    assert team.expert.name not in message
    assert not RaterInvitation.objects.exists()


def test_the_programme_office_is_no_rater_unless_member(team, draft):
    with pytest.raises(ValidationError, match="Paula Programmbüro ist kein Mitglied"):
        rounds.invite_raters(
            actor=team.coordinator, assessment_round=draft, users=[team.programme_admin]
        )
    assert not RaterInvitation.objects.filter(round=draft).exists()


def test_an_empty_invitation_or_long_perspective_is_refused(team, draft):
    with pytest.raises(ValidationError, match="mindestens eine Person"):
        rounds.invite_raters(actor=team.coordinator, assessment_round=draft, users=[])
    with pytest.raises(ValidationError, match="höchstens 100 Zeichen"):
        rounds.invite_raters(
            actor=team.coordinator,
            assessment_round=draft,
            users=[team.expert],
            perspective="x" * 101,
        )
    assert not RaterInvitation.objects.exists()


def test_only_the_coordination_invites(team, draft):
    with pytest.raises(PermissionDenied):
        rounds.invite_raters(actor=team.moderator, assessment_round=draft, users=[team.expert])
    assert not RaterInvitation.objects.exists()


def test_nobody_can_be_invited_to_a_closed_round(team, rating_round):
    rounds.close_round(actor=team.coordinator, assessment_round=rating_round)
    with pytest.raises(ValidationError, match="abgeschlossen"):
        rounds.invite_raters(
            actor=team.coordinator, assessment_round=rating_round, users=[team.moderator]
        )
    assert not RaterInvitation.objects.filter(user=team.moderator).exists()


def test_removing_an_invitation_removes_its_drafts(team, rating_round):
    rounds.save_rating(
        actor=team.expert,
        assessment_round=rating_round,
        field=rating_round.fields_by_key["work"],
        ist=1,
        soll=2,
    )
    invitation = RaterInvitation.objects.get(round=rating_round, user=team.expert)

    assert rounds.remove_invitation(actor=team.coordinator, invitation=invitation) == 1

    assert not RaterInvitation.objects.filter(pk=invitation.pk).exists()
    assert not Rating.objects.exists()


def test_invitations_of_a_closed_round_stay(team, rating_round):
    rounds.save_rating(
        actor=team.expert,
        assessment_round=rating_round,
        field=rating_round.fields_by_key["work"],
        ist=1,
        soll=2,
    )
    rounds.close_round(actor=team.coordinator, assessment_round=rating_round)
    invitation = RaterInvitation.objects.get(round=rating_round, user=team.expert)

    with pytest.raises(ValidationError, match="Bewertungen von Expertenforum Person bleiben"):
        rounds.remove_invitation(actor=team.coordinator, invitation=invitation)
    assert Rating.objects.count() == 1


# Opening and closing ---------------------------------------------------------------------------


def test_open_then_close_records_the_times(team, draft):
    rounds.open_round(actor=team.coordinator, assessment_round=draft)
    draft.refresh_from_db()
    assert draft.status == RoundStatus.OPEN and draft.opened is not None and draft.closed is None

    rounds.close_round(actor=team.coordinator, assessment_round=draft)
    draft.refresh_from_db()
    assert draft.status == RoundStatus.CLOSED and draft.closed >= draft.opened


def test_status_changes_in_the_wrong_order_are_refused(team, draft):
    with pytest.raises(ValidationError, match="Nur eine offene Bewertungsrunde"):
        rounds.close_round(actor=team.coordinator, assessment_round=draft)
    rounds.open_round(actor=team.coordinator, assessment_round=draft)
    with pytest.raises(ValidationError, match="bereits offen"):
        rounds.open_round(actor=team.coordinator, assessment_round=draft)
    rounds.close_round(actor=team.coordinator, assessment_round=draft)
    with pytest.raises(ValidationError, match="nicht wieder geöffnet"):
        rounds.open_round(actor=team.coordinator, assessment_round=draft)
    assert AssessmentRound.objects.get().status == RoundStatus.CLOSED


def test_only_the_coordination_opens_and_closes(team, draft):
    with pytest.raises(PermissionDenied):
        rounds.open_round(actor=team.moderator, assessment_round=draft)
    assert AssessmentRound.objects.get().status == RoundStatus.DRAFT


# Pages -----------------------------------------------------------------------------------------


def test_round_list_shows_rounds_and_my_rating_link(team, rating_round, login):
    client = login(team.expert)

    response = client.get(reverse("matrix:round_list", args=[team.agenda.slug]))

    assert response.status_code == 200
    page = text(response)
    assert "Erstbewertung 2025" in page
    assert url("rate", rating_round) in page
    assert url("consensus", rating_round) not in page
    assert "Neue Bewertungsrunde" not in page


def test_round_list_is_for_members_only(team, rating_round, login):
    response = login(team.outsider).get(reverse("matrix:round_list", args=[team.agenda.slug]))

    assert response.status_code == 403
    assert "Die Bewertungsrunden sehen nur Mitglieder dieser Agenda." in text(response)
    assert "Erstbewertung 2025" not in text(response)


def test_create_round_page(team, login):
    build_framework()
    client = login(team.coordinator)
    create = reverse("matrix:round_create", args=[team.agenda.slug])

    form = client.get(create)
    response = client.post(create, {"title": "Erstbewertung", "kind": "baseline", "closes_on": ""})

    assert form.status_code == 200
    assert 'name="title"' in text(form)
    created = AssessmentRound.objects.get()
    assert (created.agenda, created.title, created.kind) == (
        team.agenda,
        "Erstbewertung",
        "baseline",
    )
    assert response.status_code == 302
    assert response["Location"] == url("round_detail", created)


def test_create_round_page_answers_bad_input(team, login):
    build_framework()
    client = login(team.coordinator)
    create = reverse("matrix:round_create", args=[team.agenda.slug])

    response = client.post(
        create, {"title": "Erstbewertung", "kind": "baseline", "closes_on": "2020-01-31"}
    )
    follow_up = client.post(create, {"title": "Zweite", "kind": "follow_up"})

    assert response.status_code == 200
    assert "Das Enddatum 31.01.2020 liegt in der Vergangenheit." in text(response)
    assert "eine zweite Runde starten Sie aus der Konsens-Ansicht" in text(follow_up)
    assert not AssessmentRound.objects.exists()


def test_create_round_page_is_closed_to_the_moderator(team, login):
    build_framework()
    client = login(team.moderator)
    create = reverse("matrix:round_create", args=[team.agenda.slug])

    assert client.get(create).status_code == 403
    assert client.post(create, {"title": "X", "kind": "baseline"}).status_code == 403
    assert not AssessmentRound.objects.exists()


def test_detail_page_invites_members_with_a_perspective(team, draft, login):
    client = login(team.coordinator)

    page = client.get(url("round_detail", draft))
    response = client.post(
        url("round_detail", draft),
        {
            "users": [team.expert.pk, team.moderator.pk],
            f"perspective_u{team.expert.pk}": "Wissenschaft",
            f"perspective_u{team.moderator.pk}": "Verwaltung",
        },
        follow=True,
    )

    assert f'value="{team.expert.pk}"' in text(page)
    assert "Wen laden Sie ein?" in text(page)
    assert "2 Personen wurden eingeladen." in text(response)
    assert set(
        RaterInvitation.objects.filter(round=draft).values_list("user_id", "perspective")
    ) == {(team.expert.pk, "Wissenschaft"), (team.moderator.pk, "Verwaltung")}
    again = client.post(url("round_detail", draft), {"users": [team.expert.pk]}, follow=True)
    assert "0 Personen wurden eingeladen. 1 war bereits eingeladen." in text(again)


def test_detail_page_refuses_a_non_member(team, draft, login):
    client = login(team.coordinator)

    response = client.post(url("round_detail", draft), {"users": [team.outsider.pk]})

    assert response.status_code == 200
    assert "ist kein Mitglied dieser Agenda (mehr)" in text(response)
    assert not RaterInvitation.objects.exists()


def test_detail_page_hides_rater_names_from_raters(team, rating_round, login):
    page = text(login(team.participant).get(url("round_detail", rating_round)))

    assert "3 Personen sind eingeladen" in page
    assert team.expert.name not in page
    assert "Wen laden Sie ein?" not in page
    assert "Jetzt bewerten" in page


def test_participant_cannot_invite_through_the_page(team, rating_round, login):
    response = login(team.participant).post(
        url("round_detail", rating_round), {"users": [team.moderator.pk]}
    )

    assert response.status_code == 403
    assert not RaterInvitation.objects.filter(user=team.moderator).exists()


def test_open_and_close_buttons(team, draft, login):
    client = login(team.coordinator)

    opened = client.post(url("round_open", draft), follow=True)
    draft.refresh_from_db()
    assert draft.status == RoundStatus.OPEN
    assert "ist offen" in text(opened)

    closed = client.post(url("round_close", draft), follow=True)
    draft.refresh_from_db()
    assert draft.status == RoundStatus.CLOSED
    assert "die Bewertungen sind jetzt fest" in text(closed)

    again = client.post(url("round_open", draft), follow=True)
    assert "nicht wieder geöffnet" in text(again)
    draft.refresh_from_db()
    assert draft.status == RoundStatus.CLOSED


def test_status_buttons_answer_get_with_405_and_others_with_403(team, draft, login):
    assert login(team.coordinator).get(url("round_open", draft)).status_code == 405
    assert login(team.moderator).post(url("round_open", draft)).status_code == 403
    draft.refresh_from_db()
    assert draft.status == RoundStatus.DRAFT


def test_remove_invitation_button(team, rating_round, login):
    invitation = RaterInvitation.objects.get(round=rating_round, user=team.expert)

    response = login(team.coordinator).post(
        url("invitation_remove", rating_round, invitation.pk), follow=True
    )

    assert "Die Einladung von Expertenforum Person ist zurückgenommen" in text(response)
    assert not RaterInvitation.objects.filter(pk=invitation.pk).exists()


def test_detail_page_queries_do_not_grow_with_invitations(team, rating_round, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from regioagenda.accounts.models import Membership, Role

    client = login(team.coordinator)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url("round_detail", rating_round)).status_code == 200
        return len(queries)

    few = count()
    users = UserFactory.create_batch(25)
    Membership.objects.bulk_create(
        Membership(user=user, agenda=team.agenda, role=Role.EXPERT) for user in users
    )
    rounds.invite_raters(actor=team.coordinator, assessment_round=rating_round, users=users)
    assert count() == few
