"""Every permission decision of the platform, one small predicate per decision.

Views, services, templates and the API ask these functions; nothing else looks at roles. Each
predicate takes the user (possibly anonymous) and the object in question and answers ``True``,
``False`` or a falsy ``Denied(reason)`` that says why not (closed, not invited, …). A user's roles
are loaded once per request and cached on the user object, so a page that asks many questions
costs one query. ``require(predicate, user, *objects)`` raises ``PermissionDenied`` with the
specific reason, or the sentence the predicate registered (``REASONS``), so views and services
say the same.

One module per part of the platform; everything is re-exported here, so callers write
``permissions.can_rate(user, round)``. ``core`` sits below the apps: the predicates know agendas,
rounds and threads by the attributes they read, never by import.
"""

from regioagenda.core.permissions.accounts import can_view_job, requires_mfa
from regioagenda.core.permissions.actors import (
    can_enter_expert_forum,
    can_link_activity,
    can_manage_activities,
    can_manage_actors,
    can_manage_bodies,
    can_merge_activities,
    can_moderate_forum,
    can_post_in_forum,
    can_view_activities,
    can_view_actors,
    can_view_public_actors,
)
from regioagenda.core.permissions.agendas import (
    can_edit_content,
    can_join,
    can_manage_agenda,
    can_manage_members,
    can_moderate,
    can_take_part,
    can_view_agenda,
    can_view_members,
    content_editable_agendas_filter,
    is_member,
    viewable_agendas_filter,
)
from regioagenda.core.permissions.community import (
    can_moderate_reports,
    can_report,
    can_send_newsletter,
)
from regioagenda.core.permissions.consultation import (
    can_answer_consultation,
    can_manage_drafts,
)
from regioagenda.core.permissions.curation import (
    can_curate_ideas,
    can_merge_ideas,
)
from regioagenda.core.permissions.events import (
    can_manage_events,
)
from regioagenda.core.permissions.ideas import (
    COMMENT_EDIT_WINDOW,
    can_answer_idea,
    can_answer_officially,
    can_edit_comment,
    can_edit_idea,
    can_support_idea,
)
from regioagenda.core.permissions.matrix import (
    can_enter_indicators,
    can_manage_assessment,
    can_rate,
    can_set_consensus,
    can_view_rounds,
    rating_invitations_filter,
)
from regioagenda.core.permissions.participation import (
    can_contribute,
    forget_blocks,
    has_verified_email,
    is_blocked,
)
from regioagenda.core.permissions.process import (
    can_manage_news,
    can_manage_phases,
    can_print_posters,
)
from regioagenda.core.permissions.programmes import (
    can_create_agenda,
    can_manage_programme,
    can_manage_register,
    is_programme_admin,
    programme_office_filter,
)
from regioagenda.core.permissions.reasons import (
    DEFAULT_REASON,
    REASONS,
    Answer,
    Denied,
    reason,
    require,
)
from regioagenda.core.permissions.roles import Person, agenda_roles, forget_roles
from regioagenda.core.permissions.sources import can_manage_sources, can_view_sources
from regioagenda.core.permissions.surveys import (
    can_answer_survey,
    can_manage_surveys,
)
from regioagenda.core.permissions.voting import (
    can_publish_vote_results,
    can_view_live_vote_results,
)

__all__ = [
    "can_moderate_reports",
    "can_report",
    "can_send_newsletter",
    "can_contribute",
    "forget_blocks",
    "has_verified_email",
    "is_blocked",
    "DEFAULT_REASON",
    "REASONS",
    "Answer",
    "Denied",
    "Person",
    "agenda_roles",
    "can_create_agenda",
    "can_edit_content",
    "can_enter_expert_forum",
    "can_enter_indicators",
    "can_join",
    "can_link_activity",
    "can_manage_activities",
    "can_manage_actors",
    "can_manage_agenda",
    "can_manage_assessment",
    "can_manage_bodies",
    "can_manage_members",
    "can_manage_news",
    "can_manage_phases",
    "can_manage_programme",
    "can_manage_register",
    "can_manage_sources",
    "can_merge_activities",
    "can_moderate",
    "can_moderate_forum",
    "can_post_in_forum",
    "can_print_posters",
    "can_rate",
    "can_set_consensus",
    "can_take_part",
    "can_view_activities",
    "can_view_actors",
    "can_view_agenda",
    "can_view_job",
    "can_view_members",
    "can_view_public_actors",
    "can_view_rounds",
    "can_view_sources",
    "content_editable_agendas_filter",
    "forget_roles",
    "is_member",
    "is_programme_admin",
    "programme_office_filter",
    "rating_invitations_filter",
    "reason",
    "require",
    "requires_mfa",
    "viewable_agendas_filter",
    "can_manage_events",
    "COMMENT_EDIT_WINDOW",
    "can_answer_idea",
    "can_answer_officially",
    "can_edit_comment",
    "can_edit_idea",
    "can_support_idea",
    "can_answer_consultation",
    "can_manage_drafts",
    "can_publish_vote_results",
    "can_view_live_vote_results",
    "can_curate_ideas",
    "can_merge_ideas",
    "can_answer_survey",
    "can_manage_surveys",
]
