"""Every page of the participatory process, mounted under ``agenden/<slug>/beteiligung/``."""

from django.urls import path  # noqa: F401
from django.utils.translation import gettext_lazy as _  # noqa: F401

app_name = "participation"

urlpatterns = []

# Phases, process page, news, reach ------------------------------------------------------------
urlpatterns += []


# Events ---------------------------------------------------------------------------------------
urlpatterns += []


# Ideas and comments ---------------------------------------------------------------------------
urlpatterns += []


# Idea curation: quick capture, themes, duplicates ----------------------------------------------
urlpatterns += []


# Prioritisation and consultation --------------------------------------------------------------
urlpatterns += []


# Surveys --------------------------------------------------------------------------------------
from regioagenda.participation.views import surveys as survey_views  # noqa: E402

urlpatterns += [
    path(_("umfragen/"), survey_views.survey_list, name="surveys"),
    path(_("umfragen/neu/"), survey_views.survey_create, name="survey_create"),
    path(_("umfragen/<int:pk>/"), survey_views.survey_detail, name="survey"),
    path(_("umfragen/<int:pk>/ergebnisse/"), survey_views.survey_results, name="survey_results"),
    path(_("umfragen/<int:pk>/bearbeiten/"), survey_views.survey_manage, name="survey_manage"),
    path(_("umfragen/<int:pk>/oeffnen/"), survey_views.survey_toggle, name="survey_toggle"),
    path(_("umfragen/<int:pk>/fragen/"), survey_views.question_add, name="survey_question_add"),
    path(
        _("umfragen/<int:pk>/fragen/<int:question_id>/"),
        survey_views.question_edit,
        name="survey_question",
    ),
    path(
        _("umfragen/<int:pk>/fragen/<int:question_id>/verschieben/"),
        survey_views.question_move,
        name="survey_question_move",
    ),
    path(
        _("umfragen/<int:pk>/fragen/<int:question_id>/entfernen/"),
        survey_views.question_remove,
        name="survey_question_remove",
    ),
    path(_("umfragen/<int:pk>/export.<str:fmt>"), survey_views.survey_export, name="survey_export"),
    path(
        _("umfragen/<int:pk>/antworten/<int:answer_id>/ausblenden/"),
        survey_views.answer_hide,
        name="survey_answer_hide",
    ),
    path(
        _("umfragen/selbsteinschaetzung/<int:round_id>/"),
        survey_views.survey_for_round,
        name="survey_for_round",
    ),
]


# Moderation -----------------------------------------------------------------------------------
urlpatterns += []
