"""Read paths of community: who follows what, a person's settings, open reports."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model

from regioagenda.community.models import (
    Delivery,
    Follow,
    NewsletterSubscription,
    NotificationKind,
    NotificationSetting,
    Report,
    ReportStatus,
)
from regioagenda.community.targets import targets


def is_following(user: Any, target: Model) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return Follow.objects.filter(
        user=user, target_type=ContentType.objects.get_for_model(target), target_id=target.pk
    ).exists()


def follower_ids(target: Model) -> set[int]:
    return set(
        Follow.objects.filter(
            target_type=ContentType.objects.get_for_model(target), target_id=target.pk
        ).values_list("user_id", flat=True)
    )


def followed(user: Any, limit: int = 200) -> list[dict[str, Any]]:
    """What ``user`` follows, newest first, with a label and link each (one query per kind)."""
    rows = list(
        Follow.objects.filter(user=user)
        .select_related("agenda")
        .order_by("-created", "-pk")[:limit]
    )
    by_type: dict[int, list[Follow]] = {}
    for row in rows:
        by_type.setdefault(row.target_type_id, []).append(row)
    objects: dict[tuple[int, int], Any] = {}
    for target in targets.all():
        content_type = ContentType.objects.get_for_model(target.model_class())
        wanted = [row.target_id for row in by_type.get(content_type.pk, [])]
        if wanted:
            for obj in target.queryset().filter(pk__in=wanted):
                objects[(content_type.pk, obj.pk)] = (target, obj)
    out = []
    for row in rows:
        found = objects.get((row.target_type_id, row.target_id))
        if found is None:
            continue  # deleted meanwhile
        target, obj = found
        out.append(
            {
                "follow": row,
                "kind": target.key,
                "label": target.label,
                "title": target.excerpt(obj)[:120],
                "url": target.url(obj),
                "agenda": row.agenda,
            }
        )
    return out


def settings_of(user: Any) -> dict[str, str]:
    """``{"": default, kind: delivery, …}`` of the rows the person has."""
    rows = dict(NotificationSetting.objects.filter(user=user).values_list("kind", "delivery"))
    rows.setdefault("", Delivery.IMMEDIATE)
    return rows


def open_report_count(agenda_ids: list[int]) -> dict[int, int]:
    """Contributions with open reports per agenda (one query)."""
    per_agenda: dict[int, set[tuple[int, int]]] = {}
    for agenda_id, type_id, target_id in Report.objects.filter(
        agenda_id__in=agenda_ids, status=ReportStatus.OPEN
    ).values_list("agenda_id", "target_type_id", "target_id"):
        per_agenda.setdefault(agenda_id, set()).add((type_id, target_id))
    return {agenda_id: len(items) for agenda_id, items in per_agenda.items()}


def active_subscriber_count(agenda: Any) -> int:
    return NewsletterSubscription.objects.filter(
        agenda=agenda, confirmed_at__isnull=False, unsubscribed_at__isnull=True
    ).count()


KINDS = NotificationKind.choices
