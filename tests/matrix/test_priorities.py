"""Priority fields: the suggestion, the coordinator's confirmation with reasons, bad input."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from regioagenda.matrix.models import PriorityField, RoundStatus
from regioagenda.matrix.services.priorities import confirm_priorities
from regioagenda.regions.models import AuditEvent
from tests.matrix_factories import build_framework

URL = "/agenden/teamhausen/matrix/prioritaeten/"


def stored(assessment_round):
    return list(
        PriorityField.objects.filter(round=assessment_round).values_list(
            "field__key", "rank", "reason"
        )
    )


def test_confirm_replaces_the_previous_choice(assessed):
    f, coordinator = assessed.fields, assessed.team.coordinator
    confirm_priorities(
        actor=coordinator,
        assessment_round=assessed.round,
        choices=[
            (f["energy"], "Wärmeplanung steht an"),
            (f["mobility"], "ÖPNV"),
            (f["health"], "Ärzte"),
        ],
    )
    assert stored(assessed.round) == [
        ("energy", 1, "Wärmeplanung steht an"),
        ("mobility", 2, "ÖPNV"),
        ("health", 3, "Ärzte"),
    ]
    confirm_priorities(
        actor=coordinator,
        assessment_round=assessed.round,
        choices=[
            ("egovernment", " OZG "),
            ("work", "Fachkräfte"),
            ("housing", "Leerstand"),
            ("culture", "x"),
        ],
    )
    assert [key for key, _rank, _reason in stored(assessed.round)] == [
        "egovernment",
        "work",
        "housing",
        "culture",
    ]
    assert stored(assessed.round)[0][2] == "OZG"
    assert AuditEvent.objects.filter(action="matrix.priorities_confirmed").count() == 2


BEFORE = [("energy", "a"), ("mobility", "b"), ("health", "c")]


@pytest.mark.parametrize(
    ("choices", "message"),
    [
        ([("energy", "a"), ("mobility", "b")], "3 bis 5 Prioritätsfelder"),
        ([(k, "x") for k in ("work", "building", "education", "services", "energy", "health")],
         "ausgewählt sind 6"),
        ([("energy", "a"), ("mobility", ""), ("health", "c")], "warum „Mobilität“"),
        ([("energy", "a"), ("mobility", "   "), ("health", "c")], "warum „Mobilität“"),
        ([("energy", "a"), ("energy", "b"), ("health", "c")], "doppelt"),
        ([("energy", "a"), ("nowhere", "b"), ("health", "c")], "nicht zur Matrix-Version"),
        ([("energy", "a"), ("mobility", "x" * 2001), ("health", "c")], "2001 Zeichen"),
    ],
)  # fmt: skip
def test_bad_input_is_refused_and_changes_nothing(assessed, choices, message):
    confirm_priorities(
        actor=assessed.team.coordinator, assessment_round=assessed.round, choices=BEFORE
    )
    with pytest.raises(ValidationError) as refused:
        confirm_priorities(
            actor=assessed.team.coordinator, assessment_round=assessed.round, choices=choices
        )
    assert any(message in m for m in refused.value.messages), refused.value.messages
    assert [k for k, _r, _t in stored(assessed.round)] == ["energy", "mobility", "health"]


def test_a_field_of_another_version_is_refused(assessed):
    other = {f.key: f for f in build_framework().fields.all()}
    with pytest.raises(ValidationError, match="nicht zur Matrix-Version"):
        confirm_priorities(
            actor=assessed.team.coordinator,
            assessment_round=assessed.round,
            choices=[(other["energy"], "a"), (assessed.fields["mobility"], "b"), ("health", "c")],
        )
    assert not PriorityField.objects.exists()


def test_only_after_the_round_is_closed_and_only_by_the_coordinator(assessed):
    for user in (assessed.team.moderator, assessed.team.expert, assessed.team.outsider):
        with pytest.raises(PermissionDenied):
            confirm_priorities(actor=user, assessment_round=assessed.round, choices=BEFORE)
    assessed.round.status = RoundStatus.OPEN
    assessed.round.save()
    with pytest.raises(ValidationError, match="noch nicht abgeschlossen"):
        confirm_priorities(
            actor=assessed.team.coordinator, assessment_round=assessed.round, choices=BEFORE
        )
    assert not PriorityField.objects.exists()


# The page ----------------------------------------------------------------------------------------


def form_data(chosen):
    data = {}
    for key, reason in chosen:
        data[f"choose_{key}"] = "on"
        data[f"reason_{key}"] = reason
    return data


@pytest.mark.django_db
def test_page_shows_the_suggestion_with_its_reasoning(client, assessed):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Lücke (SOLL − IST) × mittlere Wichtigkeit" in html
    assert html.count("vorgeschlagen") >= 3
    assert '<form method="post"' not in html  # the public sees the reasoning, not the form


@pytest.mark.django_db
def test_coordinator_confirms_on_the_page(client, login, assessed, no_staff_mfa):
    client = login(assessed.team.coordinator)
    html = client.get(URL).content.decode()
    assert (
        'name="choose_egovernment" class="kern-form-check__checkbox" id="id_choose_egovernment" checked'
        in html
    )
    response = client.post(
        URL,
        form_data([("mobility", "ÖPNV auf dem Land"), ("egovernment", "OZG"), ("energy", "Wärme")]),
    )
    assert response.status_code == 302
    # ranked by gap × importance: egovernment 15, energy 10, mobility 8
    assert [k for k, _r, _t in stored(assessed.round)] == ["egovernment", "energy", "mobility"]
    page = client.get("/agenden/teamhausen/matrix/").content.decode()
    assert "Prioritätsfeld 1" in page and "ÖPNV auf dem Land" in page


@pytest.mark.django_db
def test_page_answers_bad_input_where_it_happened(client, login, assessed, no_staff_mfa):
    client = login(assessed.team.coordinator)
    response = client.post(URL, form_data([("mobility", "a"), ("energy", "b")]))
    assert response.status_code == 200
    assert "ausgewählt sind 2" in response.content.decode()
    response = client.post(URL, form_data([("mobility", "a"), ("energy", ""), ("health", "c")]))
    html = response.content.decode()
    assert 'id="id_reason_energy_error"' in html
    assert 'aria-describedby="id_reason_energy_error"' in html
    assert "Bitte begründen Sie, warum „Energie“ ein Prioritätsfeld ist." in html
    assert not PriorityField.objects.exists()


@pytest.mark.django_db
def test_others_may_not_confirm(client, login, assessed, no_staff_mfa):
    data = form_data([("mobility", "a"), ("energy", "b"), ("health", "c")])
    assert client.post(URL, data).status_code == 403
    assert login(assessed.team.moderator).post(URL, data).status_code == 403
    assert not PriorityField.objects.exists()


@pytest.mark.django_db
def test_without_a_closed_round(client, login, team, no_staff_mfa):
    html = login(team.coordinator).get(URL).content.decode()
    assert "Noch keine abgeschlossene Bewertung" in html
    assert login(team.coordinator).post(URL, {}).status_code == 404
