"""Following, notifications, newsletters and abuse reports: shared by every part of the
platform that people take part in (the expert forum in ``actors``, everything in
``participation``), so it sits below them."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

REPORT_TEXT_MAX_LENGTH = 1000


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


class Delivery(models.TextChoices):
    """How someone wants to hear about a kind of notification."""

    IMMEDIATE = "immediate", _("sofort per E-Mail")
    DIGEST = "digest", _("einmal täglich gesammelt")
    NEVER = "never", _("gar nicht")


class Follow(models.Model):
    """Someone follows a thing (idea, forum thread, event, the agenda itself) and hears about
    what happens to it. The target is generic so a later app adds a followable thing without a
    new model."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    agenda = models.ForeignKey("regions.Agenda", on_delete=models.CASCADE, related_name="+")
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Abonnement")
        verbose_name_plural = _("Abonnements")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "target_type", "target_id"], name="follow_unique"
            ),
        ]
        indexes = [models.Index(fields=["target_type", "target_id"], name="follow_target")]

    def __str__(self):
        return f"{self.user_id} → {self.target_type_id}:{self.target_id}"


class NotificationSetting(models.Model):
    """A person's choice per kind; the row with an empty kind is their default for every kind
    without its own row. Nobody has a row until they choose: the default is immediately."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    kind = models.CharField(max_length=30, blank=True, choices=NotificationKind.choices)
    delivery = models.CharField(max_length=10, choices=Delivery.choices)

    class Meta:
        verbose_name = _("Benachrichtigungseinstellung")
        verbose_name_plural = _("Benachrichtigungseinstellungen")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notificationsetting_unique"),
        ]

    def __str__(self):
        return f"{self.user_id}: {self.kind or '*'} = {self.delivery}"


class Notification(models.Model):
    """One message to one person: sent right away by a task, or collected for the daily digest
    (``digest``). ``sent_at`` is set once it went out, so nothing is sent twice."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    agenda = models.ForeignKey(
        "regions.Agenda", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=30, choices=NotificationKind.choices)
    subject = models.CharField(max_length=200)
    text = models.TextField()
    url = models.CharField(max_length=500, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    digest = models.BooleanField(default=False)
    sent_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Benachrichtigung")
        verbose_name_plural = _("Benachrichtigungen")
        ordering = ["-created", "-pk"]
        indexes = [
            models.Index(
                fields=["recipient", "created"],
                name="notification_unsent",
                condition=models.Q(sent_at__isnull=True),
            ),
        ]

    def __str__(self):
        return f"{self.recipient_id}: {self.subject}"


class NewsletterSubscription(models.Model):
    """An address that asked for an agenda's newsletter. It receives nothing until the link in
    the confirmation email was opened (double opt-in); unsubscribing keeps the row as proof of
    when consent ended."""

    agenda = models.ForeignKey(
        "regions.Agenda", on_delete=models.CASCADE, related_name="newsletter_subscriptions"
    )
    email = models.EmailField(_("E-Mail-Adresse"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    consent_text = models.TextField(_("Einwilligungstext"))
    consented_at = models.DateTimeField()
    # Hash of the random part of the confirmation link: a link of an earlier request is void.
    token_hash = models.CharField(max_length=64)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Newsletter-Abonnement")
        verbose_name_plural = _("Newsletter-Abonnements")
        constraints = [
            models.UniqueConstraint(fields=["agenda", "email"], name="newsletter_unique"),
        ]

    def __str__(self):
        return f"{self.email} ({self.agenda_id})"

    @property
    def is_active(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None


class ReportReason(models.TextChoices):
    SPAM = "spam", _("Werbung oder Spam")
    INSULT = "insult", _("Beleidigung oder Belästigung")
    DISCRIMINATION = "discrimination", _("Diskriminierung oder Hetze")
    PRIVACY = "privacy", _("Persönliche Daten anderer")
    ILLEGAL = "illegal", _("Rechtswidriger Inhalt")
    OTHER = "other", _("Anderer Grund")


class ReportStatus(models.TextChoices):
    OPEN = "open", _("offen")
    HIDDEN = "hidden", _("ausgeblendet")
    DISMISSED = "dismissed", _("zurückgewiesen")


class Report(models.Model):
    """Someone reports a contribution (forum post, idea, comment …) to the agenda's moderation.
    A person has at most one open report per contribution."""

    agenda = models.ForeignKey("regions.Agenda", on_delete=models.CASCADE, related_name="+")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    reason = models.CharField(_("Grund"), max_length=20, choices=ReportReason.choices)
    text = models.TextField(_("Erläuterung"), blank=True, max_length=REPORT_TEXT_MAX_LENGTH)
    status = models.CharField(
        max_length=10, choices=ReportStatus.choices, default=ReportStatus.OPEN
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Meldung")
        verbose_name_plural = _("Meldungen")
        ordering = ["created", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["reporter", "target_type", "target_id"],
                condition=models.Q(status="open"),
                name="report_one_open",
            ),
        ]
        indexes = [
            models.Index(
                fields=["agenda", "target_type", "target_id"],
                name="report_open",
                condition=models.Q(status="open"),
            ),
        ]

    def __str__(self):
        return f"{self.target_type_id}:{self.target_id} ({self.status})"
