"""Workshop consensus: the statistics per field, setting the consensus, the second round, scale."""

import html
import random

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from regioagenda.accounts.models import Membership, Role
from regioagenda.matrix.models import (
    AssessmentRound,
    Consensus,
    RaterInvitation,
    Rating,
    RoundKind,
    RoundStatus,
)
from regioagenda.matrix.queries.rounds import consensus_overview
from regioagenda.matrix.services import rounds
from tests.factories import UserFactory

pytestmark = pytest.mark.usefixtures("no_staff_mfa")


def text(response):
    return html.unescape(response.content.decode())


def consensus_url(assessment_round):
    return reverse("matrix:consensus", args=[assessment_round.agenda.slug, assessment_round.pk])


def save(user, assessment_round, key, **values):
    # The examples include raters who deliberately set a SOLL below the IST.
    return rounds.save_rating(
        actor=user,
        assessment_round=assessment_round,
        field=assessment_round.fields_by_key[key],
        soll_below_confirmed=True,
        **values,
    )


def add_raters(assessment_round, count, seed=1):
    """``count`` more members invited to the round, each with a rating for every field."""
    rng = random.Random(seed)
    users = UserFactory.create_batch(count)
    Membership.objects.bulk_create(
        Membership(user=user, agenda=assessment_round.agenda, role=Role.EXPERT) for user in users
    )
    invitations = RaterInvitation.objects.bulk_create(
        RaterInvitation(round=assessment_round, user=user, perspective="Wirtschaft")
        for user in users
    )
    Rating.objects.bulk_create(
        Rating(
            invitation=invitation,
            field=matrix_field,
            ist=rng.randint(0, 4),
            soll=rng.randint(0, 4),
            importance=rng.randint(1, 5),
            confidence=rng.randint(1, 3),
        )
        for invitation in invitations
        for matrix_field in assessment_round.fields_by_key.values()
    )
    return users


@pytest.fixture
def fourth_rater(team, rating_round):
    """A fourth rater (the moderator is invited too), so a field can get four ratings."""
    rounds.invite_raters(
        actor=team.coordinator, assessment_round=rating_round, users=[team.coordinator]
    )
    return team.coordinator


# Statistics ------------------------------------------------------------------------------------


def test_overview_on_a_hand_made_example(team, rating_round, fourth_rater):
    for rater, ist, importance in (
        (team.expert, 1, 5),
        (team.editor, 2, 4),
        (team.participant, 2, None),
        (fourth_rater, 4, 2),
    ):
        save(rater, rating_round, "mobility", ist=ist, soll=3, importance=importance)
    save(team.expert, rating_round, "energy", ist=2, soll=3)
    save(team.editor, rating_round, "energy", ist=3, soll=3)
    save(team.participant, rating_round, "energy", skipped=True)

    overview = consensus_overview(rating_round)

    assert [row.field.key for row in overview.rows][:3] == ["work", "building", "education"]
    mobility = overview.row("mobility")
    assert mobility.n == 4 and mobility.skipped == 0
    assert mobility.ist.median == 2
    assert mobility.ist.spread == 3
    assert mobility.ist.iqr == pytest.approx(0.75)
    assert mobility.ist.distribution == [0, 1, 2, 0, 1]
    assert mobility.ist.outliers == [(4, "Koordination Person")]
    assert mobility.soll.median == 3 and mobility.soll.spread == 0 and mobility.soll.outliers == []
    assert mobility.mean_importance == pytest.approx(11 / 3)
    assert mobility.disputed
    assert (mobility.suggested_ist, mobility.suggested_soll) == (2, 3)
    assert {r.name for r in mobility.raters} == {
        "Expertenforum Person",
        "Redaktion Person",
        "Teilnahme Person",
        "Koordination Person",
    }

    energy = overview.row("energy")
    assert energy.n == 2 and energy.skipped == 1
    assert energy.ist.median == 2.5 and energy.ist.suggestion == 3  # x.5 rounds up
    assert energy.ist.spread == 1 and not energy.disputed
    assert energy.mean_importance is None

    empty = overview.row("housing")
    assert empty.n == 0 and empty.ist.median is None and not empty.disputed
    assert [row.field.key for row in overview.disputed] == ["mobility"]
    assert overview.invited == 4 and overview.submitted == 0


def test_a_soll_spread_alone_flags_the_field(team, rating_round):
    save(team.expert, rating_round, "culture", ist=2, soll=1)
    save(team.editor, rating_round, "culture", ist=2, soll=3)
    row = consensus_overview(rating_round).row("culture")
    assert row.ist.spread == 0 and row.soll.spread == 2 and row.disputed


