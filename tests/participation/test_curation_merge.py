"""Merging a duplicate idea keeps everything people contributed and counts nobody twice."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from regioagenda.participation.models import Comment, Idea, IdeaField, IdeaStatus, Support
from regioagenda.participation.services import curation as services
from regioagenda.regions.models import AuditAction, AuditEvent
from tests.curation_factories import idea, setup_curation
from tests.factories import UserFactory
from tests.participation_factories import CommentFactory, IdeaFactory, SupportFactory


@pytest.fixture
def curation(team, matrix_v1, no_staff_mfa):
    return setup_curation(team)


def _support(target, *users):
    for user in users:
        SupportFactory(idea=target, user=user)
    Idea.objects.filter(pk=target.pk).update(support_count=len(users))


def test_supports_move_without_counting_anyone_twice(curation):
    source = idea(curation.agenda, "Rufbus per App")
    target = idea(curation.agenda, "On-Demand-Rufbus für alle Dörfer")
    a, b, both, d = (UserFactory() for _ in range(4))
    _support(source, a, b, both)
    _support(target, both, d)

    result = services.merge_ideas(actor=curation.moderator, source=source, target=target)

    target.refresh_from_db()
    source.refresh_from_db()
    assert target.support_count == 4 == Support.objects.filter(idea=target).count()
    assert set(Support.objects.filter(idea=target).values_list("user", flat=True)) == {
        a.pk,
        b.pk,
        both.pk,
        d.pk,
    }
    assert source.support_count == 0 and not Support.objects.filter(idea=source).exists()
    assert (result.supports_moved, result.supports_dropped) == (2, 1)
    assert "einmal" in result.message()


def test_comments_move_with_their_threads_and_stay_counted(curation):
    source = idea(curation.agenda, "Glasfaser Gewerbegebiet")
    target = idea(curation.agenda, "Glasfaserausbau im Gewerbegebiet Nord")
    first = CommentFactory(on=source)
    reply = CommentFactory(on=source, parent=first)
    CommentFactory(on=target)
    Idea.objects.filter(pk=source.pk).update(comment_count=2)
    Idea.objects.filter(pk=target.pk).update(comment_count=1)
    source.refresh_from_db()

    services.merge_ideas(actor=curation.moderator, source=source, target=target)

    idea_type = ContentType.objects.get_for_model(Idea)
    assert Comment.objects.filter(target_type=idea_type, target_id=target.pk).count() == 3
    reply.refresh_from_db()
    assert reply.target_id == target.pk and reply.parent_id == first.pk
    target.refresh_from_db()
    assert target.comment_count == 3


def test_the_source_points_to_the_target_with_an_official_answer(curation):
    source = idea(curation.agenda, "WLAN am Marktplatz")
    target = idea(curation.agenda, "Freies WLAN in der Ortsmitte")
    IdeaField.objects.create(idea=source, field_key="it_infrastructure", proposed=True)
    IdeaField.objects.create(idea=target, field_key="tourism")
    earlier = idea(curation.agenda, "Hotspot Marktplatz", status=IdeaStatus.MERGED)
    Idea.objects.filter(pk=earlier.pk).update(merged_into=source)

    services.merge_ideas(
        actor=curation.moderator, source=source, target=target, note="Danke für den Hinweis!"
    )

    source.refresh_from_db()
    earlier.refresh_from_db()
    assert source.status == IdeaStatus.MERGED and source.merged_into == target
    assert "Freies WLAN in der Ortsmitte" in source.answer and "Danke" in source.answer
    assert source.answered_by == curation.moderator
    assert earlier.merged_into == target, "no chains: earlier merges follow to the target"
    assert set(IdeaField.objects.filter(idea=target).values_list("field_key", flat=True)) == {
        "tourism",
        "it_infrastructure",
    }
    assert AuditEvent.objects.filter(action=AuditAction.IDEA_MERGED).count() == 1


def test_self_other_agenda_and_chains_are_refused_and_nothing_changes(curation):
    source = idea(curation.agenda, "Bürgerportal")
    _support(source, UserFactory())
    foreign = IdeaFactory(title="Bürgerportal woanders")
    merged = idea(curation.agenda, "Portal", status=IdeaStatus.MERGED)

    for target, words in ((source, "sich selbst"), (foreign, "verschiedener Agenden"),
                          (merged, "schon in eine andere")):  # fmt: skip
        with pytest.raises(ValidationError) as refused:
            services.merge_ideas(actor=curation.moderator, source=source, target=target)
        assert words in " ".join(refused.value.messages)
    with pytest.raises(ValidationError):
        services.merge_ideas(actor=curation.moderator, source=merged, target=source)

    source.refresh_from_db()
    assert source.status == IdeaStatus.NEW and source.support_count == 1
    assert Support.objects.filter(idea=source).count() == 1


def test_editors_may_not_merge(curation):
    source, target = idea(curation.agenda, "A"), idea(curation.agenda, "B")
    with pytest.raises(PermissionDenied):
        services.merge_ideas(actor=curation.editor, source=source, target=target)


def test_the_merge_page_confirms_then_merges(curation, client):
    source = idea(curation.agenda, "Rufbus per App")
    target = idea(curation.agenda, "Rufbus für Dörfer")
    client.force_login(curation.moderator)
    url = reverse("participation:merge", args=[curation.agenda.slug, source.pk])

    page = client.get(url, {"ziel": target.pk})
    done = client.post(url, {"ziel": target.pk, "note": ""})

    assert page.status_code == 200 and "Rufbus für Dörfer" in page.content.decode()
    assert done.status_code == 302
    source.refresh_from_db()
    assert source.merged_into == target


def test_the_merge_page_refuses_other_agendas_and_bad_ids(curation, client):
    source = idea(curation.agenda, "Rufbus per App")
    foreign = IdeaFactory()
    client.force_login(curation.moderator)
    url = reverse("participation:merge", args=[curation.agenda.slug, source.pk])

    assert client.post(url, {"ziel": foreign.pk}).status_code == 404
    assert client.post(url, {"ziel": "²"}).status_code == 404
    again = client.post(url, {"ziel": source.pk})
    assert again.status_code == 422 and "sich selbst" in again.content.decode()
    source.refresh_from_db()
    assert source.status == IdeaStatus.NEW


def test_a_megabyte_note_is_refused_and_nothing_merged(curation, client):
    source = idea(curation.agenda, "Rufbus per App")
    target = idea(curation.agenda, "Rufbus für Dörfer")
    client.force_login(curation.moderator)
    url = reverse("participation:merge", args=[curation.agenda.slug, source.pk])

    response = client.post(url, {"ziel": target.pk, "note": "<b>" * 250_000})

    assert response.status_code == 422
    source.refresh_from_db()
    assert source.status == IdeaStatus.NEW and source.merged_into is None
