"""The moderation queue of an agenda: open reports grouped by contribution across the forum,
ideas and comments, hidden contributions, blocked people — in a fixed number of queries
however many reports there are (one for the reports, one per kind of contribution)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType

from regioagenda.accounts.models import AgendaBlock
from regioagenda.community.models import Report, ReportReason, ReportStatus
from regioagenda.community.queries import open_report_count
from regioagenda.community.targets import targets
from regioagenda.regions.models import Agenda

HIDDEN_PER_KIND = 50
TEXTS_SHOWN = 5


@dataclass
class QueueItem:
    kind: str
    label: Any
    obj: Any
    excerpt: str
    url: str
    author: Any
    hidden: bool
    first_reported: datetime
    reporters: int = 0
    reasons: list[tuple[str, int]] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)


def queue(agenda: Agenda) -> list[QueueItem]:
    """Contributions of ``agenda`` with open reports, the longest waiting first."""
    reports = (
        Report.objects.filter(agenda=agenda, status=ReportStatus.OPEN)
        .order_by("created", "pk")
        .values_list("target_type_id", "target_id", "reason", "text", "created")
    )
    grouped: dict[tuple[int, int], list[tuple[str, str, datetime]]] = {}
    for type_id, target_id, reason, text, created in reports:
        grouped.setdefault((type_id, target_id), []).append((reason, text, created))
    reason_labels = dict(ReportReason.choices)
    items: list[QueueItem] = []
    for target in targets.reportable():
        content_type = ContentType.objects.get_for_model(target.model_class())
        wanted = [target_id for type_id, target_id in grouped if type_id == content_type.pk]
        if not wanted:
            continue
        for obj in target.queryset().filter(pk__in=wanted, **{f"{target.agenda_lookup}": agenda}):
            rows = grouped[(content_type.pk, obj.pk)]
            counted = Counter(reason for reason, _text, _created in rows)
            items.append(
                QueueItem(
                    kind=target.key,
                    label=target.label,
                    obj=obj,
                    excerpt=target.excerpt(obj),
                    url=target.url(obj),
                    author=target.author(obj),
                    hidden=bool(target.is_hidden and target.is_hidden(obj)),
                    first_reported=rows[0][2],
                    reporters=len(rows),
                    reasons=[(str(reason_labels.get(r, r)), n) for r, n in counted.most_common()],
                    texts=[text for _reason, text, _created in rows if text][-TEXTS_SHOWN:],
                )
            )
    return sorted(items, key=lambda item: item.first_reported)


def hidden_items(agenda: Agenda) -> list[QueueItem]:
    """Hidden contributions of ``agenda``, newest first (at most ``HIDDEN_PER_KIND`` a kind)."""
    items: list[QueueItem] = []
    for target in targets.reportable():
        rows = (
            target.queryset()
            .filter(**{target.agenda_lookup: agenda}, hidden__isnull=False)
            .select_related("hidden_by")
            .order_by("-hidden", "-pk")[:HIDDEN_PER_KIND]
        )
        for obj in rows:
            items.append(
                QueueItem(
                    kind=target.key,
                    label=target.label,
                    obj=obj,
                    excerpt=target.excerpt(obj),
                    url=target.url(obj),
                    author=target.author(obj),
                    hidden=True,
                    first_reported=obj.hidden,
                )
            )
    return sorted(items, key=lambda item: item.first_reported, reverse=True)


def blocks(agenda: Agenda) -> list[AgendaBlock]:
    return list(
        AgendaBlock.objects.filter(agenda=agenda)
        .select_related("user", "blocked_by")
        .order_by("-created", "-pk")
    )


def waiting(agenda_ids: list[int]) -> dict[int, int]:
    """Contributions with open reports per agenda, for "Mein Bereich" (one query)."""
    return open_report_count(agenda_ids)
