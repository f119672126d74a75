"""Background tasks of community: immediate notifications after the commit, the daily digest."""

from django_tasks import task


@task()
def send_notifications(ids: list[int]) -> int:
    from regioagenda.community.services import send_immediate

    return send_immediate(ids)


@task()
def send_digests() -> int:
    """Queued daily by the operator's timer (or run ``manage.py send_digests``)."""
    from regioagenda.community import services

    return services.send_digests()
