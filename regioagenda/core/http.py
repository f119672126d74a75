"""Request helpers every app shares: where a ``next`` parameter may lead."""

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request: HttpRequest, fallback: str, *, param: str = "next") -> str:
    """The ``next`` address of the request (POST, else GET) when it stays on this site, else
    ``fallback``.

    The one check for every redirect that follows a ``next``: Django's
    ``url_has_allowed_host_and_scheme`` also refuses what a hand-written ``startswith("/")``
    lets through, e.g. ``/\\evil.example`` (browsers read the backslash as a slash),
    ``javascript:`` links and control characters.
    """
    url = request.POST.get(param) or request.GET.get(param) or ""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return fallback
