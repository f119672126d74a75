"""Re-analysing a document keeps the review: decisions follow the passage's content."""

import pytest
from django.test import TestCase

from regioagenda.sources import services
from regioagenda.sources import text as text_module
from regioagenda.sources.models import Passage, PassageState

pytestmark = pytest.mark.django_db


def _reanalyse(setup, document, content=None):
    if content is not None:
        storage, name = document.file.storage, document.file.name
        with storage.open(name, "wb") as handle:
            handle.write(content.encode())
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.reanalyse_document(actor=setup.team.coordinator, document=document)
    document.refresh_from_db()
    assert document.status == "analysed", document.failure_reason
    return {
        p.text[:20]: p for p in Passage.objects.filter(document=document).select_related("field")
    }


def test_content_key_ignores_whitespace_hyphenation_and_case():
    assert text_module.content_key("Die Digitali-\nsierung  kommt.") == text_module.content_key(
        "die digitalisierung kommt"
    )
    assert text_module.content_key("Der Rufbus") != text_module.content_key("Der Radweg")


def test_decisions_survive_reanalysis_and_changed_text_is_suggested_again(sources_setup):
    setup = sources_setup
    coordinator = setup.team.coordinator
    document = setup.upload("konzept.md", setup.sample)
    mobility, energy, education = list(document.passages.order_by("order"))[:3]
    assert "Nahverkehr" in mobility.text and "Photovoltaik" in energy.text
    assert "Schulen" in education.text
    target = next(f for f in setup.fields.values() if f.pk != energy.field_id)
    services.accept_passage(actor=coordinator, passage=mobility)
    services.reassign_passage(actor=coordinator, passage=energy, field=target)
    services.reject_passage(actor=coordinator, passage=education)

    after = _reanalyse(setup, document)
    assert after[mobility.text[:20]].state == PassageState.ACCEPTED
    assert after[mobility.text[:20]].pk != mobility.pk  # new rows, same decisions
    assert after[energy.text[:20]].state == PassageState.ACCEPTED
    assert after[energy.text[:20]].reassigned
    assert after[energy.text[:20]].field == target
    assert after[education.text[:20]].state == PassageState.REJECTED

    # Different line breaks do not matter; a changed sentence does.
    changed = setup.sample.replace(
        "Alle Schulen sollen bis 2027", "Alle Schulen sollen bis 2029"
    ).replace(
        "Der Landkreis will den öffentlichen Nahverkehr, den Radverkehr und die Mobilität im ländlichen\nRaum",
        "Der Landkreis will den öffentlichen Nahverkehr, den Radverkehr und die Mobilität\nim ländlichen Raum",
    )
    after = _reanalyse(setup, document, changed)
    assert after[mobility.text[:20]].state == PassageState.ACCEPTED
    assert after[energy.text[:20]].field == target
    assert after[education.text[:20]].state == PassageState.SUGGESTED
    assert "2029" in after[education.text[:20]].text
