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
urlpatterns += []


# Prioritisation and consultation --------------------------------------------------------------
urlpatterns += []


# Surveys --------------------------------------------------------------------------------------
urlpatterns += []


# Moderation -----------------------------------------------------------------------------------
urlpatterns += []
