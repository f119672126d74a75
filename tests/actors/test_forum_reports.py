"""Forum posts can be reported to the agenda's one moderation queue ("Melden")."""

import pytest
from django.urls import reverse

from tests.actor_factories import PostFactory, ThreadFactory
from tests.participation_factories import verified

pytestmark = pytest.mark.django_db


def url(kind, pk):
    return reverse("community:report", args=[kind, pk])


def test_forum_posts_show_the_report_link(actors_setup, login):
    verified(actors_setup.expert)
    thread = ThreadFactory(agenda=actors_setup.agenda, author=actors_setup.moderator)
    post = PostFactory(thread=thread, author=actors_setup.moderator)
    page = login(actors_setup.expert).get(
        reverse("actors:thread", args=[actors_setup.agenda.slug, thread.pk])
    )
    assert url("forum_post", post.pk) in page.content.decode()
    own = login(actors_setup.moderator).get(
        reverse("actors:thread", args=[actors_setup.agenda.slug, thread.pk])
    )
    assert url("forum_post", post.pk) not in own.content.decode()
