"""Notifications, newsletters, reports and blocks: who may report a contribution, send an
agenda's newsletter, and moderate reports and blocks."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from regioagenda.core.permissions.agendas import can_manage_agenda, can_moderate, can_view_agenda
from regioagenda.core.permissions.participation import blocked_reason, has_verified_email
from regioagenda.core.permissions.reasons import Answer, Denied, says
from regioagenda.core.permissions.roles import AgendaLike, Person, signed_in


@says(_("Melden können angemeldete Personen mit bestätigter E-Mail-Adresse."))
def can_report(user: Person, agenda: AgendaLike) -> Answer:
    """Report a contribution of ``agenda`` to its moderation: signed in, may see the agenda,
    confirmed email address, not blocked there (a blocked account would flood the queue)."""
    person = signed_in(user)
    if person is None:
        return Denied(gettext("Bitte melden Sie sich an, um einen Beitrag zu melden."))
    if not can_view_agenda(person, agenda):
        return Denied(gettext("Diese Agenda ist nicht öffentlich."))
    reason = blocked_reason(person, agenda)
    if reason is not None:
        return Denied(
            gettext("Sie sind in dieser Agenda gesperrt. Grund: %(reason)s") % {"reason": reason}
        )
    if not has_verified_email(person):
        return Denied(gettext("Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse."))
    return True


@says(_("Meldungen und Sperren bearbeiten Moderation und Koordination."))
def can_moderate_reports(user: Person, agenda: AgendaLike) -> bool:
    """Work through the moderation queue: hide, show, dismiss, block and unblock."""
    return can_moderate(user, agenda)


@says(_("Den Newsletter verschickt die Koordination."))
def can_send_newsletter(user: Person, agenda: AgendaLike) -> bool:
    return can_manage_agenda(user, agenda)
