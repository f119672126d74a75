"""The import of the Destatis Gemeindeverzeichnis GV100AD (regioagenda.regions.register)."""

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db.models import Sum

from regioagenda.core import jobs
from regioagenda.core.models import Job, JobState
from regioagenda.regions.models import Region, RegionKind, RegionLevel
from regioagenda.regions.register import RegisterImportError, import_register

# Building small files --------------------------------------------------------------------------


def ars(land="09", rb="", kreis="", gemeinde="", verband=""):
    """Positions 11–22: Land, RB, Kreis, Gemeinde, Verband; blank where a Satzart has none."""
    return land.ljust(2) + rb.ljust(1) + kreis.ljust(2) + gemeinde.ljust(3) + verband.ljust(4)


def record(satzart, key, name, *, tk="", seat="", date="20251130", area="", population="", plz=""):
    """One fixed-width GV100AD record (220 characters). Numbers may be ints or raw text."""
    chars = [" "] * 220

    def put(start, text):
        chars[start - 1 : start - 1 + len(text)] = text

    put(1, satzart)
    put(3, date)
    put(11, key)
    put(23, name[:50])
    put(73, seat[:50])
    put(123, tk)
    if satzart == "60":
        put(129, f"{area:011d}" if isinstance(area, int) else area)
        put(140, f"{population:011d}" if isinstance(population, int) else population)
        put(166, plz)
    return "".join(chars)


def small_register(date="20251130", *, rename=None, drop=(), extra=()):
    """A tiny but complete Bavaria: one Landkreis with a VGem, one kreisfreie Stadt."""
    lines = [
        record("10", ars(), "Bayern", seat="München", date=date),
        record("20", ars(rb="1"), "Oberbayern", seat="München", date=date),
        record("40", ars(rb="1", kreis="01"), "Testkreis", tk="44", seat="Testdorf", date=date),
        record("50", ars(rb="1", kreis="01", verband="0001"), "Alpha", tk="50", date=date),
        record(
            "50",
            ars(rb="1", kreis="01", verband="5101"),
            "Beta (VGem)",
            tk="54",
            seat="Beta",
            date=date,
        ),
        record(
            "60",
            ars(rb="1", kreis="01", gemeinde="001", verband="0001"),
            "Alpha, St",
            tk="63",
            area=1000,
            population=5000,
            date=date,
        ),
        record(
            "60",
            ars(rb="1", kreis="01", gemeinde="002", verband="5101"),
            "Beta",
            tk="64",
            area=2050,
            population=3000,
            date=date,
        ),
        record(
            "60",
            ars(rb="1", kreis="01", gemeinde="003", verband="5101"),
            "Gamma, M",
            tk="60",
            area=1575,
            population=1200,
            date=date,
        ),
        record("40", ars(rb="1", kreis="62"), "München", tk="41", seat="München", date=date),
        record("50", ars(rb="1", kreis="62", verband="0000"), "München", tk="50", date=date),
        record(
            "60",
            ars(rb="1", kreis="62", gemeinde="000", verband="0000"),
            "München, Landeshauptstadt",
            tk="61",
            area=31070,
            population=1505005,
            plz="80313",
            date=date,
        ),
    ]
    rename = rename or {}
    result = []
    for line in lines:
        key = line[10:18].strip()
        if key in drop:
            continue
        if key in rename:
            line = line[:22] + rename[key].ljust(50) + line[72:]
        result.append(line)
    return encode([*result, *extra])


def encode(lines, newline="\r\n"):
    return "".join(line + newline for line in lines).encode("utf-8")


SMALL_COUNT = 11


def snapshot():
    """Everything an import could change, to compare before and after a failed one."""
    return (
        Region.objects.count(),
        Region.history.count(),
        list(
            Region.objects.order_by("ags").values_list(
                "ags", "name", "kind", "population", "area_km2", "territory_date", "is_current"
            )
        ),
    )


