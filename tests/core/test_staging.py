"""The one staging helper between an import's preview and its confirmation (core/staging.py):
a token works only for the same user, agenda and kind while fresh, once; every other case is
refused with a sentence, and a refusal changes nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from regioagenda.core import staging
from regioagenda.core.models import StagedImport
from tests.factories import UserFactory

AGENDA = 7
KIND = "tests.import"
GONE = "Es liegt keine geprüfte Datei vor"


@pytest.fixture
def anna(db):
    return UserFactory(name="Anna Import")


@pytest.fixture
def token(anna):
    return staging.stage(
        actor=anna, agenda_id=AGENDA, kind=KIND, payload=b"a;b\r\n1;2\r\n", data={"n": 1}
    )


def fetch(user, token, agenda_id=AGENDA, kind=KIND):
    return staging.fetch(actor=user, agenda_id=agenda_id, kind=kind, token=token)


def consume(user, token, agenda_id=AGENDA, kind=KIND):
    with transaction.atomic():
        return staging.consume(actor=user, agenda_id=agenda_id, kind=kind, token=token)


def refusal(call, *args, **kwargs):
    with pytest.raises(ValidationError) as exc:
        call(*args, **kwargs)
    [message] = exc.value.messages
    return message


def test_same_user_agenda_and_kind_get_it_back(anna, token):
    staged = fetch(anna, token)
    assert (staged.token, staged.payload, staged.data) == (token, b"a;b\r\n1;2\r\n", {"n": 1})
    assert fetch(anna, token).payload == staged.payload  # fetching does not use it up


def test_only_a_hash_of_the_token_is_stored(anna, token):
    entry = StagedImport.objects.get()
    assert token not in entry.token_hash
    assert len(entry.token_hash) == 64


@pytest.mark.parametrize(
    "who, agenda_id, kind, expected",
    [
        ("other", AGENDA, KIND, "Diese Vorschau hat eine andere Person erstellt"),
        ("anna", AGENDA + 1, KIND, "Diese Vorschau gehört zu einer anderen Agenda"),
        ("anna", AGENDA, "tests.other", "Diese Vorschau gehört zu einem anderen Import"),
    ],
)
def test_foreign_user_agenda_or_kind_is_refused_and_nothing_changes(
    anna, token, who, agenda_id, kind, expected
):
    user = anna if who == "anna" else UserFactory(name="Otto Fremd")
    assert refusal(fetch, user, token, agenda_id, kind).startswith(expected)
    assert refusal(consume, user, token, agenda_id, kind).startswith(expected)
    # The owner can still confirm it.
    assert consume(anna, token).payload == b"a;b\r\n1;2\r\n"


@pytest.mark.parametrize(
    "garbage", [None, "", "kurz", "x" * 43, "ü" * 43, "../../etc/passwd", 12345]
)
def test_garbage_token_is_refused(anna, token, garbage):
    message = refusal(fetch, anna, garbage)
    assert message.startswith(GONE)
    assert "es wurde nichts importiert" in message
    assert StagedImport.objects.count() == 1


def test_tampered_token_is_refused(anna, token):
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert refusal(fetch, anna, tampered).startswith(GONE)
    assert fetch(anna, token).data == {"n": 1}


def test_expired_token_is_refused(anna, token):
    StagedImport.objects.update(created=timezone.now() - staging.MAX_AGE - datetime.timedelta(1))
    assert "Die Vorschau ist abgelaufen (älter als 2 Stunden)" in refusal(fetch, anna, token)
    assert "abgelaufen" in refusal(consume, anna, token)
    assert staging.reissue(actor=anna, agenda_id=AGENDA, kind=KIND) is None


def test_second_confirmation_is_refused(anna, token):
    assert consume(anna, token).data == {"n": 1}
    assert refusal(consume, anna, token).startswith(GONE)
    assert not StagedImport.objects.exists()


def test_a_failed_import_keeps_it(anna, token):
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        staging.consume(actor=anna, agenda_id=AGENDA, kind=KIND, token=token)
        1 / 0  # noqa: B018 - the import's writes fail after taking the staged entry
    assert consume(anna, token).data == {"n": 1}


@pytest.mark.django_db(transaction=True)
def test_consume_needs_the_imports_transaction(anna, token):
    """Outside the test's own transaction, as in a view without ``transaction.atomic``."""
    with pytest.raises(RuntimeError):
        staging.consume(actor=anna, agenda_id=AGENDA, kind=KIND, token=token)


def test_a_newer_preview_replaces_the_older(anna, token):
    newer = staging.stage(actor=anna, agenda_id=AGENDA, kind=KIND, payload=b"neu")
    assert "nicht mehr aktuell" in refusal(fetch, anna, token)
    assert fetch(anna, newer).payload == b"neu"
    # Another agenda or kind of the same user is not touched.
    elsewhere = staging.stage(actor=anna, agenda_id=AGENDA + 1, kind=KIND, payload=b"b")
    assert fetch(anna, newer).payload == b"neu"
    assert fetch(anna, elsewhere, agenda_id=AGENDA + 1).payload == b"b"


def test_reissue_gives_the_current_preview_a_new_token(anna, token):
    staged = staging.reissue(actor=anna, agenda_id=AGENDA, kind=KIND)
    assert staged.token != token
    assert staged.payload == b"a;b\r\n1;2\r\n"
    assert "nicht mehr aktuell" in refusal(fetch, anna, token)
    assert fetch(anna, staged.token).data == {"n": 1}
    other = UserFactory(name="Otto Fremd")
    assert staging.reissue(actor=other, agenda_id=AGENDA, kind=KIND) is None


def test_discard_forgets_it(anna, token):
    staging.discard(actor=anna, agenda_id=AGENDA, kind=KIND)
    assert refusal(fetch, anna, token).startswith(GONE)


def test_stale_entries_are_cleaned_up(anna, token):
    expired = staging.stage(actor=anna, agenda_id=AGENDA + 1, kind=KIND, payload=b"alt")
    StagedImport.objects.filter(agenda_id=AGENDA).update(
        created=timezone.now() - staging.KEEP - datetime.timedelta(minutes=1)
    )
    StagedImport.objects.filter(agenda_id=AGENDA + 1).update(
        created=timezone.now() - staging.MAX_AGE - datetime.timedelta(minutes=1)
    )

    assert staging.remove_stale() == 1

    assert refusal(fetch, anna, token).startswith(GONE)
    # Expired, not yet deleted: still refused by name, but its payload is gone already.
    assert "abgelaufen" in refusal(fetch, anna, expired, agenda_id=AGENDA + 1)
    assert bytes(StagedImport.objects.get().payload) == b""
