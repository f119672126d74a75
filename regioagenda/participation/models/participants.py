"""What the agenda knows about a person who takes part: the part of society they come from.

Asked once (optional) at a first contribution or registration, for the participation statistics
by sector; never shown per person.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Participant(models.Model):
    agenda = models.ForeignKey(
        "regions.Agenda", on_delete=models.CASCADE, related_name="participants"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # An ``actors.models.Sector`` value, or "" when the person did not say.
    sector = models.CharField(_("Bereich"), max_length=30, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Teilnehmende Person")
        verbose_name_plural = _("Teilnehmende")
        constraints = [
            models.UniqueConstraint(fields=["agenda", "user"], name="participant_unique"),
        ]

    def __str__(self):
        return f"{self.user_id} @ {self.agenda_id}"
