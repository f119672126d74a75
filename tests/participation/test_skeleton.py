"""The base rows of the participation app keep their invariants in the database."""

import pytest
from django.db import IntegrityError, transaction

from regioagenda.participation.classify import propose_fields
from tests.participation_factories import IdeaFactory, SupportFactory


@pytest.mark.django_db
def test_a_person_supports_an_idea_once():
    support = SupportFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        SupportFactory(idea=support.idea, user=support.user)


@pytest.mark.django_db
def test_the_classifier_proposes_fields_for_an_idea():
    from regioagenda.matrix.framework import load_framework_file
    from regioagenda.sources.classifier import default_framework_file

    keys = {field.key for field in load_framework_file(default_framework_file()).fields}
    idea = IdeaFactory(
        title="Glasfaser und Mobilfunk für alle Ortsteile",
        body="<p>Schnelles Internet und 5G auch in den Dörfern, damit Betriebe bleiben.</p>",
    )

    proposed = propose_fields(title=idea.title, body=idea.body)

    assert proposed and set(proposed) <= keys
    assert "it_infrastructure" in proposed
    assert propose_fields(title="", body="<p></p>") == []
