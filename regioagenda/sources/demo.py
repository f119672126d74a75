"""Demo: two existing concepts of Landkreis Beispielland, analysed, with curated summaries.

The documents were written for the demo (``data/sources/demo``) and are marked as example data.
They are analysed right here, without the task queue, so ``load_demo`` ends with results.
"""

import secrets

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction

from regioagenda.accounts.models import Role
from regioagenda.core.registry import demo_loaders
from regioagenda.sources import jobs, queries, services
from regioagenda.sources.models import DocumentStatus, DocumentType, FieldSummary, SourceDocument

DEMO_DIR = settings.BASE_DIR / "data" / "sources" / "demo"

DOCUMENTS = [
    (
        "klimaschutzkonzept-beispielland-2024.md",
        "Klimaschutzkonzept Landkreis Beispielland 2024",
        DocumentType.CLIMATE,
        2024,
        "Landratsamt Beispielland (Beispiel)",
    ),
    (
        "mobilitaets-und-gigabitstrategie-beispielland-2023.md",
        "Mobilitäts- und Gigabitstrategie Beispielland 2023",
        DocumentType.MOBILITY,
        2023,
        "Landratsamt Beispielland (Beispiel)",
    ),
]

CURATED = {
    "mobility": (
        "<p>Beide Konzepte setzen auf den <strong>Rufbus „Beispielland flexibel“</strong> in "
        "allen Gemeinden, buchbar per App, und auf Echtzeitdaten an den Haltestellen.</p>"
        "<ul><li>Ziel: jede Gemeinde bis 2030 stündlich angebunden</li>"
        "<li>Acht Mobilitätsstationen mit Ladepunkten und Carsharing</li></ul>"
    ),
    "it_infrastructure": (
        "<p>Ziel ist <strong>Glasfaser für alle Haushalte bis 2030</strong>; der Landkreis "
        "bündelt das Gigabit-Förderverfahren von 19 Gemeinden und führt ein Leerrohrkataster.</p>"
    ),
    "energy": (
        "<p>Bis 2030 soll der Strombedarf bilanziell erneuerbar gedeckt sein; geplant sind "
        "Photovoltaik auf allen kreiseigenen Dächern, Vorranggebiete für Windenergie und ein "
        "digitales Energiemanagement der Liegenschaften.</p>"
    ),
}


@demo_loaders.register(15, "sources")
def load(context):
    agenda = context["agenda"]
    coordinator = context["users"][Role.COORDINATOR]
    if queries.active_version() is None:
        # The matrix loader publishes the framework; load it here if it has not run yet.
        from regioagenda.matrix.demo import FRAMEWORK_FILE
        from regioagenda.matrix.framework import publish_framework

        publish_framework(FRAMEWORK_FILE)
    for file_name, title, doc_type, year, publisher in DOCUMENTS:
        document = SourceDocument.objects.filter(agenda=agenda, title=title).first()
        if document is None:
            document = _create(agenda, coordinator, file_name, title, doc_type, year, publisher)
        if document.status != DocumentStatus.ANALYSED:
            jobs.analyse_document(document)
    version = queries.active_version()
    for key, html in CURATED.items():
        field = version.fields.filter(key=key).first()
        if field is None:
            continue
        if not FieldSummary.objects.filter(agenda=agenda, field=field, is_curated=True).exists():
            services.edit_summary(actor=coordinator, agenda=agenda, field=field, html=html)


@transaction.atomic
def _create(agenda, coordinator, file_name, title, doc_type, year, publisher):
    content = (DEMO_DIR / file_name).read_bytes()
    document = SourceDocument(
        agenda=agenda,
        title=title,
        doc_type=doc_type,
        year=year,
        publisher=publisher,
        token=secrets.token_hex(16),
        extension=".md",
        original_name=file_name,
        size=len(content),
        uploaded_by=coordinator,
        is_example=True,
        status=DocumentStatus.ANALYSING,
    )
    document.file.save(f"{document.token}.md", ContentFile(content), save=False)
    document.save()
    return document
