"""Site pages that read several apps (the bank and practice): the home page, the favicon."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.utils import timezone
from django.views.decorators.http import require_GET

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
