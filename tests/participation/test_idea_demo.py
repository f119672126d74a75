"""The demo agenda's ideas: about 150 with places, comments, official answers and supports,
counts that match their rows, and a second load that changes nothing."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db.models import Count

from regioagenda.participation.models import Comment, Idea, IdeaStatus, Support


def snapshot():
    ideas = Idea.objects.filter(agenda__slug="beispielland")
    return (
        ideas.count(),
        Comment.objects.filter(agenda__slug="beispielland").count(),
        Support.objects.filter(idea__agenda__slug="beispielland").count(),
    )


@pytest.mark.django_db
def test_demo_ideas_are_varied_and_loading_twice_changes_nothing():
    call_command("load_demo", verbosity=0)
    first = snapshot()
    ideas, comments, supports = first
    assert 140 <= ideas <= 160 and 250 <= comments <= 600 and 1000 <= supports <= 2500
    agenda_ideas = Idea.objects.filter(agenda__slug="beispielland")
    assert agenda_ideas.filter(place__isnull=False).count() >= 30
    assert agenda_ideas.filter(status=IdeaStatus.REJECTED).exclude(answer="").exists()
    assert not agenda_ideas.filter(status=IdeaStatus.REJECTED, answer="").exists()
    assert Comment.objects.filter(agenda__slug="beispielland", is_official=True).exists()
    assert Comment.objects.filter(agenda__slug="beispielland", parent__isnull=False).exists()
    idea_type = ContentType.objects.get_for_model(Idea)
    comment_counts = dict(
        Comment.objects.filter(target_type=idea_type)
        .values_list("target_id")
        .annotate(n=Count("pk"))
    )
    support_counts = dict(Support.objects.values_list("idea_id").annotate(n=Count("pk")))
    for idea in agenda_ideas:
        assert idea.comment_count == comment_counts.get(idea.pk, 0)
        assert idea.support_count == support_counts.get(idea.pk, 0)

    call_command("load_demo", verbosity=0)
    assert snapshot() == first
