"""Background tasks of the actors part: emails about new posts in followed forum threads."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

logger = logging.getLogger(__name__)

EXCERPT_CHARS = 1500


def _base_url(site_url):
    # The page that created the post knows the address people use; else the configured one.
    return (site_url or settings.SITE_URL or "http://localhost:8000").rstrip("/")


@task()
def notify_followers(post_id, site_url=""):
    """Email every follower of the post's thread who may still read the forum, except its author.

    One message per recipient, so nobody sees the others' addresses; a message the mail server
    refuses is logged and the others are still sent. Returns how many were sent.
    """
    from regioagenda.actors.fields import field_names
    from regioagenda.actors.models import Post
    from regioagenda.actors.services.forum import notification_recipients, plain_text

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
    sent = 0
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
        for user in notification_recipients(post=post):
            context["recipient"] = user
            subject = " ".join(
                render_to_string("actors/email/forum_post_subject.txt", context).split()
            )
            body = render_to_string("actors/email/forum_post_body.txt", context)
            message = EmailMessage(
                subject=f"{getattr(settings, 'ACCOUNT_EMAIL_SUBJECT_PREFIX', '')}{subject}",
                body=body,
                to=[user.email],
            )
            try:
                message.send()
            except Exception:
                logger.exception(
                    "Forum notification of post %s to user %s failed", post.pk, user.pk
                )
            else:
                sent += 1
    return sent
