"""Probe L6 (issue 10): the public survey was stuffed from fresh anonymous sessions (20 of 20
stored). Anonymous answers are limited per client address, round and hour; the rest are refused
with a sentence and reported to the moderators."""

import pytest
from django.core.cache import cache
from django.test import Client, RequestFactory, override_settings

from regioagenda.core.http import client_address
from regioagenda.matrix.models import AssessmentRound, RoundStatus, SurveyResponse
from regioagenda.matrix.services import survey as services
from regioagenda.regions.models import AuditEvent
from tests.matrix_factories import build_framework

pytestmark = pytest.mark.django_db

REFUSED = "weitere nehmen wir erst später wieder an"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def survey_round(team):
    return AssessmentRound.objects.create(
        agenda=team.agenda,
        version=build_framework(),
        title="Erstbewertung",
        status=RoundStatus.OPEN,
        survey_open=True,
    )


def url(assessment_round):
    return f"/agenden/{assessment_round.agenda.slug}/matrix/runden/{assessment_round.pk}/umfrage/"


ANSWER = {"perceived_mobility": "2", "importance_mobility": "4"}


def _post_from(address, assessment_round, **extra):
    """A fresh anonymous browser (new session) posting one answer from ``address``."""
    return Client(REMOTE_ADDR=address).post(url(assessment_round), ANSWER, **extra)


@override_settings(REGIOAGENDA_SURVEY_ANSWERS_PER_ADDRESS_HOUR=5)
def test_twenty_fresh_sessions_from_one_address_store_five(survey_round):
    answers = [_post_from("203.0.113.7", survey_round) for _ in range(20)]
    assert [r.status_code for r in answers] == [200] * 5 + [429] * 15
    assert all("Vielen Dank" in r.content.decode() for r in answers[:5])
    refused = answers[5].content.decode()
    assert REFUSED in refused and "melden Sie sich an" in refused
    assert 'name="perceived_mobility"' in refused  # the form is still there
    assert SurveyResponse.objects.filter(round=survey_round).count() == 5
    survey_round.refresh_from_db()
    assert (survey_round.survey_refused, survey_round.survey_bursts) == (15, 1)
    events = AuditEvent.objects.filter(agenda=survey_round.agenda, action="matrix.survey_burst")
    assert events.count() == 1  # one report per address and hour, not one per refusal
    assert "203.0.113.7" not in events.get().detail  # no address is kept
    # another address is not affected
    assert _post_from("198.51.100.9", survey_round).status_code == 200
    assert SurveyResponse.objects.filter(round=survey_round).count() == 6


@override_settings(REGIOAGENDA_SURVEY_ANSWERS_PER_ADDRESS_HOUR=5)
def test_x_forwarded_for_is_not_trusted_without_a_configured_header(survey_round):
    for number in range(8):
        _post_from("203.0.113.7", survey_round, HTTP_X_FORWARDED_FOR=f"10.0.0.{number}")
    assert SurveyResponse.objects.filter(round=survey_round).count() == 5


@override_settings(
    REGIOAGENDA_SURVEY_ANSWERS_PER_ADDRESS_HOUR=5,
    REGIOAGENDA_CLIENT_IP_HEADER="HTTP_X_FORWARDED_FOR",
)
def test_a_configured_proxy_header_counts_its_right_most_entry(survey_round):
    # behind the proxy every request comes from its address; the client may prepend anything
    for number in range(6):
        _post_from("10.0.0.1", survey_round, HTTP_X_FORWARDED_FOR=f"1.2.3.{number}, 203.0.113.7")
    assert SurveyResponse.objects.filter(round=survey_round).count() == 5
    assert (
        _post_from("10.0.0.1", survey_round, HTTP_X_FORWARDED_FOR="198.51.100.9").status_code == 200
    )


def test_client_address():
    factory = RequestFactory()
    request = factory.get("/", REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="1.1.1.1")
    assert client_address(request) == "203.0.113.7"
    with override_settings(REGIOAGENDA_CLIENT_IP_HEADER="HTTP_X_REAL_IP"):
        request = factory.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP="198.51.100.9")
        assert client_address(request) == "198.51.100.9"
        # a header that is no address is ignored
        request = factory.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP="<script>")
        assert client_address(request) == "10.0.0.1"


@override_settings(REGIOAGENDA_SURVEY_ANSWERS_PER_ADDRESS_HOUR=2)
def test_signed_in_people_are_not_limited_by_address(survey_round, team, login, no_staff_mfa):
    for _ in range(2):
        _post_from("203.0.113.7", survey_round)
    assert _post_from("203.0.113.7", survey_round).status_code == 429
    client = login(team.participant)
    response = client.post(url(survey_round), ANSWER, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 200 and "Vielen Dank" in response.content.decode()
    assert SurveyResponse.objects.filter(round=survey_round).count() == 3


@override_settings(REGIOAGENDA_SURVEY_ANSWERS_PER_ADDRESS_HOUR=1)
def test_the_limit_counts_per_round_and_hour(survey_round):
    fields = {f.key: f for f in survey_round.version.fields.all()}

    def submit(key, now):
        return services.admit_answer(assessment_round=survey_round, client="203.0.113.7", now=now)

    assert submit("a", 3600 * 10).admitted
    assert not submit("b", 3600 * 10 + 5).admitted
    assert submit("c", 3600 * 11).admitted  # the next hour
    other = AssessmentRound.objects.create(
        agenda=survey_round.agenda,
        version=survey_round.version,
        title="Zweite",
        status=RoundStatus.OPEN,
        survey_open=True,
    )
    services.submit_survey(
        actor=None,
        assessment_round=other,
        answers={fields["mobility"]: (1, 2)},
        session_key="x",
        client="203.0.113.7",
    )
    assert SurveyResponse.objects.filter(round=other).count() == 1


@override_settings(REGIOAGENDA_SURVEY_ANSWERS_PER_ADDRESS_HOUR=2)
def test_moderators_see_the_refusals_others_do_not(survey_round, team, login, no_staff_mfa):
    for _ in range(5):
        _post_from("203.0.113.7", survey_round)
    anonymous = Client().get(url(survey_round)).content.decode()
    assert "Für die Moderation" not in anonymous
    participant = login(team.participant).get(url(survey_round)).content.decode()
    assert "Für die Moderation" not in participant
    page = login(team.moderator).get(url(survey_round)).content.decode()
    assert "Für die Moderation" in page
    assert "2 Antworten gespeichert" in page
    assert "3 Antworten abgewiesen" in page
    assert "1 Häufung im Protokoll vermerkt" in page
