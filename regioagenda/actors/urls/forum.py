"""URLs of the expert forum (included by actors/urls/__init__.py, namespace "actors")."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from regioagenda.actors.views import forum as views

urlpatterns = [
    path(_("forum/"), views.forum_index, name="forum"),
    path(_("forum/diskussion/<int:pk>/"), views.thread, name="thread"),
    path(_("forum/diskussion/<int:pk>/folgen/"), views.thread_follow, name="thread_follow"),
    path(_("forum/diskussion/<int:pk>/moderieren/"), views.thread_moderate, name="thread_moderate"),
    path(_("forum/beitrag/<int:pk>/ausblenden/"), views.post_hide, name="post_hide"),
    path(_("forum/beitrag/<int:pk>/einblenden/"), views.post_unhide, name="post_unhide"),
    # Last: a field key is a single path segment, so it cannot shadow the paths above.
    path(_("forum/<slug:key>/"), views.forum_field, name="forum_field"),
]