# The real file ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_real_file_structure(bavaria):
    assert bavaria.created == 3875
    assert bavaria.per_level == {
        "land": 1,
        "bezirk": 7,
        "kreis": 96,
        "verband": 1550,
        "gemeinde": 2221,
    }
    assert bavaria.territory_date == datetime.date(2025, 11, 30)
    regions = Region.objects.all()
    assert regions.filter(level=RegionLevel.LAND).count() == 1
    assert regions.filter(level=RegionLevel.BEZIRK).count() == 7
    assert regions.filter(level=RegionLevel.KREIS).count() == 96
    assert regions.filter(kind=RegionKind.LANDKREIS).count() == 71
    assert regions.filter(level=RegionLevel.KREIS, kind=RegionKind.KREISFREIE_STADT).count() == 25
    assert regions.filter(level=RegionLevel.VERBAND).count() == 1550
    assert regions.filter(kind=RegionKind.VERWALTUNGSGEMEINSCHAFT).count() == 311
    gemeinden = regions.filter(level=RegionLevel.GEMEINDE)
    assert gemeinden.count() == 2221
    assert gemeinden.filter(kind=RegionKind.GEMEINDEFREI).count() == 165
    assert gemeinden.exclude(kind=RegionKind.GEMEINDEFREI).count() == 2056
    assert not regions.filter(is_current=False).exists()


@pytest.mark.django_db
def test_real_file_figures_and_hierarchy(bavaria):
    munich = Region.objects.get(ags="09162000")
    assert munich.name == "München, Landeshauptstadt"
    assert munich.kind == RegionKind.KREISFREIE_STADT
    assert munich.population == 1_505_005
    assert munich.area_km2 == Decimal("310.70")
    assert munich.parent.ags == "09162"  # the Kreis, not the Verband
    assert munich.bezirk.ags == "091"
    assert munich.figures_date == datetime.date(2024, 12, 31)
    assert munich.territory_date == datetime.date(2025, 11, 30)
    assert munich.source == settings.REGISTER_SOURCE

    bayern = Region.objects.get(ags="09")
    assert bayern.population == 13_248_928
    assert bayern.area_km2 == Decimal("70541.59")
    assert bayern.seat == "München"
    assert bayern.parent is None

    oberbayern = Region.objects.get(ags="091")
    assert oberbayern.parent == bayern
    assert Region.objects.get(ags="09171").parent == oberbayern

    # Kreis, Bezirk and Verband figures are the sums over their Gemeinden.
    for kreis in Region.objects.filter(level=RegionLevel.KREIS):
        sums = Region.objects.filter(level=RegionLevel.GEMEINDE, parent=kreis).aggregate(
            population=Sum("population"), area=Sum("area_km2")
        )
        assert kreis.population == sums["population"], kreis
        assert kreis.area_km2 == sums["area"], kreis
    assert oberbayern.population == sum(
        Region.objects.filter(level=RegionLevel.GEMEINDE, bezirk=oberbayern).values_list(
            "population", flat=True
        )
    )
    vgem = Region.objects.get(ags="091715101")  # Emmerting (VGem)
    assert vgem.kind == RegionKind.VERWALTUNGSGEMEINSCHAFT
    assert vgem.parent.ags == "09171"
    assert vgem.bezirk.ags == "091"
    members = Region.objects.filter(ags__in=["09171114", "09171124"])  # Emmerting, Mehring
    assert vgem.population == sum(m.population for m in members) == 4274 + 2361
    # Every Gemeinde sits under its Kreis and in its Bezirk.
    assert not Region.objects.filter(level=RegionLevel.GEMEINDE, parent__isnull=True).exists()
    assert not Region.objects.filter(level=RegionLevel.GEMEINDE, bezirk__isnull=True).exists()


@pytest.mark.django_db
def test_real_file_reimport_is_a_noop(bavaria):
    before = snapshot()
    stamps = dict(Region.objects.values_list("ags", "updated"))
    summary = import_register(settings.REGISTER_REFERENCE_FILE)
    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 3875)
    assert summary.skipped_older == summary.marked_not_current == 0
    assert snapshot() == before
    assert dict(Region.objects.values_list("ags", "updated")) == stamps


