"""The one moderation queue: open reports grouped by contribution across forum posts, ideas and
comments in a fixed number of queries; hide (the author is told the reason), show again,
dismiss, block and unblock the author — audited, for moderation and coordination only, and an
object of another agenda is not found."""

import pytest
from django.urls import reverse

from regioagenda.accounts.models import AgendaBlock
from regioagenda.actors.services import forum
from regioagenda.community import moderation
from regioagenda.community.models import Notification, Report, ReportStatus
from regioagenda.community.targets import targets
from regioagenda.core import permissions
from regioagenda.core.registry import todo_providers
from regioagenda.participation.models import Comment, Idea
from regioagenda.regions.models import AuditEvent
from tests.actor_factories import PostFactory, ThreadFactory
from tests.conftest import get_counting_queries
from tests.factories import AgendaFactory
from tests.participation_factories import CommentFactory, IdeaFactory, participant

pytestmark = pytest.mark.django_db


def queue_url(agenda):
    return reverse("participation:moderation", args=[agenda.slug])


def report(obj, kind, reporter=None, reason="spam", text=""):
    target = targets.get(kind)
    agenda = target.agenda(obj)
    return moderation.report(
        actor=reporter or participant(agenda), target=target, obj=obj, reason=reason, text=text
    )


def reported_items(team, n):
    """``n`` reported contributions of each kind, each reported twice."""
    thread = ThreadFactory(agenda=team.agenda, author=team.expert)
    for i in range(n):
        idea = IdeaFactory(agenda=team.agenda, author=participant(team.agenda))
        comment = CommentFactory(on=idea, author=participant(team.agenda))
        post = PostFactory(thread=thread, author=team.expert, body=f"<p>Beitrag {i}</p>")
        for obj, kind in ((idea, "idea"), (comment, "comment"), (post, "forum_post")):
            for _ in range(2):
                reporter = participant(team.agenda)
                if kind == "forum_post":
                    reporter = team.moderator if _ == 0 else team.coordinator
                    from tests.participation_factories import verified

                    verified(reporter)
                report(obj, kind, reporter=reporter, text="Bitte prüfen")


def test_queue_groups_reports_and_costs_a_fixed_number_of_queries(team, no_staff_mfa):
    reported_items(team, 1)
    html, few = get_counting_queries(team.moderator, queue_url(team.agenda))
    assert "3 gemeldete Beiträge" in html
    assert html.count("2 Meldungen") == 3
    reported_items(team, 10)
    html, many = get_counting_queries(team.moderator, queue_url(team.agenda))
    assert "33 gemeldete Beiträge" in html
    assert many == few


def test_only_moderation_and_coordination_open_the_queue(team, login, no_staff_mfa):
    assert login(team.moderator).get(queue_url(team.agenda)).status_code == 200
    assert login(team.coordinator).get(queue_url(team.agenda)).status_code == 200
    for person in (team.editor, team.expert, team.participant, team.outsider):
        response = login(person).get(queue_url(team.agenda))
        assert response.status_code == 403
        assert "Moderation und Koordination" in response.content.decode()


def test_hide_tells_the_author_and_closes_the_reports(team, login, no_staff_mfa):
    idea = IdeaFactory(agenda=team.agenda, author=participant(team.agenda))
    report(idea, "idea")
    report(idea, "idea", reason="insult")
    client = login(team.moderator)
    data = {"action": "hide", "kind": "idea", "id": idea.pk, "reason": "Werbung"}
    assert client.post(queue_url(team.agenda), data).status_code == 302
    idea.refresh_from_db()
    assert idea.hidden and idea.hidden_reason == "Werbung" and idea.hidden_by == team.moderator
    assert set(Report.objects.values_list("status", flat=True)) == {ReportStatus.HIDDEN}
    told = Notification.objects.get(recipient=idea.author)
    assert told.kind == "moderation" and "Werbung" in told.text
    assert AuditEvent.objects.filter(action="community.contribution_hidden").count() == 1
    # Hiding twice is refused with a sentence; showing again works and is audited.
    again = client.post(queue_url(team.agenda), data)
    assert again.status_code == 400 and "bereits ausgeblendet" in again.content.decode()
    page = client.get(queue_url(team.agenda)).content.decode()
    assert "Werbung" in page and "Wieder einblenden" in page
    data["action"] = "unhide"
    assert client.post(queue_url(team.agenda), data).status_code == 302
    idea.refresh_from_db()
    assert idea.hidden is None
    assert AuditEvent.objects.filter(action="community.contribution_shown").count() == 1


def test_hide_needs_a_reason(team, login, no_staff_mfa):
    comment = CommentFactory(on=IdeaFactory(agenda=team.agenda), author=participant(team.agenda))
    report(comment, "comment")
    data = {"action": "hide", "kind": "comment", "id": comment.pk, "reason": "  "}
    response = login(team.moderator).post(queue_url(team.agenda), data)
    assert response.status_code == 400
    assert Comment.objects.get().hidden is None
    assert Report.objects.get().status == ReportStatus.OPEN