def test_overview_prefers_the_consensus_over_the_median(team, rating_round):
    save(team.expert, rating_round, "work", ist=1, soll=2)
    rounds.set_consensus(
        actor=team.moderator,
        assessment_round=rating_round,
        field=rating_round.fields_by_key["work"],
        ist=3,
        soll=4,
        rationale="Neue Coworking-Räume waren nicht allen bekannt.",
    )
    row = consensus_overview(rating_round).row("work")
    assert row.ist.median == 1 and row.suggested_ist == 3 and row.suggested_soll == 4


# Setting the consensus -------------------------------------------------------------------------


def test_moderator_sets_and_changes_the_consensus(team, rating_round):
    work = rating_round.fields_by_key["work"]
    rounds.set_consensus(
        actor=team.moderator,
        assessment_round=rating_round,
        field=work,
        ist=1,
        soll=3,
        rationale="  Median übernommen. ",
    )
    rounds.set_consensus(
        actor=team.coordinator,
        assessment_round=rating_round,
        field=work,
        ist=2,
        soll=3,
        rationale="Nach Diskussion angehoben.",
    )
    consensus = Consensus.objects.get()
    assert (consensus.ist, consensus.soll, consensus.rationale) == (
        2,
        3,
        "Nach Diskussion angehoben.",
    )
    assert consensus.set_by == team.coordinator


def test_consensus_may_follow_the_close(team, rating_round):
    rounds.close_round(actor=team.coordinator, assessment_round=rating_round)
    rounds.set_consensus(
        actor=team.moderator,
        assessment_round=rating_round,
        field=rating_round.fields_by_key["work"],
        ist=2,
        soll=3,
        rationale="Workshop am 12. Mai.",
    )
    assert Consensus.objects.count() == 1


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"rationale": "  "}, "rationale", "Bitte begründen Sie den Konsens für „Arbeiten“"),
        ({"ist": 5}, "ist", "IST muss eine Stufe von 0 bis 4 sein (angegeben: 5)."),
        ({"soll": None}, "soll", "Bitte wählen Sie die gemeinsame Stufe für SOLL."),
        ({"rationale": "x" * 4001}, "rationale", "höchstens 4000 Zeichen"),
    ],
)
def test_bad_consensus_is_refused(team, rating_round, values, field, message):
    with pytest.raises(ValidationError) as refused:
        rounds.set_consensus(
            actor=team.moderator,
            assessment_round=rating_round,
            field=rating_round.fields_by_key["work"],
            **{"ist": 2, "soll": 3, "rationale": "Gut begründet.", **values},
        )
    assert message in " ".join(refused.value.message_dict[field])
    assert not Consensus.objects.exists()


@pytest.mark.parametrize("who", ["editor", "expert", "participant", "outsider"])
def test_only_moderation_and_coordination_set_the_consensus(team, rating_round, who):
    with pytest.raises(PermissionDenied, match="Moderation und Koordination"):
        rounds.set_consensus(
            actor=getattr(team, who),
            assessment_round=rating_round,
            field=rating_round.fields_by_key["work"],
            ist=2,
            soll=3,
            rationale="Gut begründet.",
        )
    assert not Consensus.objects.exists()


def test_no_consensus_for_a_draft_round_or_a_field_outside(team, rating_round):
    draft = rounds.create_round(
        actor=team.coordinator, agenda=team.agenda, title="Entwurf", version=rating_round.version
    )
    with pytest.raises(ValidationError, match="noch nicht geöffnet"):
        rounds.set_consensus(
            actor=team.moderator,
            assessment_round=draft,
            field=rating_round.fields_by_key["work"],
            ist=1,
            soll=1,
            rationale="x",
        )
    save(team.expert, rating_round, "health", ist=0, soll=4)
    save(team.editor, rating_round, "health", ist=3, soll=4)
    second = rounds.start_follow_up_round(actor=team.coordinator, assessment_round=rating_round)
    with pytest.raises(ValidationError, match="„Arbeiten“ gehört nicht zu dieser Bewertungsrunde"):
        rounds.set_consensus(
            actor=team.moderator,
            assessment_round=second,
            field=rating_round.fields_by_key["work"],
            ist=1,
            soll=1,
            rationale="x",
        )
    assert not Consensus.objects.exists()


# The second round ------------------------------------------------------------------------------


