import pytest
from django.conf import settings
from django.core.management import call_command


@pytest.fixture(scope="session")
def bavaria(django_db_setup, django_db_blocker):
    """The official Bavarian register (7 Bezirke, 96 Kreise, 2,056 Gemeinden), loaded once."""
    with django_db_blocker.unblock():
        call_command("import_gv100ad", str(settings.REGISTER_REFERENCE_FILE), verbosity=0)
    yield
