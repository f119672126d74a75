"""The participatory process: one module per topic, re-exported here."""

from regioagenda.participation.models.comments import Comment
from regioagenda.participation.models.events import (
    Event,
    EventAgendaItem,
    EventKind,
    Registration,
    RegistrationStatus,
)
from regioagenda.participation.models.ideas import Idea, IdeaField, IdeaStatus, Support
from regioagenda.participation.models.participants import Participant
from regioagenda.participation.models.phases import Module, Phase
from regioagenda.participation.models.surveys import (
    Answer,
    Choice,
    Question,
    QuestionKind,
    Response,
    Survey,
    SurveyKind,
)
from regioagenda.participation.models.voting import Ballot, BallotPoint

__all__ = [
    "Answer",
    "Choice",
    "Question",
    "QuestionKind",
    "Response",
    "Survey",
    "SurveyKind",
    "Ballot",
    "BallotPoint",
    "Participant",
    "Comment",
    "Event",
    "EventAgendaItem",
    "EventKind",
    "Idea",
    "IdeaField",
    "IdeaStatus",
    "Module",
    "Phase",
    "Registration",
    "RegistrationStatus",
    "Support",
]
