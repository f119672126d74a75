"""What every page of the actors part needs besides its own data."""

from regioagenda.core import permissions


def actors_nav(user, agenda):
    """Which tabs of ``actors/_nav.html`` the user may open (no query beyond the cached roles)."""
    return {
        "register": permissions.can_view_actors(user, agenda),
        "forum": permissions.can_enter_expert_forum(user, agenda),
        "manage_register": permissions.can_manage_actors(user, agenda),
        "manage_bodies": permissions.can_manage_bodies(user, agenda),
    }
