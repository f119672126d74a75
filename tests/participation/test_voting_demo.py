"""The demo loaders of prioritisation (64) and consultation (65): realistic, idempotent."""

from regioagenda.accounts.models import Role
from regioagenda.participation.demo import consultation as consultation_demo
from regioagenda.participation.demo import voting as voting_demo
from regioagenda.participation.models import Ballot, Comment, CommentVerdict, Draft, DraftVersion
from regioagenda.participation.queries.consultation import summary
from regioagenda.participation.queries.voting import results
from tests.participation_factories import IdeaFactory


def _context(team):
    users = {
        Role.COORDINATOR: team.coordinator,
        Role.EDITOR: team.editor,
        Role.PARTICIPANT: team.participant,
    }
    from tests.participation_factories import verified

    verified(team.participant)
    return {"agenda": team.agenda, "users": users, "region": team.agenda.region}


def test_no_ideas_no_vote(team):
    voting_demo.load(_context(team))
    assert not Ballot.objects.exists()


def test_a_finished_vote_with_sectors_twice(team):
    for _ in range(12):
        IdeaFactory(agenda=team.agenda, step="projects")
    voting_demo.load(_context(team))
    voting_demo.load(_context(team))

    assert Ballot.objects.count() == 40
    result = results(team.agenda, "projects")
    assert result.voters == 40 and result.points == 400
    assert result.released_early
    assert result.shown_sectors  # at least one sector with five or more voters


def test_the_consultation_demo_twice(team):
    consultation_demo.load(_context(team))
    consultation_demo.load(_context(team))

    draft = Draft.objects.get()
    assert DraftVersion.objects.filter(draft=draft).count() == 2
    assert Comment.objects.filter(is_official=False).count() == 28
    assert Comment.objects.filter(is_official=True).count() >= 20
    assert CommentVerdict.objects.count() >= 20
    result = summary(draft)
    assert len(result.sections) == 6
    assert sum(len(s.paragraphs) for s in result.sections) == 23
    assert result.comments == 28
