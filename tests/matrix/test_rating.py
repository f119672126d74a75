"""Rating field by field: drafts, bad input, who may rate when, finishing, and the rating page."""

import html

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from regioagenda.matrix.models import RaterInvitation, Rating, RoundKind
from regioagenda.matrix.services import rounds
from tests.matrix_factories import build_framework

pytestmark = pytest.mark.usefixtures("no_staff_mfa")


def text(response):
    return html.unescape(response.content.decode())


def rate_url(assessment_round, query=""):
    path = reverse("matrix:rate", args=[assessment_round.agenda.slug, assessment_round.pk])
    return f"{path}?{query}" if query else path


def save(user, assessment_round, key, **values):
    return rounds.save_rating(
        actor=user,
        assessment_round=assessment_round,
        field=assessment_round.fields_by_key[key],
        **values,
    )


def rate_all(user, assessment_round, ist=2, soll=3, skip=()):
    for key in assessment_round.fields_by_key:
        if key in skip:
            continue
        save(user, assessment_round, key, ist=ist, soll=soll)


# The service -----------------------------------------------------------------------------------


def test_a_draft_is_saved_and_changed_in_place(team, rating_round):
    first = save(
        team.expert,
        rating_round,
        "mobility",
        ist=1,
        soll=3,
        importance=5,
        confidence=2,
        evidence="  Rufbus nur im Süden. ",
        evidence_url="https://example.org/nahverkehrsplan",
    )
    second = save(team.expert, rating_round, "mobility", ist=2, soll=3)

    assert first.pk == second.pk
    rating = Rating.objects.get()
    assert (rating.ist, rating.soll, rating.importance, rating.confidence) == (2, 3, None, None)
    assert rating.invitation.user == team.expert
    assert rating.field.key == "mobility"


def test_evidence_is_trimmed_and_kept(team, rating_round):
    save(team.expert, rating_round, "mobility", ist=1, soll=3, evidence="  Rufbus. ", importance=4)
    rating = Rating.objects.get()
    assert rating.evidence == "Rufbus."
    assert rating.importance == 4


def test_soll_below_ist_is_allowed_when_confirmed(team, rating_round):
    # Without the confirmation it is refused (tests/matrix/test_target_below.py).
    save(team.expert, rating_round, "retail", ist=3, soll=1, soll_below_confirmed=True)
    assert Rating.objects.get().soll == 1


def test_skipping_stores_no_levels(team, rating_round):
    rating = save(team.expert, rating_round, "agriculture", skipped=True, importance=2)
    assert (rating.ist, rating.soll, rating.skipped, rating.importance) == (None, None, True, 2)
    assert rating.is_complete


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"ist": 7, "soll": 2}, "ist", "IST muss eine Stufe von 0 bis 4 sein (angegeben: 7)."),
        ({"ist": 1, "soll": -1}, "soll", "SOLL muss eine Stufe von 0 bis 4 sein (angegeben: -1)."),
        ({"ist": "2", "soll": 2}, "ist", "IST muss eine Stufe von 0 bis 4 sein"),
        ({"ist": 1, "soll": 2, "importance": 6}, "importance", "zwischen 1 und 5"),
        ({"ist": 1, "soll": 2, "importance": 0}, "importance", "zwischen 1 und 5"),
        ({"ist": 1, "soll": 2, "confidence": 4}, "confidence", "(angegeben: 4)"),
        ({"soll": 2}, "ist", "Bitte wählen Sie eine Stufe für IST"),
        ({"ist": 2}, "soll", "Bitte wählen Sie eine Stufe für SOLL"),
        (
            {"ist": 2, "skipped": True},
            "skipped",
            "Sie haben „kann ich nicht beurteilen“ gewählt und zugleich eine Stufe angegeben.",
        ),
        ({"ist": 1, "soll": 2, "evidence_url": "kein link"}, "evidence_url", "kein gültiger Link"),
        ({"ist": 1, "soll": 2, "evidence": "x" * 4001}, "evidence", "höchstens 4000 Zeichen"),
    ],
)
def test_bad_ratings_are_refused_and_nothing_is_stored(team, rating_round, values, field, message):
    save(team.expert, rating_round, "energy", ist=1, soll=1)

    with pytest.raises(ValidationError) as refused:
        save(team.expert, rating_round, "energy", **values)

    assert message in " ".join(refused.value.message_dict[field])
    assert list(Rating.objects.values_list("ist", "soll", "skipped")) == [(1, 1, False)]


