from django.core.management.base import BaseCommand

from regioagenda.community import services


class Command(BaseCommand):
    help = (
        "Send the daily digest: one email per person with the notifications collected for them "
        "(and immediate ones the mail server refused for an hour). Run once a day; a second run "
        "sends nothing twice."
    )

    def handle(self, *args, **options):
        sent = services.send_digests()
        self.stdout.write(f"{sent} digest email(s) sent.")
