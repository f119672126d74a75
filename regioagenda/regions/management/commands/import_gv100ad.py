"""Import the Destatis Gemeindeverzeichnis GV100AD: ``manage.py import_gv100ad [FILE]``."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from regioagenda.regions import register

MAX_LISTED_ERRORS = 50


class Command(BaseCommand):
    help = (
        "Liest das Gemeindeverzeichnis GV100AD von Destatis ein (Länder, Regierungsbezirke, "
        "Kreise, Gemeindeverbände, Gemeinden). Ohne FILE die mitgelieferte bayerische Datei."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file",
            nargs="?",
            default=str(settings.REGISTER_REFERENCE_FILE),
            metavar="FILE",
            help="GV100AD-Datei (UTF-8, feste Satzlänge). Standard: REGISTER_REFERENCE_FILE.",
        )
        parser.add_argument(
            "--land", default="", help="Nur dieses Land einlesen, z. B. 09 für Bayern."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Auch Datensätze einlesen, die älter sind als die gespeicherten.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Nur prüfen und zeigen, was sich ändern würde; nichts speichern.",
        )

    def handle(self, *args, file, land, force, dry_run, verbosity, **options):
        def progress(percent, message=""):
            if verbosity >= 2:
                self.stdout.write(f"[{percent:3d} %] {message}")

        try:
            summary = register.import_register(
                file, land=land, force=force, dry_run=dry_run, progress=progress
            )
        except register.RegisterImportError as exc:
            raise CommandError(
                _("%(file)s wurde nicht eingelesen, es wurde nichts geändert:\n%(errors)s")
                % {
                    "file": file,
                    "errors": register.format_errors(exc.errors, limit=MAX_LISTED_ERRORS),
                }
            ) from exc
        if verbosity >= 1:
            self.stdout.write(self.style.SUCCESS(summary.headline()))
            for line in summary.describe().splitlines()[1:]:
                self.stdout.write(line)
