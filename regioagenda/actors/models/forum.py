"""The expert forum: threaded discussions per matrix field among the forum's members."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Thread(models.Model):
    agenda = models.ForeignKey(
        "regions.Agenda", on_delete=models.CASCADE, related_name="forum_threads"
    )
    field_key = models.SlugField(_("Handlungsfeld"), max_length=40)
    title = models.CharField(_("Titel"), max_length=200)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_closed = models.BooleanField(_("geschlossen"), default=False)
    is_pinned = models.BooleanField(_("angeheftet"), default=False)
    created = models.DateTimeField(auto_now_add=True)
    last_activity = models.DateTimeField(db_index=True)
    is_example = models.BooleanField(default=False)

    # Set by the read paths (``queries.forum``), not stored: the posts members can read.
    post_count: int

    class Meta:
        verbose_name = _("Diskussion")
        verbose_name_plural = _("Diskussionen")
        ordering = ["agenda", "-is_pinned", "-last_activity"]
        indexes = [models.Index(fields=["agenda", "field_key"])]

    def __str__(self):
        return self.title


class Post(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    # A reply to another post of the same thread; None for the thread's first level.
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("Beitrag"))  # sanitised HTML (nh3) at write time
    created = models.DateTimeField(auto_now_add=True)
    edited = models.DateTimeField(null=True, blank=True)
    hidden = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden_reason = models.CharField(_("Grund"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("Beitrag")
        verbose_name_plural = _("Beiträge")
        ordering = ["thread", "created", "pk"]

    def __str__(self):
        return f"{self.thread_id}#{self.pk}"
