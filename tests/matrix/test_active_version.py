"""One answer to "which framework version is active", kept by the database and asked everywhere."""

import dataclasses
import datetime

import pytest
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from regioagenda.actors import fields as actor_fields
from regioagenda.matrix.framework import load_framework_file, publish
from regioagenda.matrix.models import FrameworkVersion
from regioagenda.matrix.queries import indicators as indicator_queries
from regioagenda.matrix.queries.framework import (
    NoActiveFramework,
    active_version,
    require_active_version,
)
from regioagenda.matrix.services import rounds
from regioagenda.sources import classifier
from tests.matrix_factories import FrameworkVersionFactory, build_framework

pytestmark = pytest.mark.django_db

MINIMAL = settings.BASE_DIR / "tests" / "matrix" / "frameworks" / "minimal.yaml"


def test_the_database_refuses_a_second_active_version_of_a_slug():
    FrameworkVersion.objects.create(slug="rahmen", version=1, name_de="R", checksum="a")

    with pytest.raises(IntegrityError), transaction.atomic():
        FrameworkVersion.objects.create(slug="rahmen", version=2, name_de="R", checksum="b")
    FrameworkVersion.objects.create(
        slug="rahmen", version=2, name_de="R", checksum="b", is_active=False
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        FrameworkVersion.objects.filter(slug="rahmen").update(is_active=True)


def test_inactive_versions_and_other_slugs_are_free():
    FrameworkVersion.objects.create(slug="rahmen", version=1, name_de="R", checksum="a")
    FrameworkVersion.objects.create(
        slug="rahmen", version=2, name_de="R", checksum="b", is_active=False
    )
    FrameworkVersion.objects.create(
        slug="rahmen", version=3, name_de="R", checksum="c", is_active=False
    )
    FrameworkVersion.objects.create(slug="anderer-rahmen", version=1, name_de="A", checksum="d")

    assert FrameworkVersion.objects.filter(is_active=True).count() == 2


def test_publishing_a_newer_version_hands_over_the_active_flag():
    minimal = load_framework_file(MINIMAL)
    first, _status = publish(minimal)
    second, _status = publish(dataclasses.replace(minimal, version=2, checksum="zwei"))
    older, _status = publish(dataclasses.replace(minimal, version=1, checksum="neu"))

    first.refresh_from_db()
    assert not first.is_active
    assert second.is_active
    assert older.pk == first.pk and not older.is_active  # an older file never takes it back
    assert active_version(minimal.slug) == second


def test_no_active_version_is_none_or_a_clear_error():
    build_framework(is_active=False)

    assert active_version() is None
    with pytest.raises(NoActiveFramework, match="manage.py load_framework"):
        require_active_version()


def test_every_part_of_the_platform_names_the_same_version(team):
    """The former five rules disagreed where another framework was published later, or an older
    version of the default framework was still around."""
    build_framework(is_active=False)
    active = build_framework()
    active.fields.filter(key="mobility").update(name_de="Mobilität (aktive Version)")
    FrameworkVersionFactory(
        slug="andere-matrix", published=timezone.now() + datetime.timedelta(days=1)
    )

    assert active_version() == active
    assert require_active_version() == active
    assert classifier.active_framework() == active
    assert indicator_queries.framework_version(team.agenda) == active
    created = rounds.create_round(actor=team.coordinator, agenda=team.agenda, title="Runde")
    assert created.version == active
    names = actor_fields.field_names()
    assert list(names) == [field.key for field in active.fields.order_by("order")]
    assert names["mobility"] == "Mobilität (aktive Version)"
