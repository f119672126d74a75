"""Read paths of the indicator pages: which framework version applies, and the values per region."""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, OuterRef, Subquery
from django.http import Http404
from django.utils.translation import gettext as _

from regioagenda.core import pagecache
from regioagenda.core.numbers import decimals_of, format_number
from regioagenda.matrix.models import (
    AssessmentRound,
    FrameworkVersion,
    Indicator,
    IndicatorValue,
    MatrixField,
)
from regioagenda.matrix.queries.framework import active_version
from regioagenda.regions.models import Agenda

YES_NO_UNIT = "ja/nein"


def is_yes_no(indicator: Indicator) -> bool:
    return indicator.unit.replace(" ", "").casefold() == YES_NO_UNIT


def show_number(number: Decimal | float | int | None, decimals: int | None = None) -> str:
    """A number as people read it: the local decimal mark and thousands grouping; no trailing
    zeros, or exactly ``decimals`` of them where a table column must line up."""
    if number is None:
        return ""
    if decimals is None:
        decimals = decimals_of([number], at_most=4)
    return format_number(Decimal(number), decimals)


def show_value(
    indicator: Indicator,
    number: Decimal | float | int | None,
    *,
    decimals: int | None = None,
    unit: bool = True,
) -> str:
    """A value with its unit (``unit=False`` where a column says the unit already),
    "ja"/"nein" for yes/no indicators."""
    if number is None:
        return ""
    if is_yes_no(indicator):
        return _("ja") if number == 1 else _("nein")
    shown = show_number(number, decimals)
    return f"{shown} {indicator.unit}" if unit else shown


def value_range(indicator: Indicator) -> str:
    """The valid range in words, e.g. "0–100 %", "ab 0 EUR je EW", or "" when open."""
    unit = indicator.unit
    low, high = indicator.min_value, indicator.max_value
    if is_yes_no(indicator):
        return _("1 (ja) oder 0 (nein)")
    if low is not None and high is not None:
        return f"{show_number(low)}–{show_number(high)} {unit}"
    if low is not None:
        return _("ab %(min)s %(unit)s") % {"min": show_number(low), "unit": unit}
    if high is not None:
        return _("bis %(max)s %(unit)s") % {"max": show_number(high), "unit": unit}
    return ""


def framework_version(agenda: Agenda) -> FrameworkVersion | None:
    """The version whose indicators the agenda fills in, or None when no framework is loaded.

    An agenda that has assessed keeps the version of its latest round (so values line up with
    that assessment); before the first round it uses the active default version.
    """
    latest_round = (
        AssessmentRound.objects.filter(agenda=agenda)
        .select_related("version")
        .order_by("-created", "-pk")
        .first()
    )
    if latest_round is not None:
        return latest_round.version
    return active_version(with_fields=False)


def version_indicators(version: FrameworkVersion) -> list[Indicator]:
    """The indicators of ``version`` in field order, each with its field (one query)."""
    return list(
        Indicator.objects.filter(field__version=version)
        .select_related("field")
        .order_by("field__order", "order", "pk")
    )


def indicator_of(version: FrameworkVersion, key: str) -> Indicator:
    indicator = (
        Indicator.objects.filter(field__version=version, key=key).select_related("field").first()
    )
    if indicator is None:
        raise Http404(
            _("Den Indikator „%(key)s“ gibt es in %(version)s nicht.")
            % {"key": key, "version": version}
        )
    return indicator


@dataclass
class IndicatorEntry:
    """One indicator of the list page, with the region's latest value and how many there are."""

    indicator: Indicator
    value_count: int
    latest_date: datetime.date | None
    latest_source: str | None
    latest_display: str
    target_display: str


@dataclass
class FieldIndicators:
    field: MatrixField
    # ``dataclasses.field``: the name ``field`` is this class's matrix field.
    indicators: list[IndicatorEntry] = dataclasses.field(default_factory=list)


def indicator_overview(agenda: Agenda, version: FrameworkVersion) -> list[FieldIndicators]:
    """The version's indicators grouped by field, each with its latest value and value count.

    Two queries, however many indicators and values there are: the indicators annotated with
    their latest value (correlated subqueries on the (indicator, region, -date) index) and one
    grouped count.
    """
    latest = IndicatorValue.objects.filter(region=agenda.region_id, indicator=OuterRef("pk"))
    latest = latest.order_by("-date", "-pk")
    indicators = (
        Indicator.objects.filter(field__version=version)
        .select_related("field")
        .annotate(
            latest_value=Subquery(latest.values("value")[:1]),
            latest_date=Subquery(latest.values("date")[:1]),
            latest_source=Subquery(latest.values("source")[:1]),
        )
        .order_by("field__order", "order", "pk")
    )
    counts = dict(
        IndicatorValue.objects.filter(region=agenda.region_id, indicator__field__version=version)
        .values_list("indicator")
        .annotate(n=Count("pk"))
    )
    by_field: dict[int, list[Any]] = {}  # annotated indicators (latest_value, …)
    for annotated in indicators:
        by_field.setdefault(annotated.field_id, []).append(annotated)
    groups = []
    for members in by_field.values():
        # one table per field with a unit column: values without unit, a column's alike
        numeric = [i for i in members if not is_yes_no(i)]
        latest_decimals = decimals_of(i.latest_value for i in numeric)
        target_decimals = decimals_of(i.target for i in numeric)
        group = FieldIndicators(field=members[0].field)
        for indicator in members:
            group.indicators.append(
                IndicatorEntry(
                    indicator=indicator,
                    value_count=counts.get(indicator.pk, 0),
                    latest_date=indicator.latest_date,
                    latest_source=indicator.latest_source,
                    latest_display=show_value(
                        indicator, indicator.latest_value, decimals=latest_decimals, unit=False
                    ),
                    target_display=show_value(
                        indicator, indicator.target, decimals=target_decimals, unit=False
                    ),
                )
            )
        groups.append(group)
    return groups


def cached_indicator_overview(agenda: Agenda, version: FrameworkVersion) -> list[FieldIndicators]:
    """``indicator_overview`` once per data version (it depends on no viewer)."""
    return pagecache.per_version(
        "matrix-indicators",
        agenda.pk,
        agenda.region_id,
        version.pk,
        compute=lambda: indicator_overview(agenda, version),
    )


@dataclass
class ValueEntry:
    """One value of the detail page, with the number as people read it."""

    value: IndicatorValue
    display: str


def indicator_values(agenda: Agenda, indicator: Indicator) -> list[ValueEntry]:
    """All values of one indicator for the agenda's region, newest first."""
    values = list(
        IndicatorValue.objects.filter(region=agenda.region_id, indicator=indicator)
        .select_related("entered_by")
        .order_by("-date", "-pk")
    )
    decimals = decimals_of(value.value for value in values)  # the column's values line up
    return [
        ValueEntry(value=value, display=show_value(indicator, value.value, decimals=decimals))
        for value in values
    ]


def value_of_agenda(agenda: Agenda, pk: int) -> IndicatorValue:
    """One value of the agenda's region; any other region's value is simply not there (404)."""
    value = (
        IndicatorValue.objects.filter(region=agenda.region_id, pk=pk)
        .select_related("indicator", "indicator__field")
        .first()
    )
    if value is None:
        raise Http404(_("Diesen Indikatorwert gibt es in dieser Agenda nicht (mehr)."))
    return value
