"""The one comments engine: comments and replies on any target with an agenda (an idea, an
event), official answers by staff, corrections within 15 minutes, hidden comments with their
reason, an exact ``comment_count`` on ideas and notifications to the people concerned."""

import datetime
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from regioagenda.participation.models import Comment
from regioagenda.participation.services import comments as services
from tests.participation_factories import EventFactory, IdeaFactory

TOKEN = re.compile(r'name="once" value="([^"]+)"')


def create_url(target):
    type_id = ContentType.objects.get_for_model(target).pk
    return reverse("participation:comment_create", args=[target.agenda.slug, type_id, target.pk])


@pytest.mark.django_db
def test_comments_and_replies_on_an_idea_count_and_notify(
    ideas_setup, login, django_capture_on_commit_callbacks
):
    idea = IdeaFactory(agenda=ideas_setup.agenda, author=ideas_setup.participant)
    first, second = ideas_setup.others[:2]
    client = login(first)

    response = client.post(create_url(idea), {"body": "Gute Idee!<script>x</script>"})
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{idea.get_absolute_url()}#kommentar-{comment.pk}"
    assert comment.body == "<p>Gute Idee!</p>" and comment.author == first

    with django_capture_on_commit_callbacks(execute=True):
        reply = services.add_comment(
            actor=second, target=idea, body="Finde ich auch.", parent=comment
        )
        # a reply to a reply answers the same first-level comment (one level of indentation)
        nested = services.add_comment(actor=first, target=idea, body="Danke.", parent=reply)
    assert reply.parent == comment and nested.parent == comment
    idea.refresh_from_db()
    assert idea.comment_count == 3
    answered = [m for m in mail.outbox if "Antwort auf Ihren Kommentar" in m.subject]
    # the first comment's author hears of the reply, not of their own answer to it
    assert [m.to for m in answered] == [[first.email]]
    page = login(ideas_setup.participant).get(idea.get_absolute_url()).content.decode()
    assert "3 Kommentare" in page and f'id="kommentar-{reply.pk}"' in page


@pytest.mark.django_db
def test_the_same_engine_serves_an_event(ideas_setup, login):
    event = EventFactory(agenda=ideas_setup.agenda)
    client = login(ideas_setup.participant)

    client.post(create_url(event), {"body": "Gibt es einen Livestream?"})
    services.add_comment(
        actor=ideas_setup.moderator, target=event, body="Ja, ab 18 Uhr.", official=True
    )

    comments = Comment.objects.filter(
        target_type=ContentType.objects.get_for_model(event), target_id=event.pk
    )
    assert comments.count() == 2 and comments.filter(is_official=True).count() == 1
    from regioagenda.participation.queries.comments import comments_for

    thread = comments_for(event, ideas_setup.participant)
    assert thread.count == 2 and [n.comment.is_official for n in thread.nodes] == [False, True]


@pytest.mark.django_db
def test_official_answers_are_for_staff_only(ideas_setup, login):
    idea = IdeaFactory(agenda=ideas_setup.agenda)
    with pytest.raises(PermissionDenied, match="Offizielle Antworten"):
        services.add_comment(actor=ideas_setup.participant, target=idea, body="x", official=True)
    # the form has no such box for participants: a posted "official" is ignored
    login(ideas_setup.participant).post(create_url(idea), {"body": "Hallo", "official": "on"})
    assert Comment.objects.get().is_official is False


@pytest.mark.django_db
def test_own_comments_are_editable_for_15_minutes(ideas_setup, login):
    idea = IdeaFactory(agenda=ideas_setup.agenda)
    comment = services.add_comment(actor=ideas_setup.participant, target=idea, body="Tippfeler")
    client = login(ideas_setup.participant)
    edit_url = reverse("participation:comment_edit", args=["teamhausen", comment.pk])

    assert client.post(edit_url, {"body": "Tippfehler"}).status_code == 302
    comment.refresh_from_db()
    assert comment.body == "<p>Tippfehler</p>" and comment.edited is not None
    assert login(ideas_setup.others[0]).get(edit_url).status_code == 403
    Comment.objects.filter(pk=comment.pk).update(
        created=timezone.now() - datetime.timedelta(minutes=16)
    )
    late = login(ideas_setup.participant).post(edit_url, {"body": "Zu spät"})
    assert late.status_code == 403 and "15 Minuten" in late.content.decode()


