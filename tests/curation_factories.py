"""Fixtures of the idea-curation tests: the team's agenda with the real framework active, an
event to capture from, and ideas with supports and comments to merge."""

from tests.participation_factories import EventFactory, IdeaFactory


def setup_curation(team):
    """The team (with ``matrix_v1`` active: field keys, classifier) and one workshop. Each
    module's ``curation`` fixture calls it."""
    team.event = EventFactory(agenda=team.agenda, step="vision", title="Zukunftswerkstatt Nord")
    return team


def idea(agenda, title, body="", **kwargs):
    return IdeaFactory(agenda=agenda, title=title, body=body, **kwargs)
