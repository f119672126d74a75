"""Curating ideas: quick capture at workshops, correcting fields, dismissing duplicate
suggestions, merging duplicates.

Merging keeps everything people contributed: comments move to the target (their threads intact),
supports move without counting anyone twice, dot-vote points move through the voting service,
fields are united, and the source idea stays as a page that points to the target.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.html import escape, linebreaks
from django.utils.translation import gettext as _

from regioagenda.accounts.models import User
from regioagenda.actors.fields import active_fields, clean_field_keys
from regioagenda.community import services as community
from regioagenda.community.models import NotificationKind
from regioagenda.core import once, permissions
from regioagenda.core.html import sanitize_html
from regioagenda.participation.classify import propose_fields
from regioagenda.participation.models import (
    Comment,
    DismissedDuplicate,
    Event,
    Idea,
    IdeaField,
    IdeaStatus,
    Support,
)
from regioagenda.participation.models.ideas import TITLE_MAX_LENGTH
from regioagenda.participation.queries.curation import idea_url
from regioagenda.regions.audit import record_event
from regioagenda.regions.models import Agenda, AuditAction

CAPTURE_BODY_MAX_LENGTH = 2_000  # a workshop card, not an essay
NOTE_MAX_LENGTH = 2_000
CAPTURE_KIND = "participation.capture"


# Quick capture ---------------------------------------------------------------------------------


def _clean_title(title: str) -> str:
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError({"title": _("Bitte geben Sie einen Titel ein.")})
    if len(title) > TITLE_MAX_LENGTH:
        raise ValidationError(
            {
                "title": _("Der Titel ist zu lang (höchstens %(limit)d Zeichen, jetzt %(n)d).")
                % {"limit": TITLE_MAX_LENGTH, "n": len(title)}
            }
        )
    return title


def _capture_body(body: str) -> str:
    body = (body or "").strip()
    if len(body) > CAPTURE_BODY_MAX_LENGTH:
        raise ValidationError(
            {
                "body": _("Der Text ist zu lang (höchstens %(limit)d Zeichen, jetzt %(n)d).")
                % {"limit": CAPTURE_BODY_MAX_LENGTH, "n": len(body)}
            }
        )
    # Typed as plain text: escaped into paragraphs, then through the one sanitiser.
    return sanitize_html(linebreaks(escape(body))) if body else ""


def _field_keys(keys: Iterable[str]) -> list[str]:
    try:
        return clean_field_keys(list(keys), known=dict(active_fields()))
    except ValidationError as error:
        raise ValidationError({"field_keys": error.messages}) from None


@transaction.atomic
def capture_idea(
    *,
    actor: User,
    agenda: Agenda,
    event: Event | None,
    title: str,
    body: str = "",
    field_keys: Iterable[str] = (),
    token: str = "",
) -> Idea:
    """An idea a moderator types in from a workshop card, attributed to ``event``.

    Without ``field_keys`` the classifier's proposals are stored as proposed (to be confirmed);
    given ones count as decided by the moderator. ``token`` (``core.once``) makes a second
    Enter on the same form create nothing."""
    permissions.require(permissions.can_curate_ideas, actor, agenda)
    if event is not None and event.agenda_id != agenda.pk:
        raise ValidationError({"event": _("Diese Veranstaltung gehört nicht zu dieser Agenda.")})
    clean_title = _clean_title(title)
    clean_body = _capture_body(body)
    chosen = _field_keys(field_keys)
    proposed = False
    if not chosen:
        known = dict(active_fields())
        chosen = [key for key in propose_fields(title=clean_title, body=clean_body) if key in known]
        proposed = True
    claimed = once.claim(token, user=actor, kind=CAPTURE_KIND)
    idea = Idea.objects.create(
        agenda=agenda,
        step=event.step if event is not None else agenda.current_step,
        title=clean_title,
        body=clean_body,
        author=None,
        captured_by=actor,
        event=event,
    )
    IdeaField.objects.bulk_create(
        [IdeaField(idea=idea, field_key=key, proposed=proposed) for key in chosen]
    )
    claimed.done(idea)
    record_event(
        actor=actor,
        agenda=agenda,
        action=AuditAction.IDEA_CAPTURED,
        detail=f"#{idea.pk} {clean_title}" + (f" ({event.title})" if event else ""),
    )
    return idea


@transaction.atomic
def correct_fields(*, actor: User, idea: Idea, field_keys: Iterable[str]) -> list[str]:
    """Set the idea's fields as the moderator decided them (no longer proposals)."""
    permissions.require(permissions.can_curate_ideas, actor, idea.agenda)
    chosen = _field_keys(field_keys)
    Idea.objects.select_for_update().filter(pk=idea.pk).first()
    IdeaField.objects.filter(idea=idea).exclude(field_key__in=chosen).delete()
    IdeaField.objects.filter(idea=idea, field_key__in=chosen).update(proposed=False)
    existing = set(IdeaField.objects.filter(idea=idea).values_list("field_key", flat=True))
    IdeaField.objects.bulk_create(
        [IdeaField(idea=idea, field_key=key) for key in chosen if key not in existing]
    )
    record_event(
        actor=actor,
        agenda=idea.agenda,
        action=AuditAction.IDEA_FIELDS_CORRECTED,
        detail=f"#{idea.pk}: {', '.join(chosen) or '–'}",
    )
    return chosen


