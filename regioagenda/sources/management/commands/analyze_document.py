"""Analyse one document file: passages, fields, goals and measures, per-field summaries."""

import json
import textwrap

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from regioagenda.sources.extract import ExtractionError
from regioagenda.sources.passages import analyze, default_classifier

KIND_NAMES = {
    "pdf": "PDF",
    "docx": "DOCX",
    "odt": "ODT",
    "html": "HTML",
    "markdown": "Markdown",
    "text": "Text",
}


class Command(BaseCommand):
    help = (
        "Extract a PDF, DOCX, ODT, TXT, Markdown or HTML file, split it into passages with page "
        "and heading path, classify them to the active framework's fields and print the goals, "
        "planned measures and a cited extractive summary per field. Nothing is stored."
    )
    # Tests (and other Python callers) may pass a classifier object to call_command.
    stealth_options = ("classifier",)

    def add_arguments(self, parser):
        parser.add_argument("file", help="the document to analyse")
        parser.add_argument("--json", action="store_true", help="print one JSON object")
        parser.add_argument("--title", help="the document title used in citations")

    def handle(self, *args, file, **options):
        classifier = options.get("classifier")
        if classifier is None:
            classifier = load
        try:
            result = analyze(file, title=options.get("title"), classifier=classifier)
        except ExtractionError as error:
            raise CommandError(error.message) from None
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        else:
            self.write_text(result)

    def write_text(self, result):
        out = self.stdout
        wrap = textwrap.TextWrapper(width=100, initial_indent="    ", subsequent_indent="    ")
        out.write(
            _("„%(title)s“ – %(kind)s, %(pages)s Seiten, %(passages)s Passagen")
            % {
                "title": result.title,
                "kind": KIND_NAMES.get(result.kind, result.kind),
                "pages": result.page_count,
                "passages": len(result.passages),
            }
        )
        for note in result.notes:
            out.write(_("Hinweis: %(note)s") % {"note": note})

        out.write("\n" + _("Passagen"))
        for passage in result.passages:
            heading = " › ".join(passage.headings) or "–"
            out.write(f"[{passage.index + 1}] S. {passage.pages} · {heading}")
            fields = [pair for pair in result.fields[passage.index][:3] if pair[1] > 0]
            if fields:
                shown = ", ".join(f"{key} {score:.2f}" for key, score in fields)
                out.write("    " + _("Felder: %(fields)s") % {"fields": shown})
            for paragraph in passage.text.split("\n"):
                out.write(wrap.fill(paragraph))

        out.write("\n" + _("Ziele und Maßnahmen"))
        if not result.statements:
            out.write("  " + _("keine gefunden"))
        labels = {"goal": _("Ziel"), "measure": _("Maßnahme")}
        for statement in result.statements:
            out.write(f"  {labels[statement.kind]} (S. {statement.page}): {statement.text}")

        out.write("\n" + _("Zusammenfassung je Handlungsfeld"))
        if not result.summaries:
            out.write("  " + _("keine (ohne Klassifikator oder ohne zugeordnete Passagen)"))
        counts = {}
        for keys in result.predicted:
            for key in keys:
                counts[key] = counts.get(key, 0) + 1
        for key, sentences in result.summaries.items():
            count = counts.get(key, 0)
            shown = ngettext("%(count)s Passage", "%(count)s Passagen", count) % {"count": count}
            out.write(f"  {key} ({shown})")
            for item in sentences:
                out.write(f"    – {item.sentence} [{item.title}, S. {item.page}]")


def load():
    """The default classifier, loaded once the file has been read; False when there is none."""
    try:
        return default_classifier() or False
    except Exception as error:  # e.g. a framework file that does not load
        raise CommandError(
            _("Der Klassifikator lässt sich nicht laden: %(error)s") % {"error": error}
        ) from error
