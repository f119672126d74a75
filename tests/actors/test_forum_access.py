"""Who may read and write in the expert forum, and that nothing leaks across agendas."""

import pytest
from django.urls import reverse

from regioagenda.accounts.models import Role
from regioagenda.actors.models import Post, Thread
from regioagenda.actors.services import forum as services
from regioagenda.community.models import Follow
from tests.actor_factories import PostFactory, ThreadFactory
from tests.factories import AgendaFactory, MembershipFactory

pytestmark = pytest.mark.django_db

READERS = ["expert", "moderator", "coordinator", "programme_admin", "superuser"]
REFUSED = ["editor", "participant", "outsider", "other_programme_admin"]
REASON = "Das Expertenforum ist den Mitgliedern des Expertenforums vorbehalten."


def url(name, *args, slug="teamhausen"):
    return reverse(f"actors:{name}", args=[slug, *args])


@pytest.fixture
def thread(actors_setup):
    return services.start_thread(
        actor=actors_setup.expert,
        agenda=actors_setup.agenda,
        field_key="mobility",
        title="Rufbus",
        body="Wann kommt der Bus?",
    )


def _pages(thread):
    return [
        url("forum"),
        url("forum_field", "mobility"),
        url("thread", thread.pk),
    ]


@pytest.mark.parametrize("role", READERS)
def test_forum_members_read_every_page(actors_setup, thread, login, role):
    client = login(getattr(actors_setup, role))
    for page in _pages(thread):
        response = client.get(page)
        assert response.status_code == 200, page
    assert "Wann kommt der Bus?" in response.content.decode()


@pytest.mark.parametrize("role", REFUSED)
def test_others_are_refused_with_the_reason(actors_setup, thread, login, role):
    client = login(getattr(actors_setup, role))
    for page in _pages(thread):
        response = client.get(page)
        assert response.status_code == 403, page
        assert REASON in response.content.decode()


def test_anonymous_visitors_are_refused(actors_setup, thread, client):
    for page in _pages(thread):
        response = client.get(page)
        assert response.status_code == 403
        assert REASON in response.content.decode()
        assert "Anmelden" in response.content.decode()


@pytest.mark.parametrize("role", ["expert", "moderator", "coordinator", "programme_admin"])
def test_forum_members_can_write(actors_setup, thread, login, role):
    client = login(getattr(actors_setup, role))
    response = client.post(url("thread", thread.pk), {"body": "Mein Beitrag"})
    assert response.status_code == 302
    assert Post.objects.filter(thread=thread, author=getattr(actors_setup, role)).exists()
    response = client.post(
        url("forum_field", "health"), {"title": f"Frage von {role}", "body": "Text"}
    )
    assert response.status_code == 302
    assert Thread.objects.filter(title=f"Frage von {role}", field_key="health").exists()


@pytest.mark.parametrize("role", REFUSED + [None])
def test_non_members_cannot_post_and_nothing_is_created(actors_setup, thread, login, client, role):
    client = login(getattr(actors_setup, role)) if role else client
    first = thread.posts.get()
    counts = (Thread.objects.count(), Post.objects.count(), Follow.objects.count())
    for target, data in [
        (url("thread", thread.pk), {"body": "Ich auch!"}),
        (url("thread", thread.pk), {"body": "Antwort", "parent": first.pk}),
        (url("forum_field", "mobility"), {"title": "Neu", "body": "Text"}),
        (url("thread_follow", thread.pk), {"action": "follow"}),
    ]:
        response = client.post(target, data)
        assert response.status_code == 403, target
        assert REASON in response.content.decode()
    assert counts == (Thread.objects.count(), Post.objects.count(), Follow.objects.count())


def test_services_refuse_non_members_too(actors_setup, thread):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied, match="Expertenforums vorbehalten"):
        services.add_post(actor=actors_setup.participant, thread=thread, body="Hallo")
    with pytest.raises(PermissionDenied):
        services.start_thread(
            actor=actors_setup.editor,
            agenda=actors_setup.agenda,
            field_key="mobility",
            title="T",
            body="B",
        )
    assert thread.posts.count() == 1


def test_unknown_field_key_is_404(actors_setup, login):
    client = login(actors_setup.expert)
    assert client.get(url("forum_field", "quantenphysik")).status_code == 404
    response = client.post(url("forum_field", "quantenphysik"), {"title": "T", "body": "B"})
    assert response.status_code == 404
    assert not Thread.objects.exists()


def test_thread_of_another_agenda_is_not_found_here(actors_setup, login):
    other = AgendaFactory(slug="anderswo")
    foreign = ThreadFactory(agenda=other)
    foreign_post = PostFactory(thread=foreign)
    client = login(actors_setup.moderator)
    assert client.get(url("thread", foreign.pk)).status_code == 404
    posted = client.post(url("thread", foreign.pk), {"body": "Hallo"})
    assert posted.status_code == 404
    assert client.post(url("thread_follow", foreign.pk), {"action": "follow"}).status_code == 404
    response = client.post(url("thread_moderate", foreign.pk), {"action": "close"})
    assert response.status_code == 404
    response = client.post(url("post_hide", foreign_post.pk), {"reason": "Spam"})
    assert response.status_code == 404
    assert client.post(url("post_unhide", foreign_post.pk)).status_code == 404
    foreign.refresh_from_db()
    foreign_post.refresh_from_db()
    assert not foreign.is_closed and foreign_post.hidden is None
    assert foreign.posts.count() == 1
    assert not Follow.objects.exists()


def test_forum_of_a_private_agenda_says_the_agenda_is_private(actors_setup, login):
    private = AgendaFactory(slug="geheim", is_public=False)
    client = login(actors_setup.expert)
    response = client.get(url("forum", slug="geheim"))
    assert response.status_code == 403
    assert "nicht öffentlich" in response.content.decode()
    assert REASON not in response.content.decode()  # refused for the agenda, not for the forum
    # The same person as a member of that agenda's expert forum gets in.
    MembershipFactory(user=actors_setup.expert, agenda=private, role=Role.EXPERT)
    assert client.get(url("forum", slug="geheim")).status_code == 200


def test_nav_and_agenda_home_link_the_forum_only_for_members(actors_setup, thread, login):
    from tests.actor_factories import OrganisationFactory

    OrganisationFactory(agenda=actors_setup.agenda)
    forum = url("forum")
    home = reverse("regions:agenda_home", args=["teamhausen"])
    assert forum in login(actors_setup.expert).get(home).content.decode()
    assert forum not in login(actors_setup.participant).get(home).content.decode()
    page = login(actors_setup.moderator).get(url("thread", thread.pk)).content.decode()
    assert f'href="{forum}"' in page
