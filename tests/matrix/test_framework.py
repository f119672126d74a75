"""The matrix framework as versioned data: the file, its checks, publishing and the command."""

import datetime
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import CommandError, call_command

from regioagenda.matrix.framework import (
    CREATED,
    UNCHANGED,
    UPDATED,
    FrameworkError,
    framework_files,
    load_framework_file,
    publish_framework,
)
from regioagenda.matrix.models import (
    AssessmentRound,
    FrameworkVersion,
    Indicator,
    IndicatorValue,
    MatrixField,
)
from regioagenda.matrix.queries.framework import active_version, fields_of
from regioagenda.regions.models import AuditEvent
from tests.factories import AgendaFactory, RegionFactory

REAL_V1 = Path(settings.BASE_DIR) / "frameworks" / "smart-region-matrix-bayern" / "v1.yaml"
MINIMAL = Path(__file__).parent / "frameworks" / "minimal.yaml"

FIELD_KEYS = [
    "work",
    "building",
    "education",
    "services",
    "egovernment",
    "energy",
    "health",
    "retail",
    "it_infrastructure",
    "culture",
    "agriculture",
    "mobility",
    "security",
    "tourism",
    "environment",
    "housing",
]
FIELD_NAMES_DE = [
    "Arbeiten",
    "Bauen",
    "Bildung",
    "Dienste",
    "e-Government",
    "Energie",
    "Gesundheit",
    "Handel",
    "IT-Infrastruktur",
    "Kultur",
    "Landwirtschaft",
    "Mobilität",
    "Sicherheit",
    "Tourismus",
    "Umwelt",
    "Wohnen",
]
LEVEL_NAMES_DE = [
    "Nicht begonnen",
    "Erste Schritte",
    "Geplant & organisiert",
    "Umgesetzt & vernetzt",
    "Gesteuert & übertragen",
]


def variant(tmp_path, *replacements, name="framework.yaml", base=MINIMAL):
    """A copy of ``base`` with each (old, new) replaced; ``old`` must occur exactly once."""
    text = base.read_text(encoding="utf-8")
    for old, new in replacements:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def line_of(path, needle, nth=1):
    """The 1-based number of the ``nth`` line of ``path`` that contains ``needle``.

    Lines keep their newline, so a needle ending in "\\n" matches only at the end of a line.
    """
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    hits = [number for number, line in enumerate(lines, start=1) if needle in line]
    return hits[nth - 1]


def errors_of(path):
    with pytest.raises(FrameworkError) as caught:
        load_framework_file(path)
    return caught.value.errors


def snapshot():
    return (
        list(FrameworkVersion.objects.order_by("pk").values()),
        list(MatrixField.objects.order_by("pk").values()),
        list(Indicator.objects.order_by("pk").values()),
    )


# The real file ----------------------------------------------------------------------------------


def test_real_v1_has_the_sixteen_fields_levels_and_indicators():
    framework = load_framework_file(REAL_V1)

    assert (framework.slug, framework.version) == ("smart-region-matrix-bayern", 1)
    assert framework.name_de == "Smart-Region-Matrix Bayern"
    assert framework.name_en == "Smart Region Matrix Bavaria"
    assert [level["level"] for level in framework.levels] == [0, 1, 2, 3, 4]
    assert [level["name_de"] for level in framework.levels] == LEVEL_NAMES_DE
    assert all(level["description_en"] for level in framework.levels)
    assert [f.key for f in framework.fields] == FIELD_KEYS
    assert [f.name_de for f in framework.fields] == FIELD_NAMES_DE
    keys = [i.key for f in framework.fields for i in f.indicators]
    assert len(keys) == len(set(keys))
    for f in framework.fields:
        assert f.name_en and f.description_de and f.description_en, f.key
        assert 25 <= len(f.keywords) <= 40, f.key
        assert sorted(f.level_descriptors) == ["0", "1", "2", "3", "4"], f.key
        for descriptor in f.level_descriptors.values():
            assert descriptor["de"] and descriptor["en"], f.key
        assert 2 <= len(f.indicators) <= 5, f.key
        for indicator in f.indicators:
            assert indicator.unit != "Anzahl", indicator.key  # ratios, never raw counts
            assert indicator.source, indicator.key
            if indicator.direction == "up":
                assert indicator.target > indicator.worst, indicator.key
            else:
                assert indicator.target < indicator.worst, indicator.key
    keywords = [word.casefold() for f in framework.fields for word in f.keywords]
    assert len(keywords) == len(set(keywords)), "a keyword must point to one field only"


