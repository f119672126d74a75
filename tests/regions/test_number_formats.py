"""Numbers with units read the same way on every page: German "70.541,59 km²", English
"70,541.59"; one filter (``core.numbers.format_number``) formats them."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from regioagenda.core.numbers import decimals_of, format_number
from regioagenda.regions.models import RegionKind, RegionLevel
from tests.factories import RegionFactory


@pytest.mark.parametrize(
    ("language", "value", "decimals", "expected"),
    [
        ("de", Decimal("70541.59"), 2, "70.541,59"),
        ("en", Decimal("70541.59"), 2, "70,541.59"),
        ("de", 1250, None, "1.250"),
        ("en", 1250, None, "1,250"),
        ("de", Decimal("5"), 1, "5,0"),
        ("de", 13_369_393, None, "13.369.393"),
        ("de", None, 2, ""),
    ],
)
def test_format_number(language, value, decimals, expected):
    with translation.override(language):
        assert format_number(value, decimals) == expected


def test_decimals_of_a_column():
    assert decimals_of([Decimal("5"), Decimal("72.50"), None]) == 1
    assert decimals_of([Decimal("1.234"), 3]) == 2
    assert decimals_of([4, 7]) == 0


@pytest.fixture
def bavaria(db):
    return RegionFactory(
        name="Freistaat Bayern",
        level=RegionLevel.LAND,
        kind=RegionKind.LAND,
        ags="09",
        population=13_369_393,
        area_km2=Decimal("70541.59"),
        territory_date=datetime.date(2024, 12, 31),
        source="Destatis",
    )


@pytest.mark.parametrize(
    ("prefix", "area", "population"),
    [("", "70.541,59", "13.369.393"), ("/en", "70,541.59", "13,369,393")],
)
def test_about_data_shows_area_once_formatted(client, bavaria, prefix, area, population):
    with translation.override("en" if prefix else "de"):
        url = reverse("regions:about_data")
    page = client.get(url).content.decode()

    assert f">{area}<" in page
    assert f">{population}<" in page
    assert "70,541,59" not in page


@pytest.mark.parametrize(("language", "area"), [("de", "70.541,59 km²"), ("en", "70,541.59 km²")])
def test_region_page_groups_thousands(client, bavaria, language, area):
    with translation.override(language):
        url = reverse("regions:region_detail", args=[bavaria.pk])
    page = client.get(url).content.decode()

    assert area in page
