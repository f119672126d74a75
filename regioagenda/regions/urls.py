from django.urls import path
from django.utils.translation import gettext_lazy as _

from regioagenda.regions import views

app_name = "regions"

urlpatterns = [
    path("", views.landing, name="landing"),
    path(_("mein-bereich/"), views.dashboard, name="dashboard"),
    path(_("ueber-die-daten/"), views.about_data, name="about_data"),
    path(_("regionen/"), views.region_list, name="region_list"),
    path(_("regionen/neu/"), views.region_create, name="region_create"),
    path(_("regionen/verzeichnis-einlesen/"), views.register_import, name="register_import"),
    path(_("regionen/<int:pk>/"), views.region_detail, name="region_detail"),
    path(_("programme/<slug:slug>/"), views.programme_detail, name="programme_detail"),
    path(_("programme/<slug:slug>/agenda-anlegen/"), views.agenda_create, name="agenda_create"),
    path(_("agenden/<slug:slug>/"), views.agenda_home, name="agenda_home"),
    path(_("agenden/<slug:slug>/einstellungen/"), views.agenda_settings, name="agenda_settings"),
    path(_("agenden/<slug:slug>/mitglieder/"), views.agenda_members, name="agenda_members"),
    path(
        _("agenden/<slug:slug>/mitglieder/<int:pk>/entfernen/"),
        views.agenda_member_remove,
        name="agenda_member_remove",
    ),
    path(_("agenden/<slug:slug>/teilnehmen/"), views.agenda_join, name="agenda_join"),
    path(_("agenden/<slug:slug>/schritte/<slug:key>/"), views.agenda_step, name="agenda_step"),
]
