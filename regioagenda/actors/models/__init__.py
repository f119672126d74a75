"""Actors of a region: organisations, people with their consent, the agenda's bodies, the
landscape of digitalisation activities and the expert forum.

Every row belongs to one agenda (the tenant). Matrix fields are referred to by their key (a
string from the framework file), not by a row of one framework version, so that expertise and
activities keep their fields when the programme publishes a new version of the framework.
"""

from regioagenda.actors.models.activities import (
    Activity,
    ActivityField,
    ActivityKind,
    ActivityLink,
    ActivityScope,
    ActivityStatus,
    status_for_dates,
)
from regioagenda.actors.models.bodies import Body, BodyKind, BodyMember, BodyRole, Invitation
from regioagenda.actors.models.forum import Post, Thread
from regioagenda.actors.models.register import (
    ConsentPurpose,
    ConsentRecord,
    Organisation,
    OrganisationField,
    Person,
    PersonField,
    Sector,
    Visibility,
)

__all__ = [
    "Activity",
    "ActivityField",
    "ActivityKind",
    "ActivityLink",
    "ActivityScope",
    "ActivityStatus",
    "Body",
    "BodyKind",
    "BodyMember",
    "BodyRole",
    "ConsentPurpose",
    "ConsentRecord",
    "Invitation",
    "Organisation",
    "OrganisationField",
    "Person",
    "PersonField",
    "Post",
    "Sector",
    "Thread",
    "Visibility",
    "status_for_dates",
]
