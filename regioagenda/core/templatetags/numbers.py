"""``{{ value|number }}``, ``{{ value|number:2 }}``: numbers on pages, through
``core.numbers.format_number`` (German "70.541,59", English "70,541.59")."""

from django import template

from regioagenda.core.numbers import format_number

register = template.Library()


@register.filter
def number(value, decimals=None):
    """The value grouped in thousands in the active language; "" when there is none."""
    return format_number(value, None if decimals in (None, "") else int(decimals))
