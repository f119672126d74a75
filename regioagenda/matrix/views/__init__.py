"""Split by topic: rounds, indicators, overview (matrix page)."""
