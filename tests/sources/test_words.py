"""What the pages of existing concepts say is true today: an upload at 0 % is not "done", and
the curated summary promises no document that does not exist yet."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_upload_alert_is_information_while_the_analysis_runs(sources_setup, login):
    team = sources_setup.team
    client = login(team.coordinator)
    url = reverse("sources:documents", args=[team.agenda.slug])
    # the job is started on commit, which this test does not run: the analysis stands at 0 %
    response = client.post(
        url,
        {
            "title": "Klimaschutzkonzept 2024",
            "doc_type": "climate",
            "year": "2024",
            "publisher": "Landratsamt",
            "file": SimpleUploadedFile(
                "konzept.md", sources_setup.sample.encode(), "text/markdown"
            ),
        },
        follow=True,
    )
    page = response.content.decode()

    assert "wurde hochgeladen und wird jetzt ausgewertet" in page
    assert "kern-alert--success" not in page
    assert "Erledigt" not in page
    assert "kern-alert--info" in page


def test_curated_summary_note_names_no_future_document(sources_setup, login):
    document = sources_setup.upload("konzept.md", sources_setup.sample)
    assert document.status == "analysed", document.failure_reason
    team = sources_setup.team
    client = login(team.coordinator)
    url = reverse("sources:field", args=[team.agenda.slug, "mobility"])
    assert client.post(url, {"text": "<p>Der Rufbus kommt.</p>"}).status_code == 302

    page = client.get(url).content.decode()

    assert "Von der Koordination bearbeitet." in page
    assert "Konzeptdokument" not in page
    assert "Bewertenden der Matrix" in page
