"""core.http.safe_next: the one check before following a ``next`` parameter."""

import pytest
from django.test import RequestFactory

from regioagenda.core.http import safe_next

FALLBACK = "/agenden/teamhausen/"

UNSAFE = [
    "/\\evil.example",  # browsers read the backslash as a slash: //evil.example
    "//evil.invalid/",
    "https://evil.invalid/",
    "javascript:alert(1)",
    "http://testserver/",  # same host, but a plain-http link from an https page
]


@pytest.mark.parametrize("target", UNSAFE)
def test_foreign_or_odd_targets_fall_back(target):
    request = RequestFactory().post("/x/", {"next": target}, secure=True)
    assert safe_next(request, FALLBACK) == FALLBACK


@pytest.mark.parametrize("target", ["/de/agenden/teamhausen/", "/agenden/a/?seite=2#oben"])
def test_a_path_of_this_site_is_followed(target):
    request = RequestFactory().post("/x/", {"next": target})
    assert safe_next(request, FALLBACK) == target


def test_an_absolute_link_to_this_host_is_followed():
    request = RequestFactory().post("/x/", {"next": "https://testserver/agenden/"}, secure=True)
    assert safe_next(request, FALLBACK) == "https://testserver/agenden/"


def test_missing_next_falls_back_and_get_is_read_too():
    assert safe_next(RequestFactory().post("/x/"), FALLBACK) == FALLBACK
    request = RequestFactory().get("/x/", {"next": "/agenden/"})
    assert safe_next(request, FALLBACK) == "/agenden/"