def test_second_round_on_the_disputed_fields_with_the_same_raters(team, rating_round):
    save(team.expert, rating_round, "health", ist=0, soll=4)
    save(team.editor, rating_round, "health", ist=3, soll=4)
    save(team.expert, rating_round, "tourism", ist=2, soll=1)
    save(team.editor, rating_round, "tourism", ist=2, soll=4)
    save(team.expert, rating_round, "work", ist=2, soll=3)
    save(team.editor, rating_round, "work", ist=3, soll=3)

    second = rounds.start_follow_up_round(actor=team.coordinator, assessment_round=rating_round)

    second.refresh_from_db()
    assert second.kind == RoundKind.FOLLOW_UP
    assert second.follows == rating_round
    assert second.status == RoundStatus.OPEN and second.opened is not None
    assert second.version == rating_round.version
    assert second.title == "Zweite Runde: Erstbewertung 2025"
    assert sorted(second.fields.values_list("key", flat=True)) == ["health", "tourism"]
    assert set(second.invitations.values_list("user_id", "perspective")) == {
        (team.expert.pk, "Fachleute"),
        (team.editor.pk, "Fachleute"),
        (team.participant.pk, "Fachleute"),
    }


def test_second_round_on_chosen_fields_and_only_once_at_a_time(team, rating_round):
    chosen = [rating_round.fields_by_key["work"], rating_round.fields_by_key["energy"]]
    second = rounds.start_follow_up_round(
        actor=team.coordinator, assessment_round=rating_round, fields=chosen
    )
    assert sorted(second.fields.values_list("key", flat=True)) == ["energy", "work"]

    with pytest.raises(ValidationError, match="läuft bereits die zweite Runde"):
        rounds.start_follow_up_round(
            actor=team.coordinator, assessment_round=rating_round, fields=chosen
        )
    assert AssessmentRound.objects.count() == 2


def test_second_round_refusals(team, rating_round):
    with pytest.raises(ValidationError, match="Kein Feld ist strittig"):
        rounds.start_follow_up_round(actor=team.coordinator, assessment_round=rating_round)
    with pytest.raises(PermissionDenied):
        rounds.start_follow_up_round(
            actor=team.moderator,
            assessment_round=rating_round,
            fields=[rating_round.fields_by_key["work"]],
        )
    with pytest.raises(ValidationError, match="mindestens ein Feld"):
        rounds.start_follow_up_round(
            actor=team.coordinator, assessment_round=rating_round, fields=[]
        )
    assert AssessmentRound.objects.count() == 1


# The consensus page ----------------------------------------------------------------------------


def test_consensus_page_for_the_moderator(team, rating_round, login):
    save(team.expert, rating_round, "mobility", ist=0, soll=3, evidence="Kein ÖPNV am Abend")
    save(team.editor, rating_round, "mobility", ist=3, soll=3)
    save(team.participant, rating_round, "mobility", skipped=True)

    response = login(team.moderator).get(consensus_url(rating_round))

    assert response.status_code == 200
    page = text(response)
    assert page.count("<h1") == 1
    assert "<caption" in page and 'scope="col"' in page
    assert "Diskussion nötig" in page
    assert "Median 1,5" in page and "Spannweite 3" in page
    assert "+ 1 × nicht beurteilt" in page
    assert "Expertenforum Person" in page and "Kein ÖPNV am Abend" in page
    assert 'id="konsens-mobility"' in page
    # The rounded median prefills the consensus form (1.5 → 2, 3 → 3).
    assert '<option value="2" selected>' in page and '<option value="3" selected>' in page
    assert "Zweite Runde starten" not in page  # the moderator does not manage rounds


@pytest.mark.parametrize("who", ["expert", "participant", "editor"])
def test_consensus_page_is_closed_to_raters(team, rating_round, login, who):
    save(team.expert, rating_round, "work", ist=0, soll=3)
    client = login(getattr(team, who))

    get = client.get(consensus_url(rating_round))
    post = client.post(
        consensus_url(rating_round),
        {"field": "work", "work-ist": "1", "work-soll": "2", "work-rationale": "x"},
    )

    assert get.status_code == post.status_code == 403
    assert "Den Konsens legen Moderation und Koordination fest." in text(get)
    assert "Expertenforum Person" not in text(get)
    assert not Consensus.objects.exists()


def test_consensus_form_saves_without_javascript(team, rating_round, login):
    response = login(team.moderator).post(
        consensus_url(rating_round),
        {"field": "work", "work-ist": "2", "work-soll": "3", "work-rationale": "Workshop"},
    )

    assert response.status_code == 302
    assert response["Location"] == consensus_url(rating_round) + "#konsens-work"
    assert Consensus.objects.get().rationale == "Workshop"


def test_consensus_without_rationale_gets_a_message(team, rating_round, login):
    response = login(team.moderator).post(
        consensus_url(rating_round),
        {"field": "work", "work-ist": "2", "work-soll": "3", "work-rationale": ""},
    )

    assert response.status_code == 200
    assert "Bitte begründen Sie den Konsens für „Arbeiten“" in text(response)
    assert not Consensus.objects.exists()


