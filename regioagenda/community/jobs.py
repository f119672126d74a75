"""Long-running community work with visible progress: sending a newsletter."""

from regioagenda.core import jobs


@jobs.handler("community.newsletter")
def send_newsletter(params, progress):
    from regioagenda.community.services import deliver_newsletter

    counts = deliver_newsletter(
        agenda_id=params["agenda"],
        subject=params["subject"],
        text=params["text"],
        progress=progress,
    )
    return {**counts, "message": f"{counts['sent']} verschickt, {counts['failed']} fehlgeschlagen"}
