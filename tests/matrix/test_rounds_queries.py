"""The read paths the round pages and services share (matrix/queries/rounds.py) and the result
objects that carry the rating page's message."""

import pytest
from django.http import Http404

from regioagenda.matrix.models import RaterInvitation
from regioagenda.matrix.queries import rounds as queries
from regioagenda.matrix.services import rounds as services
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.usefixtures("no_staff_mfa")


def _save(user, assessment_round, key, **values):
    return services.save_rating(
        actor=user,
        assessment_round=assessment_round,
        field=assessment_round.fields_by_key[key],
        **values,
    )


def _state(user, assessment_round):
    return queries.rating_form_state(
        assessment_round, queries.invitation_of(assessment_round, user)
    )


def test_members_and_invited_ids(team, rating_round):
    stranger = UserFactory()
    MembershipFactory(user=team.expert, agenda=team.agenda, role="editor")  # a second role
    asked = [team.expert, team.moderator, stranger]
    assert queries.member_ids(team.agenda.pk, asked) == {team.expert.pk, team.moderator.pk}
    assert queries.invited_ids(rating_round, asked) == {team.expert.pk}
    members = list(queries.agenda_members(team.agenda.pk))
    assert len(members) == len(set(members))  # once each, whatever the number of roles
    assert stranger not in members and team.expert in members


def test_get_invitation_is_scoped_to_the_round(team, rating_round):
    invitation = RaterInvitation.objects.get(round=rating_round, user=team.expert)
    assert queries.get_invitation(rating_round, invitation.pk) == invitation
    other = services.create_round(
        actor=team.coordinator, agenda=team.agenda, title="Zweite", version=rating_round.version
    )
    with pytest.raises(Http404, match="in dieser Bewertungsrunde nicht"):
        queries.get_invitation(other, invitation.pk)


def test_version_field_and_field_choices(rating_round):
    mobility = rating_round.fields_by_key["mobility"]
    assert queries.version_field(rating_round, "mobility") == mobility
    assert queries.version_field(rating_round, "gibt-es-nicht") is None
    assert list(queries.field_choices([mobility])) == [mobility]


def test_missing_fields_leaves_out_rated_and_skipped(team, rating_round):
    _save(team.expert, rating_round, "mobility", ist=1, soll=2)
    _save(team.expert, rating_round, "health", skipped=True)
    invitation = queries.invitation_of(rating_round, team.expert)
    missing = {f.key for f in queries.missing_fields(rating_round, invitation)}
    assert missing == set(rating_round.fields_by_key) - {"mobility", "health"}


def test_rating_step_picks_the_named_field_the_first_open_one_or_the_summary(team, rating_round):
    state = _state(team.expert, rating_round)
    first = state.steps[0].field.key
    assert queries.rating_step(state).field.key == first
    assert queries.rating_step(state, "health").field.key == "health"
    assert queries.rating_step(state, summary=True) is None
    with pytest.raises(Http404, match="gehört nicht zu dieser Bewertungsrunde"):
        queries.rating_step(state, "gibt-es-nicht")
    for key in rating_round.fields_by_key:
        _save(team.expert, rating_round, key, skipped=True)
    assert queries.rating_step(_state(team.expert, rating_round)) is None  # all done: summary


def test_save_rating_step_says_what_was_saved_and_what_comes_next(team, rating_round):
    state = _state(team.expert, rating_round)
    first, second = state.steps[0].field, state.steps[1].field
    saved = services.save_rating_step(
        actor=team.expert, assessment_round=rating_round, field=first, ist=1, soll=2
    )
    assert saved.message() == f"„{first.name}“ ist gespeichert."
    assert saved.following.field == second
    assert saved.state.done == 1
