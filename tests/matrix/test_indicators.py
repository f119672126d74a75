"""Indicator values by hand: the checks of record_value, the list and entry pages, who may enter."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from regioagenda.matrix.framework import DEFAULT_SLUG
from regioagenda.matrix.models import AssessmentRound, Direction, Indicator, IndicatorValue
from regioagenda.matrix.queries.indicators import framework_version
from regioagenda.matrix.services import indicators as services
from regioagenda.regions.models import Agenda, AuditEvent
from tests.matrix_factories import build_framework

pytestmark = pytest.mark.usefixtures("no_staff_mfa")

DAY = datetime.date(2024, 12, 31)


@pytest.fixture
def framework(db):
    return build_framework(slug=DEFAULT_SLUG)


def indicator(version, key):
    return Indicator.objects.select_related("field").get(field__version=version, key=key)


@pytest.fixture
def share(framework):
    """0–100 %."""
    return indicator(framework, "work_share")


@pytest.fixture
def cost(framework):
    """EUR je EW, at least 0, no upper bound."""
    return indicator(framework, "work_cost")


@pytest.fixture
def portal(framework):
    return Indicator.objects.create(
        field=framework.fields.get(key="egovernment"),
        key="egovernment_portal",
        order=3,
        name_de="Bürgerportal vorhanden",
        name_en="Citizen portal",
        unit="ja/nein",
        direction=Direction.UP,
        target=1,
        worst=0,
        min_value=0,
        max_value=1,
        source="BayernPortal",
    )


def record(team, indicator, value, date=DAY, source="Breitbandatlas", note="", actor=None):
    return services.record_value(
        actor=actor or team.coordinator,
        agenda=team.agenda,
        indicator=indicator,
        value=value,
        date=date,
        source=source,
        note=note,
    )


# Service ---------------------------------------------------------------------------------------


def test_record_value_stores_value_for_the_agendas_region(team, share):
    value, created = record(team, share, Decimal("87.5"), note="Stand Breitbandatlas")

    assert created
    stored = IndicatorValue.objects.get()
    assert stored == value
    assert stored.region == team.agenda.region
    assert (stored.value, stored.date, stored.source) == (Decimal("87.5"), DAY, "Breitbandatlas")
    assert stored.entered_by == team.coordinator
    assert AuditEvent.objects.filter(action="matrix.indicator_value_recorded").count() == 1


def test_same_indicator_and_date_updates_instead_of_duplicating(team, share):
    record(team, share, 40)
    value, created = record(team, share, 45, source="Statistik kommunal")

    assert not created
    assert IndicatorValue.objects.count() == 1
    assert (value.value, value.source) == (Decimal("45"), "Statistik kommunal")


def test_german_decimal_comma_is_understood(team, share):
    value, _created = record(team, share, "12,5")
    assert value.value == Decimal("12.5")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12,5", "12.5"),
        ("12.5", "12.5"),
        ("1.234,5", "1234.5"),
        ("1,234.5", "1234.5"),
        ("1.234.567", "1234567"),
        (" -3 ", "-3"),
        (7, "7"),
        (0.25, "0.25"),
    ],
)
def test_parse_number(raw, expected):
    assert services.parse_number(raw=raw) == Decimal(expected)


@pytest.mark.parametrize("raw", ["zwölf", "", "12,5,3", "1e5", "NaN", "12 %", "--1"])
def test_parse_number_refuses(raw):
    with pytest.raises(ValueError):
        services.parse_number(raw=raw)


def test_value_out_of_range_is_refused_with_the_range_and_unit(team, share):
    with pytest.raises(ValidationError) as exc:
        record(team, share, 140)

    assert exc.value.message_dict["value"] == ["Der Wert 140 liegt außerhalb von 0–100 %."]
    assert not IndicatorValue.objects.exists()


def test_value_below_an_open_range_names_the_minimum(team, cost):
    with pytest.raises(ValidationError) as exc:
        record(team, cost, "-5,5")

    assert exc.value.message_dict["value"] == [
        "Der Wert -5,5 liegt unter dem kleinsten zulässigen Wert 0 EUR je EW."
    ]
    assert not IndicatorValue.objects.exists()


def test_yes_no_indicator_takes_only_zero_or_one(team, portal):
    with pytest.raises(ValidationError) as exc:
        record(team, portal, 2, source="BayernPortal")

    assert "erlaubt sind nur 1 (ja) und 0 (nein), nicht 2" in exc.value.message_dict["value"][0]
    assert not IndicatorValue.objects.exists()
    value, _created = record(team, portal, 1, source="BayernPortal")
    assert value.value == 1


def test_date_in_the_future_is_refused(team, share):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        record(team, share, 50, date=tomorrow)

    assert "liegt in der Zukunft" in exc.value.message_dict["date"][0]
    assert not IndicatorValue.objects.exists()


def test_source_is_required(team, share):
    with pytest.raises(ValidationError) as exc:
        record(team, share, 50, source="   ")

    assert exc.value.message_dict["source"] == [
        "Bitte nennen Sie die Quelle des Werts (für diesen Indikator typisch: Breitbandatlas)."
    ]
    assert not IndicatorValue.objects.exists()


def test_unparseable_value_is_refused(team, share):
    with pytest.raises(ValidationError) as exc:
        record(team, share, "zwölf")

    assert exc.value.message_dict["value"] == ["„zwölf“ ist keine Zahl (Beispiel: 12,5)."]
    assert not IndicatorValue.objects.exists()


def test_indicator_of_another_framework_version_is_refused(team, framework):
    other = build_framework(slug="andere-matrix")
    foreign = indicator(other, "work_share")

    with pytest.raises(ValidationError) as exc:
        record(team, foreign, 50)

    assert "gehört zu einer anderen Version der Matrix" in exc.value.messages[0]
    assert not IndicatorValue.objects.exists()


@pytest.mark.parametrize("role", ["participant", "expert", "outsider"])
def test_only_coordination_moderation_editors_may_enter(team, share, role):
    with pytest.raises(PermissionDenied) as exc:
        record(team, share, 50, actor=getattr(team, role))

    assert "Indikatorwerte pflegen Koordination, Moderation und Redaktion." in str(exc.value)
    assert not IndicatorValue.objects.exists()


@pytest.mark.parametrize("role", ["coordinator", "moderator", "editor"])
def test_staff_roles_may_enter(team, share, role):
    record(team, share, 50, actor=getattr(team, role))
    assert IndicatorValue.objects.count() == 1


def test_without_a_loaded_framework_entering_says_so(team, db):
    orphan = indicator(build_framework(slug="test-matrix"), "work_share")
    with pytest.raises(ValidationError) as exc:
        record(team, orphan, 50)
    assert "noch keine Smart-Region-Matrix geladen" in exc.value.messages[0]


def test_the_version_of_the_latest_round_wins_over_the_active_default(team, framework):
    older = build_framework(slug=DEFAULT_SLUG, is_active=False)
    AssessmentRound.objects.create(agenda=team.agenda, version=older, title="Erstbewertung")

    assert framework_version(team.agenda) == older
    with pytest.raises(ValidationError):
        record(team, indicator(framework, "work_share"), 50)
    record(team, indicator(older, "work_share"), 50)


def test_delete_value(team, share):
    value, _created = record(team, share, 50)

    services.delete_value(actor=team.editor, agenda=team.agenda, value=value)

    assert not IndicatorValue.objects.exists()
    assert AuditEvent.objects.filter(action="matrix.indicator_value_deleted").exists()


def test_participant_cannot_delete(team, share):
    value, _created = record(team, share, 50)
    with pytest.raises(PermissionDenied):
        services.delete_value(actor=team.participant, agenda=team.agenda, value=value)
    assert IndicatorValue.objects.count() == 1


# Pages -----------------------------------------------------------------------------------------


def list_url(team):
    return reverse("matrix:indicators", args=[team.agenda.slug])


def detail_url(team, indicator):
    return reverse("matrix:indicator_detail", args=[team.agenda.slug, indicator.key])


def test_list_shows_fields_indicators_and_latest_value(client, team, share):
    record(team, share, 40, date=datetime.date(2023, 12, 31), source="Alt")
    record(team, share, "62,5", date=DAY, source="Breitbandatlas 2024")

    page = client.get(list_url(team)).content.decode()

    assert "<h1" in page and page.count("<h1") == 1
    assert "Arbeiten" in page and "Wohnen" in page
    assert "Anteil Arbeiten" in page
    assert ">62,5<" in page  # the unit stands in its own column
    assert "31.12.2024" in page
    assert "Breitbandatlas 2024" in page
    # Anonymous visitors of a public agenda read, but cannot enter or import.
    assert "Werte aus Datei importieren" not in page


def test_private_agenda_list_is_closed_to_anonymous(client, team, share):
    Agenda.objects.filter(pk=team.agenda.pk).update(is_public=False)
    record(team, share, 40, source="Geheime Quelle")

    response = client.get(list_url(team))

    assert response.status_code == 403
    assert "Geheime Quelle" not in response.content.decode()


def test_list_says_clearly_when_no_framework_is_loaded(client, team):
    page = client.get(list_url(team)).content.decode()
    assert "Noch keine Smart-Region-Matrix geladen" in page


def test_editor_enters_a_value_through_the_form(login, team, share):
    client = login(team.editor)
    form = {"value": "73,2", "date": "31.12.2024", "source": "Breitbandatlas", "note": "Mitte"}

    response = client.post(detail_url(team, share), form, follow=True)

    assert response.status_code == 200
    assert "ist gespeichert" in response.content.decode()
    stored = IndicatorValue.objects.get()
    assert (stored.value, stored.date, stored.note) == (Decimal("73.2"), DAY, "Mitte")

    again = client.post(detail_url(team, share), {**form, "value": "74"}, follow=True)
    assert "gab es schon einen Wert; er wurde auf 74 % aktualisiert" in again.content.decode()
    assert IndicatorValue.objects.get().value == Decimal("74")


def test_form_shows_the_range_error_at_the_value_and_stores_nothing(login, team, share):
    client = login(team.coordinator)

    response = client.post(
        detail_url(team, share), {"value": "140", "date": "2024-12-31", "source": "Atlas"}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_value_error"' in page
    assert "Der Wert 140 liegt außerhalb von 0–100 %." in page
    assert not IndicatorValue.objects.exists()


def test_form_refuses_text_and_bad_dates(login, team, share):
    client = login(team.coordinator)

    response = client.post(
        detail_url(team, share), {"value": "viel", "date": "31.02.2024", "source": "Atlas"}
    )

    page = response.content.decode()
    assert "„viel“ ist keine Zahl" in page
    assert "Bitte ein Datum eingeben" in page
    assert not IndicatorValue.objects.exists()


def test_participant_sees_values_read_only_and_cannot_post(login, team, share):
    record(team, share, 40)
    client = login(team.participant)

    page = client.get(detail_url(team, share)).content.decode()
    post = client.post(
        detail_url(team, share), {"value": "50", "date": "2024-12-31", "source": "Atlas"}
    )

    assert "40 %" in page
    assert 'name="value"' not in page
    assert post.status_code == 403
    assert IndicatorValue.objects.get().value == Decimal("40")


def test_delete_through_the_page(login, team, share):
    value, _created = record(team, share, 40)
    client = login(team.moderator)
    url = reverse("matrix:indicator_value_delete", args=[team.agenda.slug, value.pk])

    response = client.post(url, follow=True)

    assert "wurde gelöscht" in response.content.decode()
    assert not IndicatorValue.objects.exists()


def test_participant_cannot_delete_through_the_page(login, team, share):
    value, _created = record(team, share, 40)
    client = login(team.participant)
    url = reverse("matrix:indicator_value_delete", args=[team.agenda.slug, value.pk])

    assert client.post(url).status_code == 403
    assert IndicatorValue.objects.count() == 1


def test_unknown_indicator_key_is_a_404_with_a_sentence(client, team, framework):
    response = client.get(reverse("matrix:indicator_detail", args=[team.agenda.slug, "gibtsnicht"]))
    assert response.status_code == 404
    assert "Den Indikator „gibtsnicht“ gibt es" in response.content.decode()


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_list_query_count_does_not_grow_with_values(login, team, framework):
    client = login(team.coordinator)
    indicators = list(Indicator.objects.filter(field__version=framework))
    record(team, indicators[0], 10)
    few = count_queries(client, list_url(team))

    for number, item in enumerate(indicators):
        for year in (2021, 2022, 2023):
            IndicatorValue.objects.create(
                region=team.agenda.region,
                indicator=item,
                value=number % 2,
                date=datetime.date(year, 6, 30),
                source=f"Quelle {year}",
            )

    assert count_queries(client, list_url(team)) == few
    page = client.get(list_url(team)).content.decode()
    assert "Quelle 2023" in page


def test_yes_no_indicator_is_entered_with_a_choice(login, team, portal):
    client = login(team.coordinator)
    url = detail_url(team, portal)

    form_page = client.get(url).content.decode()
    response = client.post(
        url, {"value": "1", "date": "2024-12-31", "source": "BayernPortal"}, follow=True
    )

    assert '<select name="value"' in form_page
    assert "Der Wert ja zum 31.12.2024 ist gespeichert." in response.content.decode()
    assert IndicatorValue.objects.get().value == 1
