"""Middleware of the shell: no copies of personal pages in shared or browser caches."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control


class PrivateNoStoreMiddleware:
    """``Cache-Control: private, no-store`` on what is meant for one person only.

    Every response to a signed-in user (their roles decide what the page shows, and pages name
    people) and every download (CSV/XLSX/JSON exports of actors and the matrix), unless the view
    chose its own Cache-Control. A proxy or the browser's disk cache must not keep them.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.has_header("Cache-Control"):
            return response
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        download = response.get("Content-Disposition", "").lower().startswith("attachment")
        if signed_in or download:
            patch_cache_control(response, private=True, no_store=True)
        return response
