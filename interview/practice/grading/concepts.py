"""Concepts and roles: the same words about a different concept, or in swapped roles, are not
the point.

Specification
-------------
* Opposites. For a pair of opposite words (:data:`.lexicon.OPPOSITES`, e.g. "stable" /
  "unstable", "equivariant" / "invariant", "parallel" / "sequential"), a unit that says one
  of them where the point says the other, and not the point's own word, contradicts the point.
  A word and the same word with a negative prefix ("un", "in", "im", "il", "ir", "non", "mis",
  "dis") are such a pair too ("balanced" / "imbalanced", "calibrated" / "miscalibrated"), when
  the rest of the word has four letters or more and both sides use it.
* Directions. A direction word ("more", "fewer", "higher", "smaller", "increase", ...; all
  "up" words are folded to "more", all "down" words to "less") is bound to the next content
  word (or, with none, the previous one): "fewer trees" binds *down* to "tree". A unit that
  binds a word of the point in the other direction, and never in the point's direction,
  contradicts the point ("smaller learning rate needs fewer trees" against "... needs more
  trees").
* Relation order. Around an asymmetric relation word ("after", "before", "than") a point puts
  concepts on either side ("window functions are evaluated after WHERE"). A unit that puts one
  of them on the other side of the same relation word, and not on its own side, swaps the
  roles and contradicts the point ("WHERE is evaluated after SELECT"). "Before" and "after"
  say the same order from either side: "A after B" swaps "A before B".
* Sibling concepts. The prompt often names several concepts and each key point is about one of
  them ("filter, wrapper and embedded methods"). An *anchor* of a point is the first word of
  its text or of one of its keywords (its subject) when the prompt names it and no other key
  point of the question uses it. A unit that names another
  point's anchor and none of the point's own anchors is about the sibling concept, and does
  not support the point.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache

from interview.practice.grading.languages import Language, active
from interview.practice.grading.text import Token, stem

BIND_REACH = 2
"""A direction word binds to a content word at most this many content words away."""


def opposite_stems() -> tuple[tuple[str, str], ...]:
    """The opposite pairs of the active language, as stems."""
    return _opposite_stems(active())


@lru_cache(maxsize=16)
def _opposite_stems(lang: Language) -> tuple[tuple[str, str], ...]:
    return tuple((stem(a), stem(b)) for a, b in lang.opposites)


def _directions() -> dict[str, int]:
    return _direction_map(active())


@lru_cache(maxsize=16)
def _direction_map(lang: Language) -> dict[str, int]:
    out = {stem(w): 1 for w in lang.direction_up}
    out.update({stem(w): -1 for w in lang.direction_down})
    return out


def direction_stems() -> frozenset[str]:
    """Stems of the direction words of the active language."""
    return frozenset(_directions())


NEGATIVE_PREFIXES = ("un", "in", "im", "il", "ir", "non", "mis", "dis")
"""Prefixes that turn a word into its opposite ("calibrated" / "miscalibrated")."""
PREFIX_REST = 4
"""A prefixed opposite counts only when the rest of the word has at least this many letters."""
INVERSE_RELATIONS = {"before": "after", "after": "before"}
"""Relation words that say the same order from the other side."""


def _prefix_conflict(own: frozenset[str], other: frozenset[str]) -> bool:
    """``own`` says a prefixed opposite ("imbalanc") of a word ``other`` says ("balanc"), and
    neither side says both."""
    for word in own:
        if word in other:
            continue
        for prefix in NEGATIVE_PREFIXES:
            if word.startswith(prefix) and len(word) - len(prefix) >= PREFIX_REST:
                rest = word[len(prefix) :]
                if rest in other and rest not in own:
                    return True
    return False


PLAIN_NEGATIVE_PREFIXES = ("un", "non")
"""Prefixes that make a negative word whatever follows ("unavailable", "non-null")."""
ADJECTIVE_ENDINGS = ("ive", "ible", "able", "ant", "ent", "ed", "ful", "ous", "ar")
"""The other negative prefixes count only on an adjective: "insensitive", not "interval"."""


def negative_words(words: Iterable[str]) -> frozenset[str]:
    """Words that carry a negative prefix ("unavailable", "insensitive", "nonnull")."""
    out = set()
    for word in words:
        for prefix in NEGATIVE_PREFIXES:
            if not word.startswith(prefix) or len(word) - len(prefix) < PREFIX_REST:
                continue
            if prefix in PLAIN_NEGATIVE_PREFIXES or word.endswith(ADJECTIVE_ENDINGS):
                out.add(word)
    return frozenset(out)


def opposite_conflict(point_stems: frozenset[str], unit_stems: frozenset[str]) -> bool:
    """The unit says the opposite word of one the point says."""
    if _prefix_conflict(point_stems, unit_stems) or _prefix_conflict(unit_stems, point_stems):
        return True
    for a, b in opposite_stems():
        for own, other in ((a, b), (b, a)):
            if (
                own in point_stems
                and other not in point_stems
                and other in unit_stems
                and own not in unit_stems
            ):
                return True
    return False


def bindings(tokens: Sequence[Token]) -> dict[str, set[int]]:
    """Content stem -> the directions (+1 up, -1 down) bound to it in ``tokens``."""
    directions = _directions()
    content = [t for t in tokens if t.is_content]
    out: dict[str, set[int]] = {}
    for i, token in enumerate(content):
        sign = directions.get(token.stem)
        if sign is None:
            continue
        if token.negated:
            sign = -sign
        target = None
        for j in range(i + 1, min(len(content), i + 1 + BIND_REACH)):
            if content[j].stem not in directions:
                target = content[j].stem
                break
        if target is None and i > 0 and content[i - 1].stem not in directions:
            target = content[i - 1].stem
        if target is not None:
            out.setdefault(target, set()).add(sign)
    return out


def direction_conflict(point: dict[str, set[int]], unit: dict[str, set[int]]) -> bool:
    """Some word goes the other way in the unit, and never the point's way."""
    for target, signs in point.items():
        found = unit.get(target)
        if not found or len(signs) != 1:
            continue
        (sign,) = signs
        if -sign in found and sign not in found:
            return True
    return False


