from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from interview.bank import selectors
from interview.bank.models import Question
from interview.bank.search import (
    MAX_QUERY_LENGTH,
    normalize_query,
    question_search,
    uses_full_text_search,
)
from interview.practice.flashcards import due_summary
from interview.practice.selectors import unfinished_session


def _page_number(request: HttpRequest) -> str:
    """Paginator.get_page copes with junk ("abc", "-3", "999") by falling back to a valid page."""
    return request.GET.get("page", "1")[:10]


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    topics = selectors.topic_list(user=request.user)
    context = {
        "question_of_the_day": selectors.question_of_the_day(day=timezone.localdate()),
        "topics": topics,
        "unfinished": unfinished_session(user=request.user),
    }
    context["cards_due"], context["cards_later_today"] = due_summary(
        user=request.user, now=timezone.now()
    )
    return render(request, "bank/home.html", context)


@require_GET
def topic_list(request: HttpRequest) -> HttpResponse:
    topics = selectors.topic_list(user=request.user)
    return render(request, "bank/topic_list.html", {"topics": topics})


@require_GET
def topic_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        topic = selectors.topic_get(slug=slug)
    except Http404:
        renamed = selectors.topic_alias_target(slug=slug)
        if renamed is None:
            raise
        return redirect(renamed, permanent=True)
    questions = selectors.topic_questions(topic=topic, user=request.user)
    page = Paginator(questions, settings.TOPIC_QUESTIONS_PER_PAGE).get_page(_page_number(request))
    template = "bank/topic_detail.html"
    if request.htmx and request.htmx.target == "question-list":
        template += "#question-list"
    return render(request, template, {"topic": topic, "page": page})


@require_GET
def question_detail(request: HttpRequest, pk: int) -> HttpResponse:
    question = selectors.question_get(pk=pk, user=request.user)
    reveal = request.GET.get("reveal") == "1"
    template = "bank/question_detail.html"
    if request.htmx and reveal:
        template += "#answer"
    context = {"question": question, "reveal": reveal}
    return render(request, template, context)


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    raw = request.GET.get("q", "")
    query = normalize_query(raw)
    results = question_search(
        query=query,
        questions=Question.objects.visible_to(request.user).select_related("topic"),
    )
    page = Paginator(results, settings.SEARCH_RESULTS_PER_PAGE).get_page(_page_number(request))
    context = {
        "query": query,
        "truncated": len(raw) > MAX_QUERY_LENGTH,
        "page": page,
        "full_text": uses_full_text_search(),
    }
    template = "bank/search.html"
    if request.htmx and request.htmx.target == "search-results":
        template += "#search-results"
    return render(request, template, context)
