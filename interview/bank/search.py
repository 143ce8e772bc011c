"""Question search: PostgreSQL full-text search with ranking, a simple fallback elsewhere."""

from __future__ import annotations

import operator
from functools import reduce

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import CombinedExpression

from interview.bank.models import Question

SEARCH_CONFIG = "english"
MAX_QUERY_LENGTH = 200
MAX_FALLBACK_TERMS = 8
# Ranking reads every matching row: a common word in a large bank matched tens of thousands of
# questions, all ranked before the first page. Only this many matches are ranked and paged.
MAX_SEARCH_MATCHES = 500


def question_search_document() -> CombinedExpression:
    """What a question is found by, weighted: prompt first, then framing, then the answer."""
    return (
        SearchVector("prompt", weight="A", config=SEARCH_CONFIG)
        + SearchVector("instruction", "context", weight="B", config=SEARCH_CONFIG)
        + SearchVector("official_answer", weight="C", config=SEARCH_CONFIG)
    )


def uses_full_text_search() -> bool:
    return connection.vendor == "postgresql"


def question_refresh_search_vectors(*, questions: QuerySet[Question]) -> None:
    if uses_full_text_search():
        questions.update(search_vector=question_search_document())


def normalize_query(raw: str | None) -> str:
    """Drop control characters (PostgreSQL rejects NUL), collapse whitespace, cap the length."""
    printable = "".join(char if char.isprintable() else " " for char in (raw or ""))
    return " ".join(printable.split())[:MAX_QUERY_LENGTH]


def _bounded(questions: QuerySet[Question], matches: QuerySet[Question]) -> QuerySet[Question]:
    """`questions` restricted to the first MAX_SEARCH_MATCHES of `matches` found, to rank."""
    first = matches.order_by().values("pk")[:MAX_SEARCH_MATCHES]
    return questions.filter(pk__in=first)


def question_search(*, query: str, questions: QuerySet[Question]) -> QuerySet[Question]:
    """Questions matching `query`, best first. `questions` is already scoped to the viewer.

    Bounded: at most MAX_SEARCH_MATCHES matches are ranked (a query that matches more should
    be refined; the page says how many were ranked)."""
    query = normalize_query(query)
    if not query:
        return questions.none()
    if uses_full_text_search():
        search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
        return (
            _bounded(questions, questions.filter(search_vector=search_query))
            .annotate(rank=SearchRank(F("search_vector"), search_query))
            .order_by("-rank", "id")
        )
    return _fallback_search(query=query, questions=questions)


def question_search_any_form(
    *, groups: list[tuple[str, ...]], questions: QuerySet[Question]
) -> QuerySet[Question]:
    """Questions matching every group of terms by one of its forms (("p-value", "pvalue"),
    ("test",)), best first; bounded as `question_search` is."""
    groups = [group for group in groups if group][:MAX_FALLBACK_TERMS]
    if not groups:
        return questions.none()
    if uses_full_text_search():
        search_query = reduce(
            operator.and_,
            (
                reduce(
                    operator.or_,
                    (
                        SearchQuery(form, search_type="plain", config=SEARCH_CONFIG)
                        for form in group
                    ),
                )
                for group in groups
            ),
        )
        return (
            _bounded(questions, questions.filter(search_vector=search_query))
            .annotate(rank=SearchRank(F("search_vector"), search_query))
            .order_by("-rank", "id")
        )
    return _fallback_search_groups(groups=groups, questions=questions)


def _contains(field: str, term: str) -> Q:
    """A word of one or two letters ("ab", "ml") as a whole word, anything longer anywhere."""
    if len(term) <= 2 and term.isalnum():
        return Q(**{f"{field}__iregex": rf"\b{term}\b"})
    return Q(**{f"{field}__icontains": term})


def _fallback_search(*, query: str, questions: QuerySet[Question]) -> QuerySet[Question]:
    terms = [term for term in query.split() if term][:MAX_FALLBACK_TERMS]
    return _fallback_search_groups(groups=[(term,) for term in terms], questions=questions)


def _fallback_search_groups(
    *, groups: list[tuple[str, ...]], questions: QuerySet[Question]
) -> QuerySet[Question]:
    fields = ("prompt", "instruction", "context", "official_answer")
    for group in groups:
        match = Q()
        for form in group:
            for name in fields:
                match |= _contains(name, form)
        questions = questions.filter(match)
    prompt_hits = [
        When(_contains("prompt", form), then=Value(1)) for group in groups for form in group
    ]
    return (
        _bounded(questions, questions)
        .annotate(rank=Case(*prompt_hits, default=Value(0), output_field=IntegerField()))
        .order_by("-rank", "id")
    )