@pytest.mark.django_db
def test_history_is_written(bavaria):
    assert Region.history.filter(history_type="+").count() == 3875
    assert Region.history.first().history_change_reason == "GV100AD-Import"


# Updates ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_small_file_and_hierarchy():
    summary = import_register(small_register())
    assert summary.created == SMALL_COUNT
    beta = Region.objects.get(ags="09101002")
    assert beta.parent.ags == "09101"
    assert beta.bezirk.ags == "091"
    assert beta.area_km2 == Decimal("20.50")
    assert beta.source == settings.REGISTER_SOURCE
    assert Region.objects.get(ags="09101").population == 9200
    assert Region.objects.get(ags="09101").area_km2 == Decimal("46.25")
    assert Region.objects.get(ags="091015101").population == 4200  # Beta + Gamma
    assert Region.objects.get(ags="091010001").kind == RegionKind.VERBANDSFREI
    assert Region.objects.get(ags="09101003").kind == RegionKind.MARKT
    assert Region.objects.get(ags="09").population == 9200 + 1_505_005


@pytest.mark.django_db
def test_newer_file_updates_names_and_retires_vanished_gemeinden():
    import_register(small_register())
    beta_pk = Region.objects.get(ags="09101002").pk
    summary = import_register(
        small_register("20260630", rename={"09101001": "Alpha-Neu, St"}, drop={"09101003"})
    )
    assert summary.created == 0
    assert summary.updated == SMALL_COUNT - 1
    assert summary.marked_not_current == 1
    assert summary.territory_date == datetime.date(2026, 6, 30)
    alpha = Region.objects.get(ags="09101001")
    assert alpha.name == "Alpha-Neu, St"
    assert alpha.territory_date == datetime.date(2026, 6, 30)
    assert alpha.figures_date == datetime.date(2025, 12, 31)
    assert alpha.source == (
        "Statistisches Bundesamt (Destatis), Gemeindeverzeichnis GV100AD, "
        "Gebietsstand 30.06.2026; Bevölkerung 31.12.2025"
    )
    gamma = Region.objects.get(ags="09101003")  # merged away: kept, but no longer current
    assert gamma.is_current is False
    assert gamma.territory_date == datetime.date(2025, 11, 30)
    assert Region.objects.get(ags="09101").population == 8000
    assert Region.objects.get(ags="09101002").pk == beta_pk
    assert Region.objects.count() == SMALL_COUNT
    assert Region.history.filter(history_type="~").count() == SMALL_COUNT  # 10 updated, 1 retired
    assert alpha.history.first().name == "Alpha-Neu, St"
    assert gamma.history.first().is_current is False

    # The same file again changes nothing; the retired Gemeinde stays retired.
    again = import_register(
        small_register("20260630", rename={"09101001": "Alpha-Neu, St"}, drop={"09101003"})
    )
    assert (again.created, again.updated, again.marked_not_current) == (0, 0, 0)
    assert again.unchanged == SMALL_COUNT - 1

    # A Gemeinde that comes back in a later edition is current again.
    back = import_register(small_register("20261231", rename={"09101001": "Alpha-Neu, St"}))
    assert back.updated == SMALL_COUNT
    assert Region.objects.get(ags="09101003").is_current


@pytest.mark.django_db
def test_older_file_is_skipped_unless_forced():
    import_register(small_register("20260630", rename={"09101001": "Alpha-Neu, St"}))
    before = snapshot()
    summary = import_register(small_register("20251130"))
    assert summary.skipped_older == SMALL_COUNT
    assert (summary.created, summary.updated, summary.marked_not_current) == (0, 0, 0)
    assert snapshot() == before

    forced = import_register(small_register("20251130"), force=True)
    assert forced.updated == SMALL_COUNT
    assert Region.objects.get(ags="09101001").name == "Alpha, St"


@pytest.mark.django_db
def test_older_file_does_not_retire_newer_rows():
    import_register(small_register("20260630"))
    summary = import_register(small_register("20251130", drop={"09101003"}))
    assert summary.marked_not_current == 0
    assert Region.objects.get(ags="09101003").is_current


