from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from interview.bank import search as search_module
from interview.bank import selectors
from interview.bank.models import Question
from interview.bank.search import (
    MAX_QUERY_LENGTH,
    normalize_query,
    uses_full_text_search,
)
from interview.bank.spelling import question_search_forgiving
from interview.lib.htmx import HtmxHttpRequest
from interview.lib.pagination import page_get


@require_GET
def topic_list(request: HtmxHttpRequest) -> HttpResponse:
    topics = selectors.topic_list(user=request.user)
    return render(request, "bank/topic_list.html", {"topics": topics})


@require_GET
def topic_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    try:
        topic = selectors.topic_get(slug=slug)
    except Http404:
        renamed = selectors.topic_alias_target(slug=slug)
        if renamed is None:
            raise
        return redirect(renamed, permanent=True)
    questions = selectors.topic_questions(topic=topic, user=request.user)
    page = page_get(request, questions, per_page=settings.TOPIC_QUESTIONS_PER_PAGE)
    template = "bank/topic_detail.html"
    if request.htmx and request.htmx.target == "question-list":
        template += "#question-list"
    return render(request, template, {"topic": topic, "page": page})


@require_GET
def question_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    question = selectors.question_get(pk=pk, user=request.user)
    reveal = request.GET.get("reveal") == "1"
    template = "bank/question_detail.html"
    if request.htmx and reveal:
        template += "#answer"
    context = {"question": question, "reveal": reveal}
    return render(request, template, context)


@require_GET
def search(request: HtmxHttpRequest) -> HttpResponse:
    raw = request.GET.get("q", "")
    query = normalize_query(raw)
    found = question_search_forgiving(
        query=query,
        questions=Question.objects.visible_to(request.user).select_related("topic"),
    )
    page = page_get(request, found.results, per_page=settings.SEARCH_RESULTS_PER_PAGE)
    context = {
        "query": query,
        "searched": found.query,
        "suggestion": found.suggestion,
        "corrected": found.corrected,
        "truncated": len(raw) > MAX_QUERY_LENGTH,
        "page": page,
        "full_text": uses_full_text_search(),
        "max_matches": search_module.MAX_SEARCH_MATCHES,
    }
    template = "bank/search.html"
    if request.htmx and request.htmx.target == "search-results":
        template += "#search-results"
    return render(request, template, context)
