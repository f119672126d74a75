"""The matrix fields as the actors part uses them: keys and names of the active framework.

Actors, bodies, activities and forum threads store field *keys*; these helpers turn keys into
names and check keys that come from forms and imports. One query per call.
"""

from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from regioagenda.matrix.models import MatrixField
from regioagenda.matrix.queries.framework import active_versions


def active_fields() -> list[tuple[str, str]]:
    """``[(key, name), …]`` of the active framework in its order, names in the current language."""
    english = (get_language() or "de").startswith("en")
    rows = (
        MatrixField.objects.filter(version__in=active_versions())
        .order_by("order")
        .values_list("key", "name_de", "name_en")
    )
    return [(key, (name_en or name_de) if english else name_de) for key, name_de, name_en in rows]


def field_names() -> dict[str, str]:
    return dict(active_fields())


def clean_field_keys(keys: Iterable[str], *, known: Mapping[str, str] | None = None) -> list[str]:
    """Return ``keys`` without duplicates, in framework order; refuse unknown keys by name."""
    known = dict(active_fields()) if known is None else known
    wanted = [key.strip() for key in keys if key and key.strip()]
    unknown = sorted({key for key in wanted if key not in known})
    if unknown:
        raise ValidationError(
            _("Unbekanntes Handlungsfeld: %(keys)s. Erlaubt sind: %(allowed)s.")
            % {"keys": ", ".join(unknown), "allowed": ", ".join(known)}
        )
    return [key for key in known if key in set(wanted)]