@pytest.mark.django_db
def test_hidden_comments_show_the_reason_and_only_the_author_sees_the_text(ideas_setup, login):
    idea = IdeaFactory(agenda=ideas_setup.agenda)
    comment = services.add_comment(actor=ideas_setup.participant, target=idea, body="Beleidigung")
    Comment.objects.filter(pk=comment.pk).update(
        hidden=timezone.now(), hidden_reason="Beleidigend", hidden_by=ideas_setup.moderator
    )

    public = login(ideas_setup.others[0]).get(idea.get_absolute_url()).content.decode()
    own = login(ideas_setup.participant).get(idea.get_absolute_url()).content.decode()

    assert "ausgeblendet: Beleidigend" in public and "<p>Beleidigung</p>" not in public
    assert "ausgeblendet: Beleidigend" in own and "<p>Beleidigung</p>" in own
    with pytest.raises(ValidationError, match="ausgeblendeten"):
        services.add_comment(actor=ideas_setup.others[0], target=idea, body="x", parent=comment)


@pytest.mark.django_db
def test_bad_comments_are_refused_and_nothing_is_counted(ideas_setup, login):
    idea = IdeaFactory(agenda=ideas_setup.agenda)
    client = login(ideas_setup.participant)

    huge = client.post(create_url(idea), {"body": "x" * 1_000_000})
    deep = client.post(create_url(idea), {"body": "<ol><li>" * 100})
    empty = client.post(create_url(idea), {"body": "<script>nur</script>"})
    bot = client.post(create_url(idea), {"body": "Spam", "homepage": "http://spam"})

    assert {r.status_code for r in (huge, deep, empty, bot)} == {400}
    assert "höchstens" in huge.content.decode()
    assert "verschachtelt" in deep.content.decode()
    assert Comment.objects.count() == 0
    idea.refresh_from_db()
    assert idea.comment_count == 0


@pytest.mark.django_db
def test_double_submit_and_foreign_targets(ideas_setup, login):
    idea = IdeaFactory(agenda=ideas_setup.agenda)
    client = login(ideas_setup.participant)
    [token, *_rest] = TOKEN.findall(client.get(idea.get_absolute_url()).content.decode())
    data = {"body": "Einmal", "once": token}
    client.post(create_url(idea), data)
    client.post(create_url(idea), data)
    assert Comment.objects.count() == 1

    foreign = IdeaFactory()  # another agenda's idea under this agenda's URL
    type_id = ContentType.objects.get_for_model(foreign).pk
    url = reverse("participation:comment_create", args=["teamhausen", type_id, foreign.pk])
    assert client.post(url, {"body": "x"}).status_code == 404
    # a model that is not a comment target
    user_type = ContentType.objects.get(app_label="accounts", model="user")
    url = reverse(
        "participation:comment_create",
        args=["teamhausen", user_type.pk, ideas_setup.participant.pk],
    )
    assert client.post(url, {"body": "x"}).status_code == 404


@pytest.mark.django_db
def test_htmx_gets_the_comments_block_back(ideas_setup, login):
    idea = IdeaFactory(agenda=ideas_setup.agenda)
    client = login(ideas_setup.participant)

    ok = client.post(create_url(idea), {"body": "Per htmx"}, HTTP_HX_REQUEST="true")
    bad = client.post(create_url(idea), {"body": ""}, HTTP_HX_REQUEST="true")

    assert ok.status_code == 200 and ok.content.decode().startswith('<section id="kommentare"')
    assert "Ihr Kommentar ist veröffentlicht." in ok.content.decode()
    assert bad.status_code == 200 and "Der Kommentar ist leer" in bad.content.decode()


@pytest.mark.django_db
def test_the_honeypot_sits_two_levels_below_the_form(ideas_setup, login):
    """app.css hides the element holding the honeypot and the one above it: directly in the
    form, the whole form would vanish (it did)."""
    idea = IdeaFactory(agenda=ideas_setup.agenda)
    client = login(ideas_setup.participant)
    pages = [
        client.get(idea.get_absolute_url()).content.decode(),
        client.get(reverse("participation:idea_create", args=["teamhausen"])).content.decode(),
    ]
    for html in pages:
        for form in re.findall(r"<form[^>]*>(.*?)</form>", html, re.S):
            if "honeypot-input" in form:
                assert re.search(
                    r'<div class="honeypot-field">\s*<div[^>]*>.*?honeypot-input', form, re.S
                )
