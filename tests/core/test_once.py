"""core.once: a creating form's one-time token is used once, inside the creating transaction."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template import Context, Template

from regioagenda.core import once
from regioagenda.core.models import SubmissionToken

pytestmark = pytest.mark.django_db


def test_a_token_is_used_once_and_names_the_first_result(team):
    token = once.new_token()
    with transaction.atomic():
        claimed = once.claim(token, user=team.editor, kind="test.thing")
        claimed.done(team.agenda)
    with pytest.raises(once.AlreadySubmitted) as caught, transaction.atomic():
        once.claim(token, user=team.editor, kind="test.thing")
    assert caught.value.object_id == str(team.agenda.pk)
    # another user, or another kind, learns nothing about the first result
    for user, kind in [(team.moderator, "test.thing"), (team.editor, "test.other")]:
        with pytest.raises(once.AlreadySubmitted) as caught, transaction.atomic():
            once.claim(token, user=user, kind=kind)
        assert caught.value.object_id is None
    # only a hash is stored
    assert not SubmissionToken.objects.filter(key=token).exists()


def test_a_failed_creation_gives_the_token_back(team):
    token = once.new_token()
    with pytest.raises(RuntimeError), transaction.atomic():
        once.claim(token, user=team.editor, kind="test.thing")
        raise RuntimeError("creating failed")
    with transaction.atomic():
        once.claim(token, user=team.editor, kind="test.thing")
    assert SubmissionToken.objects.count() == 1


def test_no_token_is_not_checked_and_a_bad_one_is_refused(team):
    with transaction.atomic():
        assert once.claim("", user=team.editor, kind="test.thing").record is None
    with pytest.raises(ValidationError, match="beschädigt"), transaction.atomic():
        once.claim("x' or 1=1", user=team.editor, kind="test.thing")


@pytest.mark.django_db(transaction=True)
def test_claim_refuses_to_run_outside_a_transaction():
    with pytest.raises(RuntimeError, match="inside the transaction"):
        once.claim(once.new_token(), user=None, kind="test.thing")
    assert not SubmissionToken.objects.exists()


def test_every_rendering_has_a_fresh_token():
    template = Template("{% load once %}{% once_token %}|{% once_token %}")
    first, second = template.render(Context()).split("|")
    assert first.startswith('<input type="hidden" name="once" value="')
    assert first != second
