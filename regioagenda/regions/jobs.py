"""Background jobs of the regions app: importing an uploaded Gemeindeverzeichnis."""

from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from regioagenda.core import jobs
from regioagenda.regions import register

MAX_LISTED_ERRORS = 10


@jobs.handler("regions.import_register")
def import_register(params, progress):
    """Import the GV100AD file at ``params["path"]`` (under MEDIA_ROOT), then delete it.

    ``params["land"]`` ("09") limits the import to one Land. An invalid file fails the job with
    the first errors and changes nothing.
    """
    media_root = Path(settings.MEDIA_ROOT).resolve()
    path = (media_root / params.get("path", "")).resolve()
    # Only files the upload stored: a job's parameters must not open any file on the server.
    if not path.is_relative_to(media_root) or path == media_root:
        raise jobs.JobFailed(_("Die Datei liegt nicht im Upload-Verzeichnis."))
    if not path.is_file():
        raise jobs.JobFailed(
            _("Die hochgeladene Datei ist nicht mehr vorhanden. Bitte erneut hochladen.")
        )
    try:
        summary = register.import_register(path, land=params.get("land") or "", progress=progress)
    except register.RegisterImportError as exc:
        raise jobs.JobFailed(
            _(
                "Das Gemeindeverzeichnis wurde nicht eingelesen, es wurde nichts geändert. "
                "%(count)d Fehler:\n%(errors)s"
            )
            % {
                "count": len(exc.errors),
                "errors": register.format_errors(exc.errors, limit=MAX_LISTED_ERRORS),
            }
        ) from exc
    finally:
        # The upload was only a vehicle for the import; keeping it would pile up copies.
        path.unlink(missing_ok=True)
    return {"message": summary.headline(), **summary.as_dict()}
