"""The consultation summary: per paragraph the comments, answers and verdicts, counts, CSV, who
sees it, the block under the decision step, and fixed query counts."""

from django.test import Client
from django.urls import reverse

from regioagenda.participation.models import DraftStatus
from regioagenda.participation.queries.consultation import summary
from regioagenda.participation.services.consultation import (
    add_version,
    comment_on_paragraph,
    set_verdict,
)
from tests.conftest import get_counting_queries
from tests.participation_factories import participant
from tests.voting_factories import open_draft, paragraphs_of


def _discussed(team):
    draft = open_draft(team)
    first, second, third, _fourth = paragraphs_of(draft)
    people = [participant(team.agenda) for _ in range(3)]
    a = comment_on_paragraph(actor=people[0], paragraph=first, body="Zahl veraltet")
    b = comment_on_paragraph(actor=people[1], paragraph=first, body="Quelle?")
    c = comment_on_paragraph(actor=people[2], paragraph=third, body="Zu ehrgeizig")
    comment_on_paragraph(actor=people[0], paragraph=third, body="Ich stimme zu", parent=c)
    comment_on_paragraph(
        actor=team.editor, paragraph=first, body="Aktualisiert.", parent=a, official=True
    )
    comment_on_paragraph(actor=team.editor, paragraph=second, body="Dazu allgemein.", official=True)
    set_verdict(actor=team.editor, comment=a, status="adopted")
    set_verdict(actor=team.editor, comment=c, status="not_adopted")
    return draft, (a, b, c)


def test_counts_per_verdict_and_answered(team):
    draft, (a, b, c) = _discussed(team)
    result = summary(draft)

    assert result.comments == 3
    assert result.answered == 1
    assert {value: n for value, _label, n in result.counts} == {
        "adopted": 1,
        "partly": 0,
        "not_adopted": 1,
        "noted": 0,
        "": 1,
    }
    first = result.sections[0].paragraphs[0]
    assert [t.comment for t in first.threads] == [a, b]
    assert [r.body for r in first.threads[0].replies] == ["<p>Aktualisiert.</p>"]
    assert [o.body for o in result.sections[0].paragraphs[1].official] == ["<p>Dazu allgemein.</p>"]


def test_comments_on_removed_paragraphs_are_listed_apart(team):
    draft, (a, b, c) = _discussed(team)
    add_version(
        actor=team.coordinator, draft=draft, text="## Neu\n\nEin ganz neuer Text ohne Bezug."
    )
    result = summary(draft)
    assert result.comments == 3
    assert {t.comment for p in result.earlier for t in p.threads} == {a, b, c}


def test_the_summary_is_for_the_team_until_closed_then_public(team, no_staff_mfa):
    draft, _comments = _discussed(team)
    url = reverse("participation:draft_summary", args=[team.agenda.slug, draft.pk])
    assert Client().get(url).status_code == 403
    html, _count = get_counting_queries(team.moderator, url)
    assert "Auswertung der Konsultation" in html and 'name="status"' in html
    draft.status = DraftStatus.CLOSED
    draft.save()
    response = Client().get(url)
    assert response.status_code == 200
    assert 'name="status"' not in response.content.decode()
    assert "nicht übernommen" in response.content.decode()


def test_csv_one_row_per_comment(team):
    draft, _comments = _discussed(team)
    draft.status = DraftStatus.CLOSED
    draft.save()
    response = Client().get(
        reverse("participation:draft_summary_csv", args=[team.agenda.slug, draft.pk])
    )
    lines = response.content.decode("utf-8-sig").strip().split("\r\n")
    assert lines[0].startswith("Abschnitt;Absatz;Kommentar Nr.;Datum;Fassung;Kommentar;")
    assert len(lines) == 4
    assert lines[1].endswith(";1;Zahl veraltet;Aktualisiert.;übernommen")


def test_the_decision_step_shows_the_consultation(team):
    draft, _comments = _discussed(team)
    response = Client().get(team.agenda.get_absolute_url())
    html = response.content.decode()
    assert draft.title in html
    assert "3 Kommentare, 2 mit Ergebnis" in html


def test_pages_have_a_fixed_number_of_queries(team, no_staff_mfa):
    draft, (a, _b, _c) = _discussed(team)
    key = paragraphs_of(draft)[0].key
    urls = [
        reverse("participation:draft", args=[team.agenda.slug, draft.pk]),
        reverse("participation:draft_paragraph", args=[team.agenda.slug, draft.pk, key]),
        reverse("participation:draft_summary", args=[team.agenda.slug, draft.pk]),
    ]
    before = [get_counting_queries(team.editor, url)[1] for url in urls]
    people = [participant(team.agenda) for _ in range(5)]
    for paragraph in paragraphs_of(draft):
        for person in people:
            comment = comment_on_paragraph(actor=person, paragraph=paragraph, body="Noch einer")
            comment_on_paragraph(
                actor=team.editor,
                paragraph=paragraph,
                body="Antwort",
                parent=comment,
                official=True,
            )
            set_verdict(actor=team.editor, comment=comment, status="noted")
    after = [get_counting_queries(team.editor, url)[1] for url in urls]
    assert after == before
