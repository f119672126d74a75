"""The coverage grid (sectors × matrix fields) and suggestions from the programme-wide pool.

The grid costs four queries whatever the number of actors (fields, two aggregates, people
without a sector); the suggestions two (the ranked people, their fields).
"""

from typing import Any, TypedDict
from urllib.parse import urlencode

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise

from regioagenda.actors.fields import active_fields
from regioagenda.actors.models import Invitation, OrganisationField, Person, PersonField, Sector
from regioagenda.actors.queries.register import pool_people
from regioagenda.core import pagecache
from regioagenda.regions.models import Agenda, Region, RegionLevel

SUGGESTION_LIMIT = 12

PROXIMITY_LABELS = {
    0: gettext_lazy("in derselben Region"),
    1: gettext_lazy("im selben Landkreis"),
    2: gettext_lazy("im selben Regierungsbezirk"),
    3: gettext_lazy("anderswo im Programm"),
}


def _effective_sector(prefix: str = "") -> Case:
    """The sector a person counts for: the organisation's, else their own (see Person)."""
    return Case(
        When(**{f"{prefix}organisation__isnull": False}, then=F(f"{prefix}organisation__sector")),
        default=F(f"{prefix}sector"),
    )


def coverage_grid(agenda: Agenda) -> dict[str, Any]:
    """Rows per sector with one cell per active field (people · organisations) and the gaps.

    A person counts in a cell when they have expertise in the field, are not anonymised and
    their effective sector is the row's; an organisation when it works in the field.
    """
    fields = active_fields()
    people = {
        (row["eff_sector"], row["field_key"]): row["n"]
        for row in PersonField.objects.filter(person__agenda=agenda, person__is_anonymised=False)
        .annotate(eff_sector=_effective_sector("person__"))
        .values("eff_sector", "field_key")
        .annotate(n=Count("person_id"))
        .order_by()
    }
    organisations = {
        (row["organisation__sector"], row["field_key"]): row["n"]
        for row in OrganisationField.objects.filter(organisation__agenda=agenda)
        .values("organisation__sector", "field_key")
        .annotate(n=Count("organisation_id"))
        .order_by()
    }
    without_sector = Person.objects.filter(
        agenda=agenda, is_anonymised=False, organisation__isnull=True, sector=""
    ).count()

    totals = dict.fromkeys((key for key, _name in fields), 0)
    rows: list[dict[str, Any]] = []
    for sector, sector_label in Sector.choices:
        cells = []
        for key, name in fields:
            p = people.get((sector, key), 0)
            o = organisations.get((sector, key), 0)
            totals[key] += p + o
            cells.append(
                {
                    "field_key": key,
                    "field_name": name,
                    "people": p,
                    "organisations": o,
                    "empty": not (p or o),
                    "query": urlencode({"sector": sector, "field": key}),
                }
            )
        rows.append({"key": sector, "label": sector_label, "cells": cells})

    gaps: list[dict[str, Any]] = []
    # Fields nobody covers come first, then the single empty cells of the others.
    for key, name in sorted(fields, key=lambda item: totals[item[0]] > 0):
        if totals[key] == 0:
            gaps.append(
                {
                    "field_key": key,
                    "field_name": name,
                    "uncovered": True,
                    "sentence": _(
                        "Niemand aus irgendeinem Bereich für %(field)s – das Handlungsfeld ist "
                        "noch gar nicht abgedeckt."
                    )
                    % {"field": name},
                    "cells": [],
                }
            )
            continue
        empty = [
            {
                "sector": row["key"],
                "label": row["label"],
                "sentence": _("Niemand aus %(sector)s für %(field)s")
                % {"sector": row["label"], "field": name},
            }
            for row in rows
            for cell in row["cells"]
            if cell["field_key"] == key and cell["empty"]
        ]
        if empty:
            gaps.append({"field_key": key, "field_name": name, "uncovered": False, "cells": empty})
    empty_cells = sum(1 for row in rows for cell in row["cells"] if cell["empty"])
    return {
        "fields": fields,
        "rows": rows,
        "gaps": gaps,
        "uncovered_fields": [gap for gap in gaps if gap["uncovered"]],
        "empty_cells": empty_cells,
        "cell_count": len(rows) * len(fields),
        "without_sector": without_sector,
    }


def cached_coverage_grid(agenda: Agenda) -> dict[str, Any]:
    """``coverage_grid`` once per data version: it depends on no viewer."""
    return pagecache.per_version(
        "actors-coverage-grid", agenda.pk, compute=lambda: coverage_grid(agenda)
    )


def _region_of(prefix_attr: str) -> Case:
    """An attribute of the region a pool person stands for: their own region, else their
    organisation's, else the region of the agenda they belong to."""
    return Case(
        When(region__isnull=False, then=F(f"region__{prefix_attr}")),
        When(organisation__region__isnull=False, then=F(f"organisation__region__{prefix_attr}")),
        default=F(f"agenda__region__{prefix_attr}"),
    )


