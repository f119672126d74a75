"""The steps of the participatory process that produces a Digitale Agenda.

The order and names of the steps are the programme's common frame: every agenda walks through
them, and the agenda home shows what was done in each. Later parts (matrix, participation,
strategy, concept, monitoring) attach their own sections to a step through
``core.registry.agenda_sections`` instead of being imported here.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class StepDefinition:
    key: str
    name: StrOrPromise
    purpose: StrOrPromise
    results: tuple[StrOrPromise, ...]


_STEPS = (
    StepDefinition(
        "kickoff",
        _("Auftakt"),
        _(
            "Die Region setzt Lenkungsgruppe und Moderation ein, lädt Verwaltung, Wirtschaft, "
            "Wissenschaft und Zivilgesellschaft ein und macht den Prozess öffentlich bekannt."
        ),
        (_("Lenkungsgruppe benannt"), _("Auftaktveranstaltung"), _("Zeitplan veröffentlicht")),
    ),
    StepDefinition(
        "assessment",
        _("Bestandsaufnahme & IST-Analyse"),
        _(
            "Bestehende Konzepte werden ausgewertet, die Smart-Region-Matrix bewertet IST und "
            "SOLL in 16 Handlungsfeldern, die regionalen Akteure werden erfasst."
        ),
        (_("Bestehende Konzepte ausgewertet"), _("Matrix bewertet"), _("Akteure erfasst")),
    ),
    StepDefinition(
        "vision",
        _("Vision & Ziele"),
        _("Gemeinsam entsteht ein digitales Leitbild mit Zielen bis zum Zieljahr."),
        (_("Leitbild formuliert"), _("Ziele mit Zielwerten")),
    ),
    StepDefinition(
        "projects",
        _("Projekte"),
        _(
            "Aus Ideen werden konkrete Umsetzungsprojekte mit Verantwortlichen, Kosten und einem "
            "Zeitplan für die ersten drei Jahre."
        ),
        (_("Projektideen gesammelt"), _("Projekte priorisiert"), _("Zeitplan erstellt")),
    ),
    StepDefinition(
        "consultation",
        _("Konsultation"),
        _("Der Entwurf der Digitalen Agenda wird öffentlich zur Diskussion gestellt."),
        (_("Entwurf veröffentlicht"), _("Stellungnahmen ausgewertet")),
    ),
    StepDefinition(
        "adoption",
        _("Beschluss"),
        _("Das zuständige Gremium (Kreistag, Stadtrat, Gemeinderat) beschließt die Agenda."),
        (_("Beschlussvorlage"), _("Beschluss gefasst")),
    ),
    StepDefinition(
        "implementation",
        _("Umsetzung & Monitoring"),
        _(
            "Die Projekte werden umgesetzt; Fortschritt und Kennzahlen werden regelmäßig "
            "berichtet und mit anderen Regionen verglichen."
        ),
        (_("Fortschrittsberichte"), _("Neubewertung der Matrix")),
    ),
)

STEPS = {step.key: step for step in _STEPS}
STEP_KEYS = tuple(STEPS)
STEP_CHOICES = [(step.key, step.name) for step in _STEPS]
FIRST_STEP = STEP_KEYS[0]


def step_index(key):
    return STEP_KEYS.index(key)
