"""Coverage grid, field summary page and document page: content, empty states, query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from regioagenda.sources.models import Passage, PassageState
from regioagenda.sources.queries import coverage

pytestmark = pytest.mark.django_db


def _more_passages(document, count):
    """Copies of the document's first passage, to grow the data without another analysis."""
    first = document.passages.first()
    start = document.passages.count()
    Passage.objects.bulk_create(
        Passage(
            document=document,
            order=start + i,
            page_start=first.page_start,
            page_end=first.page_end,
            headings=first.headings,
            text=f"{first.text} ({i})",
            scores=first.scores,
            field=first.field,
        )
        for i in range(count)
    )


def test_empty_states(sources_setup, login):
    team = sources_setup.team
    client = login(team.participant)
    for name in ("documents", "coverage"):
        response = client.get(reverse(f"sources:{name}", args=[team.agenda.slug]))
        assert response.status_code == 200
    assert (
        "noch keine"
        in client.get(reverse("sources:coverage", args=[team.agenda.slug])).content.decode()
    )
    response = client.get(reverse("sources:field", args=[team.agenda.slug, "mobility"]))
    assert response.status_code == 200
    assert "Keines der ausgewerteten Dokumente" in response.content.decode()
    assert client.get(reverse("sources:field", args=[team.agenda.slug, "nix"])).status_code == 404


def test_coverage_counts_and_uncovered_fields(sources_setup, login):
    team = sources_setup.team
    document = sources_setup.upload("konzept.md", sources_setup.sample)
    first = document.passages.first()
    Passage.objects.filter(pk=first.pk).update(state=PassageState.ACCEPTED)
    data = coverage(team.agenda)
    assert len(data["rows"]) == 16
    assert data["documents"] == [document]
    total = sum(row.total for row in data["rows"])
    assert total == document.passages.exclude(field=None).count()
    row = next(r for r in data["rows"] if r.field.pk == first.field_id)
    assert row.cells[0][1] >= 1  # accepted
    uncovered = [r for r in data["rows"] if not r.covered]
    assert uncovered  # a three-section text cannot address all 16 fields
    response = login(team.participant).get(reverse("sources:coverage", args=[team.agenda.slug]))
    html = response.content.decode()
    assert "<caption" in html and 'scope="row"' in html and 'scope="col"' in html
    assert html.count("nicht abgedeckt") == len(uncovered)
    # Rejected passages do not count.
    document.passages.update(state=PassageState.REJECTED)
    assert all(not r.covered for r in coverage(team.agenda)["rows"])


@pytest.mark.parametrize("name", ["coverage", "document", "field", "documents"])
def test_query_count_does_not_grow_with_passages(sources_setup, login, name):
    team = sources_setup.team
    document = sources_setup.upload("konzept.md", sources_setup.sample)
    sources_setup.upload("zwei.md", sources_setup.sample, title="Zweites")
    args = {
        "coverage": [team.agenda.slug],
        "documents": [team.agenda.slug],
        "document": [team.agenda.slug, document.pk],
        "field": [team.agenda.slug, document.passages.first().field.key],
    }[name]
    url = reverse(f"sources:{name}", args=args)
    client = login(team.coordinator)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _more_passages(document, 30)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_agenda_home_section(sources_setup, client):
    team = sources_setup.team
    home = reverse("regions:agenda_home", args=[team.agenda.slug])
    assert "Zu den bestehenden Konzepten" not in client.get(home).content.decode()
    sources_setup.upload("konzept.md", sources_setup.sample)
    html = client.get(home).content.decode()
    assert "1 Dokument ausgewertet" in html
    assert "von 16 Feldern abgedeckt" in html


def test_coverage_columns_are_short_labels_with_the_full_title(sources_setup, login):
    """15 documents fit: each column is headed D1, D2, … with its title in <abbr title> and in
    the legend under the table; the sum comes right after the field name."""
    team = sources_setup.team
    first = sources_setup.upload("konzept.md", sources_setup.sample, title="Erstes Konzept")
    second = sources_setup.upload("zwei.md", sources_setup.sample, title="Zweites Konzept")
    data = coverage(team.agenda)
    assert [(c.label, c.document) for c in data["columns"]] == [
        ("D1", data["documents"][0]),
        ("D2", data["documents"][1]),
    ]
    assert {c.document for c in data["columns"]} == {first, second}
    response = login(team.participant).get(reverse("sources:coverage", args=[team.agenda.slug]))
    html = response.content.decode()
    for column in data["columns"]:
        assert f'<abbr title="{column.document.title}">{column.label}</abbr>' in html
        assert f"<dt>{column.label}</dt>" in html
    assert 'role="region"' in html and 'aria-labelledby="coverage-caption"' in html
    header = html[html.index("<thead>") : html.index("</thead>")]
    assert header.index("Summe") < header.index("D1")
