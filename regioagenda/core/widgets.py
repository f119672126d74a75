"""Form widgets shared by every app: the rich-text editor for long texts.

``RichTextarea`` stays a plain <textarea> (the form works without JavaScript); the editor script
(``regioagenda/assets/editor.js``, bundled by ``make assets``) finds it by ``data-richtext`` and
puts the toolbar and the editable area in front of it. The buttons' labels come from here, so
they are translated with gettext; the tags and link schemes come from ``core/html.py``, so the
editor offers exactly what the sanitiser keeps.
"""

import json

from django import forms
from django.utils.translation import gettext as _

from regioagenda.core import html


def rich_text_attrs() -> dict[str, str]:
    """The data attributes that turn a textarea into a rich-text editor (widget and templates)."""
    labels = {
        "toolbar": _("Textformat"),
        "bold": _("Fett"),
        "italic": _("Kursiv"),
        "heading2": _("Überschrift"),
        "heading3": _("Unterüberschrift"),
        "bulletList": _("Aufzählung"),
        "orderedList": _("Nummerierte Liste"),
        "link": _("Link"),
        "linkPrompt": _("Adresse des Links (https://…); leer lassen, um den Link zu entfernen:"),
        "linkInvalid": _("Bitte geben Sie eine Adresse an, die mit https:// oder http:// beginnt."),
        "undo": _("Rückgängig"),
        "redo": _("Wiederholen"),
    }
    return {
        "data-richtext": "",
        # Sorted, so the rendered page does not change between runs.
        "data-richtext-tags": " ".join(sorted(html.ALLOWED_TAGS)),
        "data-richtext-schemes": " ".join(sorted(html.ALLOWED_URL_SCHEMES)),
        "data-richtext-labels": json.dumps(labels, ensure_ascii=False),
    }


class RichTextarea(forms.Textarea):
    """A textarea that the editor script turns into a rich-text editor (see the module doc)."""

    def get_context(self, name, value, attrs):
        # Labels are built per rendering, in the language of the request.
        return super().get_context(name, value, {**rich_text_attrs(), **(attrs or {})})
