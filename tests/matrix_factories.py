"""A small but complete matrix framework for tests that must not depend on the framework file.

``build_framework()`` creates a version with the 16 field keys of the Smart-Region-Matrix, two
indicators per field (one "up", one "down"), and the five levels.
"""

import factory

from regioagenda.matrix.models import (
    Direction,
    FrameworkVersion,
    Indicator,
    MatrixField,
)

FIELD_KEYS = [
    ("work", "Arbeiten", "Work"),
    ("building", "Bauen", "Building"),
    ("education", "Bildung", "Education"),
    ("services", "Dienste", "Services"),
    ("egovernment", "e-Government", "e-Government"),
    ("energy", "Energie", "Energy"),
    ("health", "Gesundheit", "Health"),
    ("retail", "Handel", "Retail"),
    ("it_infrastructure", "IT-Infrastruktur", "IT infrastructure"),
    ("culture", "Kultur", "Culture"),
    ("agriculture", "Landwirtschaft", "Agriculture"),
    ("mobility", "Mobilität", "Mobility"),
    ("security", "Sicherheit", "Security"),
    ("tourism", "Tourismus", "Tourism"),
    ("environment", "Umwelt", "Environment"),
    ("housing", "Wohnen", "Housing"),
]
LEVELS = [
    {"level": 0, "name_de": "Nicht begonnen", "name_en": "Not started"},
    {"level": 1, "name_de": "Erste Schritte", "name_en": "First steps"},
    {"level": 2, "name_de": "Geplant & organisiert", "name_en": "Planned & organised"},
    {"level": 3, "name_de": "Umgesetzt & vernetzt", "name_en": "Implemented & connected"},
    {"level": 4, "name_de": "Gesteuert & übertragen", "name_en": "Managed & transferred"},
]


class FrameworkVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FrameworkVersion

    slug = "test-matrix"
    version = factory.Sequence(lambda n: n + 1)
    name_de = "Test-Matrix"
    name_en = "Test matrix"
    levels = LEVELS
    checksum = factory.Sequence(lambda n: f"{n:064d}")


def build_framework(**kwargs):
    version = FrameworkVersionFactory(**kwargs)
    for order, (key, name_de, name_en) in enumerate(FIELD_KEYS, start=1):
        field = MatrixField.objects.create(
            version=version,
            key=key,
            order=order,
            name_de=name_de,
            name_en=name_en,
            description_de=f"Beschreibung {name_de}",
            description_en=f"Description {name_en}",
            keywords=[name_de.lower()],
            level_descriptors={
                str(level["level"]): {"de": f"{name_de}: {level['name_de']}", "en": name_en}
                for level in LEVELS
            },
        )
        Indicator.objects.create(
            field=field,
            key=f"{key}_share",
            order=1,
            name_de=f"Anteil {name_de}",
            name_en=f"Share {name_en}",
            unit="%",
            direction=Direction.UP,
            target=100,
            worst=0,
            min_value=0,
            max_value=100,
            source="Breitbandatlas",
        )
        Indicator.objects.create(
            field=field,
            key=f"{key}_cost",
            order=2,
            name_de=f"Kosten {name_de}",
            name_en=f"Cost {name_en}",
            unit="EUR je EW",
            direction=Direction.DOWN,
            target=10,
            worst=110,
            min_value=0,
            max_value=None,
            source="Selbstauskunft mit Beleg",
        )
    return version
