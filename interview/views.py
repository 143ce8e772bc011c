from django.http import HttpRequest, HttpResponsePermanentRedirect
from django.templatetags.static import static


def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    """Browsers ask for /favicon.ico on every site; point them at the hashed static file."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))
