"""The one rule of when a participation module is open (participation.queries.phases)."""

import datetime

import pytest

from regioagenda.participation.models import Phase
from regioagenda.participation.queries import phases as queries
from regioagenda.regions import services as region_services
from regioagenda.regions.models import AgendaStep, StepState

TODAY = datetime.date(2027, 3, 10)
pytestmark = pytest.mark.django_db


def phase(**kwargs):
    return Phase(step="projects", modules=["ideas", "prioritisation"], **kwargs)


@pytest.mark.parametrize(
    ("state", "starts_on", "ends_on", "expected"),
    [
        # current step: open, whatever the start date, until the planned end (inclusive)
        (StepState.CURRENT, None, None, True),
        (StepState.CURRENT, datetime.date(2027, 4, 1), None, True),
        (StepState.CURRENT, None, TODAY, True),
        (StepState.CURRENT, None, TODAY - datetime.timedelta(days=1), False),
        # upcoming step: opens on its planned start, not before, and not without one
        (StepState.UPCOMING, None, None, False),
        (StepState.UPCOMING, TODAY, None, True),
        (StepState.UPCOMING, TODAY + datetime.timedelta(days=1), None, False),
        (StepState.UPCOMING, datetime.date(2027, 1, 1), datetime.date(2027, 2, 1), False),
        # a done step is closed, even inside its planned dates
        (StepState.DONE, datetime.date(2027, 1, 1), datetime.date(2027, 12, 31), False),
        (StepState.DONE, None, None, False),
    ],
)
def test_rule(state, starts_on, ends_on, expected):
    answer = queries.decide(phase(starts_on=starts_on, ends_on=ends_on), state, "ideas", TODAY)
    assert answer.open is expected
    assert bool(answer) is expected
    assert expected or answer.reason  # a closed module always says why


def test_module_not_enabled_is_closed_with_a_reason():
    answer = queries.decide(phase(), StepState.CURRENT, "survey", TODAY)
    assert not answer
    assert "nicht vorgesehen" in answer.reason


def test_reason_names_the_dates():
    start = queries.decide(
        phase(starts_on=datetime.date(2027, 4, 1)), StepState.UPCOMING, "ideas", TODAY
    )
    assert "01.04.2027" in start.reason
    end = queries.decide(
        phase(ends_on=datetime.date(2027, 3, 1)), StepState.CURRENT, "ideas", TODAY
    )
    assert "01.03.2027" in end.reason


def test_is_module_open_reads_the_agenda(team):
    agenda = team.agenda
    assert not queries.is_module_open(agenda, "projects", "ideas")  # no phase yet
    Phase.objects.create(agenda=agenda, step="projects", modules=["ideas"])
    assert not queries.is_module_open(agenda, "projects", "ideas")  # step upcoming, no dates
    region_services.update_step(
        actor=team.coordinator, agenda=agenda, key="projects", state="current", note=""
    )
    assert queries.is_module_open(agenda, "projects", "ideas")
    assert not queries.is_module_open(agenda, "projects", "survey")
    assert queries.running_phase(agenda, "ideas").step == "projects"
    assert queries.running_phase(agenda, "survey") is None
    AgendaStep.objects.filter(agenda=agenda, key="projects").update(state=StepState.DONE)
    assert not queries.is_module_open(agenda, "projects", "ideas")


def test_running_phase_prefers_the_current_step(team):
    agenda = team.agenda
    long_ago = datetime.date(2020, 1, 1)
    Phase.objects.create(agenda=agenda, step="vision", modules=["ideas"], starts_on=long_ago)
    Phase.objects.create(agenda=agenda, step="projects", modules=["ideas"])
    assert queries.running_phase(agenda, "ideas").step == "vision"
    region_services.update_step(
        actor=team.coordinator, agenda=agenda, key="projects", state="current", note=""
    )
    assert queries.running_phase(agenda, "ideas").step == "projects"


def test_unknown_step_or_module_is_a_programming_error(team):
    with pytest.raises(ValueError):
        queries.phase_for(team.agenda, "nirgendwo")
    with pytest.raises(ValueError):
        queries.is_module_open(team.agenda, "projects", "lottery")


def test_another_agendas_phase_does_not_count(team):
    from tests.factories import AgendaFactory

    other = AgendaFactory()
    Phase.objects.create(agenda=other, step="kickoff", modules=["ideas"])
    # The team agenda's first step is current, but it has no phase enabling ideas.
    assert not queries.is_module_open(team.agenda, "kickoff", "ideas")
