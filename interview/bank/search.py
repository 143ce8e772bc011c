"""Question search: PostgreSQL full-text search with ranking, a simple fallback elsewhere.

In another content language than English, a question is found by its texts in that language
(with that language's text-search configuration on PostgreSQL: french, german, spanish,
portuguese, italian) or by its English texts (shown where a text is not translated), the
translated match ranked first."""

from __future__ import annotations

import operator
from collections.abc import Callable
from functools import reduce
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import CombinedExpression
from django.db.models.fields.json import KT

from interview.bank.models import Question
from interview.bank.translation import SEARCH_CONFIGS, SOURCE_LANGUAGE, content_language

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


def translated_search_document(language: str) -> CombinedExpression:
    """The same document over a question's texts in `language` (computed per search)."""
    config = SEARCH_CONFIGS[language]

    def text(field: str) -> Any:
        return KT(f"translations__{language}__{field}")

    return (
        SearchVector(text("prompt"), weight="A", config=config)
        + SearchVector(text("instruction"), text("context"), weight="B", config=config)
        + SearchVector(text("official_answer"), weight="C", config=config)
    )


def _full_text(
    questions: QuerySet[Question], make_query: Callable[[str], SearchQuery], language: str
) -> QuerySet[Question]:
    """Questions matching `make_query(config)`, ranked; in a translated language the English
    vector counts too, the translated document first."""
    english = make_query(SEARCH_CONFIG)
    if language == SOURCE_LANGUAGE:
        return (
            _bounded(questions, questions.filter(search_vector=english))
            .annotate(rank=SearchRank(F("search_vector"), english))
            .order_by("-rank", "id")
        )
    translated = make_query(SEARCH_CONFIGS[language])
    document = translated_search_document(language)
    matches = questions.annotate(translated_document=document).filter(
        Q(translated_document=translated) | Q(search_vector=english)
    )
    return (
        _bounded(questions, matches)
        .annotate(
            rank=SearchRank(document, translated) * Value(2.0)
            + SearchRank(F("search_vector"), english)
        )
        .order_by("-rank", "id")
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


def question_search(
    *, query: str, questions: QuerySet[Question], language: str = SOURCE_LANGUAGE
) -> QuerySet[Question]:
    """Questions matching `query`, best first. `questions` is already scoped to the viewer;
    `language` is the reader's content language.

    Bounded: at most MAX_SEARCH_MATCHES matches are ranked (a query that matches more should
    be refined; the page says how many were ranked)."""
    query = normalize_query(query)
    if not query:
        return questions.none()
    language = content_language(language)
    if uses_full_text_search():
        return _full_text(
            questions,
            lambda config: SearchQuery(query, search_type="websearch", config=config),
            language,
        )
    return _fallback_search(query=query, questions=questions, language=language)


def question_search_any_form(
    *,
    groups: list[tuple[str, ...]],
    questions: QuerySet[Question],
    language: str = SOURCE_LANGUAGE,
) -> QuerySet[Question]:
    """Questions matching every group of terms by one of its forms (("p-value", "pvalue"),
    ("test",)), best first; bounded as `question_search` is."""
    groups = [group for group in groups if group][:MAX_FALLBACK_TERMS]
    if not groups:
        return questions.none()
    language = content_language(language)
    if uses_full_text_search():

        def make_query(config: str) -> SearchQuery:
            return reduce(
                operator.and_,
                (
                    reduce(
                        operator.or_,
                        (SearchQuery(form, search_type="plain", config=config) for form in group),
                    )
                    for group in groups
                ),
            )

        return _full_text(questions, make_query, language)
    return _fallback_search_groups(groups=groups, questions=questions, language=language)


def _contains(field: str, term: str) -> Q:
    """A word of one or two letters ("ab", "ml") as a whole word, anything longer anywhere."""
    if len(term) <= 2 and term.isalnum():
        return Q(**{f"{field}__iregex": rf"\b{term}\b"})
    return Q(**{f"{field}__icontains": term})


def _fallback_search(
    *, query: str, questions: QuerySet[Question], language: str = SOURCE_LANGUAGE
) -> QuerySet[Question]:
    terms = [term for term in query.split() if term][:MAX_FALLBACK_TERMS]
    return _fallback_search_groups(
        groups=[(term,) for term in terms], questions=questions, language=language
    )


def _fallback_search_groups(
    *, groups: list[tuple[str, ...]], questions: QuerySet[Question], language: str = SOURCE_LANGUAGE
) -> QuerySet[Question]:
    texts = ("prompt", "instruction", "context", "official_answer")
    fields = list(texts)
    prompts = ["prompt"]
    if language != SOURCE_LANGUAGE:
        fields += [f"translations__{language}__{name}" for name in texts]
        prompts.append(f"translations__{language}__prompt")
    for group in groups:
        match = Q()
        for form in group:
            for name in fields:
                match |= _contains(name, form)
        questions = questions.filter(match)
    prompt_hits = [
        When(_contains(name, form), then=Value(1))
        for group in groups
        for form in group
        for name in prompts
    ]
    return (
        _bounded(questions, questions)
        .annotate(rank=Case(*prompt_hits, default=Value(0), output_field=IntegerField()))
        .order_by("-rank", "id")
    )
