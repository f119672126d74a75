"""The English interface under /en/: a complete catalogue, English pages, English URLs."""

import datetime
import gettext
import html
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import translation

from regioagenda.accounts.models import Role
from tests.factories import AgendaFactory, MembershipFactory

LOCALE_DIR = Path(django_settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"
PO_FILE = LOCALE_DIR / "django.po"
MO_FILE = LOCALE_DIR / "django.mo"

_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
_FIELD = re.compile(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+"(.*)"$')
_PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]")
_CONVERTER = re.compile(r"<[^<>]+>")


def _unescape(text):
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(0)), text)


def parse_po(path):
    """Entries of a .po file as dicts: msgid, msgid_plural, msgstr (list), flags, obsolete."""
    entries = []

    def new_entry():
        return {"flags": set(), "fields": {}, "obsolete": False}

    entry, field = new_entry(), None
    for raw in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        if not line:
            if entry["fields"]:
                entries.append(entry)
            entry, field = new_entry(), None
            continue
        if line.startswith("#~"):
            entry["obsolete"] = True
            continue
        if line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith("#"):
            continue
        match = _FIELD.match(line)
        if match:
            field = match.group(1)
            entry["fields"][field] = _unescape(match.group(2))
        elif line.startswith('"') and line.endswith('"') and field:
            entry["fields"][field] += _unescape(line[1:-1])
        else:
            raise AssertionError(f"Unparsable line in {path}: {raw!r}")

    result = []
    for entry in entries:
        fields = entry["fields"]
        msgstr = [value for key, value in sorted(fields.items()) if key.startswith("msgstr")]
        result.append(
            {
                "msgctxt": fields.get("msgctxt"),
                "msgid": fields.get("msgid", ""),
                "msgid_plural": fields.get("msgid_plural"),
                "msgstr": msgstr,
                "flags": entry["flags"],
                "obsolete": entry["obsolete"],
            }
        )
    return result


def messages():
    """The real messages of the catalogue: without the header and obsolete entries."""
    return [e for e in parse_po(PO_FILE) if e["msgid"] and not e["obsolete"]]


def text(response):
    return html.unescape(response.content.decode())


@pytest.fixture(autouse=True)
def _restore_language():
    """LocaleMiddleware activates the request's language for the whole thread and never resets
    it; without this, every test after a request to /en/ would reverse and render in English."""
    yield
    translation.deactivate()


# The catalogue ---------------------------------------------------------------------------------


def test_catalogue_exists_and_has_messages():
    assert PO_FILE.is_file()
    assert MO_FILE.is_file(), "compile with: manage.py compilemessages -l en --ignore .venv"
    assert len(messages()) > 100


def test_every_message_is_translated_and_not_fuzzy():
    header = parse_po(PO_FILE)[0]
    assert header["msgid"] == "" and "fuzzy" not in header["flags"]
    untranslated = [e["msgid"] for e in messages() if not all(s.strip() for s in e["msgstr"])]
    fuzzy = [e["msgid"] for e in messages() if "fuzzy" in e["flags"]]
    assert untranslated == []
    assert fuzzy == []


def test_plural_messages_have_both_forms():
    plurals = [e for e in messages() if e["msgid_plural"]]
    assert plurals
    for entry in plurals:
        assert len(entry["msgstr"]) == 2, entry["msgid"]


def test_placeholders_and_url_converters_are_kept():
    paths = 0
    for entry in messages():
        sources = [entry["msgid"]] + ([entry["msgid_plural"]] if entry["msgid_plural"] else [])
        expected = set().union(*(_PLACEHOLDER.findall(s) for s in sources))
        converters = sorted(_CONVERTER.findall(entry["msgid"]))
        for translated in entry["msgstr"]:
            assert set(_PLACEHOLDER.findall(translated)) == expected, entry["msgid"]
            assert sorted(_CONVERTER.findall(translated)) == converters, entry["msgid"]
            # URL paths end with a slash and have no spaces; sentences may end in "https://".
            if entry["msgid"].endswith("/") and " " not in entry["msgid"]:
                paths += 1
                assert translated.endswith("/") and " " not in translated, entry["msgid"]
    assert paths  # the URL paths are translated too, so the check above is not empty


