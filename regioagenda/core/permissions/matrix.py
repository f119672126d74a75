"""The Smart-Region-Matrix: assessment rounds, rating, consensus, indicators."""

from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from regioagenda.core.permissions.agendas import (
    can_edit_content,
    can_manage_agenda,
    can_moderate,
    is_member,
)
from regioagenda.core.permissions.reasons import Answer, Denied, says
from regioagenda.core.permissions.roles import (
    AgendaLike,
    Person,
    RoundLike,
    administers_agenda,
    signed_in,
)


@says(_("Nur die Koordination kann Bewertungsrunden verwalten."))
def can_manage_assessment(user: Person, agenda: AgendaLike) -> bool:
    """Open and close rounds, invite raters, confirm priority fields."""
    return can_manage_agenda(user, agenda)


@says(_("Den Konsens legen Moderation und Koordination fest."))
def can_set_consensus(user: Person, agenda: AgendaLike) -> bool:
    """See every rater's answers and set the workshop's consensus."""
    return can_moderate(user, agenda)


@says(_("Indikatorwerte pflegen Koordination, Moderation und Redaktion."))
def can_enter_indicators(user: Person, agenda: AgendaLike) -> bool:
    """Enter and import indicator values for the agenda's region."""
    return can_edit_content(user, agenda)


@says(_("Sie sind zu dieser Bewertungsrunde nicht eingeladen, oder die Runde ist nicht offen."))
def can_rate(user: Person, assessment_round: RoundLike) -> Answer:
    """Rate in a round: invited to it, and the round is open.

    Whether a round is still a draft or already closed is told only to those invited.
    """
    title = {"title": assessment_round.title}
    person = signed_in(user)
    if person is None or not assessment_round.invitations.filter(user=person).exists():
        return Denied(gettext("Sie sind zur Bewertungsrunde „%(title)s“ nicht eingeladen.") % title)
    if assessment_round.is_closed:
        return Denied(
            gettext(
                "Die Bewertungsrunde „%(title)s“ ist abgeschlossen. Bewertungen können nicht mehr "
                "geändert werden."
            )
            % title
        )
    if not assessment_round.is_open:
        return Denied(gettext("Die Bewertungsrunde „%(title)s“ ist noch nicht geöffnet.") % title)
    return True


# The value of ``matrix.models.RoundStatus.OPEN``: core cannot import the matrix, and a test
# (tests/core/test_permission_filters.py) keeps the two equal.
ROUND_OPEN = "open"


def rating_invitations_filter(user: Person) -> Q:
    """``can_rate`` as one ``Q`` over rater invitations: the user's own, in rounds that are open."""
    person = signed_in(user)
    if person is None:
        return Q(pk__in=[])
    return Q(user=person, round__status=ROUND_OPEN)


@says(_("Die Bewertungsrunden sehen nur Mitglieder dieser Agenda."))
def can_view_rounds(user: Person, agenda: AgendaLike) -> bool:
    """See the agenda's assessment rounds (who rates is shown only to those who manage them)."""
    return is_member(user, agenda) or administers_agenda(user, agenda)
