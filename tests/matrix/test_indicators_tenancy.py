"""Indicator values are the tenant's: agenda A's coordinator can neither read B's private values
nor enter, import or delete values for B's region."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from regioagenda.accounts.models import Role
from regioagenda.matrix.framework import DEFAULT_SLUG
from regioagenda.matrix.models import Indicator, IndicatorValue
from regioagenda.matrix.services import indicators as services
from regioagenda.regions.models import Agenda
from tests.factories import AgendaFactory, MembershipFactory, UserFactory
from tests.matrix_factories import build_framework

pytestmark = pytest.mark.usefixtures("no_staff_mfa")

DAY = datetime.date(2024, 12, 31)
CSV = "Indikator;Wert;Einheit;Stichtag;Quelle\nwork_share;99;%;31.12.2024;Übernahme\n".encode()


@pytest.fixture
def share(db):
    version = build_framework(slug=DEFAULT_SLUG)
    return Indicator.objects.select_related("field").get(field__version=version, key="work_share")


@pytest.fixture
def agenda_b(team):
    """Another agenda, of another region, private, with its own coordinator."""
    agenda = AgendaFactory(
        programme=team.programme, title="Digitale Agenda Nachbarort", slug="nachbarort"
    )
    Agenda.objects.filter(pk=agenda.pk).update(is_public=False)
    agenda.refresh_from_db()
    agenda.coordinator = UserFactory(name="Bea B")
    MembershipFactory(agenda=agenda, role=Role.COORDINATOR, user=agenda.coordinator)
    return agenda


@pytest.fixture
def value_b(agenda_b, share):
    value, _created = services.record_value(
        actor=agenda_b.coordinator,
        agenda=agenda_b,
        indicator=share,
        value=Decimal("42"),
        date=DAY,
        source="Interne Quelle B",
    )
    return value


@pytest.fixture
def intruder(login, team):
    return login(team.coordinator)


def snapshot():
    return sorted(IndicatorValue.objects.values_list("region_id", "indicator_id", "date", "value"))


def make_public(agenda, public):
    Agenda.objects.filter(pk=agenda.pk).update(is_public=public)


def test_private_values_of_b_cannot_be_read(intruder, agenda_b, value_b, share):
    for url in (
        reverse("matrix:indicators", args=[agenda_b.slug]),
        reverse("matrix:indicator_detail", args=[agenda_b.slug, share.key]),
    ):
        response = intruder.get(url)
        assert response.status_code == 403
        assert "Interne Quelle B" not in response.content.decode()


def test_list_of_a_does_not_show_b_values(intruder, team, value_b):
    page = intruder.get(reverse("matrix:indicators", args=[team.agenda.slug])).content.decode()
    assert "Interne Quelle B" not in page
    assert "42 %" not in page


@pytest.mark.parametrize("public", [False, True], ids=["private", "public"])
def test_cannot_enter_values_for_b(intruder, agenda_b, value_b, share, public):
    make_public(agenda_b, public)
    before = snapshot()
    url = reverse("matrix:indicator_detail", args=[agenda_b.slug, share.key])

    response = intruder.post(url, {"value": "1", "date": "2024-12-31", "source": "fremd"})

    assert response.status_code == 403
    assert snapshot() == before


@pytest.mark.parametrize("public", [False, True], ids=["private", "public"])
def test_cannot_import_for_b(intruder, agenda_b, value_b, public):
    make_public(agenda_b, public)
    before = snapshot()
    url = reverse("matrix:indicator_import", args=[agenda_b.slug])
    upload = io.BytesIO(CSV)
    upload.name = "werte.csv"

    get = intruder.get(url)
    preview = intruder.post(url, {"file": upload})
    confirm = intruder.post(url, {"action": "confirm"})

    assert (get.status_code, preview.status_code, confirm.status_code) == (403, 403, 403)
    assert snapshot() == before


def test_staged_import_of_a_cannot_be_confirmed_for_b(intruder, team, agenda_b, share):
    """Even the coordinator of both cannot carry A's checked file over to B."""
    MembershipFactory(agenda=agenda_b, role=Role.COORDINATOR, user=team.coordinator)
    upload = io.BytesIO(CSV)
    upload.name = "werte.csv"
    preview = intruder.post(
        reverse("matrix:indicator_import", args=[team.agenda.slug]), {"file": upload}
    )

    response = intruder.post(
        reverse("matrix:indicator_import", args=[agenda_b.slug]),
        {"action": "confirm", "token": preview.context["token"]},
    )

    assert response.status_code == 400
    assert "Diese Vorschau gehört zu einer anderen Agenda" in response.content.decode()
    assert not IndicatorValue.objects.filter(region=agenda_b.region).exists()


def test_cannot_delete_b_value_by_id_through_a(intruder, team, value_b):
    url = reverse("matrix:indicator_value_delete", args=[team.agenda.slug, value_b.pk])

    response = intruder.post(url)

    assert response.status_code == 404
    assert "gibt es in dieser Agenda nicht" in response.content.decode()
    assert IndicatorValue.objects.filter(pk=value_b.pk).exists()


@pytest.mark.parametrize("public", [False, True], ids=["private", "public"])
def test_cannot_delete_b_value_through_b(intruder, agenda_b, value_b, public):
    make_public(agenda_b, public)
    url = reverse("matrix:indicator_value_delete", args=[agenda_b.slug, value_b.pk])

    assert intruder.post(url).status_code == 403
    assert IndicatorValue.objects.filter(pk=value_b.pk).exists()


def test_services_refuse_b_for_a(team, agenda_b, value_b, share):
    before = snapshot()
    with pytest.raises(PermissionDenied):
        services.record_value(
            actor=team.coordinator,
            agenda=agenda_b,
            indicator=share,
            value=1,
            date=DAY,
            source="fremd",
        )
    with pytest.raises(PermissionDenied):
        services.import_values(
            actor=team.coordinator, agenda=agenda_b, file=CSV, filename="werte.csv"
        )
    with pytest.raises(PermissionDenied):
        services.delete_value(actor=team.coordinator, agenda=agenda_b, value=value_b)
    # Allowed in A, but the value is not A's region's.
    with pytest.raises(PermissionDenied):
        services.delete_value(actor=team.coordinator, agenda=team.agenda, value=value_b)
    assert snapshot() == before
