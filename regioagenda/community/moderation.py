"""Reports of abuse and what the moderation does about them: hide with a reason the author sees,
show again, dismiss, block a person in an agenda and lift the block.

The contributions themselves belong to other apps; they are reached through
``community.targets`` (each kind registers how it is hidden and shown again, and audits that
itself). Reports, blocks and dismissals are audited here.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from regioagenda.accounts.models import AgendaBlock, Role, User
from regioagenda.community import services
from regioagenda.community.limits import check_rate
from regioagenda.community.models import (
    REPORT_TEXT_MAX_LENGTH,
    NotificationKind,
    Report,
    ReportReason,
    ReportStatus,
)
from regioagenda.community.targets import Target, excerpt
from regioagenda.core import permissions
from regioagenda.regions.audit import AuditAction, record_event
from regioagenda.regions.models import Agenda

REASON_MAX = 300


def _clean_reason(reason: str, field: str = "reason") -> str:
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError({field: _("Bitte geben Sie einen Grund an.")})
    if len(reason) > REASON_MAX:
        raise ValidationError(
            {field: _("Der Grund darf höchstens %(n)s Zeichen lang sein.") % {"n": REASON_MAX}}
        )
    return reason


def _open_reports(target: Target, obj: Model) -> Any:
    return Report.objects.filter(
        target_type=ContentType.objects.get_for_model(obj),
        target_id=obj.pk,
        status=ReportStatus.OPEN,
    )


# Reporting -------------------------------------------------------------------------------------


def report(
    *, actor: User, target: Target, obj: Model, reason: str, text: str = "", address: str = ""
) -> Report:
    """``actor`` reports ``obj`` to the moderation of its agenda. One open report per person
    and contribution: a second one (also a parallel double click) is refused with a sentence."""
    agenda: Agenda = target.agenda(obj)
    permissions.require(permissions.can_report, actor, agenda)
    if not target.reportable or not target.can_view(actor, obj):
        raise Http404(target.key)
    if reason not in ReportReason.values:
        raise ValidationError({"reason": _("Bitte wählen Sie einen Grund.")})
    text = (text or "").strip()
    if len(text) > REPORT_TEXT_MAX_LENGTH:
        raise ValidationError(
            {
                "text": _("Die Erläuterung darf höchstens %(n)s Zeichen lang sein.")
                % {"n": REPORT_TEXT_MAX_LENGTH}
            }
        )
    author = target.author(obj)
    if author is not None and author.pk == actor.pk:
        raise ValidationError(_("Ihren eigenen Beitrag können Sie nicht melden."))
    if target.is_hidden is not None and target.is_hidden(obj):
        raise ValidationError(_("Dieser Beitrag ist bereits ausgeblendet."))
    check_rate(kind="report", user_id=actor.pk, address=address)
    try:
        with transaction.atomic():
            return Report.objects.create(
                agenda=agenda,
                reporter=actor,
                target_type=ContentType.objects.get_for_model(obj),
                target_id=obj.pk,
                reason=reason,
                text=text,
            )
    except IntegrityError:
        raise ValidationError(
            _("Sie haben diesen Beitrag bereits gemeldet; die Moderation sieht sich ihn an.")
        ) from None


# Handling --------------------------------------------------------------------------------------


def _close(target: Target, obj: Model, actor: User, status: str) -> int:
    return _open_reports(target, obj).update(
        status=status, handled_by=actor, handled_at=timezone.now()
    )


def hide(*, actor: User, target: Target, obj: Model, reason: str) -> int:
    """Hide ``obj`` with a reason its author sees instead of the text, close its open reports
    and tell the author. Returns how many reports were closed."""
    agenda: Agenda = target.agenda(obj)
    permissions.require(permissions.can_moderate_reports, actor, agenda)
    if target.hide is None:
        raise Http404(target.key)
    reason = _clean_reason(reason)
    with transaction.atomic():
        target.hide(actor=actor, obj=obj, reason=reason)  # audits, refuses if already hidden
        closed = _close(target, obj, actor, ReportStatus.HIDDEN)
        author = target.author(obj)
        if author is not None:
            services.notify(
                actor=actor,
                agenda=agenda,
                kind=NotificationKind.MODERATION,
                subject=_("Ihr Beitrag wurde von der Moderation ausgeblendet"),
                text=_(
                    "Die Moderation von „%(agenda)s“ hat Ihren Beitrag ausgeblendet.\n\n"
                    "Grund: %(reason)s\n\nIhr Beitrag: „%(excerpt)s“"
                )
                % {"agenda": agenda.title, "reason": reason, "excerpt": target.excerpt(obj)},
                url=target.url(obj),
                recipients=[author],
                to_followers=False,
            )
    return closed


def unhide(*, actor: User, target: Target, obj: Model) -> None:
    """Show a hidden contribution again."""
    agenda: Agenda = target.agenda(obj)
    permissions.require(permissions.can_moderate_reports, actor, agenda)
    if target.unhide is None:
        raise Http404(target.key)
    with transaction.atomic():
        target.unhide(actor=actor, obj=obj)


def dismiss(*, actor: User, target: Target, obj: Model) -> int:
    """The reports of ``obj`` are unfounded: close them, the contribution stays."""
    agenda: Agenda = target.agenda(obj)
    permissions.require(permissions.can_moderate_reports, actor, agenda)
    with transaction.atomic():
        closed = _close(target, obj, actor, ReportStatus.DISMISSED)
        if not closed:
            raise ValidationError(_("Zu diesem Beitrag gibt es keine offenen Meldungen."))
        record_event(
            actor=actor,
            agenda=agenda,
            action=AuditAction.REPORTS_DISMISSED,
            detail=f"{target.label} #{obj.pk}: {excerpt(target.excerpt(obj), 80)}",
        )
    return closed


# Blocks ----------------------------------------------------------------------------------------

STAFF_ROLES = {Role.COORDINATOR, Role.MODERATOR, Role.EDITOR}


def block(*, actor: User, agenda: Agenda, user: User, reason: str) -> AgendaBlock:
    """Block ``user`` from contributing in ``agenda`` (ideas, comments, votes, forum posts,
    reports); they see the reason. Staff of the agenda are not blocked: take their role
    first."""
    permissions.require(permissions.can_moderate_reports, actor, agenda)
    reason = _clean_reason(reason)
    if user.pk == actor.pk:
        raise ValidationError(_("Sie können sich nicht selbst sperren."))
    if permissions.agenda_roles(user, agenda) & STAFF_ROLES:
        raise PermissionDenied(
            _(
                "Diese Person gehört zum Team der Agenda. Bitte nehmen Sie ihr zuerst die Rolle, "
                "bevor Sie sie sperren."
            )
        )
    try:
        with transaction.atomic():
            blocked = AgendaBlock.objects.create(
                user=user, agenda=agenda, reason=reason, blocked_by=actor
            )
            record_event(
                actor=actor,
                agenda=agenda,
                action=AuditAction.USER_BLOCKED,
                detail=f"{user.email}: {reason}",
            )
            services.notify(
                actor=actor,
                agenda=agenda,
                kind=NotificationKind.MODERATION,
                subject=_("Sie wurden in „%(agenda)s“ für Beiträge gesperrt")
                % {"agenda": agenda.title},
                text=_(
                    "Die Moderation hat Sie in „%(agenda)s“ für Beiträge gesperrt. Lesen können "
                    "Sie weiterhin.\n\nGrund: %(reason)s"
                )
                % {"agenda": agenda.title, "reason": reason},
                url="",
                recipients=[user],
                to_followers=False,
            )
    except IntegrityError:
        raise ValidationError(_("Diese Person ist in dieser Agenda bereits gesperrt.")) from None
    permissions.forget_blocks(user)
    return blocked


def unblock(*, actor: User, agenda: Agenda, user: User) -> None:
    """Lift ``user``'s block in ``agenda``."""
    permissions.require(permissions.can_moderate_reports, actor, agenda)
    with transaction.atomic():
        deleted, _rows = AgendaBlock.objects.filter(user=user, agenda=agenda).delete()
        if not deleted:
            raise ValidationError(_("Diese Person ist in dieser Agenda nicht gesperrt."))
        record_event(
            actor=actor, agenda=agenda, action=AuditAction.USER_UNBLOCKED, detail=user.email
        )
    permissions.forget_blocks(user)
