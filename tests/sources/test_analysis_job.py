"""The analysis job: all-or-nothing results, progress, and failures that keep earlier results."""

import pytest

from regioagenda.core import jobs as core_jobs
from regioagenda.core.models import JobState
from regioagenda.sources import jobs, services
from regioagenda.sources.models import DocumentStatus, FieldSummary, Passage, Statement

pytestmark = pytest.mark.django_db


def test_reanalysis_replaces_passages_of_this_document_only(sources_setup):
    first = sources_setup.upload("a.md", sources_setup.sample, title="A")
    second = sources_setup.upload("b.md", sources_setup.sample, title="B")
    second_before = list(second.passages.values_list("pk", flat=True))
    old = set(first.passages.values_list("pk", flat=True))
    jobs.analyse_document(first)
    new = set(first.passages.values_list("pk", flat=True))
    assert new and not (new & old)
    assert list(second.passages.values_list("pk", flat=True)) == second_before
    assert Statement.objects.filter(passage__document=first).exists()


def test_unexpected_error_keeps_earlier_results_and_says_so(sources_setup, monkeypatch):
    document = sources_setup.upload("a.md", sources_setup.sample)
    before = list(document.passages.values_list("pk", "text"))
    summaries = list(FieldSummary.objects.values_list("pk", "sentences"))

    def broken(*args, **kwargs):
        raise RuntimeError("kaputt")

    # Fails after the old passages were deleted inside the transaction: all must roll back.
    monkeypatch.setattr(services, "recompute_summaries", broken)
    job = core_jobs.start(
        "sources.analyze_document", label="x", user=None, params={"document": document.pk}
    )
    core_jobs.execute(job.pk)
    job.refresh_from_db()
    document.refresh_from_db()
    assert job.state == JobState.FAILED
    assert "Unerwarteter Fehler" in job.error
    assert "kaputt" not in job.error
    assert document.status == DocumentStatus.FAILED
    assert document.failure_reason == jobs.GENERIC_FAILURE
    assert list(document.passages.values_list("pk", "text")) == before
    assert list(FieldSummary.objects.values_list("pk", "sentences")) == summaries


def test_job_for_a_deleted_document_fails_cleanly(sources_setup):
    job = core_jobs.start(
        "sources.analyze_document", label="x", user=None, params={"document": 987654}
    )
    core_jobs.execute(job.pk)
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert "gelöscht" in job.error


def test_progress_is_reported(sources_setup):
    document = sources_setup.upload("a.md", sources_setup.sample)
    seen = []
    jobs.analyse_document(document, lambda percent, message="": seen.append(percent))
    assert seen == sorted(seen)
    assert seen[-1] == 100
    assert any(10 <= p <= 40 for p in seen) and any(40 < p <= 80 for p in seen)
    assert document.job.progress == 100


def test_passage_fields_belong_to_the_active_version(sources_setup):
    document = sources_setup.upload("a.md", sources_setup.sample)
    assert (
        not Passage.objects.filter(document=document)
        .exclude(field__version=sources_setup.version)
        .exists()
    )
    for passage in document.passages.all():
        keys = [key for key, _score in passage.scores]
        assert len(keys) == 16
        scores = [score for _key, score in passage.scores]
        assert scores == sorted(scores, reverse=True)


def test_page_shows_progress_while_analysing_and_refreshes_when_done(
    sources_setup, login, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    team = sources_setup.team
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        document = services.upload_document(
            actor=team.coordinator,
            agenda=team.agenda,
            uploaded_file=SimpleUploadedFile("a.md", sources_setup.sample.encode()),
            title="Konzept",
            doc_type="climate",
        )
    client = login(team.coordinator)
    url = reverse("sources:document", args=[team.agenda.slug, document.pk])
    html = client.get(url).content.decode()
    assert "<progress" in html and "?status=1" in html
    poll = client.get(url + "?status=1", HTTP_HX_REQUEST="true")
    assert "<html" not in poll.content.decode() and "HX-Refresh" not in poll
    for callback in callbacks:
        callback()
    poll = client.get(url + "?status=1", HTTP_HX_REQUEST="true")
    assert poll["HX-Refresh"] == "true"


def test_field_page_cites_document_and_page(sources_setup, login):
    from django.urls import reverse

    document = sources_setup.upload("a.md", sources_setup.sample, title="Konzept Teamhausen")
    summary = FieldSummary.objects.exclude(sentences=[]).select_related("field").first()
    entry = summary.sentences[0]
    client = login(sources_setup.team.participant)
    html = client.get(
        reverse("sources:field", args=[sources_setup.team.agenda.slug, summary.field.key])
    ).content.decode()
    assert f"#passage-{entry['passage']}" in html
    assert "Konzept Teamhausen, S. 1" in html
    assert document.passages.filter(pk=entry["passage"]).exists()


def test_a_passage_keeps_its_page_breaks_so_rebuilt_summaries_cite_the_right_page(
    sources_setup, spanning_pdf
):
    """A paragraph running from page 1 onto page 2: sentences from its second half cite page 2,
    also after the summaries are rebuilt from the stored passages (e.g. after curation)."""
    sources_setup.upload("lang.pdf", spanning_pdf.read_bytes(), title="Langes Konzept")
    spanning = [p for p in Passage.objects.all() if p.page_start != p.page_end]
    assert spanning, "the fixture must produce a passage across a page break"
    passage = spanning[0]
    assert passage.page_offsets[0] == [0, passage.page_start]
    assert any(page == passage.page_end for _offset, page in passage.page_offsets)

    def expected_page(sentence):
        offset = passage.text.find(sentence[:40])
        assert offset >= 0
        return max((start, page) for start, page in passage.page_offsets if start <= offset)[1]

    def citations():
        return [
            (entry["sentence"], entry["page"])
            for summary in FieldSummary.objects.order_by("field__order")
            for entry in summary.sentences
            if entry["passage"] == passage.pk
        ]

    # Only this passage may be summarised, so the summaries must cite it.
    Passage.objects.exclude(pk=passage.pk).update(state="rejected")
    FieldSummary.objects.all().delete()
    services.recompute_summaries(agenda=sources_setup.team.agenda)
    rebuilt = citations()
    assert {page for _sentence, page in rebuilt} == {passage.page_start, passage.page_end}
    for sentence, page in rebuilt:
        assert page == expected_page(sentence), sentence


def test_progress_moves_page_by_page_and_batch_by_batch(sources_setup, sample_pdf):
    document = sources_setup.upload("strategie.pdf", sample_pdf.read_bytes())
    assert document.status == "analysed", document.failure_reason
    calls = []
    jobs.analyse_document(
        document, lambda percent, message="": calls.append((percent, str(message)))
    )
    percents = [percent for percent, _message in calls]
    assert percents == sorted(percents) and percents[-1] == 100
    reading = {p for p, message in calls if message.startswith("Seite ")}
    assert len(reading) == 3 and max(reading) == jobs.EXTRACT_TO  # one step per page
    assert any("Seite 2 von 3" in message for _p, message in calls)
    passages = document.passages.count()
    classifying = {p for p, message in calls if message.startswith("Abschnitte eingeordnet")}
    assert len(classifying) == passages > 1  # few passages: one step each
    assert min(classifying) > jobs.CLASSIFY_FROM and max(classifying) == jobs.CLASSIFY_TO
