"""The demo agenda's matrix is full: a closed baseline round, consensus, values, priorities."""

import pytest
from django.core.management import call_command

from regioagenda.matrix.models import (
    AssessmentRound,
    Consensus,
    IndicatorValue,
    PriorityField,
    Rating,
    RoundStatus,
)
from regioagenda.matrix.queries.rounds import consensus_overview
from regioagenda.participation.models import Response


def counts():
    return [
        m.objects.count()
        for m in (AssessmentRound, Rating, Consensus, IndicatorValue, PriorityField, Response)
    ]


@pytest.mark.django_db
def test_demo_matrix_is_complete_and_loading_twice_changes_nothing(client):
    call_command("load_demo", verbosity=0)
    assessment_round = AssessmentRound.objects.get(agenda__slug="beispielland")
    assert assessment_round.status == RoundStatus.CLOSED
    assert assessment_round.is_example
    invitations = assessment_round.invitations.all()
    assert invitations.count() >= 8
    assert all(invitation.submitted for invitation in invitations)
    overview = consensus_overview(assessment_round)
    assert Consensus.objects.filter(round=assessment_round).count() == 16
    # plausible disagreement: the dissenting raters' fields are disputed, most fields are not
    disputed = {row.field.key for row in overview.disputed}
    assert {"health", "mobility"} <= disputed
    assert len(disputed) <= 4
    assert Rating.objects.filter(invitation__round=assessment_round, skipped=True).exists()
    assert 3 <= PriorityField.objects.filter(round=assessment_round).count() <= 5
    region_values = IndicatorValue.objects.filter(region=assessment_round.agenda.region)
    assert region_values.count() > 30
    assert not IndicatorValue.objects.filter(is_example=False).exists()
    # the public self-assessment is a participation survey linked to the round
    assert Response.objects.filter(survey__assessment_round=assessment_round).count() > 20

    before = counts()
    call_command("load_demo", verbosity=0)
    assert counts() == before

    page = client.get("/agenden/beispielland/matrix/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Erstbewertung 2026" in html
    assert "<svg" in html
