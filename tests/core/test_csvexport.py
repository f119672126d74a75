"""One CSV convention for every export (core.csvexport): German Excel on German pages, English
on /en/; and what the exports write, the imports read again."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.utils import translation

from regioagenda.core import csvexport
from regioagenda.core.tabular import csv_rows


def test_german_convention():
    data = csvexport.csv_bytes(
        ["Name", "Wert", "Stichtag", "Priorität"],
        [
            ["Rathaus", Decimal("12.50"), datetime.date(2024, 12, 31), True],
            ["=1+1", 3, None, False],
        ],
        language="de",
    )
    assert data.startswith("\ufeff".encode())
    assert data.decode("utf-8")[1:] == (
        "Name;Wert;Stichtag;Priorität\r\nRathaus;12,5;31.12.2024;ja\r\n'=1+1;3;;nein\r\n"
    )


def test_english_convention():
    text = csvexport.csv_text(
        ["name", "value", "date", "priority"],
        [["Town hall", 2.25, datetime.date(2024, 12, 31), True], ["x", Decimal("1250"), "", False]],
        language="en",
    )
    assert text == "name,value,date,priority\r\nTown hall,2.25,2024-12-31,true\r\nx,1250,,false\r\n"


def test_the_active_language_chooses():
    with translation.override("en"):
        assert csvexport.convention() is csvexport.ENGLISH
    with translation.override("de"):
        assert csvexport.convention() is csvexport.GERMAN
    assert csvexport.convention("en-gb") is csvexport.ENGLISH


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_readers_find_the_delimiter_and_keep_decimals_in_one_cell(language):
    data = csvexport.csv_bytes(["a", "b"], [["x; y, z", Decimal("1.5")]], language=language)
    rows, delimiter = csv_rows(data, "f.csv", max_columns=5, max_rows=5)
    assert delimiter == csvexport.convention(language).delimiter
    assert [cells for _line, cells in rows] == [
        ["a", "b"],
        ["x; y, z", "1,5" if language == "de" else "1.5"],
    ]
    assert list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=delimiter))[1][1]
