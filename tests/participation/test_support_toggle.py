"""Supports: one per person, withdrawable, counted exactly on the idea (also with parallel
requests on PostgreSQL), only while the idea's step runs and for ideas still open."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from regioagenda.participation.models import Idea, Support
from regioagenda.participation.services import ideas as services
from tests.factories import UserFactory
from tests.parallel import post_in_parallel
from tests.participation_factories import IdeaFactory


def support_url(idea):
    return reverse("participation:idea_support", args=[idea.agenda.slug, idea.pk])


@pytest.mark.django_db
def test_support_and_withdraw_keep_the_count_exact(ideas_setup, login):
    idea = IdeaFactory(agenda=ideas_setup.agenda)
    client = login(ideas_setup.participant)

    first = client.post(support_url(idea), {"action": "support"})
    second = client.post(support_url(idea), {"action": "support"})  # double click
    idea.refresh_from_db()
    assert first.status_code == second.status_code == 302
    assert idea.support_count == 1 and Support.objects.filter(idea=idea).count() == 1

    for other in ideas_setup.others:
        services.support_idea(actor=other, idea=idea)
    assert services.withdraw_support(actor=ideas_setup.participant, idea=idea) is True
    assert services.withdraw_support(actor=ideas_setup.participant, idea=idea) is False
    idea.refresh_from_db()
    assert idea.support_count == 3 == Support.objects.filter(idea=idea).count()


@pytest.mark.django_db
def test_the_htmx_button_comes_back_with_the_new_state(ideas_setup, login):
    idea = IdeaFactory(agenda=ideas_setup.agenda)
    client = login(ideas_setup.participant)

    response = client.post(support_url(idea), {"action": "support"}, HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert response.status_code == 200 and 'id="unterstuetzung-' in html
    assert 'value="withdraw"' in html and "<strong>1</strong>" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"status": "rejected"}, "abgelehnt"),
        ({"status": "merged"}, "zusammengeführt"),
        ({"hidden": "now"}, "ausgeblendet"),
        ({"step": "vision"}, "Prozessschritt dieser Idee ist vorbei"),
    ],
    ids=["rejected", "merged", "hidden", "step over"],
)
def test_closed_ideas_refuse_supports_with_the_reason(ideas_setup, change, reason):
    values = {k: timezone.now() if v == "now" else v for k, v in change.items()}
    idea = IdeaFactory(agenda=ideas_setup.agenda, **values)

    with pytest.raises(PermissionDenied, match=reason):
        services.support_idea(actor=ideas_setup.participant, idea=idea)
    assert Support.objects.count() == 0


@pytest.mark.django_db
def test_unverified_and_anonymous_people_cannot_support(ideas_setup, client):
    idea = IdeaFactory(agenda=ideas_setup.agenda)
    with pytest.raises(PermissionDenied, match="E-Mail-Adresse"):
        services.support_idea(actor=UserFactory(), idea=idea)
    assert client.post(support_url(idea)).status_code == 403
    assert Idea.objects.get().support_count == 0


@pytest.mark.django_db(transaction=True)
def test_parallel_supports_count_once_each(ideas_setup):
    if connection.vendor != "postgresql":
        pytest.skip("parallel writes need PostgreSQL; SQLite serialises every write")
    idea = IdeaFactory(agenda=ideas_setup.agenda)

    # one person, eight identical requests at once: one support
    statuses = post_in_parallel(ideas_setup.participant, support_url(idea), {"action": "support"})
    assert set(statuses) == {302}
    idea.refresh_from_db()
    assert idea.support_count == 1 == Support.objects.filter(idea=idea).count()

    # and withdrawing eight times at once takes exactly that one back
    post_in_parallel(ideas_setup.participant, support_url(idea), {"action": "withdraw"})
    idea.refresh_from_db()
    assert idea.support_count == 0 == Support.objects.filter(idea=idea).count()


@pytest.mark.django_db(transaction=True)
def test_many_people_supporting_at_once_are_all_counted(ideas_setup):
    if connection.vendor != "postgresql":
        pytest.skip("parallel writes need PostgreSQL; SQLite serialises every write")
    import threading

    from django.db import close_old_connections

    idea = IdeaFactory(agenda=ideas_setup.agenda)
    people = [ideas_setup.participant, *ideas_setup.others]
    barrier = threading.Barrier(len(people))
    errors = []

    def support(person):
        try:
            barrier.wait()
            services.support_idea(actor=person, idea=idea)
        except BaseException as exc:  # noqa: BLE001 - raised below
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    workers = [threading.Thread(target=support, args=(p,)) for p in people]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert not errors
    idea.refresh_from_db()
    assert idea.support_count == len(people) == Support.objects.filter(idea=idea).count()