@pytest.mark.django_db
def test_alliances_and_example_regions_are_never_touched():
    import_register(small_register())
    alliance = Region.objects.create(
        name="ILE Testland", level=RegionLevel.ALLIANCE, kind=RegionKind.ALLIANCE
    )
    alliance.members.set(Region.objects.filter(level=RegionLevel.GEMEINDE))
    example = Region.objects.create(
        name="Beispielkreis",
        level=RegionLevel.KREIS,
        kind=RegionKind.LANDKREIS,
        ags="09199",
        is_example=True,
    )
    summary = import_register(small_register("20260630", drop={"09101003"}))
    assert summary.marked_not_current == 1
    alliance.refresh_from_db()
    example.refresh_from_db()
    assert alliance.is_current and example.is_current
    assert alliance.members.count() == 4
    assert example.name == "Beispielkreis"


@pytest.mark.django_db
def test_example_region_holding_an_official_key_blocks_the_import():
    Region.objects.create(
        name="Beispielkreis",
        level=RegionLevel.KREIS,
        kind=RegionKind.LANDKREIS,
        ags="09101",
        is_example=True,
    )
    before = snapshot()
    with pytest.raises(RegisterImportError) as info:
        import_register(small_register())
    assert "Schlüssel 09101 gehört zu „Beispielkreis“" in info.value.errors[0]
    assert snapshot() == before


@pytest.mark.django_db
def test_land_filter_lands_without_bezirke_and_satzart_30():
    other_lands = [
        record("10", ars("01"), "Schleswig-Holstein", seat="Kiel"),
        record("40", ars("01", "0", "01"), "Flensburg, Stadt", tk="41", seat="Flensburg"),
        record("50", ars("01", "0", "01", verband="0000"), "Flensburg, Stadt", tk="50"),
        record(
            "60",
            ars("01", "0", "01", "000", "0000"),
            "Flensburg, Stadt",
            tk="61",
            area=5674,
            population=92550,
        ),
        record("10", ars("08"), "Baden-Württemberg", seat="Stuttgart"),
        record("20", ars("08", "1"), "Stuttgart", seat="Stuttgart"),
        record("30", ars("08", "1", "1"), "Region Stuttgart", seat="Stuttgart"),
        record("40", ars("08", "1", "11"), "Stuttgart, Landeshauptstadt", tk="42"),
        record("50", ars("08", "1", "11", verband="0000"), "Stuttgart", tk="50"),
        record(
            "60",
            ars("08", "1", "11", "000", "0000"),
            "Stuttgart, Landeshauptstadt",
            tk="62",
            area=20735,
            population=613392,
        ),
    ]
    data = small_register(extra=other_lands)

    only_bavaria = import_register(data, land="9")
    assert only_bavaria.land == "09"
    assert only_bavaria.created == SMALL_COUNT
    assert only_bavaria.skipped_satzart_30 == 0
    assert not Region.objects.exclude(ags__startswith="09").exists()

    everything = import_register(data)
    assert everything.created == 9
    assert everything.unchanged == SMALL_COUNT
    assert everything.skipped_satzart_30 == 1
    assert everything.records == SMALL_COUNT + 10
    flensburg = Region.objects.get(ags="01001")
    assert flensburg.parent.ags == "01"  # no Regierungsbezirk in Schleswig-Holstein
    assert flensburg.bezirk is None
    assert Region.objects.get(ags="01001000").bezirk is None
    assert Region.objects.get(ags="08111").kind == RegionKind.KREISFREIE_STADT  # Stadtkreis
    assert Region.objects.get(ags="08111000").kind == RegionKind.KREISFREIE_STADT


