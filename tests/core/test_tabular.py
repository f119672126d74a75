"""The shared reader of uploaded tables: every bad file gets its one message, good ones read."""

import datetime
import io
import zipfile

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from regioagenda.core import tabular

MB = 1024 * 1024
LIMITS = {"max_columns": 5, "max_rows": 10}
XLSX_LIMITS = {**LIMITS, "max_unpacked_bytes": 10 * MB}
# Workbook rows come padded with "" to max_columns (the callers drop blank cells and rows).
PAD = [""] * LIMITS["max_columns"]


def padded(*cells):
    return [*cells, *PAD[len(cells) :]]


def message(exc_info):
    (text,) = exc_info.value.messages
    return text


def workbook(sheets):
    """An .xlsx with ``{title: rows}``, sheets in that order."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def zip_bytes(members, compression=zipfile.ZIP_STORED):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=compression) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


# read_upload ------------------------------------------------------------------------------------


def test_read_upload_takes_bytes_and_uploaded_files():
    assert tabular.read_upload(b"a;b\n", max_bytes=MB) == b"a;b\n"
    assert tabular.read_upload(bytearray(b"a;b\n"), max_bytes=MB) == b"a;b\n"
    upload = SimpleUploadedFile("x.csv", b"a;b\n")
    upload.read()  # read before, e.g. by a form: read_upload starts again at the beginning
    assert tabular.read_upload(upload, max_bytes=MB) == b"a;b\n"


def test_read_upload_allows_exactly_the_limit():
    assert len(tabular.read_upload(b"x" * MB, max_bytes=MB)) == MB


@pytest.mark.parametrize("oversized", ["bytes", "declared size", "undeclared size"])
def test_read_upload_refuses_a_file_over_the_limit(oversized):
    data = b"x" * (2 * MB + 1)
    if oversized == "bytes":
        file = data
    elif oversized == "declared size":
        file = SimpleUploadedFile("x.csv", data)
    else:
        file = io.BytesIO(data)  # no size attribute: only reading finds out
    with pytest.raises(ValidationError) as exc:
        tabular.read_upload(file, max_bytes=2 * MB)
    assert message(exc) == "Die Datei ist zu groß: erlaubt sind höchstens 2 MB."


def test_read_upload_names_the_limit_it_was_given():
    with pytest.raises(ValidationError) as exc:
        tabular.read_upload(b"x" * (5 * MB + 1), max_bytes=5 * MB)
    assert message(exc) == "Die Datei ist zu groß: erlaubt sind höchstens 5 MB."


@pytest.mark.parametrize(
    "data", [b"", b"\xef\xbb\xbf", b" \r\n\t\r\n"], ids=["empty", "bom only", "blank"]
)
def test_read_upload_refuses_an_empty_file(data):
    with pytest.raises(ValidationError) as exc:
        tabular.read_upload(data, max_bytes=MB)
    assert message(exc) == "Die Datei ist leer."


# file_kind --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind"),
    [("a.csv", tabular.CSV), ("A.CSV", tabular.CSV), ("x.y.xlsx", tabular.XLSX)],
)
def test_file_kind_by_the_ending(name, kind):
    assert tabular.file_kind(name) == kind


def test_file_kind_refuses_old_xls_with_advice():
    with pytest.raises(ValidationError) as exc:
        tabular.file_kind("werte.XLS")
    assert message(exc).startswith("Das alte Excel-Format .xls wird nicht unterstützt.")
    assert "„CSV UTF-8“" in message(exc)


@pytest.mark.parametrize(
    ("name", "shown"), [("a.pdf", ".pdf"), ("a", "ohne Endung"), (None, "ohne Endung")]
)
def test_file_kind_refuses_other_types(name, shown):
    with pytest.raises(ValidationError) as exc:
        tabular.file_kind(name)
    assert message(exc) == (
        f"Dateien vom Typ „{shown}“ können nicht eingelesen werden; erlaubt sind .csv und .xlsx."
    )


# csv_rows ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "delimiter"),
    [
        ("\ufeffName;Wert\r\nA;1,5\r\n".encode(), ";"),
        (b'Name,Wert\nA,"1,5"\n', ","),
        (b"Name\tWert\nA\t1,5\n", "\t"),
    ],
    ids=["semicolon with BOM", "comma", "tab"],
)
def test_csv_delimiter_is_taken_from_the_header(data, delimiter):
    rows, found = tabular.csv_rows(data, "a.csv", **LIMITS)
    assert found == delimiter
    assert rows == [(1, ["Name", "Wert"]), (2, ["A", "1,5"])]


def test_csv_header_line_may_follow_blank_lines_and_cells_are_stripped():
    # Blank lines come as empty rows (the callers drop them), keeping the line numbers right.
    rows, delimiter = tabular.csv_rows(b"\n\n Name , Wert \n", "a.csv", **LIMITS)
    assert delimiter == ","
    assert rows == [(1, []), (2, []), (3, ["Name", "Wert"])]


def test_csv_header_only_is_one_row():
    assert tabular.csv_rows(b"Name;Wert\n", "a.csv", **LIMITS) == ([(1, ["Name", "Wert"])], ";")


def test_csv_lines_count_like_the_file_with_line_breaks_in_cells():
    data = b'Name;Notiz\nA;"zwei\nZeilen"\nB;x\n'
    rows, _ = tabular.csv_rows(data, "a.csv", **LIMITS)
    assert [line for line, _cells in rows] == [1, 2, 4]
    assert rows[1][1] == ["A", "zwei\nZeilen"]


def test_csv_keeps_only_the_allowed_columns_and_stops_after_the_slack():
    data = ("a;b;c;d;e;f;g\n" * (10 + tabular.ROW_SLACK + 50)).encode()
    rows, _ = tabular.csv_rows(data, "a.csv", max_columns=3, max_rows=10)
    assert rows[0][1] == ["a", "b", "c"]
    assert len(rows) == 10 + tabular.ROW_SLACK + 1


def test_csv_convert_is_applied_to_stripped_cells():
    rows, _ = tabular.csv_rows(b"'=1+1 ; x\n", "a.csv", convert=tabular.restore, **LIMITS)
    assert rows == [(1, ["=1+1", "x"])]


@pytest.mark.parametrize(
    "data",
    [bytes(range(256)) * 4, b"PK\x03\x04rest of a zip", b"Name;Wert\nA;\x00\n"],
    ids=["binary", "workbook", "nul byte"],
)
def test_csv_refuses_binary_files(data):
    with pytest.raises(ValidationError) as exc:
        tabular.csv_rows(data, "werte.csv", **LIMITS)
    assert message(exc) == (
        "„werte.csv“ ist keine CSV-Textdatei, sondern binär (vielleicht eine umbenannte "
        "Excel-Datei). Laden Sie eine CSV- oder .xlsx-Datei mit der passenden Endung hoch."
    )


def test_csv_refuses_text_not_in_utf8():
    data = "Name;Wert\nBäckerei Müller;1\n".encode("cp1252")
    with pytest.raises(ValidationError) as exc:
        tabular.csv_rows(data, "werte.csv", **LIMITS)
    assert message(exc).startswith("„werte.csv“ ist nicht UTF-8-kodiert.")


def test_csv_error_names_the_line():
    data = b'Name;Wert\nA;1\nB;"' + b"x" * 200_000 + b"\n"
    with pytest.raises(ValidationError) as exc:
        tabular.csv_rows(data, "werte.csv", **LIMITS)
    assert message(exc).startswith("Zeile 3 lässt sich nicht als CSV lesen (")


# xlsx -------------------------------------------------------------------------------------------


def test_xlsx_sheet_by_name_else_the_first():
    data = workbook({"Notizen": [["egal"]], "Werte": [["Name", "Wert"], ["A", 1.5]]})
    assert tabular.xlsx_sheet(data, "a.xlsx", "Werte", **XLSX_LIMITS) == [
        (1, padded("Name", "Wert")),
        (2, padded("A", 1.5)),
    ]
    assert tabular.xlsx_sheet(data, "a.xlsx", "Fehlt", **XLSX_LIMITS) == [(1, padded("egal"))]


def test_xlsx_sheets_all_but_the_skipped_in_order():
    data = workbook({"B": [["b"]], "Erläuterung": [["x"]], "A": [["a"]]})
    sheets = tabular.xlsx_sheets(data, "a.xlsx", skip=("Erläuterung",), **XLSX_LIMITS)
    assert list(sheets) == ["B", "A"]
    assert sheets["A"] == [(1, padded("a"))]


def test_xlsx_default_cells_strip_text_keep_values_and_blank_none():
    day = datetime.datetime(2024, 12, 31)
    data = workbook({"S": [[" Text ", None, 7, day]]})
    assert tabular.xlsx_sheet(data, "a.xlsx", "S", **XLSX_LIMITS) == [
        (1, padded("Text", "", 7, day))
    ]


def test_xlsx_convert_gets_the_cell():
    data = workbook({"S": [["x", 2], [], ["y"]]})
    limits = {**XLSX_LIMITS, "max_columns": 2}
    rows = tabular.xlsx_sheet(data, "a.xlsx", "S", convert=lambda cell: f"{cell.value}!", **limits)
    assert rows == [(1, ["x!", "2!"]), (2, ["None!", "None!"]), (3, ["y!", "None!"])]


def test_xlsx_limits_columns_and_rows():
    data = workbook({"S": [list(range(9))] * (10 + tabular.ROW_SLACK + 50)})
    rows = tabular.xlsx_sheet(data, "a.xlsx", "S", **XLSX_LIMITS)
    assert rows[0][1] == [0, 1, 2, 3, 4]
    assert len(rows) == 10 + tabular.ROW_SLACK + 1


NOT_A_WORKBOOK = (
    "„werte.xlsx“ ist keine gültige Excel-Arbeitsmappe (.xlsx). Speichern Sie die Datei in "
    "Excel als „Excel-Arbeitsmappe (.xlsx)“ oder laden Sie eine CSV-Datei hoch."
)


@pytest.mark.parametrize(
    "data",
    [
        b"Name;Wert\nA;1\n",
        b"PK\x03\x04 but not a zip",
        zip_bytes({"readme.txt": "kein Excel"}),
        zip_bytes({"xl/workbook.xml": "<kaputt"}),
    ],
    ids=["csv named xlsx", "broken zip", "zip without workbook", "broken workbook"],
)
@pytest.mark.parametrize("reader", ["sheet", "sheets"])
def test_xlsx_that_cannot_be_read(data, reader):
    with pytest.raises(ValidationError) as exc:
        if reader == "sheet":
            tabular.xlsx_sheet(data, "werte.xlsx", "Werte", **XLSX_LIMITS)
        else:
            tabular.xlsx_sheets(data, "werte.xlsx", **XLSX_LIMITS)
    assert message(exc) == NOT_A_WORKBOOK


def test_zip_without_workbook_is_refused_before_opening(monkeypatch):
    opened = []
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *args, **kwargs: opened.append(args))
    with pytest.raises(ValidationError) as exc:
        tabular.xlsx_sheets(zip_bytes({"readme.txt": "kein Excel"}), "werte.xlsx", **XLSX_LIMITS)
    assert message(exc) == NOT_A_WORKBOOK
    assert opened == []


def test_xlsx_zip_bomb_is_refused_before_opening():
    # 20 MB of zeros pack into a few kilobytes; the workbook.xml would not even parse.
    data = zip_bytes(
        {"xl/workbook.xml": "<kaputt", "xl/worksheets/sheet1.xml": b"\0" * (20 * MB)},
        compression=zipfile.ZIP_DEFLATED,
    )
    assert len(data) < 100_000
    with pytest.raises(ValidationError) as exc:
        tabular.xlsx_sheets(data, "werte.xlsx", **XLSX_LIMITS)
    assert message(exc) == "Die Arbeitsmappe ist entpackt zu groß für einen Import."


def test_xlsx_unpacked_limit_is_the_one_given():
    data = workbook({"S": [["x" * 1000]] * 50})
    assert tabular.xlsx_sheet(data, "a.xlsx", "S", **XLSX_LIMITS)
    with pytest.raises(ValidationError) as exc:
        tabular.xlsx_sheet(data, "a.xlsx", "S", **{**XLSX_LIMITS, "max_unpacked_bytes": 10_000})
    assert message(exc) == "Die Arbeitsmappe ist entpackt zu groß für einen Import."


# Formula injection ------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["=1+1", "+49 89", "-5", "@SUM(A1)", "\tx", "\rx"])
def test_formula_like_text_is_defused_and_restored(text):
    assert tabular.defuse(text) == "'" + text
    assert tabular.restore(tabular.defuse(text)) == text


@pytest.mark.parametrize("value", ["Text", "", "'", "'quoted", 5, datetime.date(2024, 1, 1)])
def test_other_cells_stay_as_they_are(value):
    assert tabular.defuse(value) == value
    if isinstance(value, str):
        assert tabular.restore(value) == value


def test_none_is_an_empty_cell():
    assert tabular.defuse(None) == ""


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2026-03-12", datetime.date(2026, 3, 12)),
        ("12.03.2026", datetime.date(2026, 3, 12)),
        ("12.03.26", datetime.date(2026, 3, 12)),
        (datetime.datetime(2026, 3, 12, 8, 30), datetime.date(2026, 3, 12)),
        (datetime.date(2026, 3, 12), datetime.date(2026, 3, 12)),
    ],
)
def test_parse_date_reads_the_usual_spellings(raw, expected):
    assert tabular.parse_date(raw) == expected


@pytest.mark.parametrize("raw", ["", None, "31.02.2026", "März 2026", "2026/03/12"])
def test_parse_date_refuses_everything_else(raw):
    with pytest.raises(ValueError):
        tabular.parse_date(raw)