# Duplicates ------------------------------------------------------------------------------------


@transaction.atomic
def dismiss_duplicate(*, actor: User, first: Idea, second: Idea) -> DismissedDuplicate:
    """Remember that two suggested ideas are not duplicates; a second click changes nothing."""
    permissions.require(permissions.can_merge_ideas, actor, first.agenda)
    if first.agenda_id != second.agenda_id:
        raise ValidationError(_("Die beiden Ideen gehören zu verschiedenen Agenden."))
    if first.pk == second.pk:
        raise ValidationError(_("Eine Idee ist keine Doppelung ihrer selbst."))
    low, high = sorted((first, second), key=lambda idea: idea.pk)
    try:
        with transaction.atomic():
            dismissed = DismissedDuplicate.objects.create(
                agenda_id=low.agenda_id, first=low, second=high, dismissed_by=actor
            )
    except IntegrityError:
        return DismissedDuplicate.objects.get(first=low, second=high)
    record_event(
        actor=actor,
        agenda=low.agenda,
        action=AuditAction.DUPLICATE_DISMISSED,
        detail=f"#{low.pk} ≠ #{high.pk}",
    )
    return dismissed


# Merge -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MergeResult:
    source: Idea
    target: Idea
    supports_moved: int
    supports_dropped: int
    comments_moved: int
    points_moved: bool

    def message(self) -> str:
        text = _(
            "„%(source)s“ wurde in „%(target)s“ zusammengeführt: %(comments)d Kommentare und "
            "%(supports)d Unterstützungen übernommen"
        ) % {
            "source": self.source.title,
            "target": self.target.title,
            "comments": self.comments_moved,
            "supports": self.supports_moved,
        }
        if self.supports_dropped:
            text += _(" (%(n)d Personen hatten beide unterstützt und zählen einmal)") % {
                "n": self.supports_dropped
            }
        return text + "."


def _move_points(source: Idea, target: Idea) -> bool:
    """Dot-vote points move with the idea through the voting service (its own rules against
    double counting). INTEGRATION POINT: ``participation.services.voting.move_points`` is built
    on another branch; until it is merged there are no points to move."""
    try:
        voting = importlib.import_module("regioagenda.participation.services.voting")
    except ImportError:
        return False
    move_points = getattr(voting, "move_points", None)
    if move_points is None:
        return False
    move_points(source_idea=source, target_idea=target)
    return True


def _move_followers(source: Idea, target: Idea) -> None:
    """Followers of the source follow the target. INTEGRATION POINT: the community service
    that lists a target's followers is built on another branch; until then the one follower
    known here (the author) is carried over."""
    followers = getattr(community, "followers", None)
    people: list[User] = list(followers(source)) if followers is not None else []
    if source.author is not None:
        people.append(source.author)
    seen: set[int] = set()
    for person in people:
        if person.pk not in seen:
            seen.add(person.pk)
            community.follow(actor=person, target=target)


def _answer(source: Idea, target: Idea, note: str) -> str:
    text = _(
        "Diese Idee wurde mit der Idee „%(title)s“ zusammengeführt, weil beide dasselbe "
        "vorschlagen. Kommentare und Unterstützungen zählen jetzt dort."
    ) % {"title": escape(target.title)}
    link = f'<a href="{escape(idea_url(target))}">{escape(target.title)}</a>'
    html = f"<p>{text}</p><p>{_('Weiter zur Idee:')} {link}</p>"
    if note.strip():
        html += linebreaks(escape(note.strip()))
    return sanitize_html(html)


