"""Input the database cannot store is refused at the door, with a 400 that says why.

The rule: a NUL character or a lone UTF-16 surrogate in the path, a query-string or form key or
value, a cookie or a request header is refused before any view runs (PostgreSQL rejects NUL in
text, and a lone surrogate cannot be encoded as UTF-8). Cookies and headers reach the database
too: the session cookie is looked up in the session table (a quoted cookie may spell a NUL as the
escape \\000, which every proxy passes), and the login throttle stores the User-Agent.
`unstorable_reason` names the problem in any string, for checks deeper in (imports, JSON
bodies) that must say which field held it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _


def unstorable_reason(text: str) -> str | None:
    """Why `text` cannot be stored, or None when it can."""
    if "\x00" in text:
        return _("contains a NUL character")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _("contains a lone surrogate (text that is not valid Unicode)")
    return None


def _pairs(request: HttpRequest) -> Iterable[str]:
    yield request.path
    for name, cookie in request.COOKIES.items():
        yield name
        yield cookie
    yield from (value for key, value in request.META.items() if key.startswith("HTTP_"))
    for data in (request.GET, request.POST) if request.method == "POST" else (request.GET,):
        for key, values in data.lists():
            yield key
            yield from (value for value in values if isinstance(value, str))


class RejectUnstorableInputMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        for text in _pairs(request):
            reason = unstorable_reason(text)
            if reason:
                return HttpResponseBadRequest(
                    _("The request %(reason)s; remove it and try again.") % {"reason": reason},
                    content_type="text/plain; charset=utf-8",
                )
        return self.get_response(request)
