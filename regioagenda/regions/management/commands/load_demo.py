from django.core.management.base import BaseCommand

from regioagenda.core.registry import demo_loaders


class Command(BaseCommand):
    help = (
        "Load the demo region, agenda and one user per role (idempotent; marked as example data)."
    )

    def handle(self, *args, **options):
        # Each app registers its loader in its demo module; importing them fills the registry.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("demo")
        context = {}
        for name, loader in demo_loaders.loaders():
            self.stdout.write(f"Loading demo data: {name} …")
            loader(context)
        self._print_logins()

    def _print_logins(self):
        from regioagenda.regions.demo import DEMO_PASSWORD, DEMO_USERS, demo_email

        self.stdout.write(
            self.style.SUCCESS("\nDemo ready: http://127.0.0.1:8000/agenden/beispielland/")
        )
        self.stdout.write(f"All demo logins use the password: {DEMO_PASSWORD}")
        rows = [("admin", "Django-Admin (superuser)")] + [
            (local, role.label if role else "Programmbüro") for local, _name, role in DEMO_USERS
        ]
        for local, label in rows:
            self.stdout.write(f"  {label:<28} {demo_email(local)}")
