"""The moderation demo: open reports in the queue, a blocked spam account, follows; loading it
twice changes nothing."""

import pytest
from django.urls import reverse

from regioagenda.accounts.models import AgendaBlock, Role
from regioagenda.community.models import Follow, Report, ReportStatus
from regioagenda.participation.demo import moderation as moderation_demo
from tests.participation_factories import CommentFactory, IdeaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    from regioagenda.actors import demo as actors_demo
    from regioagenda.regions import demo as regions_demo

    context = {}
    regions_demo.load(context)
    actors_demo.load(context)
    agenda = context["agenda"]
    users = context["users"]
    ideas = [IdeaFactory(agenda=agenda, author=users[Role.EXPERT]) for _ in range(3)]
    CommentFactory(on=ideas[0], author=users[Role.EXPERT])
    CommentFactory(on=ideas[0], author=users[Role.EDITOR])
    return context


def snapshot():
    return (
        sorted(Report.objects.values_list("reporter_id", "target_id", "status")),
        Follow.objects.count(),
        AgendaBlock.objects.count(),
    )


def test_moderation_demo(demo, client, no_staff_mfa):
    moderation_demo.load(demo)
    first = snapshot()
    moderation_demo.load(demo)
    assert snapshot() == first
    agenda = demo["agenda"]
    assert Report.objects.filter(agenda=agenda, status=ReportStatus.OPEN).count() >= 3
    assert Report.objects.filter(status=ReportStatus.HIDDEN).count() == 1
    assert AgendaBlock.objects.filter(
        agenda=agenda, user__email=moderation_demo.SPAM_EMAIL
    ).exists()
    client.force_login(demo["users"][Role.MODERATOR])
    page = client.get(reverse("participation:moderation", args=[agenda.slug])).content.decode()
    assert "3 gemeldete Beiträge" in page
    assert "Wiederholt Werbung" in page and "Privatperson" in page
