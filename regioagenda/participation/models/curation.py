"""What moderators decided while curating ideas: pairs that looked alike but are not duplicates."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class DismissedDuplicate(models.Model):
    """A suggested duplicate pair a moderator marked "kein Duplikat": never suggested again.

    The pair is stored once, the lower idea id first."""

    agenda = models.ForeignKey(
        "regions.Agenda", on_delete=models.CASCADE, related_name="dismissed_duplicates"
    )
    first = models.ForeignKey("participation.Idea", on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey("participation.Idea", on_delete=models.CASCADE, related_name="+")
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("verworfene Doppelung")
        verbose_name_plural = _("verworfene Doppelungen")
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="dismissedduplicate_unique"),
            models.CheckConstraint(
                condition=Q(first__lt=F("second")), name="dismissedduplicate_ordered"
            ),
        ]
        indexes = [models.Index(fields=["agenda", "first", "second"])]

    def __str__(self):
        return f"{self.first_id} ≠ {self.second_id}"
