"""The agenda newsletter: double opt-in (nothing before the confirmation link was opened), the
link may be opened twice, old, forged and superseded links are refused, the coordinator sends
to confirmed subscribers only, each email with a one-click unsubscribe."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse

from regioagenda.community import services
from regioagenda.community.models import NewsletterSubscription
from regioagenda.core import jobs
from regioagenda.core.models import Job

pytestmark = pytest.mark.django_db


def subscribe(team, client, email="leser@example.org", **extra):
    data = {"email": email, "consent": "on", **extra}
    return client.post(reverse("community:newsletter_subscribe", args=[team.agenda.slug]), data)


def confirm_link(message):
    return re.search(r"http://localhost:8000(/\S+/bestaetigen/\S+/)", message.body).group(1)


def send(team, subject="Rückblick Auftaktveranstaltung"):
    job = services.send_newsletter(
        actor=team.coordinator, agenda=team.agenda, subject=subject, text="Danke fürs Kommen!"
    )
    jobs.execute(job.pk)
    return Job.objects.get(pk=job.pk)


def test_double_opt_in(team, client, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = subscribe(team, client)
    assert response.status_code == 200
    assert "Bitte bestätigen" in response.content.decode()
    assert len(mailoutbox) == 1
    subscription = NewsletterSubscription.objects.get()
    assert subscription.confirmed_at is None
    assert "Newsletter" in subscription.consent_text and subscription.consented_at
    # Unconfirmed: the newsletter goes to nobody.
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        job = send(team)
    assert job.result["sent"] == 0 and mailoutbox == []
    # The link shows a button (a mail scanner opening it confirms nothing) …
    link = None
    with django_capture_on_commit_callbacks(execute=True):
        subscribe(team, Client(), email="zweite@example.org")
    link = confirm_link(mailoutbox[-1])
    assert Client().get(link).status_code == 200
    assert NewsletterSubscription.objects.filter(confirmed_at__isnull=False).count() == 0
    # … the button confirms, twice is fine.
    assert Client().post(link).status_code == 200
    assert Client().post(link).status_code == 200
    confirmed = NewsletterSubscription.objects.get(confirmed_at__isnull=False)
    assert confirmed.email == "zweite@example.org"
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        job = send(team)
    assert job.result == {"sent": 1, "failed": 0, "message": "1 verschickt, 0 fehlgeschlagen"}
    assert [m.to for m in mailoutbox] == [["zweite@example.org"]]
    assert mailoutbox[0].extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # One click and it stops.
    url = mailoutbox[0].extra_headers["List-Unsubscribe"][1:-1].replace("http://localhost:8000", "")
    assert Client(enforce_csrf_checks=True).post(url).status_code == 200
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert send(team).result["sent"] == 0


def test_expired_forged_and_superseded_links_are_refused(
    team, client, mailoutbox, monkeypatch, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        subscribe(team, client)
    first = confirm_link(mailoutbox[0])
    forged = first[:-3] + ("x" if first[-3] != "x" else "y") + first[-2:]
    assert Client().post(forged).status_code == 400
    monkeypatch.setattr(services, "CONFIRM_MAX_AGE", datetime.timedelta(seconds=-1))
    response = Client().post(first)
    assert response.status_code == 400 and "abgelaufen" in response.content.decode()
    monkeypatch.undo()
    # A second sign-up makes the first link void.
    with django_capture_on_commit_callbacks(execute=True):
        subscribe(team, Client())
    assert Client().post(first).status_code == 400
    assert not NewsletterSubscription.objects.filter(confirmed_at__isnull=False).exists()
    assert Client().post(confirm_link(mailoutbox[-1])).status_code == 200
    assert NewsletterSubscription.objects.filter(confirmed_at__isnull=False).count() == 1


def test_no_consent_bad_address_or_honeypot_stores_nothing(team, client, mailoutbox):
    assert subscribe(team, client, consent="").status_code == 400
    assert subscribe(team, client, email="kein-at-zeichen").status_code == 400
    assert subscribe(team, client, homepage="http://spam.example").status_code == 400
    assert subscribe(team, client, email="x" * 300 + "@example.org").status_code == 400
    assert not NewsletterSubscription.objects.exists() and mailoutbox == []


def test_private_agenda_has_no_newsletter_sign_up(team, client):
    team.agenda.is_public = False
    team.agenda.save()
    assert subscribe(team, client).status_code == 403


def test_a_confirmed_address_gets_no_second_confirmation(
    team, client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        subscribe(team, client)
    Client().post(confirm_link(mailoutbox[0]))
    with django_capture_on_commit_callbacks(execute=True):
        assert subscribe(team, Client()).status_code == 200  # same answer, nothing revealed
    assert len(mailoutbox) == 1


def test_only_the_coordination_sends(team, login, no_staff_mfa):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.send_newsletter(actor=team.moderator, agenda=team.agenda, subject="x", text="y")
    url = reverse("community:newsletter_send", args=[team.agenda.slug])
    assert login(team.moderator).get(url).status_code == 403
    page = login(team.coordinator).get(url)
    assert page.status_code == 200 and "0 Personen" in page.content.decode()
    response = login(team.coordinator).post(url, {"subject": "", "text": "Hallo"})
    assert response.status_code == 200 and not Job.objects.exists()
    response = login(team.coordinator).post(url, {"subject": "Neu", "text": "Hallo"})
    assert response.status_code == 302 and Job.objects.get().kind == "community.newsletter"


def test_coordination_sees_a_newsletter_todo(team, django_assert_max_num_queries):
    from django.utils import timezone

    from regioagenda.core import permissions
    from regioagenda.core.registry import todo_providers

    NewsletterSubscription.objects.create(
        agenda=team.agenda,
        email="a@example.org",
        consent_text="x",
        consented_at=timezone.now(),
        token_hash="x",
        confirmed_at=timezone.now(),
    )
    provider = todo_providers._providers["participation-newsletter"]
    permissions.forget_roles(team.coordinator)
    with django_assert_max_num_queries(3):
        todos = provider(team.coordinator, [team.agenda])
    assert [(t.title, t.count) for t in todos] == [("Newsletter senden", 1)]
    assert todos[0].url == reverse("community:newsletter_send", args=[team.agenda.slug])
    assert provider(team.moderator, [team.agenda]) == []


def test_the_form_include_shows_errors_where_they_belong(team, client):
    page = subscribe(team, client, email="kaputt", consent="").content.decode()
    assert 'aria-invalid="true"' in page and "gültige E-Mail-Adresse" in page
    assert 'name="consent"' in page and 'class="honeypot-input"' in page
    assert page.count("<h1") == 1


def test_follow_button_include(team, rf):
    from django.template.loader import render_to_string

    from regioagenda.community import services as community
    from tests.participation_factories import IdeaFactory

    idea = IdeaFactory(agenda=team.agenda)
    request = rf.get("/")
    request.user = team.participant
    html = render_to_string(
        "community/_follow_button.html", {"kind": "idea", "id": idea.pk}, request=request
    )
    assert 'value="follow"' in html and 'hx-post="/benachrichtigungen/folgen/idea/' in html
    community.follow(actor=team.participant, target=idea)
    html = render_to_string(
        "community/_follow_button.html", {"kind": "idea", "id": idea.pk}, request=request
    )
    assert 'value="unfollow"' in html
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    assert "<form" not in render_to_string(
        "community/_follow_button.html", {"kind": "idea", "id": idea.pk}, request=request
    )
