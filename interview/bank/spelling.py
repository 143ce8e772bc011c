"""Search that forgives how a term is written.

Specification:
- A word of the query that the bank writes as a compound ("p-value", "k-means", "A/B",
  "trade-off") is searched as the bank writes it, whether it was typed joined ("pvalue",
  "kmeans", "ab") or split over two words ("p value", "k means"). Two forms are the same
  compound when they are equal once everything but letters and digits is dropped. A word the
  bank also uses as written is left alone.
- A word of three letters or more that the bank never uses is a typo when a bank word is close
  enough to it (difflib's ratio of at least SIMILARITY_CUTOFF); the query with every such word
  replaced is the suggestion ("Did you mean ...?").
- The words the bank uses come from published questions only (a draft's words never leak
  through a suggestion). On PostgreSQL they are read from the few questions closest to the query
  by trigram word similarity (pg_trgm, a GIN index on the prompt): one query, at most
  CANDIDATE_QUESTIONS rows. Elsewhere the whole bank's vocabulary is read once and cached
  (VOCABULARY_SECONDS, dropped whenever questions change in this process).
- Bounded: at most MAX_WORDS words of a query are looked at, each against a bounded vocabulary.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import TrigramWordSimilarity
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.db.models.functions import Greatest, Lower

from interview.bank.models import Question
from interview.bank.search import question_search, question_search_any_form
from interview.bank.selectors import SEARCH_VOCABULARY_KEY as VOCABULARY_KEY

VOCABULARY_SECONDS = 600
VOCABULARY_TEXT_CHARS = 4000  # of each question's answer read into the vocabulary
MAX_WORDS = 8
MIN_TYPO_LENGTH = 3
SIMILARITY_CUTOFF = 0.75
CANDIDATE_QUESTIONS = 20
TRIGRAM_THRESHOLD = 0.5

_WORD = re.compile(r"[^\W_]+(?:[-/][^\W_]+)*")


def compact(text: str) -> str:
    """The letters and digits of `text`, lower case: "P-value" and "p value" give "pvalue"."""
    return "".join(char for char in text.lower() if char.isalnum())


@dataclass
class Vocabulary:
    """The words of some questions: plain words, and compounds keyed by their compact form."""

    words: set[str] = field(default_factory=set)
    compounds: dict[str, str] = field(default_factory=dict)

    def add_text(self, text: str) -> None:
        for token in _WORD.findall(text.lower()):
            if "-" in token or "/" in token:
                self.compounds.setdefault(compact(token), token)
                self.words.update(re.split(r"[-/]", token))
            else:
                self.words.add(token)


@dataclass(frozen=True)
class Respelling:
    """The query as the bank writes it: `query` to show, `groups` to search (every group must
    match, by any of its forms; empty when nothing was respelled: search `query` as typed),
    and the typo-corrected `suggestion` (or None)."""

    query: str
    groups: list[tuple[str, ...]]
    suggestion: str | None


def query_respell(*, query: str, vocabulary: Vocabulary) -> Respelling:
    words = query.split()[:MAX_WORDS]
    groups: list[tuple[str, ...]] = []
    index = 0
    while index < len(words):
        word = words[index]
        if index + 1 < len(words):
            pair = vocabulary.compounds.get(compact(word + words[index + 1]))
            if pair is not None and not _is_compound(word):
                groups.append((pair,))
                index += 2
                continue
        compound = vocabulary.compounds.get(compact(word))
        if compound is not None and compound != word.lower().strip("\"'"):
            groups.append((compound, word))
        else:
            groups.append((word,))
        index += 1
    shown = " ".join(group[0] for group in groups)
    respelled = groups != [(word,) for word in words]
    suggestion = " ".join(_typo_fix(group[0], vocabulary) for group in groups)
    return Respelling(
        query=shown if respelled else query,
        groups=groups if respelled else [],
        suggestion=suggestion if suggestion != shown else None,
    )


def _is_compound(word: str) -> bool:
    return "-" in word or "/" in word


def _typo_fix(word: str, vocabulary: Vocabulary) -> str:
    plain = word.lower()
    if (
        len(plain) < MIN_TYPO_LENGTH
        or not plain.isalpha()
        or plain in vocabulary.words
        or compact(plain) in vocabulary.compounds
    ):
        return word
    close = difflib.get_close_matches(plain, vocabulary.words, n=1, cutoff=SIMILARITY_CUTOFF)
    return close[0] if close else word


def _question_text(prompt: str, instruction: str, answer: str) -> str:
    return f"{prompt}\n{instruction}\n{answer[:VOCABULARY_TEXT_CHARS]}"


def bank_vocabulary() -> Vocabulary:
    """The published bank's words, read once and cached."""
    vocabulary = cache.get(VOCABULARY_KEY)
    if vocabulary is None:
        vocabulary = Vocabulary()
        rows = Question.objects.published().values_list("prompt", "instruction", "official_answer")
        for prompt, instruction, answer in rows.order_by().iterator(chunk_size=500):
            vocabulary.add_text(_question_text(prompt, instruction, answer))
        cache.set(VOCABULARY_KEY, vocabulary, VOCABULARY_SECONDS)
    return vocabulary