def test_msgfmt_reports_no_untranslated_or_fuzzy_messages():
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("GNU gettext (msgfmt) is not installed")
    result = subprocess.run(
        [msgfmt, "--check", "--statistics", "-o", "/dev/null", str(PO_FILE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    report = result.stderr + result.stdout
    assert re.search(r"\d+ translated messages?", report), report
    assert "untranslated" not in report, report
    assert "fuzzy" not in report, report


def test_compiled_catalogue_matches_the_po_file():
    """The committed .mo carries every translation of the .po (re-run compilemessages if not)."""
    with MO_FILE.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for entry in messages():
        if entry["msgid_plural"]:
            got = [compiled.ngettext(entry["msgid"], entry["msgid_plural"], n) for n in (1, 2)]
        elif entry["msgctxt"]:
            got = [compiled.pgettext(entry["msgctxt"], entry["msgid"])]
        else:
            got = [compiled.gettext(entry["msgid"])]
        if got != entry["msgstr"]:
            stale.append(entry["msgid"])
    assert stale == []


# English pages ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_landing_in_english(client):
    AgendaFactory(title="Digitale Agenda Musterkreis")

    response = client.get("/en/")

    assert response.status_code == 200
    page = text(response)
    assert '<html lang="en"' in page
    assert "Public agendas" in page
    assert "Öffentliche Agenden" not in page
    assert "Horizon year 2030" in page


@pytest.mark.django_db
def test_agenda_home_has_an_english_url(client):
    agenda = AgendaFactory(is_public=True)

    with translation.override("en"):
        url = reverse("regions:agenda_home", args=[agenda.slug])
    assert url == f"/en/agendas/{agenda.slug}/"

    response = client.get(url)

    assert response.status_code == 200
    page = text(response)
    assert '<html lang="en"' in page
    assert "The process" in page
    assert "Kick-off" in page
    assert "Der Prozess" not in page


@pytest.mark.django_db
def test_german_urls_stay_german_without_prefix(client):
    agenda = AgendaFactory(is_public=True)

    with translation.override("de"):
        url = reverse("regions:agenda_home", args=[agenda.slug])

    assert url == f"/agenden/{agenda.slug}/"
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_form_error_in_english(client, settings):
    settings.REGIOAGENDA_REQUIRE_STAFF_MFA = False
    membership = MembershipFactory(role=Role.COORDINATOR)
    agenda = membership.agenda
    client.force_login(membership.user)
    past_year = datetime.date.today().year - 1

    with translation.override("en"):
        url = reverse("regions:agenda_settings", args=[agenda.slug])
    assert url == f"/en/agendas/{agenda.slug}/settings/"

    response = client.post(
        url,
        {
            "title": agenda.title,
            "summary": "",
            "horizon_year": past_year,
            "status": agenda.status,
            "is_public": "on",
        },
    )

    assert response.status_code == 200
    page = text(response)
    assert f"The horizon year {past_year} is in the past" in page
    assert "Horizon year" in page
    assert "Zieljahr" not in page
    agenda.refresh_from_db()
    assert agenda.horizon_year == 2030


@pytest.mark.django_db
def test_404_for_unknown_agenda_in_english(client):
    with translation.override("en"):
        url = reverse("regions:agenda_home", args=["missing-agenda"])

    response = client.get(url)

    assert response.status_code == 404
    page = text(response)
    assert '<html lang="en"' in page
    assert "There is no agenda with the short name “missing-agenda”." in page
    assert "This page does not exist" in page
    assert "Error 404" in page
    assert "Es gibt keine Agenda" not in page
    assert "Diese Seite gibt es nicht" not in page
