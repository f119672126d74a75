"""Publish matrix framework files: ``manage.py load_framework [FILE ...] [--check]``."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from regioagenda.matrix import framework as frameworks


class Command(BaseCommand):
    help = (
        "Prüft Matrix-Frameworks (frameworks/<slug>/vN.yaml) und veröffentlicht sie. Ohne FILE "
        "alle Dateien unter frameworks/, nach Version sortiert. Eine Version, die schon in "
        "einer Bewertung verwendet wird, wird nie verändert."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "files",
            nargs="*",
            metavar="FILE",
            help="Framework-Dateien (YAML). Standard: alle frameworks/*/v*.yaml.",
        )
        parser.add_argument(
            "--check", action="store_true", help="Nur prüfen, nichts in der Datenbank ändern."
        )

    def handle(self, *args, files, check, verbosity, **options):
        paths = files or frameworks.framework_files()
        if not paths:
            raise CommandError(
                _("Keine Framework-Dateien (*/v*.yaml) in %(dir)s gefunden.")
                % {"dir": frameworks.frameworks_dir()}
            )
        loaded = self._load_all(paths)
        if check:
            for framework in loaded:
                self._say(verbosity, framework, _("gültig"))
            return
        try:
            with transaction.atomic():  # several files: all of them or none
                results = [frameworks.publish(framework) for framework in loaded]
        except frameworks.FrameworkError as exc:
            raise CommandError(self._failure(exc.errors)) from exc
        labels = {
            frameworks.CREATED: _("neu angelegt"),
            frameworks.UNCHANGED: _("unverändert"),
            frameworks.UPDATED: _("aktualisiert"),
        }
        for framework, (version, status) in zip(loaded, results, strict=True):
            state = _("aktiv") if version.is_active else _("nicht aktiv")
            self._say(verbosity, framework, f"{status} ({labels[status]}, {state})")

    def _load_all(self, paths):
        loaded, errors, seen = [], [], {}
        for path in paths:
            try:
                framework = frameworks.load_framework_file(path)
            except frameworks.FrameworkError as exc:
                errors.extend(exc.errors)
                continue
            key = (framework.slug, framework.version)
            if key in seen:
                errors.append(
                    _("%(file)s: Version %(version)d von „%(slug)s“ steht auch in %(other)s.")
                    % {
                        "file": framework.source_file,
                        "version": framework.version,
                        "slug": framework.slug,
                        "other": seen[key],
                    }
                )
                continue
            seen[key] = framework.source_file
            loaded.append(framework)
        if errors:
            raise CommandError(self._failure(errors))
        return loaded

    def _failure(self, errors):
        return _("Es wurde nichts geändert:\n%(errors)s") % {"errors": "\n".join(errors)}

    def _say(self, verbosity, framework, what):
        if verbosity >= 1:
            self.stdout.write(
                _(
                    "%(file)s: %(what)s – %(name)s v%(version)d, %(fields)d Handlungsfelder, "
                    "%(indicators)d Indikatoren"
                )
                % {
                    "file": framework.source_file,
                    "what": what,
                    "name": framework.name_de,
                    "version": framework.version,
                    "fields": len(framework.fields),
                    "indicators": framework.indicator_count,
                }
            )