@pytest.mark.django_db
def test_new_bezirk_becomes_the_parent_of_its_kreise():
    def edition(date, with_bezirk):
        lines = [record("10", ars("01"), "Schleswig-Holstein", date=date)]
        if with_bezirk:
            lines.append(record("20", ars("01", "0"), "Nord", date=date))
        for kreis, population in (("01", 90000), ("02", 250000)):
            lines += [
                record("40", ars("01", "0", kreis), f"Kreis {kreis}", tk="41", date=date),
                record(
                    "60",
                    ars("01", "0", kreis, "000", "0000"),
                    f"Stadt {kreis}",
                    tk="61",
                    area=5000,
                    population=population,
                    date=date,
                ),
            ]
        return encode(lines)

    import_register(edition("20251130", with_bezirk=False))
    assert Region.objects.get(ags="01002").parent.ags == "01"
    summary = import_register(edition("20260630", with_bezirk=True))
    assert (summary.created, summary.updated) == (1, 5)
    for key in ("01001", "01002"):
        kreis = Region.objects.get(ags=key)
        assert kreis.parent.ags == "010"
        assert kreis.bezirk.ags == "010"
    assert Region.objects.get(ags="01002000").bezirk.ags == "010"
    assert Region.objects.get(ags="01002000").parent.ags == "01002"
    assert Region.objects.get(ags="010").population == 340000


@pytest.mark.django_db
def test_line_endings_and_stripped_trailing_blanks_are_accepted():
    lines = small_register().decode().split("\r\n")
    data = "\n".join(line.rstrip() for line in lines).encode()
    summary = import_register(data)
    assert summary.created == SMALL_COUNT
    assert Region.objects.get(ags="09162000").population == 1_505_005


@pytest.mark.django_db
def test_dry_run_writes_nothing():
    summary = import_register(small_register(), dry_run=True)
    assert summary.dry_run
    assert summary.created == SMALL_COUNT
    assert Region.objects.count() == 0

    import_register(small_register())
    before = snapshot()
    changes = import_register(small_register("20260630", drop={"09101003"}), dry_run=True)
    assert (changes.updated, changes.marked_not_current) == (SMALL_COUNT - 1, 1)
    assert snapshot() == before


# Malformed files -------------------------------------------------------------------------------


def _replace_line(index, line):
    """A newer edition (München renamed) with one broken line: a partial import would show."""
    lines = small_register("20260630", rename={"09162000": "München, neu"}).decode()
    lines = lines.split("\r\n")[:-1]
    lines[index] = line
    return encode(lines)


GEMEINDE_BETA = ars(rb="1", kreis="01", gemeinde="002", verband="5101")

