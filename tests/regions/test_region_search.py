"""Searching the real register: each body once, kreisfreie Städte as Kreis and as Gemeinde."""

import pytest

from regioagenda.regions import queries
from regioagenda.regions.models import RegionKind, RegionLevel


@pytest.mark.django_db
def test_search_lists_each_body_once(bavaria):
    found = queries.search_regions("Würzburg")["regions"]
    keys = [(r.level, r.ags) for r in found]
    assert (RegionLevel.KREIS, "09663") in keys  # the kreisfreie Stadt as Kreis
    assert (RegionLevel.GEMEINDE, "09663000") in keys  # … and as Gemeinde
    assert (RegionLevel.KREIS, "09679") in keys  # Landkreis Würzburg
    assert not [r for r in found if r.kind == RegionKind.VERBANDSFREI]
    assert len(keys) == len(set(keys))


@pytest.mark.django_db
def test_verband_level_still_lists_verbandsfreie_gemeinden(bavaria):
    found = queries.search_regions("Würzburg", RegionLevel.VERBAND)["regions"]
    assert any(r.kind == RegionKind.VERBANDSFREI for r in found)


@pytest.mark.django_db
def test_search_by_key_prefix_returns_a_kreis_and_its_gemeinden(bavaria, client):
    response = client.get("/regionen/", {"q": "09663"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html  # htmx gets the results partial only
    assert "09663000" in html
