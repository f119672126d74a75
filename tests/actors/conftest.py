"""Fixtures of the actors tests."""

import pytest


@pytest.fixture
def actors_setup(team, no_staff_mfa, matrix_v1):
    """The team agenda (see tests/conftest.py) with the real framework v1 active, so the 16
    field keys (``mobility``, ``health``, …) are known. Returns ``team``."""
    return team
