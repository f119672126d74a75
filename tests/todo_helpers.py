"""A busy agenda for the to-do tests: something waiting in every part, written with the ORM.

``busy_agenda(agenda, coordinator, version, ...)`` adds to ``agenda``: an open round with the
given raters invited (one of them finished), a draft round, a closed round with half of its
consensus, its self-assessment open; a document with suggested passages and a failed one; a pending and
an expired email invitation; a thread ``follower`` follows with a new post by someone else.
"""

import datetime
import itertools

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from regioagenda.actors.models import Invitation, Thread
from regioagenda.community.models import Follow
from regioagenda.matrix.models import (
    AssessmentRound,
    Consensus,
    RaterInvitation,
    RoundStatus,
)
from regioagenda.sources.models import DocumentStatus, Passage, PassageState, SourceDocument
from tests.actor_factories import PostFactory
from tests.factories import UserFactory

_numbers = itertools.count(1)

WAITING_PASSAGES = 3


def busy_agenda(agenda, version, *, raters=(), follower=None, finished=None):
    n = next(_numbers)
    now = timezone.now()
    open_round = AssessmentRound.objects.create(
        agenda=agenda,
        version=version,
        title=f"Offene Runde {n}",
        status=RoundStatus.OPEN,
        opened=now,
    )
    if agenda.is_public:
        # its public self-assessment is open (a participation survey linked to the round)
        from regioagenda.participation.models import Survey

        Survey.objects.create(
            agenda=agenda,
            step="assessment",
            kind="self_assessment",
            title=f"Öffentliche Selbsteinschätzung: {open_round.title}",
            assessment_round=open_round,
            is_open=True,
        )
    for user in raters:
        RaterInvitation.objects.create(round=open_round, user=user)
    if finished is not None:
        RaterInvitation.objects.create(round=open_round, user=finished, submitted=now)
    AssessmentRound.objects.create(agenda=agenda, version=version, title=f"Entwurf {n}")
    closed = AssessmentRound.objects.create(
        agenda=agenda,
        version=version,
        title=f"Abgeschlossene Runde {n}",
        status=RoundStatus.CLOSED,
        opened=now - datetime.timedelta(days=20),
        closed=now - datetime.timedelta(days=5),
    )
    fields = list(version.fields.order_by("order"))
    Consensus.objects.bulk_create(
        Consensus(round=closed, field=f, ist=1, soll=2, rationale="Workshop")
        for f in fields[: len(fields) // 2]
    )

    document = SourceDocument.objects.create(
        agenda=agenda,
        title=f"Konzept {n}",
        file=f"sources/{agenda.pk}/doc{n}.md",
        token=f"tok{n}-{agenda.pk}",
        extension=".md",
        original_name="konzept.md",
        status=DocumentStatus.ANALYSED,
        version=version,
    )
    Passage.objects.bulk_create(
        Passage(document=document, order=i, text=f"Abschnitt {i}", field=fields[0], state=state)
        for i, state in enumerate(
            [PassageState.SUGGESTED] * WAITING_PASSAGES + [PassageState.ACCEPTED]
        )
    )
    SourceDocument.objects.create(
        agenda=agenda,
        title=f"Kaputt {n}",
        file=f"sources/{agenda.pk}/bad{n}.pdf",
        token=f"bad{n}-{agenda.pk}",
        extension=".pdf",
        original_name="kaputt.pdf",
        status=DocumentStatus.FAILED,
        failure_reason="Die Datei ist beschädigt.",
    )

    for i, expires in enumerate(
        [now + datetime.timedelta(days=5), now - datetime.timedelta(days=1)]
    ):
        Invitation.objects.create(
            agenda=agenda,
            email=f"gast{n}-{i}@example.org",
            role="participant",
            token_hash=f"hash-{n}-{i}-{agenda.pk}",
            expires=expires,
        )

    thread = Thread.objects.create(
        agenda=agenda, field_key=fields[0].key, title=f"Diskussion {n}", last_activity=now
    )
    if follower is not None:
        Follow.objects.create(
            user=follower,
            agenda=agenda,
            target_type=ContentType.objects.get_for_model(Thread),
            target_id=thread.pk,
        )
    PostFactory(thread=thread, author=UserFactory())
    return open_round
