from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from interview.bank import selectors
from interview.lib.htmx import HtmxHttpRequest


@require_GET
def topic_list(request: HtmxHttpRequest) -> HttpResponse:
    topics = selectors.topic_list(user=request.user)
    return render(request, "bank/topic_list.html", {"topics": topics})


@require_GET
def question_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    question = selectors.question_get(pk=pk, user=request.user)
    reveal = request.GET.get("reveal") == "1"
    template = "bank/question_detail.html"
    if request.htmx and reveal:
        template += "#answer"
    context = {"question": question, "reveal": reveal}
    return render(request, template, context)
