"""Demo of the moderation queue and notifications for the demo agenda: a few open reports,
one hidden comment with its reason, one blocked spam account, people following forum threads,
ideas and the agenda. Idempotent: a second load finds what the first one made."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from regioagenda.accounts.models import AgendaBlock, Role, User
from regioagenda.actors.models import Post, Thread
from regioagenda.community.models import Follow, Report, ReportReason, ReportStatus
from regioagenda.participation.models import Comment, Idea

SPAM_EMAIL = "gewinnspiel@demo.regioagenda.invalid"
HIDDEN_REASON = (
    "Enthält Telefonnummer und Adresse einer Privatperson. Bitte keine persönlichen Daten "
    "Dritter veröffentlichen."
)


def _follow(user: User, agenda: Any, target: Any) -> None:
    Follow.objects.get_or_create(
        user=user,
        target_type=ContentType.objects.get_for_model(target),
        target_id=target.pk,
        defaults={"agenda": agenda},
    )


def _report(agenda: Any, reporter: User, target: Any, reason: str, text: str) -> None:
    content_type = ContentType.objects.get_for_model(target)
    if Report.objects.filter(
        reporter=reporter, target_type=content_type, target_id=target.pk
    ).exists():
        return
    Report.objects.create(
        agenda=agenda,
        reporter=reporter,
        target_type=content_type,
        target_id=target.pk,
        reason=reason,
        text=text,
    )


@transaction.atomic
def load(context: dict[str, Any]) -> None:
    agenda = context["agenda"]
    users = context["users"]
    expert = users.get(Role.EXPERT)
    participant = users.get(Role.PARTICIPANT)
    moderator = users.get(Role.MODERATOR)
    coordinator = users.get(Role.COORDINATOR)
    if not all((expert, participant, moderator, coordinator)):
        return
    # Following: the expert follows the forum's threads, the participant the agenda.
    for thread in Thread.objects.filter(agenda=agenda).order_by("pk")[:5]:
        _follow(expert, agenda, thread)
    _follow(participant, agenda, agenda)
    _follow(coordinator, agenda, agenda)

    # A spam account, blocked with a reason.
    spammer, created = User.objects.get_or_create(
        email=SPAM_EMAIL, defaults={"name": "Super Gewinnspiel", "is_example": True}
    )
    if created:
        spammer.set_unusable_password()
        spammer.save(update_fields=["password"])
    # It had confirmed its address: that is how it could write before it was blocked.
    EmailAddress.objects.get_or_create(
        user=spammer, email=SPAM_EMAIL, defaults={"verified": True, "primary": True}
    )
    AgendaBlock.objects.get_or_create(
        user=spammer,
        agenda=agenda,
        defaults={
            "reason": "Wiederholt Werbung für Gewinnspiele in Ideen und Kommentaren.",
            "blocked_by": moderator,
        },
    )

    # Open reports: a sharp forum post, and (when the ideas demo ran) an idea and a comment.
    post = (
        Post.objects.filter(thread__agenda=agenda, hidden__isnull=True, author=expert)
        .order_by("-pk")
        .first()
    )
    if post is not None:
        _report(
            agenda,
            coordinator,
            post,
            ReportReason.INSULT,
            "Der Ton gegenüber der Verwaltung ist hier unnötig scharf.",
        )
    ideas = list(Idea.objects.filter(agenda=agenda, hidden__isnull=True).order_by("pk")[:3])
    for idea in ideas[:2]:
        if participant.pk != idea.author_id:
            _follow(participant, agenda, idea)
    if ideas and ideas[-1].author_id != participant.pk:
        _report(
            agenda,
            participant,
            ideas[-1],
            ReportReason.OTHER,
            "Das ist doppelt – dieselbe Idee gibt es schon weiter oben.",
        )
    comments = list(Comment.objects.filter(agenda=agenda).order_by("pk")[:2])
    if comments:
        hidden = comments[0]
        if hidden.hidden is None:
            Comment.objects.filter(pk=hidden.pk).update(
                hidden=timezone.now(), hidden_by=moderator, hidden_reason=HIDDEN_REASON
            )
        _report(agenda, expert, hidden, ReportReason.PRIVACY, "Hier steht eine Privatadresse.")
        Report.objects.filter(
            target_type=ContentType.objects.get_for_model(hidden), target_id=hidden.pk
        ).update(status=ReportStatus.HIDDEN, handled_by=moderator, handled_at=timezone.now())
    if len(comments) > 1 and comments[1].author_id != participant.pk:
        _report(agenda, participant, comments[1], ReportReason.SPAM, "")
