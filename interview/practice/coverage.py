"""Transparent, offline key-point coverage for mock-interview answers (no LLM).

Each question carries 3-6 key points. A key point has a ``text`` (a short phrase)
and ``keywords`` (alternative words/phrases a candidate might use instead).
:func:`coverage_compute` decides, for each key point, whether the candidate's
answer covers it, and records which answer words matched so the page can explain
the verdict. :func:`rating_suggestion` turns the result into an FSRS rating.

Rules
-----
Tokenizing (applied identically to the answer, key-point texts and keywords):

1. NFKC-normalize and lowercase.
2. Split into Unicode words made of letters and digits only; anything else is a
   separator, including ``_``, ``-`` and apostrophes (``f_t`` -> ``f``, ``t``).
3. Drop stop words: a small built-in English list (articles, pronouns,
   determiners, auxiliaries and modals, prepositions, conjunctions, a few
   fillers, contraction fragments such as ``don``/``isn``). Negations (``not``,
   ``no``, ``never``, ``without`` ...) are also dropped: they take no part in
   matching, so coverage never hinges on them (and they never count as content).
4. Drop one-character tokens, except digits.
5. Stem the rest with the Snowball English stemmer. What remains are the
   *content stems*; matching compares stems as sets, so word order and
   inflection ("erasing" ~ "erase", "forgets" ~ "forget", "gating" ~ "gate")
   do not matter.

Matching, per key point:

* A keyword matches when ALL of its content stems occur in the answer, in any
  order. A keyword with no content stems (e.g. only stop words) is ignored.
* The key-point text matches when at least half (rounded up) of its distinct
  content stems occur in the answer, and at least 2 of them when it has 2 or
  more content stems (1 of 1 otherwise). A text with no content stems never
  matches.
* The point is covered when its text or any keyword matches.
  ``matched_phrase`` is the first phrase that matched, checking the text first
  and then the keywords in order (``None`` when missed).
* ``matched_words`` lists the answer's words (lowercased surface forms,
  deduplicated, in order of first appearance) whose stem equals any content stem
  of the point's text or keywords. It is filled for missed points too, showing
  the partial evidence that was not enough.

The answer is tokenized once and looked up through sets, so long answers
(tens of thousands of characters) stay fast; the only regex is a single
character class, with no backtracking. Everything here is pure Python, with
no Django dependency.
"""

from __future__ import annotations

import math
import re
import threading
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import snowballstemmer

__all__ = [
    "NEGATIONS",
    "STOP_WORDS",
    "CoverageResult",
    "KeyPointInput",
    "PointResult",
    "coverage_compute",
    "rating_suggestion",
]

# Letters and digits (``\w`` minus ``_``): one character class, linear time.
_WORD_RE = re.compile(r"[^\W_]+")

NEGATIONS: frozenset[str] = frozenset(
    {"not", "no", "nor", "never", "none", "without", "cannot", "neither", "nothing"}
)

STOP_WORDS: frozenset[str] = NEGATIONS | frozenset(
    {
        # articles and determiners
        *("a", "an", "the", "this", "that", "these", "those", "each", "every", "any"),
        *("some", "such", "own", "same", "other", "another"),
        # pronouns
        *("i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves"),
        *("you", "your", "yours", "yourself", "yourselves", "he", "him", "his"),
        *("himself", "she", "her", "hers", "herself", "it", "its", "itself", "they"),
        *("them", "their", "theirs", "themselves", "what", "which", "who", "whom"),
        *("whose", "whatever", "whichever", "something", "anything", "everything"),
        # auxiliaries and modals
        *("be", "am", "is", "are", "was", "were", "been", "being", "have", "has"),
        *("had", "having", "do", "does", "did", "doing", "can", "could", "will"),
        *("would", "shall", "should", "may", "might", "must"),
        # contraction fragments (apostrophes split words)
        *("don", "doesn", "didn", "isn", "aren", "wasn", "weren", "hasn", "haven"),
        *("hadn", "won", "wouldn", "shouldn", "couldn", "mustn", "ll", "ve", "re"),
        # prepositions
        *("about", "above", "across", "after", "against", "along", "among", "around"),
        *("at", "before", "behind", "below", "beneath", "beside", "between", "beyond"),
        *("by", "during", "for", "from", "in", "inside", "into", "near", "of", "off"),
        *("on", "onto", "out", "outside", "over", "per", "since", "through"),
        *("throughout", "to", "toward", "towards", "under", "until", "up", "upon"),
        *("via", "with", "within"),
        # conjunctions
        *("and", "or", "but", "if", "then", "else", "than", "because", "as", "so"),
        *("while", "whereas", "although", "though", "either", "whether", "both"),
        # wh-adverbs and fillers
        *("when", "where", "why", "how", "there", "here", "also", "just", "very"),
        *("too", "only", "really", "basically", "etc", "eg", "ie"),
    }
)

_local = threading.local()


def _stemmer() -> Any:
    # The pure-Python Snowball stemmers keep state while stemming: one per thread.
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = snowballstemmer.stemmer("english")
    return stemmer


@lru_cache(maxsize=8192)
def _stem(word: str) -> str:
    if word.isdigit():
        return word
    return _stemmer().stemWord(word) or word


