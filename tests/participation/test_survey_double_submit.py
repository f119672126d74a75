"""One response per person also when the same answers arrive twice at once: the unique
constraint decides, the loser is thanked ("bereits teilgenommen"), nothing counts twice."""

import pytest
from django.db import connection

from regioagenda.participation.models import Answer, Response, Survey
from tests.matrix_factories import build_framework
from tests.parallel import post_in_parallel
from tests.participation_factories import participant
from tests.survey_factories import full_survey, post_data


def url(survey):
    return f"/agenden/{survey.agenda.slug}/beteiligung/umfragen/{survey.pk}/"


@pytest.mark.django_db
def test_the_same_post_twice_stores_one_response(team, login):
    build_framework()
    survey = full_survey(team.agenda)
    client = login(participant(team.agenda))
    first = client.post(url(survey), post_data(survey))
    second = client.post(url(survey), post_data(survey))
    assert "Vielen Dank" in first.content.decode()
    assert "bereits teilgenommen" in second.content.decode()
    assert Response.objects.count() == 1
    assert Survey.objects.get(pk=survey.pk).response_count == 1


@pytest.mark.django_db(transaction=True)
def test_eight_parallel_posts_of_one_person_store_one_response(team):
    if connection.vendor != "postgresql":
        pytest.skip("parallel writes need PostgreSQL; SQLite serialises every write")
    build_framework()
    survey = full_survey(team.agenda)
    person = participant(team.agenda)
    statuses = post_in_parallel(person, url(survey), post_data(survey))
    assert statuses == [200] * 8  # every one thanked, none an error
    assert Response.objects.count() == 1
    assert Answer.objects.count() == 6
    assert Survey.objects.get(pk=survey.pk).response_count == 1
