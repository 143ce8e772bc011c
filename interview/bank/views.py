from __future__ import annotations

from functools import partial

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from interview.bank import selectors
from interview.bank.content_version import content_version, viewer_key
from interview.bank.models import BankMedia
from interview.lib.htmx import HtmxHttpRequest


@require_GET
def topic_list(request: HtmxHttpRequest) -> HttpResponse:
    """The topics, rendered from the cache while the bank's content stamp stays the same (the
    template calls `topics`, and so queries, on a miss only)."""
    context = {
        "content_version": content_version(),
        "viewer": viewer_key(request.user),
        "topics": partial(selectors.topic_list, user=request.user),
    }
    return render(request, "bank/topic_list.html", context)


@require_GET
def question_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The question's parts are rendered from the cache while the bank's content stamp stays
    the same: the template calls `load` (four queries) inside each part, so on a miss only."""
    question = selectors.question_get(pk=pk, user=request.user, load=False)
    reveal = request.GET.get("reveal") == "1"
    template = "bank/question_detail.html"
    if request.htmx and reveal:
        template += "#answer"
    context = {
        "question": question,
        "reveal": reveal,
        "content_version": content_version(),
        "viewer": viewer_key(request.user),
        "load": partial(selectors.question_load, question=question, user=request.user),
    }
    return render(request, template, context)


@require_GET
def media(request: HtmxHttpRequest, name: str) -> HttpResponse:
    """An image of the bank: public like the questions that show it, cached for a year (its
    name changes with its content)."""
    image = get_object_or_404(BankMedia, name=name)
    response = HttpResponse(bytes(image.data), content_type=image.content_type)
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    return response
