"""Following, notifications, newsletters and abuse reports: shared by every part of the
platform that people take part in (the expert forum in ``actors``, everything in
``participation``), so it sits below them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    """Why someone gets a message; preferences and digests go by kind."""

    ANSWER = "answer", _("Antwort auf Ihren Beitrag")
    COMMENT = "comment", _("Neuer Kommentar")
    STATUS = "status", _("Statusänderung")
    STEP_STARTED = "step_started", _("Neuer Prozessschritt")
    EVENT = "event", _("Veranstaltung")
    EVENT_REMINDER = "event_reminder", _("Erinnerung an eine Veranstaltung")
    FORUM_POST = "forum_post", _("Neuer Beitrag im Expertenforum")
    MODERATION = "moderation", _("Moderation")
    NEWS = "news", _("Neuigkeiten")
