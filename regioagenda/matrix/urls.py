"""URLs of the matrix, mounted under ``agenden/<slug>/matrix/`` (namespace "matrix")."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from regioagenda.matrix.views import indicators, overview, rounds

app_name = "matrix"

urlpatterns = [
    # The matrix page, priorities and exports
    path("", overview.overview, name="overview"),
    path(_("prioritaeten/"), overview.priorities, name="priorities"),
    path("export.csv", overview.export, {"fmt": "csv"}, name="export_csv"),
    path("export.xlsx", overview.export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("export.json", overview.export, {"fmt": "json"}, name="export_json"),
    # Assessment rounds, rating and consensus
    path(_("runden/"), rounds.round_list, name="round_list"),
    path(_("runden/neu/"), rounds.round_create, name="round_create"),
    path(_("runden/<int:round_id>/"), rounds.round_detail, name="round_detail"),
    path(
        _("runden/<int:round_id>/einladungen/<int:invitation_id>/entfernen/"),
        rounds.invitation_remove,
        name="invitation_remove",
    ),
    path(_("runden/<int:round_id>/oeffnen/"), rounds.round_open, name="round_open"),
    path(_("runden/<int:round_id>/abschliessen/"), rounds.round_close, name="round_close"),
    path(_("runden/<int:round_id>/bewerten/"), rounds.rate, name="rate"),
    path(_("runden/<int:round_id>/bewerten/fertig/"), rounds.rating_submit, name="rating_submit"),
    path(_("runden/<int:round_id>/konsens/"), rounds.consensus, name="consensus"),
    path(_("runden/<int:round_id>/zweite-runde/"), rounds.follow_up, name="follow_up"),
    # Indicators
    path(_("indikatoren/"), indicators.indicator_list, name="indicators"),
    path(_("indikatoren/vorlage.csv"), indicators.template_csv, name="indicator_template_csv"),
    path(_("indikatoren/vorlage.xlsx"), indicators.template_xlsx, name="indicator_template_xlsx"),
    path(_("indikatoren/import/"), indicators.indicator_import, name="indicator_import"),
    path(
        _("indikatoren/werte/<int:pk>/loeschen/"),
        indicators.value_delete,
        name="indicator_value_delete",
    ),
    path(_("indikatoren/<slug:key>/"), indicators.indicator_detail, name="indicator_detail"),
    # The public self-assessment
]
