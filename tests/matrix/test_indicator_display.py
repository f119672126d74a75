"""Indicator numbers in tables: a column's values have the same number of decimals, and the
unit is written once (in its column, or beside a name that does not already say it)."""

import datetime
import re

import pytest
from django.urls import reverse

from regioagenda.matrix.framework import DEFAULT_SLUG
from regioagenda.matrix.models import Direction, Indicator
from regioagenda.matrix.services import indicators as services
from tests.matrix_factories import build_framework

pytestmark = pytest.mark.usefixtures("no_staff_mfa")

DAY = datetime.date(2024, 12, 31)


@pytest.fixture
def framework(db):
    return build_framework(slug=DEFAULT_SLUG)


def record(team, key, value, date=DAY):
    indicator = Indicator.objects.get(key=key)
    services.record_value(
        actor=team.coordinator,
        agenda=team.agenda,
        indicator=indicator,
        value=value,
        date=date,
        source="Atlas",
        note="",
    )


def cells(page, name):
    """The cells of the table row whose header names ``name``."""
    row = re.search(rf"<tr[^>]*>\s*<th[^>]*><a[^>]*>{name}</a></th>(.*?)</tr>", page, re.S)
    assert row, name
    found = re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in found]


def test_list_writes_the_unit_once_and_a_columns_decimals_alike(client, team, framework):
    record(team, "work_share", "62,5")
    record(team, "work_cost", "12")

    page = client.get(reverse("matrix:indicators", args=[team.agenda.slug])).content.decode()
    share = cells(page, "Anteil Arbeiten")
    cost = cells(page, "Kosten Arbeiten")

    # unit, target, latest value …
    assert share[:3] == ["%", "100", "62,5"]
    assert cost[:3] == ["EUR je EW", "10", "12,0"]


def test_detail_values_share_their_decimals(client, team, framework):
    record(team, "work_share", "40", date=datetime.date(2023, 12, 31))
    record(team, "work_share", "62,5")

    url = reverse("matrix:indicator_detail", args=[team.agenda.slug, "work_share"])
    page = client.get(url).content.decode()

    assert "40,0 %" in page and "62,5 %" in page


def test_unit_is_not_repeated_after_a_name_that_says_it(framework):
    field = framework.fields.get(key="work")
    coworking = Indicator(
        field=field,
        key="work_coworking",
        order=3,
        name_de="Coworking-Arbeitsplätze je 10.000 EW",
        name_en="Coworking desks per 10,000 inhabitants",
        unit="je 10.000 EW",
        direction=Direction.UP,
        target=10,
        worst=0,
        source="Selbstauskunft",
    )
    share = Indicator.objects.get(key="work_share")

    assert coworking.unit_note == ""
    assert str(coworking) == "Coworking-Arbeitsplätze je 10.000 EW"
    assert share.unit_note == "%"
