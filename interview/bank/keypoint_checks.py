"""Editorial rules for key points, read by ``check_bank`` (pure functions, no database).

Specification
-------------
A key point is what the interview grader looks for in an answer, so it must be a claim an
answer can state, in words the question does not already give away:

* ``negated-key-point``: the text is stated as a negation ("not", "no", "never", "n't",
  "cannot", "neither", "nor", "none"; "not only" is not a negation). State the correct
  claim positively and put the wrong version in the point's misconceptions.
* ``key-point-restates-prompt``: every content word of the text is already in the prompt or
  the instruction, so the point only restates the question.
* ``generic-keyword``: a one-word keyword that cannot show the point on its own: it is in the
  prompt or instruction, it is used by another key point of the question, or it is a generic
  word ("model", "data", "error", ...). Use a phrase that states the point instead.

These rules are editorial warnings: ``check_bank`` prints them and fails on them only with
``--strict``.

Words are compared lowercased, with a light suffix strip (plural, -ing, -ed) and without a
short list of stop words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

_WORD_RE = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)?")
NEGATIONS = frozenset({"not", "no", "never", "cannot", "neither", "nor", "none"})
_STOP_WORDS_TEXT = """
    a an the this that these those each every any all some such own other another i me
    my we us our you your he him his she her it its they them their what which who whom
    whose be am is are was were been being have has had do does did can could will would
    shall should may might must about above across after against along among around at
    before behind below between beyond by during for from in inside into near of off on
    onto out over per since through to toward towards under until up upon via with
    within and or but if then else than because as so while whereas although though
    either whether both when where why how there here also just very too only vs versus
    e g ie eg etc
    """
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())
_GENERIC_WORDS_TEXT = """
    model models data dataset value values error errors method methods approach result
    results feature features variable variables number numbers function functions
    parameter parameters performance important better good bad use used using thing
    things way problem problems output input training train test time size type types
    case cases example examples power set
    """
GENERIC_WORDS = frozenset(_GENERIC_WORDS_TEXT.split())


@dataclass(frozen=True)
class KeyPointProblem:
    """One finding on one key point (``index`` counts from 0)."""

    index: int
    rule: str
    message: str


def _root(word: str) -> str:
    for suffix in ("ies", "es", "s", "ing", "ed"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def _words(text: str) -> list[str]:
    return [w.replace("\u2019", "'") for w in _WORD_RE.findall((text or "").lower())]


def _content(text: str) -> set[str]:
    return {
        _root(w)
        for w in _words(text)
        if w not in STOP_WORDS and w not in NEGATIONS and not w.endswith("n't") and len(w) > 1
    }


def is_negated(text: str) -> bool:
    """Whether ``text`` states something as a negation ("not only", "not just" do not count)."""
    words = _words(text)
    for i, word in enumerate(words):
        following = words[i + 1] if i + 1 < len(words) else ""
        if word == "not" and following in {"only", "just", "merely"}:
            continue
        if word in NEGATIONS or word.endswith("n't"):
            return True
    return False


def key_point_problems(
    *, prompt: str, instruction: str, points: Sequence[tuple[str, Sequence[str]]]
) -> list[KeyPointProblem]:
    """The problems of a question's key points, given as (text, keywords) pairs."""
    asked = _content(f"{prompt}\n{instruction}")
    found: list[KeyPointProblem] = []
    vocabularies = [
        _content(text) | {w for k in keywords for w in _content(k)} for text, keywords in points
    ]
    for index, (text, keywords) in enumerate(points):
        if is_negated(text):
            found.append(
                KeyPointProblem(
                    index,
                    "negated-key-point",
                    f"key point {index + 1} is stated as a negation ({text!r}): state the "
                    "correct claim positively and list the wrong version as a misconception",
                )
            )
        words = _content(text)
        if words and words <= asked:
            found.append(
                KeyPointProblem(
                    index,
                    "key-point-restates-prompt",
                    f"key point {index + 1} ({text!r}) only uses words of the prompt and "
                    "instruction: say what a good answer states",
                )
            )
        others: set[str] = set()
        for other, vocabulary in enumerate(vocabularies):
            if other != index:
                others |= vocabulary
        for keyword in keywords:
            keyword_words = _content(keyword)
            if len(_words(keyword)) != 1 or len(keyword_words) != 1:
                continue
            (word,) = keyword_words
            reason = (
                "is in the prompt"
                if word in asked
                else "is a generic word"
                if word in GENERIC_WORDS
                else "is used by another key point"
                if word in others
                else None
            )
            if reason:
                found.append(
                    KeyPointProblem(
                        index,
                        "generic-keyword",
                        f"key point {index + 1}: one-word keyword {keyword!r} {reason}, so it "
                        "cannot show the point alone; use a phrase that states it",
                    )
                )
    return found
