"""Probe M1 (issue 10): the sanitiser's time grew sharply with nesting depth ('<ul><li>' * 100000,
~780 KB: 20,000 levels took 3 s, 40,000 13 s). Rich text is now refused before sanitising when it
is too long or nested too deeply, with a sentence on the form and nothing written."""

import html
import time

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from regioagenda.core.html import nesting_depth, sanitize_html

PROBE = "<ul><li>" * 100_000  # the probe's payload, 800,000 characters
DEEP_BUT_SHORT = "<ul><li>" * 1_000 + "Text"  # 8,004 characters, 2,000 levels


def test_nesting_is_counted_linearly_and_like_a_browser():
    assert nesting_depth("<p>Ein <strong>Satz</strong></p><p>Zwei<br>Zeilen</p>") == 2
    assert nesting_depth("<ul><li>eins<li>zwei<li>drei</ul>") == 2  # a new <li> closes the last
    assert nesting_depth("<p>a<p>b<p>c") == 1
    assert nesting_depth("<ul><li><ul><li><ol><li>tief</li></ol></li></ul></li></ul>") == 6
    assert nesting_depth("a < b und c > d, <!-- kein Tag -->") == 0
    started = time.perf_counter()
    assert nesting_depth(PROBE, stop_above=20) == 21
    assert nesting_depth("<p>x</p>" * 100_000) == 1
    assert time.perf_counter() - started < 0.5


def test_too_long_text_is_refused_before_sanitising(settings):
    started = time.perf_counter()
    with pytest.raises(ValidationError) as refused:
        sanitize_html(PROBE)
    assert time.perf_counter() - started < 0.5
    assert refused.value.messages == ["Der Text ist zu lang (höchstens 100.000 Zeichen)."]


def test_too_deep_text_is_refused_before_sanitising():
    with pytest.raises(ValidationError) as refused:
        sanitize_html(DEEP_BUT_SHORT)
    assert "zu tief verschachtelt (höchstens 20 Ebenen" in refused.value.messages[0]


def test_ordinary_rich_text_is_sanitised_as_before():
    nested = "<ul><li>a<ul><li>b<ul><li>c</li></ul></li></ul></li></ul>"
    assert sanitize_html(nested) == nested
    assert sanitize_html('<p onclick="x()">Hallo <script>x()</script></p>') == "<p>Hallo </p>"
    assert sanitize_html(None) == ""


# The probe's requests ------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (PROBE, "Der Text ist zu lang (höchstens 100.000 Zeichen)."),
        (DEEP_BUT_SHORT, "Der Text ist zu tief verschachtelt"),
    ],
)
def test_field_summary_edit_refuses_the_probe(sources_setup, login, payload, message):
    from regioagenda.regions.models import AuditEvent
    from regioagenda.sources.models import FieldSummary

    team = sources_setup.team
    agenda = team.agenda
    before = (FieldSummary.objects.count(), AuditEvent.objects.count())

    started = time.perf_counter()
    response = login(team.coordinator).post(
        reverse("sources:field", args=[agenda.slug, "mobility"]), {"text": payload}
    )

    assert time.perf_counter() - started < 2
    assert response.status_code == 400
    assert message in html.unescape(response.content.decode())
    assert (FieldSummary.objects.count(), AuditEvent.objects.count()) == before


@pytest.fixture
def thread(team, no_staff_mfa, matrix_v1):
    from regioagenda.actors.services import forum

    return forum.start_thread(
        actor=team.expert, agenda=team.agenda, field_key="mobility", title="Rufbus", body="Wann?"
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (PROBE, "erlaubt sind höchstens 10.000 Zeichen"),  # the forum's own, tighter limit
        (DEEP_BUT_SHORT, "Der Text ist zu tief verschachtelt"),
    ],
)
def test_forum_post_refuses_the_probe(team, thread, login, payload, message):
    from regioagenda.actors.models import Post

    started = time.perf_counter()
    response = login(team.moderator).post(
        reverse("actors:thread", args=[team.agenda.slug, thread.pk]), {"body": payload}
    )

    assert time.perf_counter() - started < 2
    assert response.status_code == 400
    assert message in html.unescape(response.content.decode())
    assert Post.objects.filter(thread=thread).count() == 1
