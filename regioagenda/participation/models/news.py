"""News posts of an agenda's process: what the coordination tells the public, with an Atom feed."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regioagenda.regions import process

NEWS_TITLE_MAX_LENGTH = 200
NEWS_BODY_MAX_LENGTH = 50_000
NEWS_TEASER_MAX_LENGTH = 300


class NewsPost(models.Model):
    agenda = models.ForeignKey("regions.Agenda", on_delete=models.CASCADE, related_name="news")
    title = models.CharField(_("Titel"), max_length=NEWS_TITLE_MAX_LENGTH)
    teaser = models.CharField(
        _("Kurzfassung"),
        max_length=NEWS_TEASER_MAX_LENGTH,
        blank=True,
        help_text=_("Ein, zwei Sätze für Listen, den Feed und geteilte Links."),
    )
    body = models.TextField(_("Text"), max_length=NEWS_BODY_MAX_LENGTH)  # sanitised HTML
    step = models.CharField(
        _("Prozessschritt"), max_length=30, choices=process.STEP_CHOICES, blank=True
    )
    # A post is public from this moment on; a later date schedules it.
    published_at = models.DateTimeField(_("veröffentlicht ab"), default=timezone.now, db_index=True)
    # When followers were told (once, at the first publication the service saw).
    announced_at = models.DateTimeField(null=True, blank=True, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    is_example = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("Neuigkeit")
        verbose_name_plural = _("Neuigkeiten")
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["agenda", "-published_at"], name="newspost_agenda_published")
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("participation:news_post", args=[self.agenda.slug, self.pk])

    @property
    def is_published(self) -> bool:
        return self.published_at <= timezone.now()