def _check_merge(source: Idea, target: Idea, note: str) -> None:
    if source.pk == target.pk:
        raise ValidationError(_("Eine Idee kann nicht mit sich selbst zusammengeführt werden."))
    if source.agenda_id != target.agenda_id:
        raise ValidationError(_("Ideen verschiedener Agenden lassen sich nicht zusammenführen."))
    if source.status == IdeaStatus.MERGED:
        raise ValidationError(
            _("„%(title)s“ ist bereits mit einer anderen Idee zusammengeführt.")
            % {"title": source.title}
        )
    if target.status == IdeaStatus.MERGED:
        raise ValidationError(
            _(
                "„%(title)s“ ist selbst schon in eine andere Idee zusammengeführt. Bitte wählen "
                "Sie die Idee, in die sie aufgegangen ist."
            )
            % {"title": target.title}
        )
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError(
            {
                "note": _("Die Notiz ist zu lang (höchstens %(limit)d Zeichen).")
                % {"limit": NOTE_MAX_LENGTH}
            }
        )


def merge_ideas(*, actor: User, source: Idea, target: Idea, note: str = "") -> MergeResult:
    """Merge the duplicate ``source`` into ``target`` in one transaction."""
    permissions.require(permissions.can_merge_ideas, actor, source.agenda)
    with transaction.atomic():
        # Both rows locked in id order (two moderators merging crosswise wait, not deadlock),
        # and the checks repeated on the locked rows.
        locked = {
            idea.pk: idea
            for idea in Idea.objects.select_for_update()
            .filter(pk__in=[source.pk, target.pk])
            .order_by("pk")
        }
        source = locked.get(source.pk, source)
        target = locked.get(target.pk, target)
        _check_merge(source, target, note)
        if len(locked) != 2:
            raise ValidationError(_("Eine der beiden Ideen gibt es nicht mehr."))

        # Supports: a person who supported both keeps the one on the target.
        both = Support.objects.filter(idea=target).values("user_id")
        dropped, _by_model = Support.objects.filter(idea=source, user_id__in=both).delete()
        moved = Support.objects.filter(idea=source).update(idea=target)
        # Comments keep their threads: a reply's parent moves with it.
        idea_type = ContentType.objects.get_for_model(Idea)
        comments = Comment.objects.filter(target_type=idea_type, target_id=source.pk).update(
            target_id=target.pk
        )
        # Fields united; a field the target lacks comes as it was on the source.
        have = set(IdeaField.objects.filter(idea=target).values_list("field_key", flat=True))
        IdeaField.objects.bulk_create(
            [
                IdeaField(idea=target, field_key=field.field_key, proposed=field.proposed)
                for field in IdeaField.objects.filter(idea=source).exclude(field_key__in=have)
            ]
        )
        # Ideas merged into the source earlier now point at the target: no chains.
        Idea.objects.filter(merged_into=source).update(merged_into=target)
        points_moved = _move_points(source, target)

        Idea.objects.filter(pk=target.pk).update(
            support_count=Support.objects.filter(idea=target).count(),
            comment_count=F("comment_count") + source.comment_count,
            updated=timezone.now(),
        )
        now = timezone.now()
        source.status = IdeaStatus.MERGED
        source.merged_into = target
        source.answer = _answer(source, target, note)
        source.answered_by = actor
        source.answered_at = now
        source.support_count = 0
        source.comment_count = 0
        source.save(
            update_fields=[
                "status",
                "merged_into",
                "answer",
                "answered_by",
                "answered_at",
                "support_count",
                "comment_count",
                "updated",
            ]
        )
        target.refresh_from_db()
        _move_followers(source, target)
        recipients = [source.author] if source.author is not None else []
        community.notify(
            actor=actor,
            agenda=source.agenda,
            kind=NotificationKind.STATUS,
            subject=_("Ihre Idee „%(title)s“ wurde zusammengeführt") % {"title": source.title},
            text=_(
                "Die Idee „%(source)s“ wurde mit „%(target)s“ zusammengeführt, weil beide "
                "dasselbe vorschlagen. Kommentare und Unterstützungen zählen jetzt dort."
            )
            % {"source": source.title, "target": target.title},
            url=idea_url(target),
            target=source,
            recipients=recipients,
        )
        record_event(
            actor=actor,
            agenda=source.agenda,
            action=AuditAction.IDEA_MERGED,
            detail=(
                f"#{source.pk} → #{target.pk}: {moved} Unterstützungen übernommen, {dropped} "
                f"doppelte entfernt, {comments} Kommentare"
            ),
        )
    return MergeResult(
        source=source,
        target=target,
        supports_moved=moved,
        supports_dropped=dropped,
        comments_moved=comments,
        points_moved=points_moved,
    )


__all__ = [
    "MergeResult",
    "capture_idea",
    "correct_fields",
    "dismiss_duplicate",
    "merge_ideas",
]