@pytest.mark.django_db
def test_real_v1_publishes_into_rows():
    version, status = publish_framework(REAL_V1)

    assert status == CREATED
    assert version.is_active
    assert version.source_file == "frameworks/smart-region-matrix-bayern/v1.yaml"
    assert version.level_name(2) == "Geplant & organisiert"
    fields = list(version.fields.order_by("order"))
    assert [f.key for f in fields] == FIELD_KEYS
    assert [f.order for f in fields] == list(range(1, 17))
    mobility = fields[FIELD_KEYS.index("mobility")]
    assert mobility.name_de == "Mobilität"
    assert "Rufbus" in mobility.keywords
    assert set(mobility.level_descriptors) == {"0", "1", "2", "3", "4"}
    assert mobility.level_descriptors["3"]["en"].startswith("On-demand transport")
    charging = Indicator.objects.get(field__version=version, key="mobility_charging_points")
    assert charging.field == mobility
    assert (charging.unit, charging.direction, charging.source) == (
        "je 1.000 EW",
        "up",
        "Ladesäulenregister",
    )
    assert (charging.target, charging.worst, charging.min_value, charging.max_value) == (
        Decimal(5),
        Decimal(0),
        Decimal(0),
        None,
    )
    emissions = Indicator.objects.get(field__version=version, key="energy_ghg_emissions")
    assert (emissions.direction, emissions.target, emissions.worst) == ("down", 2, 12)
    counts = {f.key: f.indicators.count() for f in fields}
    assert all(2 <= n <= 5 for n in counts.values()), counts
    assert AuditEvent.objects.filter(action="matrix.framework_created").count() == 1


@pytest.mark.django_db
def test_matrix_v1_fixture_gives_the_published_version(matrix_v1):
    assert matrix_v1.slug == "smart-region-matrix-bayern"
    assert matrix_v1.fields.count() == 16


# Publishing again -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_reloading_the_same_content_changes_nothing(tmp_path):
    first, _status = publish_framework(REAL_V1)
    before = snapshot()

    again, status = publish_framework(REAL_V1)
    # Comments and layout are not content: the checksum covers the normalised data.
    reformatted = variant(
        tmp_path,
        (
            "slug: smart-region-matrix-bayern\n",
            "# a new comment\nslug:   smart-region-matrix-bayern\n",
        ),
        base=REAL_V1,
        name="v1.yaml",
    )
    third, third_status = publish_framework(reformatted)

    assert (status, third_status) == (UNCHANGED, UNCHANGED)
    assert again.pk == third.pk == first.pk
    assert snapshot() == before
    assert AuditEvent.objects.filter(action__startswith="matrix.framework").count() == 1


@pytest.mark.django_db
def test_changed_unused_version_is_updated_in_place(tmp_path):
    version, _status = publish_framework(MINIMAL)
    alpha = version.fields.get(key="alpha")
    share = Indicator.objects.get(key="alpha_share")
    changed = variant(
        tmp_path,
        ("    name_de: Alpha\n", "    name_de: Alpha (neu)\n"),
        ("        target: 100\n", "        target: 90\n"),
        # beta_per_capita goes, beta_new comes
        ("      - key: beta_per_capita\n", "      - key: beta_new\n"),
    )

    updated, status = publish_framework(changed)

    assert status == UPDATED
    assert updated.pk == version.pk
    alpha.refresh_from_db()
    share.refresh_from_db()
    assert alpha.name_de == "Alpha (neu)"  # same row, matched by key
    assert share.target == Decimal(90)
    keys = set(Indicator.objects.filter(field__version=version).values_list("key", flat=True))
    assert keys == {"alpha_share", "alpha_cost", "beta_online", "beta_new"}
    updated.refresh_from_db()
    assert updated.checksum == load_framework_file(changed).checksum
    assert AuditEvent.objects.filter(action="matrix.framework_updated").count() == 1


