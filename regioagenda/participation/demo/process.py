"""Demo data of the process page: the seven phases of "Beispielland" and its news (order 60)."""

import datetime

from django.utils import timezone

from regioagenda.participation.models import Module, NewsPost, Phase
from regioagenda.regions.demo import STEP_WINDOWS  # noqa: E402  (the one timeline)
from regioagenda.regions.models import AgendaStep, StepState

PHASES = {
    "kickoff": {
        "plain_summary": (
            "Der Landkreis fängt an. Alle sind eingeladen. Beim Auftakt erklären wir, wie Sie "
            "mitmachen können."
        ),
        "description": (
            "<p>Die Lenkungsgruppe aus Landrat, Kreisentwicklung, IHK, Hochschule und "
            "Kreisjugendring steuert den Prozess. Die Auftaktveranstaltung im Landratsamt stellt "
            "Ziele, Zeitplan und Ansprechpersonen vor.</p>"
        ),
        "modules": [Module.EVENTS],
    },
    "assessment": {
        "plain_summary": (
            "Wir schauen: Was gibt es schon? Was fehlt? Sagen Sie uns in einer kurzen Umfrage, "
            "wie digital der Landkreis heute ist."
        ),
        "description": (
            "<p>Bestehende Konzepte (Klimaschutz, Mobilität, Gigabit) werden ausgewertet. "
            "Fachleute bewerten die Smart-Region-Matrix in 16 Handlungsfeldern; die öffentliche "
            "Selbsteinschätzung zeigt, wie die Bürgerschaft den Stand sieht.</p>"
        ),
        "modules": [Module.SURVEY],
    },
    "vision": {
        "plain_summary": (
            "Wie soll der Landkreis 2030 sein? Schreiben Sie Ihre Ideen auf. Kommen Sie zu "
            "unseren Werkstätten in den Gemeinden."
        ),
        "description": (
            "<p>In vier Zukunftswerkstätten (Nord, Süd, Kreisstadt, online) und auf dieser "
            "Plattform entstehen Leitbild und Ziele. Jede Idee bekommt eine Antwort; was "
            "übernommen wird, steht im Leitbild.</p>"
        ),
        "modules": [Module.EVENTS, Module.IDEAS, Module.SURVEY],
    },
    "projects": {
        "plain_summary": (
            "Aus Ideen werden Projekte. Sie haben 10 Punkte. Geben Sie die Punkte den Projekten, "
            "die Ihnen am wichtigsten sind."
        ),
        "description": (
            "<p>Die Moderation bündelt die Ideen zu Projektvorschlägen mit Verantwortlichen, "
            "Kosten und Zeitplan. In der Priorisierung verteilt jede Person 10 Punkte; das "
            "Ergebnis geht mit der fachlichen Bewertung in den Entwurf.</p>"
        ),
        "modules": [Module.EVENTS, Module.IDEAS, Module.PRIORITISATION],
        "vote_points": 10,
    },
    "consultation": {
        "plain_summary": (
            "Der Entwurf ist fertig. Lesen Sie ihn und schreiben Sie, was Sie ändern würden."
        ),
        "description": (
            "<p>Der Entwurf der Digitalen Agenda liegt sechs Wochen öffentlich aus. Zu jedem "
            "Absatz kann man Stellung nehmen; die Redaktion antwortet und dokumentiert, was sich "
            "ändert.</p>"
        ),
        "modules": [Module.CONSULTATION, Module.EVENTS, Module.SURVEY],
    },
    "adoption": {
        "plain_summary": "Der Kreistag stimmt über die Digitale Agenda ab.",
        "description": (
            "<p>Die Beschlussvorlage mit der Auswertung der Konsultation geht in den Ausschuss "
            "für Kreisentwicklung und in den Kreistag.</p>"
        ),
        "modules": [],
    },
    "implementation": {
        "plain_summary": ("Die Projekte starten. Einmal im Jahr berichten wir, was geschafft ist."),
        "description": (
            "<p>Ein jährlicher Fortschrittsbericht zeigt Stand, Kennzahlen und die Neubewertung "
            "der Matrix; bei Bedarf werden Projekte angepasst.</p>"
        ),
        "modules": [Module.EVENTS],
    },
}

