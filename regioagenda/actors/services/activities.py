"""Write paths of the activity landscape: record, edit, delete, link across agendas, merge
duplicates.

Every service takes the acting user and plain arguments (ids from forms, not trusted), checks
the permission, validates everything first and raises ``ValidationError`` naming the problem
(by form field where there is one) before anything is written; each runs in one transaction,
so a refused call changes nothing.

What a merge moves (``merge_activities``) and what it leaves:

- The duplicate stays as a row with ``merged_into`` set: its address redirects to the
  original, and its agenda gets an ``ActivityLink`` to the original, so the agenda still lists
  the activity.
- Links of other agendas to the duplicate move to the original (a link that would exist twice,
  or would link the original's own agenda, is dropped instead).
- Activities merged earlier into the duplicate now point to the original (no chains).
- Fields, organisations, the responsible organisation and bodies are NOT moved: organisations
  and bodies belong to the duplicate's agenda and cannot be attached to another agenda's
  activity, and the original's agenda decides its own fields. The result names what stayed
  behind, so the page can say so.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, TypeAlias, TypeVar

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from regioagenda.accounts.models import User
from regioagenda.actors.fields import active_fields, clean_field_keys
from regioagenda.actors.models import (
    Activity,
    ActivityField,
    ActivityKind,
    ActivityLink,
    ActivityScope,
    ActivityStatus,
    Body,
    Organisation,
    status_for_dates,
)
from regioagenda.actors.validation import FieldErrors
from regioagenda.core import once, permissions
from regioagenda.regions.audit import AuditAction, record_event
from regioagenda.regions.models import Agenda

TITLE_MAX = 300
DESCRIPTION_MAX = 10_000
URL_MAX = 500
NOTE_MAX = 300

# Ids as a form posts them: one, several, or none; anything else is refused by ``_ids``.
Ids: TypeAlias = int | str | Iterable[int | str | None] | None
# The rows of its own agenda an activity refers to.
OwnRow = TypeVar("OwnRow", Organisation, Body)


# Validation ------------------------------------------------------------------------------------


def _ids(values: Ids, errors: FieldErrors, name: str, noun: str) -> list[int]:
    """Parse ids from a form; anything not a positive whole number is named in ``errors``."""
    if values is None:
        return []
    if isinstance(values, int | str):
        values = [values]
    parsed: list[int] = []
    bad: list[str] = []
    for value in values:
        if value in (None, ""):
            continue
        try:
            number = int(value)
        except (TypeError, ValueError):
            bad.append(str(value))
            continue
        if number <= 0:
            bad.append(str(value))
        elif number not in parsed:
            parsed.append(number)
    if bad:
        errors[name] = _("„%(values)s“ ist keine gültige Nummer einer %(noun)s.") % {
            "values": ", ".join(bad),
            "noun": noun,
        }
    return parsed


def _own_rows(
    model: type[OwnRow],
    agenda: Agenda,
    ids: list[int],
    errors: FieldErrors,
    name: str,
    message: str,
) -> list[OwnRow]:
    """The rows of ``agenda`` with these ids; ids of another agenda (or of nothing) are named
    in ``errors`` — without revealing what they belong to."""
    if not ids:
        return []
    rows = {row.pk: row for row in model.objects.filter(agenda=agenda, pk__in=ids)}
    foreign = [str(pk) for pk in ids if pk not in rows]
    if foreign:
        errors[name] = message % {"ids": ", ".join(foreign)}
    return [rows[pk] for pk in ids if pk in rows]


def _clean(
    agenda: Agenda,
    *,
    title: str,
    kind: str,
    scope: str,
    status: str,
    description: str,
    field_keys: Iterable[str],
    responsible: Ids,
    organisations: Ids,
    bodies: Ids,
    start: datetime.date | None,
    end: datetime.date | None,
    url: str,
) -> tuple[dict[str, Any], list[str], list[Organisation], list[Body]]:
    errors: FieldErrors = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = _("Bitte geben Sie einen Titel an.")
    elif len(title) > TITLE_MAX:
        errors["title"] = _("Der Titel darf höchstens %(max)d Zeichen lang sein.") % {
            "max": TITLE_MAX
        }
    status = status or status_for_dates(start, end)  # nobody chose: the dates decide
    for name, value, choices in (
        ("kind", kind, ActivityKind),
        ("scope", scope, ActivityScope),
        ("status", status, ActivityStatus),
    ):
        if value not in choices.values:
            errors[name] = _(
                "„%(value)s“ ist keine der angebotenen Möglichkeiten (%(allowed)s)."
            ) % {
                "value": value or "",
                "allowed": ", ".join(str(label) for label in choices.labels),
            }
    description = (description or "").strip()
    if len(description) > DESCRIPTION_MAX:
        errors["description"] = _("Die Beschreibung darf höchstens %(max)d Zeichen lang sein.") % {
            "max": DESCRIPTION_MAX
        }
    try:
        keys = clean_field_keys(list(field_keys or []))
    except ValidationError as exc:
        errors["field_keys"] = exc.messages
        keys = []
    responsible_ids = _ids(responsible, errors, "responsible", _("Organisation"))
    organisation_ids = _ids(organisations, errors, "organisations", _("Organisation"))
    body_ids = _ids(bodies, errors, "bodies", _("Gremium"))
    responsible_rows = _own_rows(
        Organisation,
        agenda,
        responsible_ids[:1],
        errors,
        "responsible",
        _("Die Organisation Nr. %(ids)s gehört nicht zu dieser Agenda."),
    )
    organisation_rows = _own_rows(
        Organisation,
        agenda,
        organisation_ids,
        errors,
        "organisations",
        _("Diese Organisationen gehören nicht zu dieser Agenda: Nr. %(ids)s."),
    )
    body_rows = _own_rows(
        Body,
        agenda,
        body_ids,
        errors,
        "bodies",
        _("Diese Gremien gehören nicht zu dieser Agenda: Nr. %(ids)s."),
    )
    if start and end and end < start:
        errors["end"] = _("Das Ende (%(end)s) liegt vor dem Beginn (%(start)s).") % {
            "end": end.strftime("%d.%m.%Y"),
            "start": start.strftime("%d.%m.%Y"),
        }
    url = (url or "").strip()
    if url:
        if len(url) > URL_MAX:
            errors["url"] = _("Der Link darf höchstens %(max)d Zeichen lang sein.") % {
                "max": URL_MAX
            }
        else:
            try:
                URLValidator(schemes=["http", "https"])(url)
            except ValidationError:
                errors["url"] = _(
                    "„%(url)s“ ist kein gültiger Link. Bitte geben Sie die vollständige Adresse "
                    "an, beginnend mit https:// oder http://."
                ) % {"url": url[:100]}
    if errors:
        raise ValidationError(errors)
    return (
        {
            "title": title,
            "kind": kind,
            "scope": scope,
            "status": status,
            "description": description,
            "responsible": responsible_rows[0] if responsible_rows else None,
            "start": start,
            "end": end,
            "url": url,
        },
        keys,
        organisation_rows,
        body_rows,
    )


def _save_relations(
    activity: Activity, keys: list[str], organisations: list[Organisation], bodies: list[Body]
) -> None:
    ActivityField.objects.filter(activity=activity).exclude(field_key__in=keys).delete()
    existing = set(activity.field_links.values_list("field_key", flat=True))
    ActivityField.objects.bulk_create(
        ActivityField(activity=activity, field_key=key) for key in keys if key not in existing
    )
    activity.organisations.set(organisations)
    activity.bodies.set(bodies)


# Record, edit, delete ----------------------------------------------------------------------------


@transaction.atomic
def create_activity(
    *,
    actor: User,
    agenda: Agenda,
    title: str,
    kind: str,
    scope: str,
    status: str = "",
    description: str = "",
    field_keys: Iterable[str] = (),
    responsible: Ids = None,
    organisations: Ids = (),
    bodies: Ids = (),
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    url: str = "",
    form_token: str = "",
) -> Activity:
    """Record an activity of ``agenda``; an empty ``status`` follows the dates
    (``status_for_dates``). ``responsible``, ``organisations`` and ``bodies`` are
    ids of the same agenda's organisations and bodies; others are refused by number.
    ``form_token`` is the form's one-time token (``core.once``): a second submission of the
    same form raises ``once.AlreadySubmitted`` naming the activity the first one recorded."""
    permissions.require(permissions.can_manage_activities, actor, agenda)
    values, keys, organisation_rows, body_rows = _clean(
        agenda,
        title=title,
        kind=kind,
        scope=scope,
        status=status,
        description=description,
        field_keys=field_keys,
        responsible=responsible,
        organisations=organisations,
        bodies=bodies,
        start=start,
        end=end,
        url=url,
    )
    claimed = once.claim(form_token, user=actor, kind="actors.activity")
    activity = Activity.objects.create(
        agenda=agenda,
        created_by=actor if actor.is_authenticated else None,
        is_example=agenda.is_example,
        **values,
    )
    claimed.done(activity)
    _save_relations(activity, keys, organisation_rows, body_rows)
    record_event(
        actor=actor,
        agenda=agenda,
        action=AuditAction.ACTIVITY_CREATED,
        detail=f"{activity.title} (Nr. {activity.pk})",
    )
    return activity


@transaction.atomic
def update_activity(
    *,
    actor: User,
    activity: Activity,
    title: str,
    kind: str,
    scope: str,
    status: str,
    description: str = "",
    field_keys: Iterable[str] = (),
    responsible: Ids = None,
    organisations: Ids = (),
    bodies: Ids = (),
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    url: str = "",
) -> Activity:
    """Change an activity of its own agenda (linked activities are edited by their owner)."""
    agenda = activity.agenda
    permissions.require(permissions.can_manage_activities, actor, agenda)
    if activity.merged_into_id is not None:
        raise ValidationError(
            _(
                "Diese Aktivität wurde in eine andere zusammengeführt und kann nicht mehr bearbeitet werden."
            )
        )
    values, keys, organisation_rows, body_rows = _clean(
        agenda,
        title=title,
        kind=kind,
        scope=scope,
        status=status,
        description=description,
        field_keys=field_keys,
        responsible=responsible,
        organisations=organisations,
        bodies=bodies,
        start=start,
        end=end,
        url=url,
    )
    for name, value in values.items():
        setattr(activity, name, value)
    activity.save()
    _save_relations(activity, keys, organisation_rows, body_rows)
    record_event(
        actor=actor,
        agenda=agenda,
        action=AuditAction.ACTIVITY_UPDATED,
        detail=f"{activity.title} (Nr. {activity.pk})",
    )
    return activity


@transaction.atomic
def delete_activity(*, actor: User, activity: Activity) -> None:
    """Delete an activity of its own agenda, unless other agendas link it or duplicates were
    merged into it (their links and addresses depend on it)."""
    agenda = activity.agenda
    permissions.require(permissions.can_manage_activities, actor, agenda)
    linking = list(
        ActivityLink.objects.filter(activity=activity)
        .exclude(agenda=agenda)
        .order_by("agenda__title")
        .values_list("agenda__title", flat=True)
    )
    if linking:
        raise ValidationError(
            _(
                "„%(title)s“ kann nicht gelöscht werden, weil andere Agenden sie verknüpft haben "
                "(%(agendas)s). Setzen Sie stattdessen den Status auf „abgeschlossen“."
            )
            % {"title": activity.title, "agendas": ", ".join(linking)}
        )
    merged = Activity.objects.filter(merged_into=activity).count()
    if merged:
        raise ValidationError(
            _(
                "„%(title)s“ kann nicht gelöscht werden, weil %(count)d Doppelung(en) in sie "
                "zusammengeführt wurden und auf sie verweisen. Setzen Sie stattdessen den "
                "Status auf „abgeschlossen“."
            )
            % {"title": activity.title, "count": merged}
        )
    title, pk = activity.title, activity.pk
    activity.delete()
    record_event(
        actor=actor,
        agenda=agenda,
        action=AuditAction.ACTIVITY_DELETED,
        detail=f"{title} (Nr. {pk})",
    )


# Links across agendas --------------------------------------------------------------------------


@transaction.atomic
def link_activity(
    *, actor: User, agenda: Agenda, activity: Activity, note: str = ""
) -> ActivityLink:
    """``agenda`` takes part in ``activity`` of another agenda. Refused when the user cannot
    see that agenda, for the agenda's own activity, for a merged one, and twice."""
    permissions.require(permissions.can_link_activity, actor, agenda, activity)
    if activity.merged_into is not None:
        raise ValidationError(
            _("„%(title)s“ wurde in „%(original)s“ zusammengeführt; verknüpfen Sie bitte diese.")
            % {"title": activity.title, "original": activity.merged_into.title}
        )
    if activity.agenda_id == agenda.pk:
        raise ValidationError(
            _(
                "„%(title)s“ ist eine eigene Aktivität der Agenda „%(agenda)s“ und muss nicht verknüpft werden."
            )
            % {"title": activity.title, "agenda": agenda.title}
        )
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise ValidationError(
            {
                "note": _("Die Anmerkung darf höchstens %(max)d Zeichen lang sein.")
                % {"max": NOTE_MAX}
            }
        )
    if ActivityLink.objects.filter(agenda=agenda, activity=activity).exists():
        raise ValidationError(
            _("„%(title)s“ ist mit der Agenda „%(agenda)s“ bereits verknüpft.")
            % {"title": activity.title, "agenda": agenda.title}
        )
    link = ActivityLink.objects.create(
        agenda=agenda,
        activity=activity,
        note=note,
        created_by=actor,
        # the activity's own agenda agrees to show it here when its staff links it
        published=bool(permissions.can_manage_activities(actor, activity.agenda)),
    )
    record_event(
        actor=actor,
        agenda=agenda,
        action=AuditAction.ACTIVITY_LINKED,
        detail=f"{activity.title} (Nr. {activity.pk}, {activity.agenda.title})",
    )
    return link


