"""Probe L1 (issue 10): "²" passes ``str.isdigit()`` and ``int()`` then raised – a 500 on the
matrix page, a forum reply and the region form. Numbers are read by ``core.numbers`` only."""

import html

import pytest
from django.urls import reverse

from regioagenda.core.numbers import MAX_ID, is_ascii_digits, parse_id, parse_int
from regioagenda.regions.models import Region, RegionKind, RegionLevel, validate_key
from regioagenda.regions.register.parse import RegisterImportError, normalize_land

# Superscript two, Arabic-Indic three, circled one, fullwidth four: all "digits" to isdigit().
NOT_ASCII = ["²", "²9", "٣", "①", "４"]


@pytest.mark.parametrize("text", NOT_ASCII + ["", " ", "-1", "+1", "1.0", "1_000", "0x1", None])
def test_only_ascii_digits_are_numbers(text):
    assert parse_int(text) is None
    assert not is_ascii_digits(text)


def test_parse_int_reads_ascii_digits_within_the_bounds():
    assert parse_int("42") == 42
    assert parse_int(" 007 ") == 7
    assert parse_int("0", minimum=1) is None
    assert parse_int("17", maximum=16) is None
    assert parse_int("0000000000000016", maximum=16) == 16
    assert parse_id(str(MAX_ID)) == MAX_ID
    assert parse_id(str(MAX_ID + 1)) is None
    assert parse_int("9" * 10_000) is None  # beyond Python's int-from-str limit: no ValueError


@pytest.mark.parametrize("key", ["²9", "0²", "٠٩"])
def test_region_key_check_reports_instead_of_raising(key):
    assert any(
        "darf nur Ziffern enthalten" in str(message) for message in validate_key("kreis", key)
    )


@pytest.mark.parametrize("land", ["²", "٩", "17"])
def test_register_land_key_is_refused_with_a_sentence(land):
    with pytest.raises(RegisterImportError):
        normalize_land(land)
    assert normalize_land("9") == "09"


# The probe's requests ------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["²", "٣", "9" * 30])
def test_matrix_page_answers_404_with_a_sentence(client, assessed, value):
    response = client.get("/agenden/teamhausen/matrix/", {"runde": value})

    assert response.status_code == 404
    assert "ist keine Bewertungsrunde" in html.unescape(response.content.decode())


def test_matrix_page_still_accepts_a_round(client, assessed):
    response = client.get("/agenden/teamhausen/matrix/", {"runde": assessed.round.pk})

    assert response.status_code == 200


@pytest.fixture
def thread(team, no_staff_mfa, matrix_v1):
    from regioagenda.actors.services import forum

    return forum.start_thread(
        actor=team.expert,
        agenda=team.agenda,
        field_key="mobility",
        title="Rufbus",
        body="Wann kommt der Bus?",
    )


@pytest.mark.parametrize("parent", ["²", "١", "9" * 30])
def test_forum_reply_with_a_bad_parent_is_refused_on_the_form(team, thread, login, parent):
    from regioagenda.actors.models import Post

    response = login(team.moderator).post(
        reverse("actors:thread", args=["teamhausen", thread.pk]),
        {"body": "Antwort", "parent": parent},
    )

    assert response.status_code == 400
    page = html.unescape(response.content.decode())
    assert "Den Beitrag, auf den Sie antworten wollen, gibt es nicht (mehr)." in page
    assert Post.objects.filter(thread=thread).count() == 1


@pytest.mark.parametrize("ags", ["²9", "0٩162"])
def test_region_form_refuses_a_superscript_key(login, team, no_staff_mfa, ags):
    before = Region.objects.count()

    response = login(team.programme_admin).post(
        reverse("regions:region_create"),
        {
            "name": "Landkreis Hochgestellt",
            "level": RegionLevel.KREIS,
            "kind": RegionKind.LANDKREIS,
            "ags": ags,
        },
    )

    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert 'id="id_ags_error"' in page
    assert "darf nur Ziffern enthalten" in page
    assert Region.objects.count() == before


def test_no_isdigit_guards_a_number_outside_core_numbers():
    """``str.isdigit()`` accepts "²"; every number from input goes through core.numbers."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "regioagenda"
    allowed = {
        "core/numbers.py",
        "sources/passages/paragraphing.py",
    }  # the latter: a text heuristic
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "isdigit()" in path.read_text(encoding="utf-8")
        and str(path.relative_to(root)) not in allowed
    ]
    assert offenders == []