@pytest.mark.parametrize("who", ["moderator", "coordinator", "outsider"])
def test_someone_not_invited_cannot_rate(team, rating_round, who):
    with pytest.raises(PermissionDenied, match="nicht eingeladen"):
        save(getattr(team, who), rating_round, "work", ist=1, soll=2)
    assert not Rating.objects.exists()


def test_no_rating_changes_after_the_round_closed(team, rating_round):
    save(team.expert, rating_round, "work", ist=1, soll=2)
    rounds.close_round(actor=team.coordinator, assessment_round=rating_round)

    with pytest.raises(PermissionDenied, match="ist abgeschlossen"):
        save(team.expert, rating_round, "work", ist=4, soll=4)
    with pytest.raises(PermissionDenied, match="ist abgeschlossen"):
        save(team.expert, rating_round, "health", ist=4, soll=4)
    assert list(Rating.objects.values_list("field__key", "ist", "soll")) == [("work", 1, 2)]


def test_a_stale_round_object_cannot_slip_past_the_close(team, rating_round):
    stale = type(rating_round).objects.get(pk=rating_round.pk)
    rounds.close_round(actor=team.coordinator, assessment_round=rating_round)

    with pytest.raises(PermissionDenied, match="ist abgeschlossen"):
        rounds.save_rating(
            actor=team.expert,
            assessment_round=stale,
            field=rating_round.fields_by_key["work"],
            ist=1,
            soll=2,
        )
    assert not Rating.objects.exists()


def test_no_rating_before_the_round_opened(team):
    build_framework()
    draft = rounds.create_round(actor=team.coordinator, agenda=team.agenda, title="Entwurf")
    rounds.invite_raters(actor=team.coordinator, assessment_round=draft, users=[team.expert])

    with pytest.raises(PermissionDenied, match="noch nicht geöffnet"):
        rounds.save_rating(
            actor=team.expert,
            assessment_round=draft,
            field=draft.version.fields.get(key="work"),
            ist=1,
            soll=1,
        )
    assert not Rating.objects.exists()


def test_a_field_outside_the_round_is_refused(team, rating_round):
    for rater, ist in ((team.expert, 0), (team.editor, 4)):
        save(rater, rating_round, "mobility", ist=ist, soll=4)
    second = rounds.start_follow_up_round(actor=team.coordinator, assessment_round=rating_round)
    assert [f.key for f in second.fields.all()] == ["mobility"]

    with pytest.raises(ValidationError, match="„Wohnen“ gehört nicht zu dieser Bewertungsrunde"):
        rounds.save_rating(
            actor=team.expert,
            assessment_round=second,
            field=rating_round.fields_by_key["housing"],
            ist=1,
            soll=2,
        )
    other_version = build_framework().fields.get(key="mobility")
    with pytest.raises(ValidationError, match="gehört nicht zu dieser Bewertungsrunde"):
        rounds.save_rating(
            actor=team.expert, assessment_round=second, field=other_version, ist=1, soll=2
        )
    assert not Rating.objects.filter(invitation__round=second).exists()


# Finishing -------------------------------------------------------------------------------------


def test_submit_lists_the_missing_fields(team, rating_round):
    rate_all(team.expert, rating_round, skip={"health", "tourism"})

    with pytest.raises(ValidationError) as refused:
        rounds.submit_ratings(actor=team.expert, assessment_round=rating_round)

    assert refused.value.messages == [
        "2 Felder sind noch nicht bewertet: Gesundheit, Tourismus. Bewerten Sie sie oder wählen "
        "Sie „kann ich nicht beurteilen“."
    ]
    assert RaterInvitation.objects.get(user=team.expert).submitted is None