@transaction.atomic
def unlink_activity(*, actor: User, agenda: Agenda, activity: Activity) -> None:
    permissions.require(permissions.can_manage_activities, actor, agenda)
    deleted, _rows = ActivityLink.objects.filter(agenda=agenda, activity=activity).delete()
    if not deleted:
        raise ValidationError(
            _("„%(title)s“ ist mit der Agenda „%(agenda)s“ nicht verknüpft.")
            % {"title": activity.title, "agenda": agenda.title}
        )
    record_event(
        actor=actor,
        agenda=agenda,
        action=AuditAction.ACTIVITY_UNLINKED,
        detail=f"{activity.title} (Nr. {activity.pk})",
    )


# Merging duplicates ----------------------------------------------------------------------------


@dataclass
class MergeResult:
    """What a merge did; ``message()`` is the sentence the page shows."""

    duplicate: Activity
    original: Activity
    moved_links: int = 0  # links of other agendas now pointing to the original
    dropped_links: int = 0  # links that would have existed twice
    repointed: int = 0  # activities merged earlier into the duplicate
    kept_fields: list[str] = field(default_factory=list)  # names of fields only the duplicate had
    kept_organisations: list[str] = field(default_factory=list)  # stay with the duplicate
    kept_bodies: list[str] = field(default_factory=list)

    def message(self) -> str:
        text = _("„%(duplicate)s“ wurde in „%(original)s“ zusammengeführt.") % {
            "duplicate": self.duplicate.title,
            "original": self.original.title,
        }
        if self.moved_links:
            text += " " + _("%(count)d Verknüpfung(en) anderer Agenden wurden übernommen.") % {
                "count": self.moved_links
            }
        kept = [
            *[_("Handlungsfeld %(name)s") % {"name": name} for name in self.kept_fields],
            *self.kept_organisations,
            *self.kept_bodies,
        ]
        if kept:
            text += " " + _(
                "Nicht übernommen, weil sie zur Agenda der Doppelung gehören: %(items)s. "
                "Ergänzen Sie sie bei Bedarf in der ursprünglichen Aktivität."
            ) % {"items": ", ".join(kept)}
        return text


