"""A small but complete matrix framework for tests that must not depend on the framework file.

``build_framework()`` creates a version with the 16 field keys of the Smart-Region-Matrix, two
indicators per field (one "up", one "down"), and the five levels.
"""

import factory

from regioagenda.matrix.framework import DEFAULT_SLUG
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

    # The default slug, so the test framework is the active one every part of the platform uses;
    # version numbers from 100 leave the real file's versions (matrix_v1) free.
    slug = DEFAULT_SLUG
    version = factory.Sequence(lambda n: n + 100)
    name_de = "Test-Matrix"
    name_en = "Test matrix"
    levels = LEVELS
    checksum = factory.Sequence(lambda n: f"{n:064d}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # As publishing does: a new active version replaces the active one of its slug.
        if kwargs.get("is_active", True):
            model_class.objects.filter(slug=kwargs["slug"], is_active=True).update(is_active=False)
        return super()._create(model_class, *args, **kwargs)


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
