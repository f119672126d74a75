"""Print an agenda's matrix (latest closed assessment) as JSON or CSV on standard output."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from regioagenda.matrix import exports
from regioagenda.matrix.queries.overview import matrix_overview
from regioagenda.regions.models import Agenda


class Command(BaseCommand):
    help = (
        "Print the matrix of an agenda's latest closed assessment round, one entry per field "
        "with key, ist, soll, gap, score, confidence and priority."
    )

    def add_arguments(self, parser):
        parser.add_argument("agenda_slug", help="the agenda's short name (slug)")
        parser.add_argument("--format", choices=["json", "csv"], default="json")
        parser.add_argument(
            "--language",
            choices=["en", "de"],
            default="en",
            help="CSV convention: en (keys, commas, decimal points; the default, for scripts) "
            "or de (German headers, semicolons, decimal commas, for German Excel)",
        )

    def handle(self, *args, agenda_slug, **options):
        agenda = Agenda.objects.select_related("region").filter(slug=agenda_slug).first()
        if agenda is None:
            raise CommandError(
                _("Es gibt keine Agenda mit dem Kurznamen „%(slug)s“.") % {"slug": agenda_slug}
            )
        overview = matrix_overview(agenda, details=False)
        if overview is None:
            raise CommandError(
                _(
                    "Die Agenda „%(slug)s“ hat noch keine abgeschlossene Bewertungsrunde; "
                    "exportiert wird immer die Matrix der letzten abgeschlossenen Runde."
                )
                % {"slug": agenda_slug}
            )
        records = exports.field_records(overview, exports.COMMAND_COLUMNS)
        if options["format"] == "csv":
            text = exports.to_csv(records, exports.COMMAND_COLUMNS, language=options["language"])
            self.stdout.write(text, ending="")
        else:
            self.stdout.write(exports.to_json(records), ending="")
