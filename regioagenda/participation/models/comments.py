"""One comments engine for everything people discuss: ideas, draft paragraphs, events and
(later) projects. A comment points at its target generically, so a later app adds a target
without a new model."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

COMMENT_MAX_LENGTH = 10_000


class Comment(models.Model):
    agenda = models.ForeignKey("regions.Agenda", on_delete=models.CASCADE, related_name="comments")
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    # A reply to another comment on the same target; None on the first level.
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("Kommentar"))  # sanitised HTML (core.html) at write time
    # An answer given for the agenda (moderation, coordination), shown as such.
    is_official = models.BooleanField(_("offizielle Antwort"), default=False)
    created = models.DateTimeField(auto_now_add=True, db_index=True)
    edited = models.DateTimeField(null=True, blank=True)
    hidden = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden_reason = models.CharField(_("Grund"), max_length=300, blank=True)
    is_example = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("Kommentar")
        verbose_name_plural = _("Kommentare")
        ordering = ["created", "pk"]
        indexes = [models.Index(fields=["target_type", "target_id", "created"])]

    def __str__(self):
        return f"{self.target_type_id}:{self.target_id}#{self.pk}"
