"""Surveys of the participatory process (including the matrix's public self-assessment)."""

from typing import Any, Protocol

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from regioagenda.core.permissions.agendas import can_edit_content, can_view_agenda
from regioagenda.core.permissions.participation import can_contribute, is_blocked
from regioagenda.core.permissions.reasons import Answer, Denied, says
from regioagenda.core.permissions.roles import AgendaLike, Person, signed_in


class SurveyLike(Protocol):
    @property
    def agenda(self) -> Any: ...
    @property
    def anonymous_allowed(self) -> bool: ...
    @property
    def is_running(self) -> bool: ...


@says(_("Umfragen legen die Koordination und die Redaktion der Agenda an."))
def can_manage_surveys(user: Person, agenda: AgendaLike) -> bool:
    """Create and edit surveys and their questions, open and close them, export the answers."""
    return can_edit_content(user, agenda)


@says(_("Diese Umfrage ist nicht geöffnet."))
def can_answer_survey(user: Person, survey: SurveyLike) -> Answer:
    """Answer a running survey: without an account where the survey allows it (on a public
    agenda), else as someone who may contribute; a blocked account never."""
    agenda = survey.agenda
    if not can_view_agenda(user, agenda):
        return Denied(gettext("Diese Agenda ist nicht öffentlich; ihre Umfragen auch nicht."))
    if not survey.is_running:
        return Denied(gettext("Diese Umfrage ist nicht (mehr) geöffnet."))
    if survey.anonymous_allowed and agenda.is_public:
        if signed_in(user) is not None and is_blocked(user, agenda):
            return can_contribute(user, agenda)  # says why, with the block's reason
        return True
    return can_contribute(user, agenda)
