"""The participatory process: one module per topic, re-exported here."""

from regioagenda.participation.models.comments import Comment
from regioagenda.participation.models.consultation import (
    CommentVerdict,
    Draft,
    DraftParagraph,
    DraftSection,
    DraftStatus,
    DraftVersion,
    Verdict,
    VersionSource,
)
from regioagenda.participation.models.curation import (
    DismissedDuplicate,
)
from regioagenda.participation.models.events import (
    Event,
    EventAgendaItem,
    EventAttendance,
    EventKind,
    Registration,
    RegistrationStatus,
)
from regioagenda.participation.models.ideas import Idea, IdeaField, IdeaStatus, Support
from regioagenda.participation.models.news import NewsPost
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
from regioagenda.participation.models.voting import Ballot, BallotPoint, VoteRelease

__all__ = [
    "CommentVerdict",
    "Draft",
    "DraftParagraph",
    "DraftSection",
    "DraftStatus",
    "DraftVersion",
    "Verdict",
    "VersionSource",
    "VoteRelease",
    "Ballot",
    "BallotPoint",
    "Participant",
    "Comment",
    "Event",
    "EventAgendaItem",
    "EventAttendance",
    "EventKind",
    "Idea",
    "IdeaField",
    "IdeaStatus",
    "Module",
    "NewsPost",
    "Phase",
    "Registration",
    "RegistrationStatus",
    "Support",
    "DismissedDuplicate",
    "Answer",
    "Choice",
    "Question",
    "QuestionKind",
    "Response",
    "Survey",
    "SurveyKind",
]