def _content_tokens(text: str) -> list[tuple[str, str]]:
    """Return ``(surface, stem)`` for every content word of ``text``, in order."""
    normalized = unicodedata.normalize("NFKC", text or "").lower()
    tokens: list[tuple[str, str]] = []
    for word in _WORD_RE.findall(normalized):
        if word in STOP_WORDS or (len(word) == 1 and not word.isdigit()):
            continue
        tokens.append((word, _stem(word)))
    return tokens


def _content_stems(text: str) -> tuple[str, ...]:
    """Distinct content stems of ``text``, in order of first appearance."""
    return tuple(dict.fromkeys(stem for _, stem in _content_tokens(text)))


@dataclass(frozen=True)
class KeyPointInput:
    """A key point as stored in a question snapshot."""

    text: str
    keywords: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # Accept any iterable (e.g. a list decoded from JSON) but store a tuple.
        if not isinstance(self.keywords, tuple):
            object.__setattr__(self, "keywords", tuple(self.keywords))


@dataclass(frozen=True)
class PointResult:
    """Coverage verdict for one key point, with the evidence behind it."""

    text: str
    covered: bool
    matched_words: tuple[str, ...]
    matched_phrase: str | None

    def to_dict(self) -> dict[str, Any]:
        """JSON-serializable form."""
        return {
            "text": self.text,
            "covered": self.covered,
            "matched_words": list(self.matched_words),
            "matched_phrase": self.matched_phrase,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PointResult:
        """Inverse of :meth:`to_dict`."""
        phrase = data.get("matched_phrase")
        return cls(
            text=str(data["text"]),
            covered=bool(data["covered"]),
            matched_words=tuple(str(w) for w in data.get("matched_words") or ()),
            matched_phrase=None if phrase is None else str(phrase),
        )


@dataclass(frozen=True)
class CoverageResult:
    """Per-point verdicts for one answer, with summary figures."""

    points: tuple[PointResult, ...]

    @property
    def covered_count(self) -> int:
        """Number of covered key points."""
        return sum(1 for p in self.points if p.covered)

    @property
    def total(self) -> int:
        """Number of key points."""
        return len(self.points)

    @property
    def ratio(self) -> float:
        """Covered / total, 0.0 when there are no key points."""
        return self.covered_count / self.total if self.total else 0.0

    @property
    def percent(self) -> int:
        """``round(ratio * 100)``."""
        return round(self.ratio * 100)

    def to_dict(self) -> dict[str, Any]:
        """JSON-serializable form (for a JSONField); summary figures are informative."""
        return {
            "points": [p.to_dict() for p in self.points],
            "covered_count": self.covered_count,
            "total": self.total,
            "percent": self.percent,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CoverageResult:
        """Inverse of :meth:`to_dict` (summary figures are recomputed, not read)."""
        return cls(points=tuple(PointResult.from_dict(p) for p in data.get("points") or ()))


def _required_hits(n_stems: int) -> int:
    if n_stems >= 2:
        return max(2, math.ceil(n_stems / 2))
    return n_stems


def _evaluate_point(
    point: KeyPointInput,
    answer_stems: frozenset[str],
    answer_tokens: Iterable[tuple[str, str]],
) -> PointResult:
    text_stems = _content_stems(point.text)
    point_stems = set(text_stems)
    matched_phrase: str | None = None

    if text_stems:
        hits = sum(1 for s in text_stems if s in answer_stems)
        if hits >= _required_hits(len(text_stems)):
            matched_phrase = point.text

    for keyword in point.keywords:
        stems = _content_stems(keyword)
        if not stems:
            continue  # nothing but stop words / noise: ignored
        point_stems.update(stems)
        if matched_phrase is None and all(s in answer_stems for s in stems):
            matched_phrase = keyword

    matched_words = tuple(
        dict.fromkeys(surface for surface, stem in answer_tokens if stem in point_stems)
    )
    return PointResult(
        text=point.text,
        covered=matched_phrase is not None,
        matched_words=matched_words,
        matched_phrase=matched_phrase,
    )


def coverage_compute(*, answer: str, key_points: Sequence[KeyPointInput]) -> CoverageResult:
    """Decide which key points ``answer`` covers (see the module docstring for the rules)."""
    tokens = _content_tokens(answer)
    answer_stems = frozenset(stem for _, stem in tokens)
    # Distinct (surface, stem) pairs keep per-point scans small on long answers.
    distinct_tokens = tuple(dict.fromkeys(tokens))
    return CoverageResult(
        points=tuple(_evaluate_point(p, answer_stems, distinct_tokens) for p in key_points)
    )


def rating_suggestion(*, coverage: CoverageResult, timed_out: bool = False) -> int:
    """Suggest an FSRS rating (1=Again, 2=Hard, 3=Good, 4=Easy) from coverage.

    ratio < 0.3 -> 1, < 0.6 -> 2, < 0.9 -> 3, else 4. An empty answer (no content
    words, hence nothing covered) is always 1; a timed-out answer is capped at 3.
    """
    if coverage.covered_count == 0:
        return 1
    ratio = coverage.ratio
    if ratio < 0.3:
        rating = 1
    elif ratio < 0.6:
        rating = 2
    elif ratio < 0.9:
        rating = 3
    else:
        rating = 4
    return min(rating, 3) if timed_out else rating
