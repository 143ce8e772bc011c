"""Site pages that read several apps (the bank and practice): the home page, the topic page and
search (bank questions with the viewer's solved/attempted marks and the "not yet answered"
filter), the favicon, and the error page shown while the database is away."""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterable
from functools import partial
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Page
from django.db import InterfaceError, OperationalError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.utils import timezone
from django.views.decorators.http import require_GET
from django.views.defaults import server_error

from interview.bank import search as search_module
from interview.bank import selectors
from interview.bank.content_version import content_version, viewer_key
from interview.bank.forms import SearchFiltersForm
from interview.bank.models import Question
from interview.bank.search import MAX_QUERY_LENGTH, normalize_query, uses_full_text_search
from interview.bank.spelling import question_search_forgiving
from interview.bank.translation import active_content_language
from interview.lib.htmx import HtmxHttpRequest
from interview.lib.pagination import page_get
from interview.practice.engine.activity_stamp import activity_stamp
from interview.practice.engine.sessions import unfinished_session
from interview.practice.flashcards.services import due_summary
from interview.practice.progress.marks import question_marks, questions_not_answered


@require_GET
def home(request: HtmxHttpRequest) -> HttpResponse:
    day = timezone.localdate()
    version = content_version()
    # The user's activity stamp keys the unfinished session and the deck's counts.
    stamp = activity_stamp(user=request.user) if request.user.is_authenticated else ""
    context: dict[str, Any] = {
        # The day's question and the topics are rendered from the cache while the bank's
        # content stamp stays the same: their queries run (the template calls these) on a miss.
        "content_version": version,
        "day": day.isoformat(),
        "viewer": viewer_key(request.user),
        "question_of_the_day": partial(selectors.question_of_the_day, day=day),
        "topics": partial(selectors.topic_list, user=request.user),
        "unfinished": unfinished_session(user=request.user, stamp=stamp),
    }
    context["cards_due"], context["cards_later_today"] = due_summary(
        user=request.user, now=timezone.now(), version=version, stamp=stamp
    )
    return render(request, "home.html", context)


def _mark(request: HtmxHttpRequest, questions: Iterable[Question]) -> None:
    """Sets `mark` ("solved", "attempted" or "") on each question of a page: two queries."""
    questions = list(questions)
    marks = question_marks(user=request.user, question_ids=(q.pk for q in questions))
    for question in questions:
        question.mark = marks.get(question.pk, "")  # type: ignore[attr-defined]


@require_GET
def topic_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    try:
        topic = selectors.topic_get(slug=slug, user=request.user, load=False)
    except Http404:
        renamed = selectors.topic_alias_target(slug=slug)
        if renamed is None:
            raise
        return redirect(renamed, permanent=True)
    questions = selectors.topic_questions(topic=topic, user=request.user)
    page = page_get(request, questions, per_page=settings.TOPIC_QUESTIONS_PER_PAGE)
    _mark(request, page.object_list)
    template = "bank/topic_detail.html"
    if request.htmx and request.htmx.target == "question-list":
        template += "#question-list"
    context = {
        "topic": topic,
        "page": page,
        # The tags, key concepts and notes are rendered from the cache while the bank's
        # content stamp stays the same: the template calls `load` (two queries) on a miss.
        "content_version": content_version(),
        "load": partial(selectors.topic_load, topic=topic),
    }
    return render(request, template, context)


SEARCH_IDS_SECONDS = 3600


def _ranked_page(
    request: HtmxHttpRequest,
    results: QuerySet[Question],
    *,
    questions: QuerySet[Question],
    key: Any,
) -> Page:
    """A page of a ranked search. The ranked ids (at most MAX_SEARCH_MATCHES) are read in one
    query and kept in the cache under the bank's content stamp, the language, the viewer, the
    filters and the query: paging through the results or searching again the same words reads
    one page of questions by id, where the count and the ranked page were two queries ranking
    the matches each time. (The "not yet answered" filter depends on the user's answers and
    is not cached.)"""
    digest = hashlib.sha256(repr(key).encode()).hexdigest()
    ids: list[int] = (
        cache.get_or_set(
            f"search-ids:{digest}",
            lambda: list(results.values_list("pk", flat=True)),
            SEARCH_IDS_SECONDS,
        )
        or []
    )
    page = page_get(request, ids, per_page=settings.SEARCH_RESULTS_PER_PAGE)
    found = questions.select_related("topic").in_bulk(list(page.object_list))
    page.object_list = [found[pk] for pk in page.object_list if pk in found]
    return page


@require_GET
def search(request: HtmxHttpRequest) -> HttpResponse:
    raw = request.GET.get("q", "")
    version = content_version()  # the topic counts and the spelling look-up are cached under it
    query = normalize_query(raw)
    form = SearchFiltersForm(
        request.GET,
        topics=selectors.topic_choices(user=request.user, version=version),
        signed_in=request.user.is_authenticated,
    )
    filters = form.filters()
    questions = selectors.questions_filtered(
        user=request.user, topic=filters.topic, difficulty=filters.difficulty, kind=filters.kind
    )
    if filters.unanswered:
        questions = questions_not_answered(user=request.user, questions=questions)
    context: dict[str, Any] = {
        "query": query,
        "form": form,
        "filters": filters,
        "truncated": len(raw) > MAX_QUERY_LENGTH,
        "full_text": uses_full_text_search(),
        "max_matches": search_module.MAX_SEARCH_MATCHES,
        "content_version": version,
        "viewer": viewer_key(request.user),
    }
    if query:
        found = question_search_forgiving(
            query=query, questions=questions, language=active_content_language(), version=version
        )
        results = found.results
        context.update(searched=found.query, suggestion=found.suggestion, corrected=found.corrected)
    else:
        results = questions if filters.any else questions.none()
    if query and not filters.unanswered:
        page = _ranked_page(
            request,
            results,
            questions=questions,
            key=(version, active_content_language(), viewer_key(request.user), filters, query),
        )
    else:
        page = page_get(request, results, per_page=settings.SEARCH_RESULTS_PER_PAGE)
    context["page"] = page
    _mark(request, page.object_list)
    template = "bank/search.html"
    if request.htmx and request.htmx.target == "search-results":
        template += "#search-results"
    return render(request, template, context)


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