@transaction.atomic
def merge_activities(*, actor: User, duplicate: Activity, original: Activity) -> MergeResult:
    """Merge ``duplicate`` into ``original`` (see the module docstring for what moves)."""
    permissions.require(permissions.can_merge_activities, actor, duplicate, original)
    # Re-read both under a lock, so two merges at once cannot build a chain.
    # ``of=("self",)``: PostgreSQL cannot lock the nullable side of the join to merged_into.
    rows = Activity.objects.select_for_update(of=("self",)).select_related("agenda", "merged_into")
    duplicate = rows.get(pk=duplicate.pk)
    original = rows.get(pk=original.pk)
    if duplicate.pk == original.pk:
        raise ValidationError(
            _("Eine Aktivität kann nicht mit sich selbst zusammengeführt werden.")
        )
    if duplicate.merged_into is not None:
        raise ValidationError(
            _("„%(title)s“ wurde bereits in „%(original)s“ zusammengeführt.")
            % {"title": duplicate.title, "original": duplicate.merged_into.title}
        )
    if original.merged_into is not None:
        raise ValidationError(
            _(
                "„%(title)s“ wurde selbst bereits in „%(original)s“ zusammengeführt. "
                "Führen Sie bitte dorthin zusammen, damit keine Kette entsteht."
            )
            % {"title": original.title, "original": original.merged_into.title}
        )
    result = MergeResult(duplicate=duplicate, original=original)
    names = dict(active_fields())
    original_keys = set(original.field_links.values_list("field_key", flat=True))
    result.kept_fields = [
        names.get(key, key)
        for key in duplicate.field_links.order_by("field_key").values_list("field_key", flat=True)
        if key not in original_keys
    ]
    organisations = list(duplicate.organisations.order_by("name").values_list("name", flat=True))
    if duplicate.responsible is not None and duplicate.responsible.name not in organisations:
        organisations.insert(0, duplicate.responsible.name)
    result.kept_organisations = organisations
    result.kept_bodies = list(duplicate.bodies.order_by("name").values_list("name", flat=True))

    result.repointed = Activity.objects.filter(merged_into=duplicate).update(merged_into=original)
    linking_original = set(
        ActivityLink.objects.filter(activity=original).values_list("agenda_id", flat=True)
    )
    for link in ActivityLink.objects.filter(activity=duplicate).order_by("pk"):
        if link.agenda_id == original.agenda_id or link.agenda_id in linking_original:
            link.delete()
            result.dropped_links += 1
        else:
            # published by the duplicate's agenda, not by the original's: only the merging
            # user's right in the original's agenda counts
            link.activity = original
            link.published = bool(permissions.can_manage_activities(actor, original.agenda))
            link.save(update_fields=["activity", "published"])
            linking_original.add(link.agenda_id)
            result.moved_links += 1
    if duplicate.agenda_id != original.agenda_id and duplicate.agenda_id not in linking_original:
        ActivityLink.objects.create(
            agenda=duplicate.agenda,
            activity=original,
            note=_("Zusammengeführt aus „%(title)s“") % {"title": duplicate.title[:250]},
            created_by=actor,
            published=bool(permissions.can_manage_activities(actor, original.agenda)),
        )
    duplicate.merged_into = original
    duplicate.save(update_fields=["merged_into", "updated"])

    detail = _(
        "„%(duplicate)s“ (Nr. %(dpk)s, %(dagenda)s) → „%(original)s“ (Nr. %(opk)s, %(oagenda)s); "
        "Verknüpfungen übernommen: %(moved)d; bei der Doppelung geblieben: Handlungsfelder "
        "%(fields)s, Organisationen %(organisations)s, Gremien %(bodies)s"
    ) % {
        "duplicate": duplicate.title,
        "dpk": duplicate.pk,
        "dagenda": duplicate.agenda.title,
        "original": original.title,
        "opk": original.pk,
        "oagenda": original.agenda.title,
        "moved": result.moved_links,
        "fields": ", ".join(result.kept_fields) or "–",
        "organisations": ", ".join(result.kept_organisations) or "–",
        "bodies": ", ".join(result.kept_bodies) or "–",
    }
    record_event(
        actor=actor, agenda=duplicate.agenda, action=AuditAction.ACTIVITY_MERGED, detail=detail
    )
    if original.agenda_id != duplicate.agenda_id:
        record_event(
            actor=actor,
            agenda=original.agenda,
            action=AuditAction.ACTIVITY_MERGED_IN,
            detail=detail,
        )
    return result
