"""Read paths of the matrix page (to be filled by the outputs work)."""


def agenda_section(agenda, user):
    return None