def nearby_vocabulary(*, query: str, version: str | None = None) -> Vocabulary:
    """On PostgreSQL: the words of the published questions whose prompt is closest to the query
    or to one of its words (trigram word similarity); elsewhere the bank's cached vocabulary.

    With `version` (the bank's content stamp), kept in this process's cache for that stamp and
    query: a word found in many prompts (half the questions of a large bank say "gradient")
    makes PostgreSQL rank every one of them, over a second for 20,000 questions."""
    if connection.vendor != "postgresql":
        return bank_vocabulary()
    if version is None:
        return _nearby_vocabulary(query)
    key = f"bank:nearby-vocabulary:{version}:{hashlib.sha256(query.encode()).hexdigest()}"
    vocabulary = cache.get(key)
    if vocabulary is None:
        vocabulary = _nearby_vocabulary(query)
        cache.set(key, vocabulary, VOCABULARY_SECONDS)
    return vocabulary


def _nearby_vocabulary(query: str) -> Vocabulary:
    words = query.split()[:MAX_WORDS]
    vocabulary = Vocabulary()
    if not words:
        return vocabulary
    prompt = Lower("prompt")
    whole = " ".join(words).lower()
    terms = [whole, compact(whole), *(word.lower() for word in words if len(word) >= 3)]
    matches = Q()
    for term in terms:
        matches |= Q(prompt_lower__trigram_word_similar=term)
    rows = (
        Question.objects.published()
        .annotate(
            prompt_lower=prompt,
            overall=TrigramWordSimilarity(whole, prompt),
            closeness=Greatest(*(TrigramWordSimilarity(term, prompt) for term in terms)),
        )
        .filter(matches)
        .order_by("-overall", "-closeness", "id")
        .values_list("prompt", "instruction", "official_answer")[:CANDIDATE_QUESTIONS]
    )
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        # pg_trgm's default threshold (0.6) misses "pvalue" in "p-value" (0.57).
        cursor.execute(f"SET LOCAL pg_trgm.word_similarity_threshold = {TRIGRAM_THRESHOLD}")
        found = list(rows)
    for prompt_text, instruction, answer in found:
        vocabulary.add_text(_question_text(prompt_text, instruction, answer))
    return vocabulary


@dataclass(frozen=True)
class ForgivingSearch:
    """What a search shows: `results` for `query` (the bank's spelling of what was typed), or,
    when that finds nothing, for `suggestion` (then `corrected` is true)."""

    results: QuerySet[Question]
    query: str
    suggestion: str | None
    corrected: bool


def question_search_forgiving(
    *, query: str, questions: QuerySet[Question], language: str = "en", version: str | None = None
) -> ForgivingSearch:
    """`question_search` for the query as the bank spells it; with a typo suggestion, whose
    results replace an empty result. At most two searches and one vocabulary read."""
    if not query.strip():
        return ForgivingSearch(questions.none(), query, None, corrected=False)
    vocabulary = nearby_vocabulary(query=query, version=version)
    respelling = query_respell(query=query, vocabulary=vocabulary)
    if respelling.groups:
        results = question_search_any_form(
            groups=respelling.groups, questions=questions, language=language
        )
    else:
        results = question_search(query=query, questions=questions, language=language)
    if respelling.suggestion is None or results.exists():
        return ForgivingSearch(results, respelling.query, respelling.suggestion, corrected=False)
    corrected = question_search(query=respelling.suggestion, questions=questions, language=language)
    return ForgivingSearch(corrected, respelling.query, respelling.suggestion, corrected=True)
