"""Reporting a contribution: one open report per person and contribution (also for parallel
double clicks), only what one may see, not one's own, blocked people and bots refused."""

import pytest
from django.urls import reverse

from regioagenda.accounts.models import AgendaBlock
from regioagenda.community import moderation
from regioagenda.community.models import Report, ReportStatus
from regioagenda.community.targets import targets
from tests.actor_factories import PostFactory, ThreadFactory
from tests.factories import AgendaFactory
from tests.participation_factories import CommentFactory, IdeaFactory, participant, verified

pytestmark = pytest.mark.django_db


@pytest.fixture
def idea(team):
    return IdeaFactory(agenda=team.agenda, author=participant(team.agenda), title="Kauft jetzt!")


def url(kind, pk):
    return reverse("community:report", args=[kind, pk])


def test_one_open_report_per_person_and_contribution(team, idea, login):
    reporter = participant(team.agenda)
    client = login(reporter)
    form = client.get(url("idea", idea.pk)).content.decode()
    assert 'name="reason"' in form and 'name="text"' in form and 'name="homepage"' in form
    response = client.post(url("idea", idea.pk), {"reason": "spam", "text": "Werbung"})
    assert response.status_code == 302
    again = client.post(url("idea", idea.pk), {"reason": "insult"})
    assert again.status_code == 200 and "bereits gemeldet" in again.content.decode()
    assert Report.objects.count() == 1
    report = Report.objects.get()
    assert (report.agenda, report.reporter, report.target) == (team.agenda, reporter, idea)
    # Someone else may report it too; once handled, the first person may report it again.
    other = participant(team.agenda)
    assert login(other).post(url("idea", idea.pk), {"reason": "spam"}).status_code == 302
    moderation.dismiss(actor=team.moderator, target=targets.get("idea"), obj=idea)
    assert Report.objects.filter(status=ReportStatus.DISMISSED).count() == 2
    assert login(reporter).post(url("idea", idea.pk), {"reason": "spam"}).status_code == 302
    assert Report.objects.filter(status=ReportStatus.OPEN).count() == 1


def test_bad_input_is_refused(team, idea, login):
    client = login(participant(team.agenda))
    for data in (
        {"reason": "²"},
        {},
        {"reason": "spam", "text": "x" * 1_000_001},
        {"reason": "spam", "homepage": "http://bot.example"},
    ):
        response = client.post(url("idea", idea.pk), data)
        assert (
            response.status_code == 200
            and 'class="kern-error"' in response.content.decode()
            or ("automatisch ausgefüllt" in response.content.decode())
        )
    assert not Report.objects.exists()


def test_own_contribution_and_blocked_people(team, idea, login):
    response = login(idea.author).post(url("idea", idea.pk), {"reason": "spam"})
    assert "eigenen Beitrag" in response.content.decode()
    blocked = participant(team.agenda)
    AgendaBlock.objects.create(user=blocked, agenda=team.agenda, reason="Spam")
    assert login(blocked).post(url("idea", idea.pk), {"reason": "spam"}).status_code == 403
    assert not Report.objects.exists()


def test_unverified_and_anonymous(team, idea, client, login):
    assert client.get(url("idea", idea.pk)).status_code == 302  # to the login
    assert login(team.outsider).post(url("idea", idea.pk), {"reason": "spam"}).status_code == 403
    verified(team.outsider)
    assert login(team.outsider).post(url("idea", idea.pk), {"reason": "spam"}).status_code == 302


def test_what_one_may_not_see_is_not_found(team, login):
    hidden_forum = PostFactory(thread=ThreadFactory(agenda=team.agenda))
    client = login(participant(team.agenda))  # not a forum member
    assert client.get(url("forum_post", hidden_forum.pk)).status_code == 404
    private = AgendaFactory(is_public=False)
    foreign = IdeaFactory(agenda=private)
    assert client.post(url("idea", foreign.pk), {"reason": "spam"}).status_code == 404
    assert client.get(url("unknown", 1)).status_code == 404
    assert client.get(url("agenda", team.agenda.pk)).status_code == 404  # not reportable
    assert not Report.objects.exists()


def test_forum_members_report_posts_and_comments_are_reportable(team, login, idea):
    verified(team.expert)
    post = PostFactory(thread=ThreadFactory(agenda=team.agenda), author=team.moderator)
    comment = CommentFactory(on=idea, author=idea.author)
    client = login(team.expert)
    assert client.post(url("forum_post", post.pk), {"reason": "insult"}).status_code == 302
    assert client.post(url("comment", comment.pk), {"reason": "privacy"}).status_code == 302
    assert Report.objects.count() == 2


def test_many_reports_in_an_hour_are_limited(team, login, settings):
    settings.REGIOAGENDA_COMMUNITY_LIMITS = {"report": (2, 100)}
    from django.core.cache import cache

    cache.clear()
    client = login(participant(team.agenda))
    ideas = [IdeaFactory(agenda=team.agenda) for _ in range(3)]
    codes = [client.post(url("idea", i.pk), {"reason": "spam"}).status_code for i in ideas]
    assert codes == [302, 302, 200]
    assert Report.objects.count() == 2
    cache.clear()
