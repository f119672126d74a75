"""Ideas, supports and comments of the participatory process: who may answer, edit, support and
write. The predicates read the objects' attributes (an idea's ``agenda``, ``status``, ``hidden``,
a comment's ``author_id`` and ``created``), never import the participation app."""

import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from regioagenda.core.permissions.agendas import can_moderate
from regioagenda.core.permissions.participation import can_contribute
from regioagenda.core.permissions.reasons import Answer, Denied, says
from regioagenda.core.permissions.roles import Person, signed_in

# How long the author of a comment may still correct it.
COMMENT_EDIT_WINDOW = datetime.timedelta(minutes=15)
# Statuses in which an idea can no longer gather supports (kept in sync with IdeaStatus).
_CLOSED_FOR_SUPPORT = {"merged", "rejected"}


@says(_("Offizielle Antworten auf Ideen geben Koordination und Moderation."))
def can_answer_idea(user: Person, idea: Any) -> bool:
    """Set an idea's status and write the official answer."""
    return can_moderate(user, idea.agenda)


@says(_("Ihre Idee kann nur die Person ändern, die sie geschrieben hat, solange sie neu ist."))
def can_edit_idea(user: Person, idea: Any) -> Answer:
    """Change title, text, fields and place: the author, while nobody has looked at it yet."""
    person = signed_in(user)
    if person is None or idea.author_id != person.pk:
        return False
    if idea.hidden is not None:
        return Denied(gettext("Die Idee wurde von der Moderation ausgeblendet."))
    if idea.status != "new":
        return Denied(
            gettext("Die Idee wird bereits geprüft oder ist beantwortet; ändern geht nicht mehr.")
        )
    return can_contribute(person, idea.agenda)


@says(_("Unterstützen können angemeldete Personen mit bestätigter E-Mail-Adresse."))
def can_support_idea(user: Person, idea: Any) -> Answer:
    """Give (or withdraw) one's support: someone who may contribute, while the idea's step runs
    and the idea is visible and neither merged nor rejected."""
    if idea.hidden is not None:
        return Denied(gettext("Die Idee wurde von der Moderation ausgeblendet."))
    if idea.status in _CLOSED_FOR_SUPPORT:
        return Denied(
            gettext("Diese Idee ist abgelehnt oder in eine andere übernommen worden.")
            if idea.status == "rejected"
            else gettext(
                "Diese Idee wurde mit einer anderen zusammengeführt; unterstützen Sie dort."
            )
        )
    if idea.agenda.current_step != idea.step:
        return Denied(
            gettext("Der Prozessschritt dieser Idee ist vorbei; Unterstützungen sind geschlossen.")
        )
    return can_contribute(user, idea.agenda)


@says(_("Offizielle Antworten geben Koordination und Moderation."))
def can_answer_officially(user: Person, agenda: Any) -> bool:
    """Mark one's comment as the agenda's official answer."""
    return can_moderate(user, agenda)


@says(_("Eigene Kommentare lassen sich nur in den ersten 15 Minuten bearbeiten."))
def can_edit_comment(user: Person, comment: Any) -> Answer:
    """Correct one's own comment within ``COMMENT_EDIT_WINDOW`` of writing it."""
    person = signed_in(user)
    if person is None or comment.author_id != person.pk:
        return Denied(
            gettext("Nur die Person, die den Kommentar geschrieben hat, kann ihn ändern.")
        )
    if comment.hidden is not None:
        return Denied(gettext("Der Kommentar wurde von der Moderation ausgeblendet."))
    if timezone.now() - comment.created > COMMENT_EDIT_WINDOW:
        return Denied(gettext("Kommentare lassen sich nur in den ersten 15 Minuten bearbeiten."))
    return can_contribute(person, comment.agenda)