def _kreis_and_bezirk(region: Region | None) -> tuple[int | None, int | None]:
    """The pk of the Kreis and of the Regierungsbezirk ``region`` lies in (None if unknown).

    Gemeinden and Verbände hang directly under their Kreis (see the register import)."""
    if region is None:
        return None, None
    kreis: int | None
    if region.level == RegionLevel.KREIS:
        kreis = region.pk
    elif region.level in (RegionLevel.GEMEINDE, RegionLevel.VERBAND):
        kreis = region.parent_id
    else:
        kreis = None
    bezirk = region.pk if region.level == RegionLevel.BEZIRK else region.bezirk_id
    return kreis, bezirk


class Suggestion(TypedDict):
    pk: int
    name: str
    function: str
    organisation: str
    region: str
    sector: StrOrPromise
    sector_match: bool
    fields: list[str]
    proximity: int
    proximity_label: StrOrPromise
    invited: bool


def suggestions(
    agenda: Agenda,
    field_key: str,
    sector: str = "",
    limit: int = SUGGESTION_LIMIT,
    *,
    names: dict[str, str] | None = None,
) -> list[Suggestion]:
    """People from the programme-wide pool with expertise in ``field_key``, nearest first.

    Ranked by region (same region, same Kreis, same Regierungsbezirk, elsewhere), then by
    whether their sector is ``sector``, then by name. Only what a suggestion may show: name,
    function, organisation, region and fields; never an address. Two queries.
    """
    region = agenda.region
    kreis, bezirk = _kreis_and_bezirk(region)
    today_pending = Invitation.objects.filter(
        agenda=agenda,
        email__iexact=OuterRef("email"),
        accepted__isnull=True,
        revoked__isnull=True,
        expires__gt=timezone.now(),
    )
    proximity = [When(eff_region=region.pk, then=Value(0))]
    if kreis is not None:
        proximity.append(When(eff_kreis=kreis, then=Value(1)))
    if bezirk is not None:
        proximity.append(When(eff_bezirk=bezirk, then=Value(2)))
    queryset = (
        pool_people(agenda)
        .filter(Exists(PersonField.objects.filter(person=OuterRef("pk"), field_key=field_key)))
        # Someone already in this agenda's register is no gap filler.
        .exclude(Exists(Person.objects.filter(agenda=agenda, email__iexact=OuterRef("email"))))
        .annotate(
            eff_region=_region_of("id"),
            eff_level=_region_of("level"),
            eff_parent=_region_of("parent"),
            eff_bezirk_fk=_region_of("bezirk"),
            eff_sector=_effective_sector(),
        )
        .annotate(
            eff_kreis=Case(
                When(eff_level=RegionLevel.KREIS, then=F("eff_region")),
                When(
                    eff_level__in=[RegionLevel.GEMEINDE, RegionLevel.VERBAND],
                    then=F("eff_parent"),
                ),
                default=Value(None),
                output_field=IntegerField(),
            ),
            eff_bezirk=Case(
                When(eff_level=RegionLevel.BEZIRK, then=F("eff_region")),
                default=F("eff_bezirk_fk"),
                output_field=IntegerField(),
            ),
        )
        .annotate(
            proximity=Case(*proximity, default=Value(3), output_field=IntegerField()),
            sector_rank=Case(When(eff_sector=sector, then=Value(0)), default=Value(1))
            if sector
            else Value(0),
            invited=Exists(today_pending),
        )
        .select_related("organisation", "region", "organisation__region", "agenda__region")
        .prefetch_related(
            Prefetch("field_links", queryset=PersonField.objects.order_by("field_key"))
        )
        .order_by("proximity", "sector_rank", "name", "pk")
    )
    names = dict(active_fields()) if names is None else names
    sectors = dict(Sector.choices)
    result: list[Suggestion] = []
    for person in queryset[:limit]:
        shown_region = (
            person.region
            or (person.organisation.region if person.organisation else None)
            or person.agenda.region
        )
        result.append(
            {
                "pk": person.pk,
                "name": person.name,
                "function": person.function,
                "organisation": person.organisation.name if person.organisation else "",
                "region": shown_region.name if shown_region else "",
                "sector": sectors.get(person.eff_sector, ""),
                "sector_match": bool(sector) and person.eff_sector == sector,
                "fields": [
                    names[link.field_key]
                    for link in person.field_links.all()
                    if link.field_key in names
                ],
                "proximity": person.proximity,
                "proximity_label": PROXIMITY_LABELS[person.proximity],
                "invited": person.invited,
            }
        )
    return result


def suggestion_context(agenda: Agenda, field_key: str, sector: str) -> dict[str, Any]:
    """What the suggestions block needs, or an error sentence for unknown parameters."""
    names = dict(active_fields())
    if field_key not in names:
        return {
            "error": _("„%(key)s“ ist kein Handlungsfeld der Smart-Region-Matrix.")
            % {"key": field_key}
        }
    if sector and sector not in Sector.values:
        return {"error": _("„%(sector)s“ ist kein Bereich.") % {"sector": sector}}
    return {
        "field_key": field_key,
        "field_name": names[field_key],
        "sector": sector,
        "sector_label": Sector(sector).label if sector else "",
        "has_programme": agenda.programme_id is not None,
        "people": suggestions(agenda, field_key, sector, names=names)
        if agenda.programme_id
        else [],
    }
