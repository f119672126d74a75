"""Read paths moved out of the activity and forum views and the invitation services
(actors/queries/activities.py, forum.py, invitations.py), and the merge's message."""

import datetime

import pytest
from django.utils import timezone

from regioagenda.accounts.models import Role
from regioagenda.actors.models import ConsentPurpose, Invitation, PersonField
from regioagenda.actors.queries import activities as activity_queries
from regioagenda.actors.queries import forum as forum_queries
from regioagenda.actors.queries import invitations as queries
from regioagenda.actors.services import activities as activity_services
from tests.actor_factories import (
    ActivityFactory,
    BodyFactory,
    ConsentFactory,
    PersonFactory,
    PostFactory,
)
from tests.factories import AgendaFactory

pytestmark = pytest.mark.django_db


def test_visible_activity_hides_what_the_user_may_not_see(actors_setup):
    team = actors_setup
    public = ActivityFactory(agenda=AgendaFactory(is_public=True))
    hidden = ActivityFactory(agenda=AgendaFactory(is_public=False))
    assert activity_queries.visible_activity(team.editor, public.pk) == public
    assert activity_queries.visible_activity(team.editor, hidden.pk) is None
    assert activity_queries.visible_activity(team.editor, 999_999) is None


def test_merge_result_names_moved_links_and_what_stayed(actors_setup):
    team = actors_setup
    original = ActivityFactory(agenda=team.agenda, title="Dorfladen digital")
    duplicate = ActivityFactory(agenda=team.agenda, title="Dorfladen digital!")
    duplicate.bodies.add(BodyFactory(agenda=team.agenda, name="AG Handel"))
    result = activity_services.merge_activities(
        actor=team.editor, duplicate=duplicate, original=original
    )
    message = result.message()
    assert message.startswith("„Dorfladen digital!“ wurde in „Dorfladen digital“ zusammengeführt.")
    assert "Nicht übernommen, weil sie zur Agenda der Doppelung gehören: AG Handel." in message
    assert "Verknüpfung" not in message  # no links moved
    result.moved_links = 2
    assert "2 Verknüpfung(en) anderer Agenden wurden übernommen." in result.message()


def test_reply_parent_parses_the_posted_id():
    post = PostFactory()
    assert forum_queries.reply_parent(str(post.pk)) == post
    assert forum_queries.reply_parent(f" {post.pk} ") == post
    for nonsense in ("", "abc", "-1", "9" * 30, "999999"):
        assert forum_queries.reply_parent(nonsense) is None


def _invitation(agenda, email, token, **extra):
    return Invitation.objects.create(
        agenda=agenda,
        email=email,
        role=Role.PARTICIPANT,
        token_hash=queries.hash_token(token),
        expires=timezone.now() + datetime.timedelta(days=14),
        **extra,
    )


def test_by_token_and_pending(actors_setup):
    agenda = actors_setup.agenda
    invitation = _invitation(agenda, "Eva@example.org", "geheim")
    assert queries.by_token("geheim") == invitation
    assert queries.by_token("falsch") is None
    assert queries.by_token("") is None and queries.by_token("x" * 201) is None
    assert queries.token_hash_taken(queries.hash_token("geheim"))
    now = timezone.now()
    assert list(queries.pending(agenda, "eva@EXAMPLE.org", now)) == [invitation]
    later = now + datetime.timedelta(days=15)
    assert not queries.pending(agenda, "eva@example.org", later).exists()  # expired by then
    invitation.revoked = now
    invitation.save()
    assert not queries.pending(agenda, "eva@example.org", now).exists()


def test_pool_candidate_and_pool_address(actors_setup):
    team = actors_setup
    neighbour = AgendaFactory(programme=team.programme)
    expert = PersonFactory(agenda=neighbour, email="pia@pool.example.org")
    PersonField.objects.create(person=expert, field_key="health")
    ConsentFactory(person=expert, purpose=ConsentPurpose.POOL)
    no_consent = PersonFactory(agenda=neighbour, email="nora@example.org")
    assert queries.pool_candidate(team.agenda, expert.pk) == expert
    assert queries.pool_candidate(team.agenda, str(expert.pk), "health") == expert
    assert queries.pool_candidate(team.agenda, expert.pk, "mobility") is None
    assert queries.pool_candidate(team.agenda, no_consent.pk) is None
    assert queries.pool_candidate(team.agenda, "abc") is None
    assert queries.is_pool_address(team.agenda, "PIA@pool.example.org")
    assert not queries.is_pool_address(team.agenda, "nora@example.org")
    PersonFactory(agenda=team.agenda, email="pia@pool.example.org")  # now known here too
    assert queries.in_register(team.agenda, "pia@pool.example.org")
    assert not queries.is_pool_address(team.agenda, "pia@pool.example.org")
