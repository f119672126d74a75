"""Publishing a framework file into ``FrameworkVersion``, ``MatrixField`` and ``Indicator`` rows.

A version that an assessment round, a rating or an indicator value uses is never changed in
place: the change must be published as a new version, and old assessments keep theirs.
"""

from django.db import IntegrityError, transaction
from django.db.models import Max, ProtectedError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from regioagenda.matrix.framework.load import load_framework_file
from regioagenda.matrix.framework.read import FrameworkError
from regioagenda.matrix.models import (
    AssessmentRound,
    FrameworkVersion,
    Indicator,
    IndicatorValue,
    MatrixField,
    Rating,
)
from regioagenda.regions.audit import AuditAction, record_event

CREATED, UNCHANGED, UPDATED = "created", "unchanged", "updated"

_FIELD_COLUMNS = [
    "order",
    "name_de",
    "name_en",
    "description_de",
    "description_en",
    "keywords",
    "level_descriptors",
]
_INDICATOR_COLUMNS = [
    "field",
    "order",
    "name_de",
    "name_en",
    "unit",
    "direction",
    "target",
    "worst",
    "min_value",
    "max_value",
    "source",
]


def publish_framework(path, *, actor=None):
    """Check the file and publish it; returns ``(FrameworkVersion, status)``.

    ``status`` is ``"created"`` (new version, active when it is the newest of its slug),
    ``"unchanged"`` (same content as published) or ``"updated"`` (changed, but nothing used it
    yet). A changed version that is already used raises ``FrameworkError`` and changes nothing.
    """
    return publish(load_framework_file(path), actor=actor)


@transaction.atomic
def publish(framework, *, actor=None):
    """Publish checked ``FrameworkData`` (see ``publish_framework``)."""
    existing = (
        FrameworkVersion.objects.select_for_update()
        .filter(slug=framework.slug, version=framework.version)
        .first()
    )
    if existing is not None and existing.checksum == framework.checksum:
        return existing, UNCHANGED
    if existing is None:
        version, status = _create(framework), CREATED
    else:
        _refuse_if_used(existing, framework)
        version, status = _update(existing, framework), UPDATED
    record_event(
        actor=actor,
        agenda=None,
        action=AuditAction.FRAMEWORK_CREATED
        if status == CREATED
        else AuditAction.FRAMEWORK_UPDATED,
        detail=f"{framework.slug} v{framework.version} ({framework.source_file})",
    )
    return version, status


def _version_values(framework):
    return {
        "name_de": framework.name_de,
        "name_en": framework.name_en,
        "description_de": framework.description_de,
        "description_en": framework.description_en,
        "levels": framework.levels,
        "source_file": framework.source_file,
        "checksum": framework.checksum,
    }


def _create(framework):
    newest = not FrameworkVersion.objects.filter(
        slug=framework.slug, version__gt=framework.version
    ).exists()
    if newest:
        # Before the new row is written: only one version of a slug may be active.
        FrameworkVersion.objects.filter(slug=framework.slug, is_active=True).update(is_active=False)
    try:
        with transaction.atomic():
            version = FrameworkVersion.objects.create(
                slug=framework.slug,
                version=framework.version,
                is_active=newest,
                **_version_values(framework),
            )
    except IntegrityError as exc:  # another process published the same version just now
        raise FrameworkError(
            [
                _(
                    "%(file)s: Version %(version)d von „%(slug)s“ wurde gerade gleichzeitig "
                    "veröffentlicht; bitte noch einmal laden."
                )
                % {
                    "file": framework.source_file,
                    "version": framework.version,
                    "slug": framework.slug,
                }
            ]
        ) from exc
    _write_content(version, framework, fields={}, indicators={})
    return version