@pytest.mark.django_db
def test_changed_version_used_by_a_round_is_refused_and_nothing_changes(tmp_path):
    version, _status = publish_framework(MINIMAL)
    AssessmentRound.objects.create(agenda=AgendaFactory(), version=version, title="Erstbewertung")
    before = snapshot()
    changed = variant(tmp_path, ("    name_de: Alpha\n", "    name_de: Alpha (neu)\n"))

    with pytest.raises(FrameworkError) as caught:
        publish_framework(changed)

    assert caught.value.errors == [
        f"{changed}:{line_of(changed, 'version: 1')}: /version: Version 1 von „test-framework“ "
        "wird bereits verwendet (1 Bewertungsrunde) und bleibt deshalb unverändert. "
        "Veröffentlichen Sie die Änderung als neue Version (Datei v2.yaml mit version: 2), "
        "statt diese zu ändern."
    ]
    assert snapshot() == before
    assert not AuditEvent.objects.filter(action="matrix.framework_updated").exists()


@pytest.mark.django_db
def test_changed_version_with_indicator_values_is_refused(tmp_path):
    version, _status = publish_framework(MINIMAL)
    IndicatorValue.objects.create(
        region=RegionFactory(),
        indicator=Indicator.objects.get(field__version=version, key="alpha_share"),
        value=40,
        date=datetime.date(2025, 6, 30),
        source="Breitbandatlas",
    )
    before = snapshot()
    changed = variant(tmp_path, ("        target: 100\n", "        target: 90\n"))

    with pytest.raises(FrameworkError, match=r"wird bereits verwendet \(1 Indikatorwert\)"):
        publish_framework(changed)

    assert snapshot() == before


@pytest.mark.django_db
def test_a_new_version_becomes_active_and_old_rounds_keep_theirs(tmp_path):
    v1, _status = publish_framework(MINIMAL)
    old_round = AssessmentRound.objects.create(
        agenda=AgendaFactory(), version=v1, title="Erstbewertung"
    )
    v1_fields = list(v1.fields.order_by("pk").values())
    v2_file = variant(
        tmp_path,
        ("version: 1\n", "version: 2\n"),
        ("    name_de: Alpha\n", "    name_de: Alpha (neu)\n"),
        name="v2.yaml",
    )

    v2, status = publish_framework(v2_file)

    assert status == CREATED
    v1.refresh_from_db()
    assert (v1.is_active, v2.is_active) == (False, True)
    assert active_version("test-framework") == v2
    old_round.refresh_from_db()
    assert old_round.version == v1
    assert list(v1.fields.order_by("pk").values()) == v1_fields
    assert v2.fields.get(key="alpha").name_de == "Alpha (neu)"
    # Loading v1 again later leaves it as it is, and inactive.
    assert publish_framework(MINIMAL) == (v1, UNCHANGED)
    v1.refresh_from_db()
    assert not v1.is_active


@pytest.mark.django_db
def test_an_older_version_published_late_does_not_become_active(tmp_path):
    v2, _status = publish_framework(variant(tmp_path, ("version: 1\n", "version: 2\n")))

    v1, status = publish_framework(MINIMAL)

    assert status == CREATED
    v2.refresh_from_db()
    assert (v1.is_active, v2.is_active) == (False, True)


# Invalid files: file, line, path and reason; nothing written ----------------------------------

