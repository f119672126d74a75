"""Someone joins an agenda: their pending invitations to rate (by email) become theirs."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from regioagenda.accounts.models import Membership


@receiver(post_save, sender=Membership, dispatch_uid="matrix.activate_pending_raters")
def _member_joined(sender, instance, created, raw=False, **kwargs):
    if not created or raw:
        return
    from regioagenda.matrix.services.rounds import activate_pending

    activate_pending(actor=instance.user, agenda_id=instance.agenda_id)