def test_submit_when_everything_is_rated_or_skipped(team, rating_round):
    rate_all(team.expert, rating_round, skip={"health"})
    save(team.expert, rating_round, "health", skipped=True)

    rounds.submit_ratings(actor=team.expert, assessment_round=rating_round)

    assert RaterInvitation.objects.get(user=team.expert).submitted is not None
    # Finishing only records it: the rater may still change while the round is open.
    save(team.expert, rating_round, "health", ist=2, soll=2)
    assert Rating.objects.get(field__key="health").ist == 2


def test_submit_needs_an_invitation_and_an_open_round(team, rating_round):
    with pytest.raises(PermissionDenied):
        rounds.submit_ratings(actor=team.moderator, assessment_round=rating_round)
    rate_all(team.expert, rating_round)
    rounds.close_round(actor=team.coordinator, assessment_round=rating_round)
    with pytest.raises(PermissionDenied, match="abgeschlossen"):
        rounds.submit_ratings(actor=team.expert, assessment_round=rating_round)
    assert RaterInvitation.objects.get(user=team.expert).submitted is None


# The rating page -------------------------------------------------------------------------------


def test_rating_page_shows_one_field_with_its_level_descriptors(team, rating_round, login):
    save(team.expert, rating_round, "work", ist=1, soll=2)

    response = login(team.expert).get(rate_url(rating_round))

    assert response.status_code == 200
    page = text(response)
    assert "1 von 16 Feldern bewertet" in page
    assert '<progress id="rating-progress" max="16" value="1">' in page
    assert "Feld 2 von 16" in page
    assert ">Bauen</h2>" in page
    assert "Beschreibung Bauen" in page
    for level in ("Bauen: Nicht begonnen", "Bauen: Gesteuert & übertragen"):
        assert page.count(level) == 2  # once for IST, once for SOLL
    assert "Arbeiten: Nicht begonnen" not in page
    assert page.count('type="radio" name="ist"') == 5
    assert "<legend" in page and "Kann ich nicht beurteilen" in page
    assert 'href="?feld=work"' in page and "erledigt" in page


def test_rating_page_opens_a_chosen_field_with_the_saved_draft(team, rating_round, login):
    save(team.expert, rating_round, "health", ist=3, soll=4, evidence="Telemedizin-Projekt")

    page = text(login(team.expert).get(rate_url(rating_round, "feld=health")))

    assert ">Gesundheit</h2>" in page
    assert 'name="ist" value="3" class="kern-form-check__radio" id="id_ist_3" checked' in page
    assert "Telemedizin-Projekt" in page


def test_save_and_next_stores_a_draft_and_moves_on(team, rating_round, login):
    client = login(team.expert)

    response = client.post(
        rate_url(rating_round),
        {"feld": "work", "ist": "1", "soll": "3", "importance": "4", "confidence": "2"},
    )

    assert response.status_code == 302
    assert response["Location"] == rate_url(rating_round, "feld=building")
    rating = Rating.objects.get()
    assert (rating.field.key, rating.ist, rating.soll, rating.importance, rating.confidence) == (
        "work",
        1,
        3,
        4,
        2,
    )
    assert "„Arbeiten“ ist gespeichert." in text(client.get(response["Location"]))


def test_a_level_outside_0_to_4_gets_a_message_and_nothing_is_stored(team, rating_round, login):
    response = login(team.expert).post(
        rate_url(rating_round), {"feld": "work", "ist": "7", "soll": "3"}
    )

    assert response.status_code == 200
    assert "Bitte wählen Sie eine Stufe von 0 bis 4 (angegeben: 7)." in text(response)
    assert 'aria-invalid="true"' in text(response)
    assert not Rating.objects.exists()


def test_skipped_with_levels_gets_a_message_on_the_page(team, rating_round, login):
    response = login(team.expert).post(
        rate_url(rating_round), {"feld": "work", "ist": "2", "soll": "3", "skipped": "on"}
    )

    assert response.status_code == 200
    assert "und zugleich eine Stufe angegeben" in text(response)
    assert not Rating.objects.exists()


