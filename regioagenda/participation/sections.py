"""What participation adds to earlier pages: blocks on the agenda home, to-dos on "Mein
Bereich", demo loaders. One block per topic; each topic's functions live in its own modules."""

# Phases, process page, news ------------------------------------------------------------------


# Events ---------------------------------------------------------------------------------------


# Ideas and comments ---------------------------------------------------------------------------


# Prioritisation and consultation --------------------------------------------------------------

# Surveys --------------------------------------------------------------------------------------
from regioagenda.participation import surveys_registry  # noqa: E402,F401 (home, matrix, demo)


# Moderation -----------------------------------------------------------------------------------
