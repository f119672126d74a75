"""Read paths for the published matrix framework: the active version and its fields.

``active_version`` is the one answer to "which framework version is active"; rounds, indicators,
the classifier and the actors' field names all ask it, so they never disagree.
"""

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from regioagenda.matrix.framework import DEFAULT_SLUG
from regioagenda.matrix.models import FrameworkVersion, Indicator, MatrixField


class NoActiveFramework(Exception):
    """No version of the framework is loaded; the message says what to do about it."""


def _fields_with_indicators() -> "QuerySet[MatrixField]":
    indicators = Prefetch("indicators", queryset=Indicator.objects.order_by("order", "pk"))
    return MatrixField.objects.order_by("order", "pk").prefetch_related(indicators)


def active_versions(slug: str = DEFAULT_SLUG) -> "QuerySet[FrameworkVersion]":
    """The rule itself as a query set of at most one row, to filter other rows in one query
    (``MatrixField.objects.filter(version__in=active_versions())``)."""
    return FrameworkVersion.objects.filter(slug=slug, is_active=True)


def active_version(
    slug: str = DEFAULT_SLUG, *, with_fields: bool = True
) -> FrameworkVersion | None:
    """The active version of the framework ``slug`` (by default the Smart-Region-Matrix Bayern),
    or None when none is loaded (``manage.py load_framework``).

    A slug has at most one active version (a database constraint), so there is nothing to choose.
    ``with_fields`` prefetches its fields and their indicators (three queries instead of one).
    Callers decide whether None is a 404, a hint to the programme office or an empty page.
    """
    versions = active_versions(slug)
    if with_fields:
        versions = versions.prefetch_related(Prefetch("fields", queryset=_fields_with_indicators()))
    return versions.first()


def require_active_version(
    slug: str = DEFAULT_SLUG, *, with_fields: bool = True
) -> FrameworkVersion:
    """``active_version``, or ``NoActiveFramework`` saying how the programme office loads one."""
    version = active_version(slug, with_fields=with_fields)
    if version is None:
        raise NoActiveFramework(
            _(
                "Es ist noch keine Version der Smart-Region-Matrix veröffentlicht. Das "
                "Programmbüro lädt sie mit „manage.py load_framework“."
            )
        )
    return version


def fields_of(version: FrameworkVersion) -> list[MatrixField]:
    """The fields of ``version`` in order, each with ``indicators`` prefetched in order.

    Uses what ``active_version`` already fetched; otherwise two queries.
    """
    if "fields" in getattr(version, "_prefetched_objects_cache", {}):
        return list(version.fields.all())
    return list(_fields_with_indicators().filter(version=version))
