"""Polarity: a statement and its negation are different claims.

Specification
-------------
* A negation cue ("not", "no", "never", "without", "rather than", "instead of", "unlike",
  "fails to", spelled-out contractions such as "doesn't") negates the content words after it
  in the same clause, at most :data:`.text.NEGATION_SCOPE` of them.
* A key point (or one of its keywords) is *negative* when its own text has a negated word
  ("The data themselves do not become normal", "not overfitting").
* Words that mean a lack ("ignores", "blind to") are cues too.
* Where the point negates some of the words a unit shares with it, the unit must negate most
  of those ("association, not causation" against "an association, not a causal effect");
  otherwise the unit must not negate most of the shared words.
* A unit whose polarity disagrees states the opposite of the point and counts as a
  contradiction.
* Denial. A verbal negation ("not", "never", "none", "nothing") or a dismissal ("harmless",
  "redundant", "unnecessary", "irrelevant", ...) denies its whole stretch of clause, the words
  before it too, up to a joining word ("and", "or", "then") or the opening of a subordinate
  clause ("that", "who", "if", "when", "unless", "whether"): "strided convolutions can't
  replace pooling" denies the convolutions as much as the replacing. A point with no negation
  of its own, and no word with a negative prefix ("unavailable", "insensitive"; "in", "im",
  "il", "ir", "dis" and "mis" only on an adjective, so not "interval"), is contradicted by a
  unit that denies most of its words.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from operator import attrgetter

from interview.practice.grading.text import Token


def is_negative(tokens: Iterable[Token]) -> bool:
    """Whether some content word of ``tokens`` lies in a negation scope."""
    return any(t.negated for t in tokens if t.is_content)


def _mostly(
    tokens: Iterable[Token], stems: frozenset[str] | set[str], flag: Callable[[Token], bool]
) -> bool:
    """Whether more than half of the ``stems`` found among the content words of ``tokens``
    are found at least once with ``flag`` set."""
    found: set[str] = set()
    flagged: set[str] = set()
    for token in tokens:
        if token.is_content and token.stem in stems:
            found.add(token.stem)
            if flag(token):
                flagged.add(token.stem)
    return bool(found) and 2 * len(flagged) > len(found)


def negated_in(tokens: Iterable[Token], stems: frozenset[str] | set[str]) -> bool:
    """Whether most of ``stems`` found in ``tokens`` lie in a negation scope there."""
    return _mostly(tokens, stems, attrgetter("negated"))


def negated_stems(tokens: Iterable[Token]) -> frozenset[str]:
    """Stems of ``tokens`` that lie in a negation scope."""
    return frozenset(t.stem for t in tokens if t.is_content and t.negated)


def polarity_agrees(
    *, point: Iterable[Token], unit: Iterable[Token], matched: set[str] | frozenset[str]
) -> bool:
    """The unit states the matched words with the point's polarity.

    Where the point negates some matched words, most of those must be negated in the unit;
    otherwise most matched words must not be."""
    unit = tuple(unit)
    negated_here = negated_stems(point) & matched
    if negated_here:
        return negated_in(unit, negated_here)
    return not negated_in(unit, matched)


def denied_in(tokens: Iterable[Token], stems: frozenset[str] | set[str]) -> bool:
    """Whether most of ``stems`` found in ``tokens`` stand in a clause that says
    "not" or "never" about them, before or after ("strided convolutions can't replace
    pooling", "the preprocessing doesn't have to match")."""
    return _mostly(tokens, stems, attrgetter("denied"))
