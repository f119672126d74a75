"""What participation adds to earlier pages: blocks on the agenda home, to-dos on "Mein
Bereich", demo loaders. One block per topic; each topic's functions live in its own modules."""

# Phases, process page, news ------------------------------------------------------------------


# Events ---------------------------------------------------------------------------------------


# Ideas and comments ---------------------------------------------------------------------------


# Prioritisation and consultation --------------------------------------------------------------


# Surveys --------------------------------------------------------------------------------------


# Moderation -----------------------------------------------------------------------------------