def test_forum_posts_are_hidden_through_the_forum(team, login, no_staff_mfa):
    post = PostFactory(thread=ThreadFactory(agenda=team.agenda), author=team.expert)
    from tests.participation_factories import verified

    report(post, "forum_post", reporter=verified(team.moderator))
    data = {"action": "hide", "kind": "forum_post", "id": post.pk, "reason": "Beleidigung"}
    assert login(team.coordinator).post(queue_url(team.agenda), data).status_code == 302
    post.refresh_from_db()
    assert post.hidden_reason == "Beleidigung"
    assert AuditEvent.objects.filter(action="actors.forum_post_hidden").count() == 1


def test_dismiss_keeps_the_contribution(team, login, no_staff_mfa):
    idea = IdeaFactory(agenda=team.agenda)
    report(idea, "idea")
    data = {"action": "dismiss", "kind": "idea", "id": idea.pk}
    assert login(team.moderator).post(queue_url(team.agenda), data).status_code == 302
    assert Idea.objects.get().hidden is None
    assert Report.objects.get().status == ReportStatus.DISMISSED
    assert AuditEvent.objects.filter(action="community.reports_dismissed").count() == 1
    assert login(team.moderator).post(queue_url(team.agenda), data).status_code == 400


def test_block_and_unblock_the_author(team, login, no_staff_mfa):
    author = participant(team.agenda)
    idea = IdeaFactory(agenda=team.agenda, author=author)
    report(idea, "idea")
    client = login(team.moderator)
    data = {"action": "block", "kind": "idea", "id": idea.pk, "reason": "Wiederholt Werbung"}
    assert client.post(queue_url(team.agenda), data).status_code == 302
    block = AgendaBlock.objects.get()
    assert (block.user, block.agenda, block.blocked_by) == (author, team.agenda, team.moderator)
    permissions.forget_blocks(author)
    answer = permissions.can_contribute(author, team.agenda)
    assert not answer and "Wiederholt Werbung" in str(answer.reason)
    assert Notification.objects.filter(recipient=author, kind="moderation").exists()
    assert client.post(queue_url(team.agenda), data).status_code == 400  # already blocked
    assert "Wiederholt Werbung" in client.get(queue_url(team.agenda)).content.decode()
    assert (
        client.post(queue_url(team.agenda), {"action": "unblock", "block": block.pk}).status_code
        == 302
    )
    assert not AgendaBlock.objects.exists()
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"community.user_blocked", "community.user_unblocked"} <= actions


def test_team_members_are_not_blocked(team, login, no_staff_mfa):
    idea = IdeaFactory(agenda=team.agenda, author=team.editor)
    data = {"action": "block", "kind": "idea", "id": idea.pk, "reason": "x"}
    assert login(team.moderator).post(queue_url(team.agenda), data).status_code == 403
    assert not AgendaBlock.objects.exists()


def test_a_blocked_expert_cannot_post_in_the_forum(team):
    from django.core.exceptions import PermissionDenied

    thread = ThreadFactory(agenda=team.agenda, author=team.moderator)
    moderation.block(actor=team.coordinator, agenda=team.agenda, user=team.expert, reason="Hetze")
    with pytest.raises(PermissionDenied, match="Hetze"):
        forum.add_post(actor=team.expert, thread=thread, body="Trotzdem")
    moderation.unblock(actor=team.coordinator, agenda=team.agenda, user=team.expert)
    assert forum.add_post(actor=team.expert, thread=thread, body="Wieder da").pk


def test_objects_of_another_agenda_are_not_found(team, login, no_staff_mfa):
    other = AgendaFactory(is_public=True)
    foreign = IdeaFactory(agenda=other, author=participant(other))
    report(foreign, "idea")
    client = login(team.moderator)
    for action in ("hide", "unhide", "dismiss", "block"):
        data = {"action": action, "kind": "idea", "id": foreign.pk, "reason": "x"}
        assert client.post(queue_url(team.agenda), data).status_code == 404
    foreign_block = AgendaBlock.objects.create(user=foreign.author, agenda=other, reason="x")
    data = {"action": "unblock", "block": foreign_block.pk}
    assert client.post(queue_url(team.agenda), data).status_code == 404
    for data in ({"action": "nuke"}, {"action": "hide", "kind": "idea", "id": "²"}):
        assert client.post(queue_url(team.agenda), data).status_code == 404
    assert Idea.objects.get().hidden is None and AgendaBlock.objects.count() == 1
    assert "Keine offenen Meldungen" in client.get(queue_url(team.agenda)).content.decode()


def test_mein_bereich_todo_counts_waiting_contributions(team, django_assert_max_num_queries):
    idea = IdeaFactory(agenda=team.agenda)
    report(idea, "idea")
    report(idea, "idea")
    report(IdeaFactory(agenda=team.agenda), "idea")
    others = [AgendaFactory() for _ in range(5)]
    provider = todo_providers._providers["participation-moderation"]
    permissions.forget_roles(team.moderator)
    with django_assert_max_num_queries(3):  # roles, programme offices, reports
        todos = provider(team.moderator, [team.agenda, *others])
    assert [(t.title, t.count) for t in todos] == [("2 Meldungen warten auf Moderation", 2)]
    assert provider(team.participant, [team.agenda]) == []
