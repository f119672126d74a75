"""``{% once_token %}``: the one-time token of a creating form (``core.once``)."""

from django import template
from django.utils.html import format_html

from regioagenda.core import once

register = template.Library()


@register.simple_tag
def once_token() -> str:
    """A hidden input with a fresh token: every rendering of a form gets its own."""
    return format_html('<input type="hidden" name="{}" value="{}">', once.FIELD, once.new_token())
