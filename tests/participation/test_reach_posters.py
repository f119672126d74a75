"""Posters and flyers: real PDFs with the title, the address and a QR code of that address."""

import datetime
import io

import pypdf
import pytest
import segno
from django.urls import reverse
from django.utils import timezone

from regioagenda.participation import posters
from tests.participation_factories import EventFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_staff_mfa")]


def text_of(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    text = " ".join(page.extract_text() for page in reader.pages)
    return " ".join(text.split()), reader.pages[0]


def squeeze(text):
    return "".join(text.split())


def test_agenda_poster_is_a4_with_title_and_address(client, team):
    client.force_login(team.editor)
    text, page = text_of(client.get(reverse("participation:poster", args=[team.agenda.slug])))
    width_mm = float(page.mediabox.width) / 72 * 25.4
    height_mm = float(page.mediabox.height) / 72 * 25.4
    assert round(width_mm) == 210 and round(height_mm) == 297
    assert "Digitale Agenda Teamhausen" in text
    assert squeeze("testserver/agenden/teamhausen/beteiligung") in squeeze(text)


@pytest.mark.parametrize(
    ("name", "query", "size"), [("flyer", "", (105, 148)), ("poster", "?format=a5", (148, 210))]
)
def test_flyer_sizes(client, team, name, query, size):
    client.force_login(team.coordinator)
    _text, page = text_of(
        client.get(reverse(f"participation:{name}", args=[team.agenda.slug]) + query)
    )
    assert (
        round(float(page.mediabox.width) / 72 * 25.4),
        round(float(page.mediabox.height) / 72 * 25.4),
    ) == size


def test_unknown_format_is_404(client, team):
    client.force_login(team.coordinator)
    assert (
        client.get(
            reverse("participation:poster", args=[team.agenda.slug]) + "?format=a0"
        ).status_code
        == 404
    )


def test_event_poster_has_date_place_and_title(client, team):
    start = timezone.make_aware(datetime.datetime(2027, 5, 11, 18, 0))
    event = EventFactory(
        agenda=team.agenda,
        title="Zukunftswerkstatt Nord",
        place="Bürgerhaus Nordhalben",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
    )
    client.force_login(team.moderator)
    text, _page = text_of(
        client.get(reverse("participation:event_poster", args=[team.agenda.slug, event.pk]))
    )
    assert "Zukunftswerkstatt Nord" in text
    assert "Bürgerhaus Nordhalben" in text
    assert "11. Mai 2027" in text and "18:00–21:00" in text


def test_event_of_another_agenda_is_404(client, team):
    from tests.factories import AgendaFactory

    foreign = EventFactory(agenda=AgendaFactory())
    client.force_login(team.coordinator)
    assert (
        client.get(
            reverse("participation:event_poster", args=[team.agenda.slug, foreign.pk])
        ).status_code
        == 404
    )


@pytest.mark.parametrize("who", ["participant", "expert", "outsider"])
def test_posters_are_for_the_team(client, team, who):
    client.force_login(getattr(team, who))
    assert client.get(reverse("participation:poster", args=[team.agenda.slug])).status_code == 403


def test_anonymous_is_sent_to_login(client, team):
    response = client.get(reverse("participation:poster", args=[team.agenda.slug]))
    assert response.status_code == 302 and "login" in response.url


def test_qr_code_encodes_exactly_the_url():
    url = "https://regioagenda.example/agenden/beispielland/beteiligung/"
    svg = posters.qr_svg(url)
    assert svg.startswith("<svg") and "<?xml" not in svg
    # segno cannot decode; the same URL gives the same symbol, another URL another one.
    assert svg == segno.make(url, error="m", micro=False).svg_inline(
        scale=1, border=2, dark="#000000", light="#ffffff", omitsize=True
    )
    assert svg != posters.qr_svg(url + "x")


def test_poster_pdf_contains_the_qr_as_vector_and_the_short_url():
    url = "https://regioagenda.example/agenden/beispielland/beteiligung/"
    pdf = posters.poster_pdf(
        "Titel <b>fett</b>", "Untertitel", ["Zeile & eins"] * 10, url, size="A6"
    )
    text = " ".join(pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    assert "Titel <b>fett</b>" in text  # escaped, not markup
    assert text.count("Zeile & eins") == posters.MAX_LINES
    assert squeeze(posters.short_url(url)) in squeeze(text)
    assert posters.short_url(url) == "regioagenda.example/agenden/beispielland/beteiligung"


def test_generic_poster_for_other_topics(rf):
    from regioagenda.participation.views.reach import poster_response

    request = rf.get("/egal/", {"format": "a5"})
    response = poster_response(
        request,
        title="Umfrage Mobilität",
        subtitle="Landkreis Teamhausen",
        lines=["Bis 30. Juni"],
        path="/agenden/teamhausen/beteiligung/umfragen/3/",
        filename="umfrage-3",
    )
    text, page = text_of(response)
    assert "Umfrage Mobilität" in text
    assert squeeze("testserver/agenden/teamhausen/beteiligung/umfragen/3") in squeeze(text)
    assert round(float(page.mediabox.width) / 72 * 25.4) == 148
    assert response["Content-Disposition"] == 'inline; filename="umfrage-3-a5.pdf"'


def test_survey_poster_invites_to_the_survey_of_this_agenda(client, team):
    from tests.factories import AgendaFactory
    from tests.survey_factories import full_survey

    survey = full_survey(team.agenda, title="Digitale Angebote im Alltag")
    foreign = full_survey(AgendaFactory())
    client.force_login(team.editor)

    text, _page = text_of(
        client.get(reverse("participation:survey_poster", args=[team.agenda.slug, survey.pk]))
    )
    assert "Digitale Angebote im Alltag" in text
    assert f"umfragen/{survey.pk}" in text.replace("\n", "").replace(" ", "")
    assert (
        client.get(
            reverse("participation:survey_poster", args=[team.agenda.slug, foreign.pk])
        ).status_code
        == 404
    )
