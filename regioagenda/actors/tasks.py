"""Background tasks of the actors part: telling followers of a forum thread about a new post.

The emails themselves go out through the platform's notification service (``community``),
which honours each person's settings (immediately, daily digest, never) and adds the one-click
unsubscribe; this task decides who may be told (followers who may still enter the forum)."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

EXCERPT_CHARS = 1500


def _base_url(site_url):
    # The page that created the post knows the address people use; else the configured one.
    return (site_url or settings.SITE_URL or "http://localhost:8000").rstrip("/")


@task()
def notify_followers(post_id, site_url=""):
    """Notify every follower of the post's thread who may still read the forum, except its
    author. Returns how many people will be told."""
    from regioagenda.actors.fields import field_names
    from regioagenda.actors.models import Post
    from regioagenda.actors.services.forum import notification_recipients, plain_text
    from regioagenda.community.models import NotificationKind
    from regioagenda.community.services import notify

    post = (
        Post.objects.select_related("thread", "thread__agenda", "author")
        .filter(pk=post_id, hidden__isnull=True)
        .first()
    )
    if post is None:  # deleted or already hidden by the moderation before the task ran
        return 0
    thread, agenda = post.thread, post.thread.agenda
    thread_path = reverse("actors:thread", args=[agenda.slug, thread.pk])
    url = f"{_base_url(site_url)}{thread_path}"
    excerpt = plain_text(body=post.body)
    if len(excerpt) > EXCERPT_CHARS:
        excerpt = excerpt[:EXCERPT_CHARS].rsplit(" ", 1)[0] + " …"
    recipients = notification_recipients(post=post)
    if not recipients:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "agenda": agenda,
            "thread": thread,
            "field_name": field_names().get(thread.field_key, thread.field_key),
            "author_name": (post.author.name or _("Ein Mitglied")) if post.author else "",
            "excerpt": excerpt,
            "post_url": f"{url}#beitrag-{post.pk}",
            "thread_url": url,
        }
        subject = " ".join(render_to_string("actors/email/forum_post_subject.txt", context).split())
        text = render_to_string("actors/email/forum_post_body.txt", context).strip()
        return notify(
            actor=post.author,
            agenda=agenda,
            kind=NotificationKind.FORUM_POST,
            subject=subject,
            text=text,
            url=f"{url}#beitrag-{post.pk}",
            target=thread,
            recipients=recipients,
            to_followers=False,
        )
