"""Remind everyone registered for an event that starts by the end of tomorrow.

Run it daily (cron or the worker's schedule); running it more often or twice is harmless: each
registration is reminded once (``Registration.reminder_sent``)."""

from django.core.management.base import BaseCommand

from regioagenda.participation.services.events import send_reminders


class Command(BaseCommand):
    help = "Erinnert Angemeldete an Veranstaltungen, die bis morgen Abend beginnen."

    def handle(self, *args, **options):
        sent = send_reminders()
        self.stdout.write(f"{sent} Erinnerung(en) verschickt.")
