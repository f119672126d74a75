"""Server-side SVG charts: valid, labelled, deterministic, readable, cached, with their table."""

import importlib
import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache

from regioagenda.core import charts
from regioagenda.core.charts.svg import GRID_COLOUR, SERIES_COLOURS

SVG = "{http://www.w3.org/2000/svg}"
# The package exports the function under the module's name; the module itself:
heatmap_module = importlib.import_module("regioagenda.core.charts.heatmap")
FIELDS = [f"Feld {i}" for i in range(16)]


@pytest.fixture(autouse=True)
def _fresh_cache(db):  # the cache is a database table without Redis (docs/decisions.md)
    cache.clear()
    yield
    cache.clear()


def a_heatmap(**overrides):
    arguments = {
        "title": "Reifegrad",
        "description": "Stufen 0 bis 4",
        "row_header": "Handlungsfeld",
        "columns": [
            charts.HeatColumn("IST"),
            charts.HeatColumn("SOLL"),
            charts.HeatColumn("Lücke", scale="gap", signed=True),
        ],
        "rows": [("Mobilität", (1, 3, 2)), ("Bauen & Wohnen <neu>", (2.5, None, -1))],
    }
    arguments.update(overrides)
    return charts.heatmap(**arguments)


def parse(chart):
    root = ET.fromstring(str(chart.svg))
    assert root.tag == f"{SVG}svg"
    return root


def texts(root):
    return [el.text for el in root.iter(f"{SVG}text")]


def test_heatmap_is_valid_labelled_svg_with_values_in_the_cells():
    chart = a_heatmap()
    root = parse(chart)
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby").split()
    assert root.find(f"{SVG}title").text == "Reifegrad"
    assert root.find(f"{SVG}title").get("id") == title_id
    assert root.find(f"{SVG}desc").get("id") == desc_id
    shown = texts(root)
    assert "Bauen & Wohnen <neu>" in shown  # escaped in the markup, intact after parsing
    assert shown[4:7] == ["1", "3", "+2"]  # after the three headers and the first row label
    assert "2,5" in shown and "–" in shown and "-1" in shown
    assert "style=" not in chart.svg  # presentation attributes only (CSP)


def test_heatmap_table_holds_the_same_numbers():
    table = a_heatmap().table
    assert table.caption == "Reifegrad"
    assert table.columns == ("Handlungsfeld", "IST", "SOLL", "Lücke")
    assert table.rows == (("Mobilität", "1", "3", "+2"), ("Bauen & Wohnen <neu>", "2,5", "–", "-1"))


def test_cell_colours_follow_the_level_and_text_stays_readable():
    root = parse(a_heatmap())
    fills = [r.get("fill") for r in root.iter(f"{SVG}rect") if r.get("width") == "76"]
    assert fills[:3] == [charts.LEVEL_PALETTE[1], charts.LEVEL_PALETTE[3], charts.GAP_PALETTE[2]]
    for colour in charts.LEVEL_PALETTE + charts.GAP_PALETTE + ("#f0f0f0",):
        assert charts.contrast_ratio(colour, charts.text_colour_on(colour)) >= 4.5, colour
    assert charts.contrast_ratio(GRID_COLOUR, "#ffffff") >= 4.5


def test_output_is_deterministic_and_cached_by_the_data(monkeypatch):
    first = a_heatmap()
    cache.clear()
    again = a_heatmap()
    assert first.svg == again.svg  # same data, same markup (and the same id)

    def refuse(*args, **kwargs):
        raise AssertionError("rendered again although cached")

    monkeypatch.setattr(heatmap_module, "_draw", refuse)
    assert a_heatmap().svg == first.svg  # served from the cache
    with pytest.raises(AssertionError, match="rendered again"):
        a_heatmap(rows=[("Mobilität", (2, 3, 1))])  # other data: a new rendering
    assert first.svg.split('id="')[1].startswith("chart-heatmap-")


def test_radar_has_sixteen_axes_a_legend_and_markers_for_incomplete_series():
    chart = charts.radar(
        title="Profil",
        row_header="Handlungsfeld",
        axes=FIELDS,
        series=[
            ("IST", [i % 5 for i in range(16)]),
            ("SOLL", [4] * 16),
            ("Median Vergleichsgruppe", [None] + [2] * 15),
        ],
    )
    root = parse(chart)
    shown = texts(root)
    assert all(label in shown for label in FIELDS)
    assert {"IST", "SOLL", "Median Vergleichsgruppe"} <= set(shown)
    polygons = [p for p in root.iter(f"{SVG}polygon") if p.get("stroke") in SERIES_COLOURS]
    assert [p.get("stroke") for p in polygons] == list(SERIES_COLOURS[:2])  # no line with a gap
    assert chart.table.columns == ("Handlungsfeld", "IST", "SOLL", "Median Vergleichsgruppe")
    assert chart.table.rows[0] == ("Feld 0", "0", "4", "–")
    assert chart.table.rows[4] == ("Feld 4", "4", "4", "2")
    assert "style=" not in chart.svg


def test_bar_chart_with_table():
    chart = charts.bar_chart(
        title="Vorher und nachher",
        row_header="Handlungsfeld",
        categories=["Mobilität", "Energie"],
        series=[("2025", [1, 2]), ("2026", [3, None])],
        max_value=4,
    )
    root = parse(chart)
    bars = [
        r for r in root.iter(f"{SVG}rect") if r.get("height") == "14" and r.get("width") != "14"
    ]
    assert [b.get("width") for b in bars] == ["90", "270", "180"]  # 1, 3, 2 of 4 on 360 px
    assert chart.table.rows == (("Mobilität", "1", "3"), ("Energie", "2", "–"))


def test_languages_do_not_share_a_cached_chart():
    from django.utils import translation

    with translation.override("de"):
        german = a_heatmap(rows=[("Mobilität", (2.5, 3, 0.5))])
    with translation.override("en"):
        english = a_heatmap(rows=[("Mobilität", (2.5, 3, 0.5))])
    assert "2,5" in german.svg and "2.5" in english.svg