INVALID = {
    "missing field name": (
        [("    name_de: Beta\n", "")],
        ("- key: beta", 1),
        "/fields/1/name_de: Pflichtangabe fehlt.",
    ),
    "level 5": (
        [("  - {level: 4, name_de: Gesteuert", "  - {level: 5, name_de: Gesteuert")],
        ("level: 5", 1),
        "/levels/4/level: Muss zwischen 0 und 4 liegen, ist aber 5.",
    ),
    "level twice in a field": (
        [("{level: 4, de: Alpha vier", "{level: 3, de: Alpha vier")],
        ("{level: 3, de: Alpha vier", 1),
        "/fields/0/levels/4/level: Stufe 3 kommt doppelt vor; jede Stufe 0–4 steht genau "
        "einmal da.",
    ),
    "level missing in a field": (
        [("      - {level: 4, de: Beta vier, en: Beta four}\n", "")],
        ("    levels:", 2),
        "/fields/1/levels: Es braucht genau 5 Stufen, es sind 4.",
    ),
    "duplicate field key": (
        [("  - key: beta\n", "  - key: alpha\n")],
        ("- key: alpha\n", 2),
        "/fields/1/key: Das Handlungsfeld „alpha“ gibt es schon (/fields/0).",
    ),
    "duplicate indicator key": (
        [("      - key: beta_online\n", "      - key: alpha_share\n")],
        ("- key: alpha_share", 2),
        "/fields/1/indicators/0/key: Den Indikator „alpha_share“ gibt es schon "
        "(/fields/0/indicators/0).",
    ),
    "up indicator with target below worst": (
        [("        target: 100\n        worst: 0\n", "        target: 0\n        worst: 100\n")],
        ("target: 0", 1),
        "/fields/0/indicators/0/target: Bei direction: up (höher ist besser) muss der "
        "Zielwert (0) größer sein als der schlechteste Wert (100).",
    ),
    "down indicator with target above worst": (
        [("        target: 10\n", "        target: 200\n")],
        ("target: 200", 1),
        "/fields/0/indicators/1/target: Bei direction: down (niedriger ist besser) muss der "
        "Zielwert (200) kleiner sein als der schlechteste Wert (110.5).",
    ),
    "target equals worst": (
        [("        target: 5\n", "        target: 0\n")],
        ("target: 0", 1),
        "/fields/1/indicators/1/target: Zielwert und schlechtester Wert sind gleich (0); so "
        "lässt sich kein Abstand zum Ziel berechnen.",
    ),
    "min above max": (
        [("        min: 0\n        max: 100\n", "        min: 50\n        max: 10\n")],
        ("min: 50", 1),
        "/fields/0/indicators/0/min: Der kleinste zulässige Wert (50) ist größer als der "
        "größte (10).",
    ),
    "target outside the range": (
        [("        source: Ladesäulenregister\n", "        max: 3\n        source: x\n")],
        ("target: 5", 1),
        "/fields/1/indicators/1/target: Der Zielwert 5 liegt außerhalb des zulässigen "
        "Bereichs (bis 3).",
    ),
    "version as text": (
        [("version: 1\n", "version: eins\n")],
        ("version: eins", 1),
        "/version: Hier gehört eine ganze Zahl hin, gefunden wurde ein Text („eins“).",
    ),
    "target as text": (
        [("        target: 100\n", "        target: viel\n")],
        ("target: viel", 1),
        "/fields/0/indicators/0/target: Hier gehört eine Zahl hin, gefunden wurde ein Text "
        "(„viel“).",
    ),
    "target as boolean": (
        [("        target: 1\n", "        target: true\n")],
        ("target: true", 1),
        "/fields/1/indicators/0/target: Hier gehört eine Zahl hin, gefunden wurde ein "
        "Wahrheitswert (true).",
    ),
    "keywords as text": (
        [("    keywords: [Alpha, Anfang]\n", "    keywords: Alpha\n")],
        ("keywords: Alpha", 1),
        "/fields/0/keywords: Hier gehört eine Liste hin, gefunden wurde ein Text („Alpha“).",
    ),
    "empty keyword": (
        [("    keywords: [Alpha, Anfang]\n", '    keywords: [Alpha, "  "]\n')],
        ('keywords: [Alpha, "  "]', 1),
        "/fields/0/keywords/1: Darf nicht leer sein.",
    ),
    "duplicate keyword": (
        [("    keywords: [Beta, Mitte]\n", "    keywords: [Beta, Mitte, beta]\n")],
        ("keywords: [Beta, Mitte, beta]", 1),
        "/fields/1/keywords/2: Das Schlagwort „beta“ steht schon an Position 1.",
    ),
    "unknown direction": (
        [("        direction: down\n", "        direction: sideways\n")],
        ("direction: sideways", 1),
        "/fields/0/indicators/1/direction: Erlaubt sind nur „up“ oder „down“, gefunden wurde "
        "ein Text („sideways“).",
    ),
    "unknown key": (
        [("        unit: EUR je EW\n", "        unit: EUR je EW\n        colour: red\n")],
        ("colour: red", 1),
        "/fields/0/indicators/1/colour: Unbekannter Schlüssel; erlaubt sind: direction, key, "
        "max, min, name_de, name_en, source, target, unit, worst.",
    ),
    "duplicate yaml key": (
        [("        unit: EUR je EW\n", "        unit: EUR je EW\n        unit: EUR\n")],
        ("unit: EUR", 2),
        "/fields/0/indicators/1/unit: Der Schlüssel „unit“ steht doppelt; der zweite Wert "
        "würde den ersten stillschweigend ersetzen.",
    ),
    "bad field key": (
        [("  - key: beta\n", "  - key: Beta Feld\n")],
        ("- key: Beta Feld", 1),
        "/fields/1/key: „Beta Feld“ ist kein gültiger Schlüssel: erlaubt sind nur "
        "Kleinbuchstaben, Ziffern und _, beginnend mit einem Buchstaben.",
    ),
    "bad slug": (
        [("slug: test-framework\n", "slug: Test Framework\n")],
        ("slug: Test Framework", 1),
        "/slug: „Test Framework“ ist kein gültiger Schlüssel: erlaubt sind nur Kleinbuchstaben, "
        "Ziffern und einzelne Bindestriche.",
    ),
    "too many decimals": (
        [("        worst: 110.5\n", "        worst: 110.12345\n")],
        ("worst: 110.12345", 1),
        "/fields/0/indicators/1/worst: 110.12345 hat mehr als 4 Nachkommastellen.",
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", INVALID.values(), ids=INVALID.keys())
def test_invalid_file_reports_file_line_path_and_reason_and_writes_nothing(tmp_path, case):
    replacements, (needle, nth), message = case
    path = variant(tmp_path, *replacements)

    with pytest.raises(FrameworkError) as caught:
        publish_framework(path)

    assert f"{path}:{line_of(path, needle, nth)}: {message}" in caught.value.errors
    assert not FrameworkVersion.objects.exists()
    assert not MatrixField.objects.exists()


def test_yaml_syntax_error_reports_its_line(tmp_path):
    path = variant(tmp_path, ("    name_en: Beta\n", "    name_en: Beta: oder Gamma\n"))

    assert errors_of(path) == [
        f"{path}:{line_of(path, 'Beta: oder Gamma')}: YAML-Syntaxfehler: mapping values are "
        "not allowed here"
    ]


@pytest.mark.parametrize(("count", "actual"), [(1, 1), (6, 6)])
def test_a_field_needs_two_to_five_indicators(tmp_path, count, actual):
    data = yaml.safe_load(MINIMAL.read_text(encoding="utf-8"))
    template = data["fields"][1]["indicators"][1]
    data["fields"][1]["indicators"] = [
        {**template, "key": f"beta_{number}"} for number in range(count)
    ]
    path = tmp_path / "framework.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    assert errors_of(path) == [
        f"{path}:{line_of(path, 'indicators:', 2)}: /fields/1/indicators: Erlaubt sind 2 bis 5 "
        f"Indikatoren, es sind {actual}."
    ]


def test_every_problem_is_reported_at_once_in_line_order(tmp_path):
    path = variant(
        tmp_path,
        ("version: 1\n", "version: 0\n"),
        ("    name_de: Beta\n", ""),
        ("        target: 5\n", "        target: -1\n"),
    )

    errors = errors_of(path)

    assert errors == [
        f"{path}:3: /version: Muss mindestens 1 sein, ist aber 0.",
        f"{path}:{line_of(path, '- key: beta')}: /fields/1/name_de: Pflichtangabe fehlt.",
        f"{path}:{line_of(path, 'target: -1')}: /fields/1/indicators/1/target: Bei direction: "
        "up (höher ist besser) muss der Zielwert (-1) größer sein als der schlechteste Wert (0).",
    ]


def test_version_must_match_the_file_name(tmp_path):
    path = variant(tmp_path, name="v2.yaml")

    assert errors_of(path) == [
        f"{path}:3: /version: Die Version 1 passt nicht zum Dateinamen v2.yaml; die Datei "
        "vN.yaml enthält version: N."
    ]


def test_empty_and_missing_files_are_reported(tmp_path):
    empty = tmp_path / "empty.yaml"
    empty.write_text("# nothing here\n", encoding="utf-8")

    assert errors_of(empty) == [f"{empty}:1: /: Die Datei ist leer."]
    assert errors_of(tmp_path / "gone.yaml") == [
        f"{tmp_path / 'gone.yaml'}: Die Datei gibt es nicht."
    ]


# The command ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_command_loads_all_framework_files_and_reports_each():
    out = StringIO()
    call_command("load_framework", stdout=out)
    framework = load_framework_file(REAL_V1)
    summary = (
        f"Smart-Region-Matrix Bayern v1, 16 Handlungsfelder, {framework.indicator_count} "
        "Indikatoren"
    )

    assert (
        f"frameworks/smart-region-matrix-bayern/v1.yaml: created (neu angelegt, aktiv) – {summary}"
        in out.getvalue()
    )
    published = [path for path in framework_files() if path.parent.name == framework.slug]
    assert FrameworkVersion.objects.filter(slug=framework.slug).count() == len(published)

    out = StringIO()
    call_command("load_framework", str(REAL_V1), stdout=out)
    assert f"v1.yaml: unchanged (unverändert, aktiv) – {summary}" in out.getvalue()


@pytest.mark.django_db
def test_command_check_validates_without_writing():
    out = StringIO()
    call_command("load_framework", str(MINIMAL), "--check", stdout=out)

    assert "minimal.yaml: gültig – Test-Framework v1, 2 Handlungsfelder, 4 Indikatoren" in (
        out.getvalue()
    )
    assert not FrameworkVersion.objects.exists()


@pytest.mark.django_db
def test_command_refuses_invalid_files_with_all_messages_and_changes_nothing(tmp_path):
    broken = variant(
        tmp_path, ("    name_de: Beta\n", ""), ("  - {level: 4, name_de", "  - {level: 5, name_de")
    )

    with pytest.raises(CommandError) as caught:
        call_command("load_framework", str(MINIMAL), str(broken), stdout=StringIO())

    assert str(caught.value) == (
        "Es wurde nichts geändert:\n"
        f"{broken}:{line_of(broken, 'level: 5')}: /levels/4/level: Muss zwischen 0 und 4 "
        "liegen, ist aber 5.\n"
        f"{broken}:{line_of(broken, '- key: beta')}: /fields/1/name_de: Pflichtangabe fehlt."
    )
    assert not FrameworkVersion.objects.exists()  # not even the valid first file


@pytest.mark.django_db
def test_command_rolls_back_every_file_when_one_changes_a_used_version(tmp_path):
    v1, _status = publish_framework(MINIMAL)
    AssessmentRound.objects.create(agenda=AgendaFactory(), version=v1, title="Erstbewertung")
    before = snapshot()
    new_framework = variant(
        tmp_path, ("slug: test-framework\n", "slug: other-framework\n"), name="other.yaml"
    )
    changed_v1 = variant(tmp_path, ("        target: 100\n", "        target: 90\n"))

    with pytest.raises(CommandError, match="wird bereits verwendet") as caught:
        call_command("load_framework", str(new_framework), str(changed_v1), stdout=StringIO())

    assert "version: 2" in str(caught.value)
    assert snapshot() == before
    assert not FrameworkVersion.objects.filter(slug="other-framework").exists()


@pytest.mark.django_db
def test_command_refuses_the_same_version_in_two_files(tmp_path):
    copy = variant(tmp_path, name="copy.yaml")

    with pytest.raises(CommandError, match="Version 1 von „test-framework“ steht auch in"):
        call_command("load_framework", str(MINIMAL), str(copy), stdout=StringIO())

    assert not FrameworkVersion.objects.exists()


def test_framework_files_come_in_version_order(tmp_path):
    for name in ("b/v1.yaml", "a/v10.yaml", "a/v2.yaml", "a/v1.yaml", "a/notes.yaml"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("", encoding="utf-8")

    found = [str(path.relative_to(tmp_path)) for path in framework_files(tmp_path)]

    assert found == ["a/v1.yaml", "a/v2.yaml", "a/v10.yaml", "b/v1.yaml"]


@pytest.mark.django_db
def test_command_without_files_in_an_empty_directory_says_so(settings, tmp_path):
    settings.MATRIX_FRAMEWORKS_DIR = tmp_path

    with pytest.raises(CommandError, match="Keine Framework-Dateien"):
        call_command("load_framework", stdout=StringIO())


# Queries ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_active_version_is_none_before_loading():
    assert active_version() is None


@pytest.mark.django_db
def test_active_version_fetches_fields_and_indicators_in_three_queries(
    matrix_v1, django_assert_num_queries
):
    with django_assert_num_queries(3):
        version = active_version()
        fields = fields_of(version)
        indicators = [i.key for f in fields for i in f.indicators.all()]

    assert version == matrix_v1
    assert [f.key for f in fields] == FIELD_KEYS
    assert indicators[:2] == ["work_business_gigabit", "work_coworking_desks"]


@pytest.mark.django_db
def test_fields_of_a_plain_version_takes_two_queries(matrix_v1, django_assert_num_queries):
    version = FrameworkVersion.objects.get(pk=matrix_v1.pk)

    with django_assert_num_queries(2):
        fields = fields_of(version)
        counts = [len(f.indicators.all()) for f in fields]

    assert len(fields) == 16
    assert all(2 <= n <= 5 for n in counts)
