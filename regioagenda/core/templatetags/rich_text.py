"""The rich-text editor in templates: its script and stylesheet, and the textarea's marker.

``{% rich_text_assets %}`` goes into ``{% block extra_head %}`` of a page with a
``RichTextarea`` (the script only loads where it is needed); ``{% rich_text_attrs %}`` marks a
textarea written by hand in a template (the forum's reply forms) like the widget does.
"""

from django import template
from django.forms.utils import flatatt
from django.templatetags.static import static
from django.utils.html import format_html

from regioagenda.core.widgets import rich_text_attrs as widget_attrs

register = template.Library()


@register.simple_tag(takes_context=True)
def rich_text_assets(context) -> str:
    return format_html(
        '<link rel="stylesheet" href="{}">\n<script src="{}" nonce="{}" defer></script>',
        static("regioagenda/editor.css"),
        static("vendor/editor/editor.js"),
        context.get("csp_nonce", ""),
    )


@register.simple_tag
def rich_text_attrs() -> str:
    return flatatt(widget_attrs())
