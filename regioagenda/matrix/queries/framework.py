"""Read paths for the published matrix framework: the active version and its fields."""

from django.db.models import Prefetch

from regioagenda.matrix.framework import DEFAULT_SLUG
from regioagenda.matrix.models import FrameworkVersion, Indicator, MatrixField


def _fields_with_indicators():
    indicators = Prefetch("indicators", queryset=Indicator.objects.order_by("order", "pk"))
    return MatrixField.objects.order_by("order", "pk").prefetch_related(indicators)


def active_version(slug=DEFAULT_SLUG):
    """The active version of ``slug`` with its fields and their indicators (three queries).

    Returns None when no version of the framework is loaded (``manage.py load_framework``);
    callers decide whether that is a 404, a hint to the programme office or an empty page.
    """
    return (
        FrameworkVersion.objects.filter(slug=slug, is_active=True)
        .order_by("-version")
        .prefetch_related(Prefetch("fields", queryset=_fields_with_indicators()))
        .first()
    )


def fields_of(version):
    """The fields of ``version`` in order, each with ``indicators`` prefetched in order.

    Uses what ``active_version`` already fetched; otherwise two queries.
    """
    if "fields" in getattr(version, "_prefetched_objects_cache", {}):
        return list(version.fields.all())
    return list(_fields_with_indicators().filter(version=version))