def sides(tokens: Sequence[Token]) -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """Relation word -> (content stems before it, content stems after it) in its clause."""
    out: dict[str, tuple[frozenset[str], frozenset[str]]] = {}
    for i, token in enumerate(tokens):
        if not token.relation or token.stem in out:
            continue
        before = frozenset(t.stem for t in tokens[:i] if t.is_content)
        after = frozenset(t.stem for t in tokens[i + 1 :] if t.is_content)
        out[token.stem] = (before, after)
    return out


def relation_conflict(
    point: dict[str, tuple[frozenset[str], frozenset[str]]],
    unit: dict[str, tuple[frozenset[str], frozenset[str]]],
    *,
    significant: frozenset[str],
) -> bool:
    """A significant concept sits on the other side of the same relation word."""
    for relation, (p_before, p_after) in point.items():
        if relation not in unit:
            inverse = INVERSE_RELATIONS.get(relation)
            if inverse is None or inverse not in unit:
                continue
            # "B is after A" puts A where "A is before B" does.
            u_after, u_before = unit[inverse]
        else:
            u_before, u_after = unit[relation]
        for concept in (p_before - p_after) & significant:
            if concept in u_after and concept not in u_before:
                return True
        for concept in (p_after - p_before) & significant:
            if concept in u_before and concept not in u_after:
                return True
    return False


def anchors(
    subjects: Sequence[frozenset[str]],
    point_stems: Sequence[frozenset[str]],
    prompt_stems: frozenset[str],
) -> list[frozenset[str]]:
    """Per point, its subjects named by the prompt and used by no other point."""
    out = []
    for i, stems in enumerate(subjects):
        others: set[str] = set()
        for j, other in enumerate(point_stems):
            if j != i:
                others |= other
        out.append(frozenset((stems & prompt_stems) - others))
    return out


def about_sibling(
    unit_stems: frozenset[str], own: frozenset[str], siblings: frozenset[str]
) -> bool:
    """The unit names a sibling concept and not the point's own."""
    return bool(own) and not (unit_stems & own) and bool(unit_stems & siblings)


def question_concepts(
    point_clauses: Sequence[Sequence[Sequence[Token]]], prompt_stems: frozenset[str]
) -> frozenset[str]:
    """Prompt words that open a clause of some key point (two or more, else none)."""
    found = set()
    for clauses in point_clauses:
        for clause in clauses:
            first = next((t.stem for t in clause if t.is_content), None)
            if first is not None and first in prompt_stems:
                found.add(first)
    return frozenset(found) if len(found) >= 2 else frozenset()


def owners(tokens: Sequence[Token], names: frozenset[str]) -> dict[str, set[frozenset[str]]]:
    """Content stem (not itself a concept) -> the concepts it is said about in ``tokens``."""
    out: dict[str, set[frozenset[str]]] = {}
    if not names:
        return out
    owner: frozenset[str] | None = None
    run: set[str] = set()
    previous: Token | None = None
    for token in tokens:
        if token.is_content and token.stem in names:
            if token.negated or (previous is not None and previous.relation):
                run = set()
            elif not token.opens and not run:
                continue
            else:
                run.add(token.stem)
                owner = frozenset(run)
        else:
            run = set()
            if token.is_content and owner is not None:
                out.setdefault(token.stem, set()).add(owner)
        previous = token
    return out


def role_bindings(tokens: Sequence[Token], names: frozenset[str]) -> dict[str, frozenset[str]]:
    """The point's words said about exactly one of its concepts, with that concept."""
    return {
        word: next(iter(found)) for word, found in owners(tokens, names).items() if len(found) == 1
    }


def roles_swapped(
    point: dict[str, frozenset[str]],
    unit: dict[str, set[frozenset[str]]],
    matched: frozenset[str] | set[str],
    *,
    ignore: frozenset[str] = frozenset(),
) -> bool:
    """The unit says the point's words of a concept about another concept at least as often
    as about the point's own."""
    right = wrong = 0
    own_names = frozenset(point.values())
    said_names = {name for found in unit.values() for name in found}
    if not any(own & name for own in own_names for name in said_names):
        return False
    for word in matched:
        own = point.get(word)
        said = unit.get(word)
        if own is None or not said or word in ignore:
            continue
        if any(own & name for name in said):
            right += 1
        else:
            wrong += 1
    return wrong > 0 and wrong >= right