def _refuse_if_used(version, framework):
    rounds = AssessmentRound.objects.filter(version=version).count()
    ratings = Rating.objects.filter(field__version=version).count()
    values = IndicatorValue.objects.filter(indicator__field__version=version).count()
    if not (rounds or ratings or values):
        return
    usage = []
    if rounds:
        usage.append(
            ngettext("%(count)d Bewertungsrunde", "%(count)d Bewertungsrunden", rounds)
            % {"count": rounds}
        )
    if ratings:
        usage.append(
            ngettext("%(count)d Bewertung", "%(count)d Bewertungen", ratings) % {"count": ratings}
        )
    if values:
        usage.append(
            ngettext("%(count)d Indikatorwert", "%(count)d Indikatorwerte", values)
            % {"count": values}
        )
    newest = FrameworkVersion.objects.filter(slug=version.slug).aggregate(n=Max("version"))["n"]
    raise FrameworkError(
        [
            _(
                "%(file)s:%(line)d: /version: Version %(version)d von „%(slug)s“ wird bereits "
                "verwendet (%(usage)s) und bleibt deshalb unverändert. Veröffentlichen Sie die "
                "Änderung als neue Version (Datei v%(next)d.yaml mit version: %(next)d), statt "
                "diese zu ändern."
            )
            % {
                "file": framework.source_file,
                "line": framework.line("/version"),
                "version": version.version,
                "slug": version.slug,
                "usage": ", ".join(usage),
                "next": newest + 1,
            }
        ]
    )


def _update(version, framework):
    for name, value in _version_values(framework).items():
        setattr(version, name, value)
    version.save()
    fields = {row.key: row for row in MatrixField.objects.filter(version=version)}
    indicators = {row.key: row for row in Indicator.objects.filter(field__version=version)}
    wanted_fields = {f.key for f in framework.fields}
    wanted_indicators = {i.key for f in framework.fields for i in f.indicators}
    try:
        Indicator.objects.filter(
            pk__in=[row.pk for key, row in indicators.items() if key not in wanted_indicators]
        ).delete()
        MatrixField.objects.filter(
            pk__in=[row.pk for key, row in fields.items() if key not in wanted_fields]
        ).delete()
    except ProtectedError as exc:
        raise FrameworkError(
            [
                _(
                    "%(file)s: Version %(version)d von „%(slug)s“ lässt sich nicht ändern, weil "
                    "andere Daten auf ein entferntes Handlungsfeld oder einen entfernten "
                    "Indikator verweisen; veröffentlichen Sie eine neue Version."
                )
                % {
                    "file": framework.source_file,
                    "version": version.version,
                    "slug": version.slug,
                }
            ]
        ) from exc
    _write_content(version, framework, fields=fields, indicators=indicators)
    return version


def _write_content(version, framework, *, fields, indicators):
    """Create or update the field and indicator rows, matched by key (bulk, a few queries)."""
    new_fields: list[MatrixField] = []
    changed_fields: list[MatrixField] = []
    rows: dict[str, MatrixField] = {}
    for order, data in enumerate(framework.fields, start=1):
        row = fields.get(data.key) or MatrixField(version=version, key=data.key)
        row.order = order
        for name in _FIELD_COLUMNS[1:]:
            setattr(row, name, getattr(data, name))
        (changed_fields if row.pk else new_fields).append(row)
        rows[data.key] = row
    MatrixField.objects.bulk_create(new_fields)
    if changed_fields:
        MatrixField.objects.bulk_update(changed_fields, _FIELD_COLUMNS)
    new_indicators: list[Indicator] = []
    changed_indicators: list[Indicator] = []
    for data in framework.fields:
        for order, item in enumerate(data.indicators, start=1):
            row = indicators.get(item.key) or Indicator(key=item.key)
            row.field = rows[data.key]
            row.order = order
            for name in _INDICATOR_COLUMNS[2:]:
                setattr(row, name, getattr(item, name))
            (changed_indicators if row.pk else new_indicators).append(row)
    Indicator.objects.bulk_create(new_indicators)
    if changed_indicators:
        Indicator.objects.bulk_update(changed_indicators, _INDICATOR_COLUMNS)