def test_consensus_level_outside_0_to_4_gets_a_message(team, rating_round, login):
    response = login(team.moderator).post(
        consensus_url(rating_round),
        {"field": "work", "work-ist": "9", "work-soll": "3", "work-rationale": "x"},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert "Bitte wählen Sie eine Stufe von 0 bis 4 (angegeben: 9)." in text(response)
    assert not Consensus.objects.exists()


def test_consensus_row_saves_inline_with_htmx(team, rating_round, login):
    save(team.expert, rating_round, "energy", ist=1, soll=4, evidence_url="https://example.org/e")
    response = login(team.moderator).post(
        consensus_url(rating_round),
        {"field": "energy", "energy-ist": "1", "energy-soll": "4", "energy-rationale": "Einig"},
        headers={"HX-Request": "true"},
    )

    page = text(response)
    assert response.status_code == 200
    assert page.lstrip().startswith(
        '<tbody class="kern-table__body consensus-group" id="konsens-energy">'
    )
    assert "<html" not in page
    assert "Konsens gespeichert." in page
    assert "festgelegt von Moderation Person" in page
    assert "IST 1, SOLL 4 – Entwurf" in page
    assert (
        '<a class="kern-link" href="https://example.org/e" rel="noopener noreferrer nofollow">Beleg</a>'
        in page
    )
    assert Consensus.objects.get().field.key == "energy"


def test_consensus_for_an_unknown_field_is_a_404(team, rating_round, login):
    response = login(team.moderator).post(
        consensus_url(rating_round),
        {"field": "raumfahrt", "raumfahrt-ist": "1", "raumfahrt-soll": "1"},
    )
    assert response.status_code == 404
    assert "„raumfahrt“ gehört nicht zu dieser Bewertungsrunde" in text(response)
    assert not Consensus.objects.exists()


def test_second_round_button_for_the_coordinator(team, rating_round, login):
    save(team.expert, rating_round, "health", ist=0, soll=4)
    save(team.editor, rating_round, "health", ist=3, soll=4)
    client = login(team.coordinator)
    page = text(client.get(consensus_url(rating_round)))
    assert "Zweite Runde starten" in page
    assert 'value="health" class="kern-form-check__checkbox" id="id_selected_6" checked' in page

    response = client.post(
        reverse("matrix:follow_up", args=[team.agenda.slug, rating_round.pk]),
        {"selected": ["health", "work"]},
        follow=True,
    )

    second = AssessmentRound.objects.get(kind=RoundKind.FOLLOW_UP)
    assert sorted(second.fields.values_list("key", flat=True)) == ["health", "work"]
    assert "Die zweite Runde „Zweite Runde: Erstbewertung 2025“ ist offen" in text(response)
    again = client.post(
        reverse("matrix:follow_up", args=[team.agenda.slug, rating_round.pk]),
        {"selected": ["health"]},
        follow=True,
    )
    assert "läuft bereits die zweite Runde" in text(again)
    assert AssessmentRound.objects.filter(kind=RoundKind.FOLLOW_UP).count() == 1


def test_second_round_button_refuses_a_field_of_nowhere(team, rating_round, login):
    response = login(team.coordinator).post(
        reverse("matrix:follow_up", args=[team.agenda.slug, rating_round.pk]),
        {"selected": ["raumfahrt"]},
        follow=True,
    )
    assert "Das Feld „raumfahrt“ gehört nicht zu dieser Runde." in text(response)
    assert AssessmentRound.objects.count() == 1


# Scale -----------------------------------------------------------------------------------------


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


def test_consensus_page_queries_do_not_grow_with_raters(team, rating_round, login):
    client = login(team.moderator)
    add_raters(rating_round, 3)
    few, response = count_queries(client, consensus_url(rating_round))
    assert text(response).count("Einzelbewertungen") == 16

    add_raters(rating_round, 57, seed=2)
    many, response = count_queries(client, consensus_url(rating_round))

    assert many == few
    assert "63 Personen sind eingeladen" in text(response)


def test_consensus_overview_is_five_queries(team, rating_round, django_assert_num_queries):
    add_raters(rating_round, 20)
    rating_round = AssessmentRound.objects.get(pk=rating_round.pk)
    with django_assert_num_queries(5):
        overview = consensus_overview(rating_round)
    assert sum(row.n for row in overview.rows) == 20 * 16


def test_rating_page_queries_do_not_grow_with_raters(team, rating_round, login):
    client = login(team.expert)
    url = reverse("matrix:rate", args=[team.agenda.slug, rating_round.pk])
    few, _response = count_queries(client, url)
    add_raters(rating_round, 30)
    many, _response = count_queries(client, url)
    assert many == few
