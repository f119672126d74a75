"""Notification settings, one-click unsubscribe, newsletter confirmation, abuse reports."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from regioagenda.community import views

app_name = "community"

urlpatterns = [
    path(_("einstellungen/"), views.settings_page, name="settings"),
    path(_("abmelden/<str:token>/"), views.unsubscribe, name="unsubscribe"),
    path(_("folgen/<slug:kind>/<int:pk>/"), views.follow, name="follow"),
    path(_("melden/<slug:kind>/<int:pk>/"), views.report, name="report"),
    path(
        _("newsletter/<slug:slug>/anmelden/"),
        views.newsletter_subscribe,
        name="newsletter_subscribe",
    ),
    path(
        _("newsletter/bestaetigen/<str:token>/"),
        views.newsletter_confirm,
        name="newsletter_confirm",
    ),
    path(_("newsletter/<slug:slug>/senden/"), views.newsletter_send, name="newsletter_send"),
]
