"""Background task of events: the daily reminders (the same as ``send_event_reminders``)."""

from django_tasks import task


@task()
def send_event_reminders() -> int:
    from regioagenda.participation.services.events import send_reminders

    return send_reminders()
