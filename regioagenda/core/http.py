"""Request helpers every app shares: where a ``next`` parameter may lead, who is asking."""

import ipaddress

from django.conf import settings
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


def client_address(request: HttpRequest) -> str:
    """The address of the client, for limits per address: ``REMOTE_ADDR``, or — only when
    ``REGIOAGENDA_CLIENT_IP_HEADER`` names the header a trusted reverse proxy sets — that
    header's right-most entry (the one the proxy appended; what stands left of it the client
    may have written itself). A header that is not a valid address falls back to
    ``REMOTE_ADDR``; "" when there is none at all."""
    remote = (request.META.get("REMOTE_ADDR") or "").strip()
    header = getattr(settings, "REGIOAGENDA_CLIENT_IP_HEADER", "")
    if header:
        entries = [e.strip() for e in str(request.META.get(header) or "").split(",")]
        candidate = entries[-1] if entries else ""
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            pass
    return remote
