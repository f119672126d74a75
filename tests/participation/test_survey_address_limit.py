"""Anonymous responses are limited per client address, survey and hour (as the matrix's
self-assessment was, probe L6 of issue 10); the refusals are counted for the moderators."""

import pytest
from django.core.cache import cache
from django.test import Client, override_settings

from regioagenda.participation.models import Response, Survey
from regioagenda.participation.services import surveys as services
from regioagenda.regions.models import AuditEvent
from tests.matrix_factories import build_framework
from tests.participation_factories import participant
from tests.survey_factories import full_survey, post_data

pytestmark = pytest.mark.django_db

REFUSED = "weitere nehmen wir erst später wieder an"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def survey(team):
    build_framework()
    return full_survey(team.agenda)


def url(survey):
    return f"/agenden/{survey.agenda.slug}/beteiligung/umfragen/{survey.pk}/"


def _post_from(address, survey, **extra):
    """A fresh anonymous browser (new session) posting one response from ``address``."""
    return Client(REMOTE_ADDR=address).post(url(survey), post_data(survey), **extra)


@override_settings(REGIOAGENDA_SURVEY_ANSWERS_PER_ADDRESS_HOUR=5)
def test_twenty_fresh_sessions_from_one_address_store_five(survey):
    answers = [_post_from("203.0.113.7", survey) for _ in range(20)]
    assert [r.status_code for r in answers] == [200] * 5 + [429] * 15
    refused = answers[5].content.decode()
    assert REFUSED in refused and "melden Sie sich an" in refused
    assert 'name="homepage"' in refused  # the form is still there
    assert Response.objects.filter(survey=survey).count() == 5
    stored = Survey.objects.get(pk=survey.pk)
    assert (stored.refused, stored.bursts, stored.response_count) == (15, 1, 5)
    events = AuditEvent.objects.filter(agenda=survey.agenda, action="matrix.survey_burst")
    assert events.count() == 1  # one report per address and hour
    assert "203.0.113.7" not in events.get().detail
    assert _post_from("198.51.100.9", survey).status_code == 200  # another address
    assert Response.objects.filter(survey=survey).count() == 6


@override_settings(REGIOAGENDA_SURVEY_ANSWERS_PER_ADDRESS_HOUR=2)
def test_signed_in_people_are_not_limited_by_address(survey, team, login):
    for _ in range(2):
        _post_from("203.0.113.7", survey)
    assert _post_from("203.0.113.7", survey).status_code == 429
    client = login(participant(team.agenda))
    response = client.post(url(survey), post_data(survey), REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 200 and "Vielen Dank" in response.content.decode()
    assert Response.objects.filter(survey=survey).count() == 3


@override_settings(REGIOAGENDA_SURVEY_ANSWERS_PER_ADDRESS_HOUR=1)
def test_the_limit_counts_per_survey_and_hour(survey, team):
    assert services.admit_response(survey=survey, client="203.0.113.7", now=3600 * 10).admitted
    assert not services.admit_response(survey=survey, client="203.0.113.7", now=36005).admitted
    assert services.admit_response(survey=survey, client="203.0.113.7", now=3600 * 11).admitted
    other = full_survey(team.agenda, title="Zweite")
    assert services.admit_response(survey=other, client="203.0.113.7", now=36010).admitted


@override_settings(REGIOAGENDA_SURVEY_ANSWERS_PER_ADDRESS_HOUR=2)
def test_moderators_see_the_refusals_others_do_not(survey, team, login, no_staff_mfa):
    for _ in range(5):
        _post_from("203.0.113.7", survey)
    results = url(survey) + "ergebnisse/"
    assert "abgewiesen" not in Client().get(results).content.decode()
    assert "abgewiesen" in login(team.moderator).get(results).content.decode()
