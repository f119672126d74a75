"""Checking an import of organisations or people row by row, writing nothing: the register
read once, each row's cells checked (``cells``), then compared for duplicates (``matching``).
The database is read with a fixed number of queries whatever the number of rows.
"""

from django.db.models import Prefetch
from django.utils import translation
from django.utils.translation import gettext as _

from regioagenda.actors.fields import active_fields
from regioagenda.actors.imports_format import ORGANISATIONS, PEOPLE
from regioagenda.actors.imports_plan.cells import (
    ags_candidates,
    check_organisation,
    check_person,
    is_anonymised_placeholder,
)
from regioagenda.actors.imports_plan.matching import organisation_duplicates, people_duplicates
from regioagenda.actors.imports_plan.rows import ERROR, SKIPPED, ImportPlan, PlanTable, Row
from regioagenda.actors.models import ConsentRecord, Organisation, Person, Sector
from regioagenda.actors.names import exact
from regioagenda.regions.models import Region


class _Register:
    """What the checks need from the database, each read with one query."""

    def __init__(self, agenda, tables):
        with translation.override("de"):
            self.fields = dict(active_fields())
        self.field_by_name = {exact(name): key for key, name in self.fields.items()}
        self.sectors: dict[str, str] = {}
        for language in ("de", "en"):
            with translation.override(language):
                for key, label in Sector.choices:
                    self.sectors.setdefault(exact(label), key)
        self.sectors.update({key: key for key in Sector.values})
        self.regions = self._regions(tables)
        self.organisations = list(
            Organisation.objects.filter(agenda=agenda)
            .select_related("region")
            .prefetch_related("field_links")
            .order_by("name", "pk")
        )
        self.organisation_by_name: dict[str, Organisation] = {}
        for organisation in self.organisations:
            self.organisation_by_name.setdefault(exact(organisation.name), organisation)
        self.people = []
        if any(table.kind == PEOPLE for table in tables):
            active = ConsentRecord.objects.filter(withdrawn_on__isnull=True).order_by("pk")
            self.people = list(
                Person.objects.filter(agenda=agenda, is_anonymised=False)
                .select_related("organisation", "region")
                .prefetch_related("field_links", Prefetch("consents", queryset=active))
                .order_by("name", "pk")
            )

    @staticmethod
    def _regions(tables):
        wanted = set()
        for table in tables:
            for _line, raw in table.rows:
                for candidate in ags_candidates(raw.get("region", "")):
                    wanted.add(candidate)
        if not wanted:
            return {}
        return {region.ags: region for region in Region.objects.filter(ags__in=wanted)}


def build_plan(agenda, kind, tables, filename):
    """Check every row of ``tables`` (from ``imports_format.read_tables``) against the agenda.

    Queries: the framework's fields, the regions named, the organisations with their fields,
    and for people the people with fields and active consents — a fixed number in all.
    """
    register = _Register(agenda, tables)
    plan_tables = []
    organisation_rows: dict[str, Row] = {}
    for table in tables:
        rows = [Row(table.kind, table.sheet, line, raw) for line, raw in table.rows]
        plan_table = PlanTable(table.kind, table.sheet, rows)
        plan_tables.append(plan_table)
        if table.kind == ORGANISATIONS:
            for row in rows:
                check_organisation(row, register)
                if row.values["name"]:
                    organisation_rows.setdefault(exact(row.values["name"]), row)
        else:
            for row in rows:
                if is_anonymised_placeholder(row):
                    row.status = SKIPPED
                    row.reason = _("anonymisierte Person – wird nicht übernommen")
                    continue
                check_person(row, register, organisation_rows)
        for row in rows:
            if row.errors:
                row.status = ERROR
        if table.kind == ORGANISATIONS:
            organisation_duplicates(plan_table, register)
        else:
            people_duplicates(plan_table, register)
    return ImportPlan(kind=kind, filename=filename, tables=plan_tables)
