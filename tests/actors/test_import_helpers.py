"""Helpers shared by the import and export tests (no tests here)."""

import io

import openpyxl

from regioagenda.actors.imports_format import ORGANISATIONS, PEOPLE, headers
from regioagenda.actors.services import imports as services

ORG_HEADER = headers(ORGANISATIONS)
PEOPLE_HEADER = headers(PEOPLE)


def person_row(name, **values):
    """A row of the people template: ``person_row("Anna", email="a@x.de", organisation="X")``."""
    keys = [
        "organisation",
        "sector",
        "function",
        "email",
        "phone",
        "region",
        "visibility",
        "fields",
        "consent_contact_on",
        "consent_contact_source",
        "consent_publish_on",
        "consent_publish_source",
        "consent_pool_on",
        "consent_pool_source",
    ]
    row = [name] + [values.pop(key, "") for key in keys]
    assert not values, f"unknown columns {values}"
    return row


def org_row(name, sector="Wirtschaft", region="", website="", description="", fields=""):
    return [name, sector, region, website, description, fields]


def csv_bytes(rows, header, delimiter=";", bom=True):
    import csv

    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(row)
    return (("\ufeff" if bom else "") + out.getvalue()).encode("utf-8")


def xlsx_bytes(sheets):
    """``{sheet name: (header, rows)}`` as a workbook."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, (header, rows) in sheets.items():
        sheet = workbook.create_sheet(name)
        sheet.append(header)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def preview(team, what, data, filename="import.csv", actor=None, agenda=None):
    return services.preview_import(
        actor=actor or team.coordinator,
        agenda=agenda or team.agenda,
        what=what,
        file=data,
        filename=filename,
    )


def run_import(team, what, data, filename="import.csv", decisions=None, agenda=None):
    """Preview, stage and confirm as the coordinator; returns the outcome."""
    agenda = agenda or team.agenda
    plan = services.preview_import(
        actor=team.coordinator, agenda=agenda, what=what, file=data, filename=filename
    )
    pending = services.stage_import(actor=team.coordinator, agenda=agenda, plan=plan)
    return services.confirm_import(
        actor=team.coordinator, agenda=agenda, token=pending, decisions=decisions or {}
    )


def upload(name, data):
    handle = io.BytesIO(data)
    handle.name = name
    return handle