MALFORMED = {
    "bad number": (
        _replace_line(6, record("60", GEMEINDE_BETA, "Beta", tk="64", area=10, population="12a4")),
        "Zeile 7 (Satzart 60): Bevölkerung „12a4“ ist keine Zahl.",
    ),
    "bad area": (
        _replace_line(6, record("60", GEMEINDE_BETA, "Beta", tk="64", area="1,5", population=1)),
        "Zeile 7 (Satzart 60): Fläche „1,5“ ist keine Zahl.",
    ),
    "bad date": (
        _replace_line(
            2, record("40", ars(rb="1", kreis="01"), "Testkreis", tk="44", date="20251331")
        ),
        "Zeile 3 (Satzart 40): Gebietsstand „20251331“ ist kein gültiges Datum (JJJJMMTT).",
    ),
    "unknown Satzart": (
        _replace_line(3, "70" + record("50", ars(), "X")[2:]),
        "Zeile 4: Satzart „70“ ist unbekannt (erwartet 10, 20, 30, 40, 50 oder 60).",
    ),
    "short line": (
        _replace_line(6, record("60", GEMEINDE_BETA, "Beta", tk="64", area=1, population=1)[:100]),
        "Zeile 7 (Satzart 60): Der Datensatz ist nur 100 Zeichen lang; diese Satzart braucht "
        "mindestens 150.",
    ),
    "duplicate key": (
        _replace_line(
            6,
            record(
                "60",
                ars(rb="1", kreis="01", gemeinde="001", verband="5101"),
                "Beta",
                tk="64",
                area=1,
                population=1,
            ),
        ),
        "Zeile 7 (Satzart 60): Schlüssel 09101001 kommt doppelt vor (zuerst in Zeile 6).",
    ),
    "missing Kreis": (
        _replace_line(
            6,
            record(
                "60",
                ars(rb="1", kreis="77", gemeinde="002", verband="5101"),
                "Beta",
                tk="64",
                area=1,
                population=1,
            ),
        ),
        "Zeile 7 (Satzart 60): Kreis 09177 fehlt in der Datei (kein Datensatz der Satzart 40).",
    ),
    "empty name": (
        _replace_line(6, record("60", GEMEINDE_BETA, "", tk="64", area=1, population=1)),
        "Zeile 7 (Satzart 60): Der Name (Stellen 23–72) fehlt.",
    ),
    "non-digit key": (
        _replace_line(2, record("40", ars(rb="1", kreis="0x"), "Testkreis", tk="44")),
        "Zeile 3 (Satzart 40): Kreis „0x“ darf nur Ziffern enthalten.",
    ),
    "unknown Textkennzeichen": (
        _replace_line(2, record("40", ars(rb="1", kreis="01"), "Testkreis", tk="49")),
        "Zeile 3 (Satzart 40): Textkennzeichen „49“ ist für diese Satzart unbekannt.",
    ),
    "Land out of range": (
        _replace_line(0, record("10", ars("17"), "Atlantis")),
        "Zeile 1 (Satzart 10): Land „17“ ist kein Länderschlüssel (01 bis 16).",
    ),
    "empty file": (b"", "Die Datei enthält keine Datensätze des Gemeindeverzeichnisses (GV100AD)."),
    "blank lines only": (b"\r\n  \r\n", "Die Datei enthält keine Datensätze"),
    "other text format": (
        b"ags;name\n09162000;M\xc3\xbcnchen\n",
        "Die Datei enthält keine Datensätze des Gemeindeverzeichnisses",
    ),
    "binary garbage": (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe\x00",
        "Die Datei ist keine UTF-8-Textdatei",
    ),
    "NUL bytes": (b"10\x00\x00\x00", "Die Datei ist keine Textdatei"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", MALFORMED, ids=list(MALFORMED))
def test_malformed_file_is_rejected_and_changes_nothing(case):
    data, message = MALFORMED[case]
    import_register(small_register())
    before = snapshot()
    munich = Region.objects.filter(ags="09162000").values().get()
    with pytest.raises(RegisterImportError) as info:
        import_register(data)
    assert any(error.startswith(message) for error in info.value.errors), info.value.errors
    assert snapshot() == before
    assert Region.objects.filter(ags="09162000").values().get() == munich


@pytest.mark.django_db
def test_all_errors_are_collected_in_line_order():
    lines = small_register().decode().split("\r\n")[:-1]
    lines[6] = record("60", GEMEINDE_BETA, "Beta", tk="64", area="x", population="y")
    lines[2] = record("40", ars(rb="1", kreis="01"), "Testkreis", tk="44", date="2025")
    with pytest.raises(RegisterImportError) as info:
        import_register(encode(lines))
    errors = info.value.errors
    assert errors[0].startswith("Zeile 3 (Satzart 40): Gebietsstand")
    assert errors[1] == "Zeile 7 (Satzart 60): Fläche „x“ ist keine Zahl."
    assert errors[2] == "Zeile 7 (Satzart 60): Bevölkerung „y“ ist keine Zahl."
    # The Gemeinden of the rejected Kreis record do not repeat its error as "Kreis fehlt".
    assert len(errors) == 3


@pytest.mark.django_db
def test_bad_land_filter_and_land_missing_from_file():
    with pytest.raises(RegisterImportError, match="„99“ ist kein Länderschlüssel"):
        import_register(small_register(), land="99")
    with pytest.raises(RegisterImportError) as info:
        import_register(small_register(), land="01")
    assert info.value.errors == ["Die Datei enthält keine Datensätze für das Land 01."]


@pytest.mark.django_db
def test_missing_file():
    with pytest.raises(RegisterImportError, match="kann nicht gelesen werden"):
        import_register("/nonexistent/GV100AD.txt")


# Management command ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_command_imports_and_reports(tmp_path, capsys):
    path = tmp_path / "GV100AD.txt"
    path.write_bytes(small_register())
    call_command("import_gv100ad", str(path))
    out = capsys.readouterr().out
    assert "11 Datensätze gelesen: 11 neu, 0 geändert, 0 unverändert" in out
    assert "Gebietsstand: 30.11.2025" in out
    assert "Kreise: 2" in out
    assert Region.objects.count() == SMALL_COUNT

    call_command("import_gv100ad", str(path), "--dry-run", "--land", "09", "--force")
    out = capsys.readouterr().out
    assert "Probelauf, nichts gespeichert. 11 Datensätze gelesen: 0 neu" in out
    assert "Nur Land 09." in out


@pytest.mark.django_db
def test_command_defaults_to_the_reference_file(capsys):
    call_command("import_gv100ad", "--dry-run")
    assert "3875 Datensätze gelesen: 3875 neu" in capsys.readouterr().out
    assert Region.objects.count() == 0


@pytest.mark.django_db
def test_command_lists_at_most_50_errors(tmp_path):
    lines = small_register().decode().split("\r\n")[:-1]
    lines += [
        record(
            "60",
            ars(rb="1", kreis="01", gemeinde=f"{n:03d}", verband="0001"),
            "X",
            tk="64",
            area=1,
            population="?",
        )
        for n in range(100, 160)
    ]
    path = tmp_path / "bad.txt"
    path.write_bytes(encode(lines))
    with pytest.raises(CommandError) as info:
        call_command("import_gv100ad", str(path))
    text = str(info.value)
    assert "es wurde nichts geändert" in text
    assert "Zeile 12 (Satzart 60): Bevölkerung „?“ ist keine Zahl." in text
    assert text.count("ist keine Zahl") == 50
    assert text.endswith("… und 10 weitere")
    assert Region.objects.count() == 0


# Background job --------------------------------------------------------------------------------


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "register").mkdir(parents=True)
    return settings.MEDIA_ROOT


@pytest.mark.django_db
def test_job_imports_with_progress_and_deletes_the_upload(
    media, django_capture_on_commit_callbacks
):
    upload = media / "register" / "upload.txt"
    upload.write_bytes(small_register())
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.start(
            "regions.import_register", label="Test", params={"path": str(upload), "land": ""}
        )
    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED, job.error
    assert job.progress == 100
    assert job.message.startswith("11 Datensätze gelesen: 11 neu")
    assert job.result["created"] == SMALL_COUNT
    assert job.result["territory_date"] == "2025-11-30"
    assert Region.objects.count() == SMALL_COUNT
    assert not upload.exists()


@pytest.mark.django_db
def test_job_reports_progress_steps(media, monkeypatch):
    upload = media / "register" / "upload.txt"
    upload.write_bytes(small_register())
    seen = []
    original = jobs.Progress.__call__

    def record_progress(self, percent, message=""):
        seen.append(percent)
        original(self, percent, message)

    monkeypatch.setattr(jobs.Progress, "__call__", record_progress)
    job = Job.objects.create(
        kind="regions.import_register", label="Test", params={"path": "register/upload.txt"}
    )
    jobs.execute(job.pk)
    assert seen == [10, 26, 42, 58, 74, 90, 100]
    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED


@pytest.mark.django_db
def test_job_fails_on_a_bad_file_and_writes_nothing(media):
    upload = media / "register" / "bad.txt"
    upload.write_bytes(MALFORMED["bad number"][0])
    job = Job.objects.create(
        kind="regions.import_register", label="Test", params={"path": str(upload), "land": ""}
    )
    jobs.execute(job.pk)
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert job.error.startswith("Das Gemeindeverzeichnis wurde nicht eingelesen")
    assert "Zeile 7 (Satzart 60): Bevölkerung „12a4“ ist keine Zahl." in job.error
    assert Region.objects.count() == 0
    assert not upload.exists()


@pytest.mark.django_db
def test_job_refuses_files_outside_media_root(media, tmp_path):
    outside = tmp_path / "elsewhere.txt"
    outside.write_bytes(small_register())
    job = Job.objects.create(
        kind="regions.import_register", label="Test", params={"path": str(outside)}
    )
    jobs.execute(job.pk)
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert "Upload-Verzeichnis" in job.error
    assert outside.exists()  # not ours to delete
    assert Region.objects.count() == 0
