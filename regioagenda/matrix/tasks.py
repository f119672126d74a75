"""Background tasks of the matrix: the emails to invited raters."""

from django_tasks import task


@task()
def notify_raters(invitation_ids, site_url=""):
    """Email the invited raters of open rounds who have not been told yet (see
    ``matrix.services.notifications``). Returns how many were sent."""
    from regioagenda.matrix.services.notifications import send_invitation_emails

    return send_invitation_emails(invitation_ids=list(invitation_ids), site_url=site_url)