def test_htmx_swaps_the_next_field_in(team, rating_round, login):
    response = login(team.expert).post(
        rate_url(rating_round),
        {"feld": "work", "skipped": "on"},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert response["HX-Push-Url"] == rate_url(rating_round, "feld=building")
    page = text(response)
    assert page.lstrip().startswith('<div id="rating-step"')
    assert "<html" not in page
    assert ">Bauen</h2>" in page and "autofocus" in page
    assert "„Arbeiten“ ist gespeichert." in page
    assert Rating.objects.get().skipped


def test_the_last_open_field_leads_to_the_summary(team, rating_round, login):
    rate_all(team.expert, rating_round, skip={"housing"})
    client = login(team.expert)

    response = client.post(rate_url(rating_round), {"feld": "housing", "ist": "0", "soll": "2"})

    assert response["Location"] == rate_url(rating_round, "abschluss=1")
    housing = Rating.objects.get(invitation__user=team.expert, field__key="housing")
    assert (housing.ist, housing.soll) == (0, 2)
    summary = text(client.get(response["Location"]))
    assert "16 von 16 Feldern bewertet" in summary
    assert "Bewertung abschließen" in summary


def test_finish_with_missing_fields_names_them(team, rating_round, login):
    rate_all(team.expert, rating_round, skip={"culture", "security"})
    submit = reverse("matrix:rating_submit", args=[team.agenda.slug, rating_round.pk])

    response = login(team.expert).post(submit)

    assert response.status_code == 200
    assert "2 Felder sind noch nicht bewertet: Kultur, Sicherheit." in text(response)
    assert RaterInvitation.objects.get(user=team.expert).submitted is None


def test_finish_records_the_submission(team, rating_round, login):
    rate_all(team.expert, rating_round)
    submit = reverse("matrix:rating_submit", args=[team.agenda.slug, rating_round.pk])

    response = login(team.expert).post(submit, follow=True)

    assert "Vielen Dank! Ihre Bewertung ist abgeschlossen." in text(response)
    assert RaterInvitation.objects.get(user=team.expert).submitted is not None


def test_rating_page_refuses_someone_not_invited(team, rating_round, login):
    client = login(team.moderator)

    get = client.get(rate_url(rating_round))
    post = client.post(rate_url(rating_round), {"feld": "work", "ist": "1", "soll": "1"})

    assert get.status_code == post.status_code == 403
    assert "Sie sind zur Bewertungsrunde „Erstbewertung 2025“ nicht eingeladen." in text(get)
    assert not Rating.objects.exists()


def test_rating_page_after_the_close_says_why(team, rating_round, login):
    save(team.expert, rating_round, "work", ist=1, soll=1)
    rounds.close_round(actor=team.coordinator, assessment_round=rating_round)
    client = login(team.expert)

    get = client.get(rate_url(rating_round))
    post = client.post(rate_url(rating_round), {"feld": "work", "ist": "4", "soll": "4"})

    assert get.status_code == post.status_code == 403
    assert "ist abgeschlossen. Bewertungen können nicht mehr geändert werden." in text(post)
    assert Rating.objects.get().ist == 1


def test_a_field_not_in_the_round_is_a_404_with_a_sentence(team, rating_round, login):
    for rater, ist in ((team.expert, 0), (team.editor, 4)):
        save(rater, rating_round, "mobility", ist=ist, soll=4)
    second = rounds.start_follow_up_round(actor=team.coordinator, assessment_round=rating_round)
    assert second.kind == RoundKind.FOLLOW_UP
    client = login(team.expert)

    response = client.post(rate_url(second), {"feld": "housing", "ist": "1", "soll": "1"})
    page = client.get(rate_url(second))

    assert response.status_code == 404
    assert "„housing“ gehört nicht zu dieser Bewertungsrunde" in text(response)
    assert not Rating.objects.filter(invitation__round=second).exists()
    assert "0 von 1 Feld bewertet" in text(page)
    assert ">Mobilität</h2>" in text(page)