NEWS = [
    (
        "Startschuss für die Digitale Agenda Beispielland",
        "140 Gäste beim Auftakt im Landratsamt: so geht es weiter.",
        "<p>Mit 140 Gästen aus Verwaltung, Wirtschaft, Hochschule, Vereinen und Bürgerschaft hat "
        "Landrat Maier den Prozess eröffnet. Die Lenkungsgruppe hat ihren Zeitplan vorgestellt: "
        "Bis Sommer 2027 soll die Digitale Agenda beschlossen sein.</p><p>Auf der Prozessseite "
        "finden Sie alle Schritte, Termine und Ansprechpersonen.</p>",
        "kickoff",
        datetime.datetime(2026, 3, 12, 9, 0),
    ),
    (
        "Wie digital ist der Landkreis? Umfrage gestartet",
        "Zehn Minuten, 16 Themen: Ihre Einschätzung zählt neben der der Fachleute.",
        "<p>Parallel zur Bewertung durch Fachleute können alle Bürgerinnen und Bürger "
        "einschätzen, wie weit der Landkreis in den 16 Handlungsfeldern ist – von der "
        "Verwaltung bis zur Gesundheit.</p><ul><li>Dauer: etwa zehn Minuten</li><li>anonym "
        "möglich</li></ul>",
        "assessment",
        datetime.datetime(2026, 6, 2, 9, 0),
    ),
    (
        "Bestandsaufnahme: Stärken bei Breitband, Lücken bei der Verwaltung",
        "Die Auswertung von drei Konzepten und 38 Bewertungen liegt vor.",
        "<p>Die Auswertung zeigt: Beim Breitbandausbau und in der Bildung ist der Landkreis "
        "gut aufgestellt. Den größten Abstand zwischen heute und dem Ziel sehen die Fachleute "
        "bei digitalen Verwaltungsleistungen und bei der Mobilität auf dem Land.</p>",
        "assessment",
        datetime.datetime(2026, 10, 20, 9, 0),
    ),
    (
        "Zukunftswerkstätten: vier Termine im November",
        "In Nordhalben, Südheim, der Kreisstadt und online – melden Sie sich an.",
        "<p>Wie soll der Landkreis 2030 aussehen? In vier Zukunftswerkstätten sammeln wir "
        "Ideen für Leitbild und Ziele. Die Räume sind barrierefrei, für Kinderbetreuung ist "
        "gesorgt.</p><p>Ideen können Sie auch jederzeit hier auf der Plattform einbringen.</p>",
        "vision",
        datetime.datetime(2026, 11, 3, 9, 0),
    ),
    (
        "Über 100 Ideen in drei Wochen – danke!",
        "Was mit den Ideen passiert und wie die Moderation sie bündelt.",
        "<p>Seit dem Start der Ideensammlung sind über 100 Ideen eingegangen, viele davon aus "
        "den Werkstätten. Die Moderation ordnet sie jetzt nach Handlungsfeldern und Themen; "
        "jede Idee bekommt eine Antwort.</p>",
        "vision",
        datetime.datetime(2026, 11, 24, 9, 0),
    ),
]


def load(context):
    agenda = context["agenda"]
    author = context["users"].get("coordinator")
    today = timezone.localdate()
    started = dict(
        AgendaStep.objects.filter(agenda=agenda)
        .exclude(state=StepState.UPCOMING)
        .values_list("key", "started_on")
    )
    for step, values in PHASES.items():
        phase, _created = Phase.objects.get_or_create(agenda=agenda, step=step)
        start, end = STEP_WINDOWS[step]
        phase.starts_on = today + datetime.timedelta(days=start)
        phase.ends_on = today + datetime.timedelta(days=end)
        for name, value in values.items():
            setattr(phase, name, value)
        if step in started and phase.start_announced_at is None:
            # Steps that started before the demo existed are not announced again.
            phase.start_announced_at = timezone.now()
        phase.save()
    for title, teaser, body, step, published in NEWS:
        NewsPost.objects.get_or_create(
            agenda=agenda,
            title=title,
            defaults={
                "teaser": teaser,
                "body": body,
                "step": step,
                "published_at": timezone.make_aware(published),
                "announced_at": timezone.make_aware(published),
                "author": author,
                "is_example": True,
            },
        )
