"""Site pages that read several apps (the bank and practice): the home page, the favicon, and
the error page shown while the database is away."""

from __future__ import annotations

import sys
from typing import Any

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.utils import timezone
from django.views.decorators.http import require_GET
from django.views.defaults import server_error

from interview.bank import selectors
from interview.lib.htmx import HtmxHttpRequest
from interview.practice.engine.sessions import unfinished_session
from interview.practice.flashcards.services import due_summary


@require_GET
def home(request: HtmxHttpRequest) -> HttpResponse:
    context: dict[str, Any] = {
        "question_of_the_day": selectors.question_of_the_day(day=timezone.localdate()),
        "topics": selectors.topic_list(user=request.user),
        "unfinished": unfinished_session(user=request.user),
    }
    context["cards_due"], context["cards_later_today"] = due_summary(
        user=request.user, now=timezone.now()
    )
    return render(request, "home.html", context)


def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    """Browsers ask for /favicon.ico on every site; point them at the hashed static file."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))


RETRY_AFTER_SECONDS = 5


def error_page(request: HttpRequest) -> HttpResponse:
    """Uncaught errors: while the database cannot be reached (a restart, a failover) the answer
        is a 503 "the service is restarting" page with Retry-After, which the autosave client reads
        as "retry"; anything else is the generic 500 page. Django calls this inside its `except`
        block, so the exception being handled is the one `sys.exc_info()` holds. A query stopped by
    the statement timeout is a 500 (a slow page to fix, not an outage)."""
    error = sys.exc_info()[1]
    cancelled = type(getattr(error, "__cause__", None)).__name__ == "QueryCanceled"
    if isinstance(error, OperationalError | InterfaceError) and not cancelled:
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
    return server_error(request)
