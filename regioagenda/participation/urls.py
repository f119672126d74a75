"""Every page of the participatory process, mounted under ``agenden/<slug>/beteiligung/``."""

from django.urls import path  # noqa: F401
from django.utils.translation import gettext_lazy as _  # noqa: F401

app_name = "participation"

urlpatterns = []

# Phases, process page, news, reach ------------------------------------------------------------
from regioagenda.participation import feeds  # noqa: E402
from regioagenda.participation.views import news as news_views  # noqa: E402
from regioagenda.participation.views import phases as phase_views  # noqa: E402
from regioagenda.participation.views import reach as reach_views  # noqa: E402
from regioagenda.participation.views import statistics as statistics_views  # noqa: E402

urlpatterns += [
    path("", phase_views.process, name="process"),
    path(_("phasen/<slug:step>/"), phase_views.phase_edit, name="phase_edit"),
    path(_("neuigkeiten/"), news_views.news, name="news"),
    path(_("neuigkeiten/neu/"), news_views.news_create, name="news_create"),
    path(_("neuigkeiten/feed/"), feeds.NewsFeed(), name="news_feed"),
    path(_("neuigkeiten/<int:pk>/"), news_views.news_post, name="news_post"),
    path(_("neuigkeiten/<int:pk>/bearbeiten/"), news_views.news_edit, name="news_edit"),
    path(_("neuigkeiten/<int:pk>/loeschen/"), news_views.news_delete, name="news_delete"),
    path(_("plakat/"), reach_views.poster, name="poster"),
    path(_("handzettel/"), reach_views.flyer, name="flyer"),
    path(_("veranstaltungen/<int:pk>/plakat/"), reach_views.event_poster, name="event_poster"),
    path(_("umfragen/<int:pk>/plakat/"), reach_views.survey_poster, name="survey_poster"),
    path(_("statistik/"), statistics_views.statistics, name="statistics"),
]


# Events ---------------------------------------------------------------------------------------
from regioagenda.participation.views import events as event_views  # noqa: E402

urlpatterns += [
    path("termine/", event_views.event_list, name="events"),
    path("termine/neu/", event_views.event_create, name="event_create"),
    path("termine/kalender.ics", event_views.events_ics, name="events_ics"),
    path("termine/<int:pk>/", event_views.event_detail, name="event"),
    path("termine/<int:pk>/anmelden/", event_views.event_register, name="event_register"),
    path("termine/<int:pk>/abmelden/", event_views.event_unregister, name="event_unregister"),
    path("termine/<int:pk>/kalender.ics", event_views.event_ics, name="event_ics"),
    path("termine/<int:pk>/bearbeiten/", event_views.event_edit, name="event_edit"),
    path("termine/<int:pk>/absagen/", event_views.event_cancel, name="event_cancel"),
    path("termine/<int:pk>/programm/", event_views.event_programme, name="event_programme"),
    path("termine/<int:pk>/protokoll/", event_views.event_minutes, name="event_minutes"),
    path("termine/<int:pk>/ergebnisse/", event_views.event_results, name="event_results"),
    path("termine/<int:pk>/teilnahme/", event_views.event_attendance, name="event_attendance"),
]


# Ideas and comments ---------------------------------------------------------------------------
from regioagenda.participation.views import comments as comment_views  # noqa: E402
from regioagenda.participation.views import ideas as idea_views  # noqa: E402

urlpatterns += [
    path(_("ideen/"), idea_views.idea_list, name="ideas"),
    path(_("ideen/neu/"), idea_views.idea_create, name="idea_create"),
    path(_("ideen/<int:pk>/"), idea_views.idea_detail, name="idea"),
    path(_("ideen/<int:pk>/bearbeiten/"), idea_views.idea_edit, name="idea_edit"),
    path(_("ideen/<int:pk>/antwort/"), idea_views.idea_answer, name="idea_answer"),
    path(_("ideen/<int:pk>/unterstuetzen/"), idea_views.idea_support, name="idea_support"),
    path(
        _("kommentare/<int:type_id>/<int:target_id>/"),
        comment_views.comment_create,
        name="comment_create",
    ),
    path(_("kommentare/<int:pk>/bearbeiten/"), comment_views.comment_edit, name="comment_edit"),
]


# Idea curation: quick capture, themes, duplicates ----------------------------------------------
from regioagenda.participation.views import curation as curation_views  # noqa: E402

urlpatterns += [
    path(_("ideen/erfassen/"), curation_views.quick_capture, name="quick_capture"),
    path(
        _("ideen/erfassen/<int:pk>/felder/"),
        curation_views.quick_capture_fields,
        name="quick_capture_fields",
    ),
    path(_("ideen/themen/"), curation_views.themes, name="themes"),
    path(_("ideen/doppelungen/"), curation_views.duplicates, name="duplicates"),
    path(
        _("ideen/doppelungen/verwerfen/"),
        curation_views.duplicate_dismiss,
        name="duplicate_dismiss",
    ),
    path(_("ideen/<int:pk>/zusammenfuehren/"), curation_views.merge, name="merge"),
    path(_("ideen/aehnliche/"), curation_views.similar, name="similar_ideas"),
]


# Prioritisation and consultation --------------------------------------------------------------
from regioagenda.participation.views import consultation as consultation_views  # noqa: E402
from regioagenda.participation.views import voting as voting_views  # noqa: E402

urlpatterns += [
    path("priorisierung/<slug:step>/", voting_views.voting, name="voting"),
    path("priorisierung/<slug:step>/ergebnis/", voting_views.voting_results, name="voting_results"),
    path(
        "priorisierung/<slug:step>/ergebnis.csv",
        voting_views.voting_results_csv,
        name="voting_results_csv",
    ),
    path(
        "priorisierung/<slug:step>/veroeffentlichen/",
        voting_views.voting_publish,
        name="voting_publish",
    ),
    path("konsultation/", consultation_views.consultation, name="consultation"),
    path("konsultation/neu/", consultation_views.draft_create, name="draft_create"),
    path("konsultation/<int:pk>/", consultation_views.draft, name="draft"),
    path("konsultation/<int:pk>/bearbeiten/", consultation_views.draft_edit, name="draft_edit"),
    path(
        "konsultation/<int:pk>/fassung/",
        consultation_views.version_create,
        name="draft_version_create",
    ),
    path("konsultation/<int:pk>/fassungen/", consultation_views.versions, name="draft_versions"),
    path(
        "konsultation/<int:pk>/absatz/<slug:key>/",
        consultation_views.paragraph,
        name="draft_paragraph",
    ),
    path(
        "konsultation/<int:pk>/kommentar/<int:comment>/ergebnis/",
        consultation_views.verdict,
        name="draft_verdict",
    ),
    path("konsultation/<int:pk>/auswertung/", consultation_views.summary, name="draft_summary"),
    path(
        "konsultation/<int:pk>/auswertung.csv",
        consultation_views.summary_csv,
        name="draft_summary_csv",
    ),
]


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
from regioagenda.participation.views import moderation as moderation_views  # noqa: E402

urlpatterns += [
    path(_("moderation/"), moderation_views.moderation, name="moderation"),
]
