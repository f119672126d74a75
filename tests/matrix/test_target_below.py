"""A SOLL below the IST is almost always a slip: warned and refused unless confirmed, in the
rating and in the consensus alike, by one rule (``services.rounds.check_target``) (issue 10)."""

import html

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from regioagenda.matrix import scoring
from regioagenda.matrix.models import Consensus, Rating
from regioagenda.matrix.services import rounds

pytestmark = pytest.mark.usefixtures("no_staff_mfa")

CONFIRM = "Ja, das Ziel liegt bewusst unter dem heutigen Stand"
WARNING = "Das Ziel (SOLL, Stufe 1) liegt unter dem heutigen Stand (IST, Stufe 3)."


def text(response):
    return html.unescape(response.content.decode())


def test_the_rule():
    assert scoring.target_below_current(3, 1)
    assert not scoring.target_below_current(2, 2)
    assert not scoring.target_below_current(1, 3)
    assert not scoring.target_below_current(None, 1)
    assert not scoring.target_below_current(3, None)


# Rating ----------------------------------------------------------------------------------------


def test_rating_below_is_refused_without_confirmation(team, rating_round):
    field = rating_round.fields_by_key["retail"]
    with pytest.raises(ValidationError) as refused:
        rounds.save_rating(
            actor=team.expert, assessment_round=rating_round, field=field, ist=3, soll=1
        )
    assert WARNING in refused.value.message_dict[rounds.TARGET_CONFIRMATION][0]
    assert not Rating.objects.exists()
    rounds.save_rating(
        actor=team.expert,
        assessment_round=rating_round,
        field=field,
        ist=3,
        soll=1,
        soll_below_confirmed=True,
    )
    assert (Rating.objects.get().ist, Rating.objects.get().soll) == (3, 1)


def test_rating_equal_or_above_needs_no_confirmation(team, rating_round):
    field = rating_round.fields_by_key["retail"]
    rounds.save_rating(actor=team.expert, assessment_round=rating_round, field=field, ist=2, soll=2)
    rounds.save_rating(actor=team.expert, assessment_round=rating_round, field=field, skipped=True)
    assert Rating.objects.get().skipped


def test_rating_page_warns_and_shows_the_checkbox(team, rating_round, login):
    client = login(team.expert)
    url = reverse("matrix:rate", args=["teamhausen", rating_round.pk])
    page = text(client.get(url + "?feld=work"))
    assert CONFIRM not in page  # the checkbox comes with the warning only
    response = client.post(url, {"feld": "work", "ist": "3", "soll": "1"})
    page = text(response)
    assert response.status_code == 200
    assert WARNING in page
    assert CONFIRM in page
    assert 'name="soll_below_confirmed"' in page
    assert not Rating.objects.exists()
    response = client.post(
        url, {"feld": "work", "ist": "3", "soll": "1", "soll_below_confirmed": "on"}
    )
    assert response.status_code == 302
    assert (Rating.objects.get().ist, Rating.objects.get().soll) == (3, 1)
    # Back on the field, the saved confirmation is shown checked.
    page = text(client.get(url + "?feld=work"))
    assert CONFIRM in page
    assert 'value="on" checked' in page


# Consensus -------------------------------------------------------------------------------------


def test_consensus_below_is_refused_without_confirmation(team, rating_round):
    field = rating_round.fields_by_key["work"]
    values = {"ist": 3, "soll": 1, "rationale": "Bewusst zurückgefahren"}
    with pytest.raises(ValidationError) as refused:
        rounds.set_consensus(
            actor=team.moderator, assessment_round=rating_round, field=field, **values
        )
    assert WARNING in refused.value.message_dict[rounds.TARGET_CONFIRMATION][0]
    assert not Consensus.objects.exists()
    rounds.set_consensus(
        actor=team.moderator,
        assessment_round=rating_round,
        field=field,
        soll_below_confirmed=True,
        **values,
    )
    assert (Consensus.objects.get().ist, Consensus.objects.get().soll) == (3, 1)


def test_consensus_page_warns_and_saves_with_the_checkbox(team, rating_round, login):
    client = login(team.moderator)
    url = reverse("matrix:consensus", args=["teamhausen", rating_round.pk])
    assert CONFIRM not in text(client.get(url))
    data = {"field": "work", "work-ist": "3", "work-soll": "1", "work-rationale": "Workshop"}
    response = client.post(url, data)
    page = text(response)
    assert response.status_code == 200
    assert WARNING in page and CONFIRM in page
    assert 'name="work-soll_below_confirmed"' in page
    assert not Consensus.objects.exists()
    response = client.post(url, {**data, "work-soll_below_confirmed": "on"})
    assert response.status_code == 302
    assert Consensus.objects.get().soll == 1
    # htmx: the row comes back with the warning in place.
    response = client.post(
        url,
        {"field": "health", "health-ist": "4", "health-soll": "1", "health-rationale": "W"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert CONFIRM in text(response)
    assert not Consensus.objects.filter(field__key="health").exists()
