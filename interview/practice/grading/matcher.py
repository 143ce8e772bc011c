"""Matching key points against an answer, unit by unit.

Specification
-------------
* Prompt echo. Words of the question's prompt and instruction are not evidence: a point is
  matched on its *novel* words (content words absent from the prompt and not generic), and a
  keyword counts only when it has a novel word. Typing the question back covers nothing.
* Phrases. A keyword of two or more words matches a unit holding all of its words (any
  order, synonyms and inflections folded). A keyword of one word is weak evidence: it counts
  as one novel word.
* Notation. A keyword written as notation (``F(x) + x``, ``sigma/sqrt(n)``, ``k-1``,
  ``1x1``) matches when it appears literally, spaces ignored, in the unit and not in the
  prompt. One-letter symbols stand for the point's words of that initial when a unit uses two
  or more of them ("Q, K and V" for "queries, keys and values"); the letter of a compound
  ("top-k", "x_i") is not a symbol.
* Evidence. A unit supports a point when a phrase or notation keyword matches, or when it
  holds at least two of the point's novel words (one, when the point has only one) and at
  least half of them (:data:`TEXT_SHARE`; one-word keywords count as words of the point). When
  the point has a single novel word, the unit must also hold one more of the point's words
  (prompt words count here): "column" alone does not state "NULLs for the right columns".
* Vetoes (see :mod:`.polarity` and :mod:`.concepts`): polarity disagreement, opposite
  words, reversed directions, swapped relation sides and other numbers than the point's
  ("variance 1 / fan_in" for "variance 2 / fan_in") turn support into a contradiction; a
  unit about a sibling concept gives no support.
* Restriction. A point that restricts ("on training data only") is contradicted by a unit
  that widens one of its nouns to all of it ("on the whole dataset"), unless negated.
* Misconceptions. A unit that states one of the point's known misconceptions (most of its
  novel words, same polarity) contradicts the point, whatever else the answer says.
* Verdict. Covered when some unit supports the point (the evidence is that unit's
  sentence); else contradicted when some unit contradicted it; else missed.
* Compounds. A hyphenated compound of a point with two or more content parts ("size-1",
  "tree-based") is stated by a unit holding its parts written apart ("of size 1").
* Typos. Answer words of five letters or more that are one edit away from a word of a key
  point are read as that word.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from interview.practice.grading import concepts, polarity
from interview.practice.grading import text as text_module
from interview.practice.grading.languages import Language, active, use
from interview.practice.grading.results import CoverageResult, KeyPointInput, PointResult, Status
from interview.practice.grading.text import (
    Token,
    Unit,
    normalize,
    speller,
    squash,
    stem,
    tokens,
    units,
    words,
)

_NOTATION_RE = re.compile(r"[()/^+=*\[\]<>|]|^\d+x\d+$|^[a-z]-\d+$|^\d+[a-z]+\d*$")
PHRASE_GAP = 2
"""Content words allowed between two consecutive words of a phrase keyword."""
TEXT_SHARE = 0.5
"""Without a phrase keyword, a unit must hold at least this share of the point's novel words."""
SINGLE_NOVEL_CONTEXT = 2
"""A point with one novel word is supported (without a phrase) only by a unit that also holds
another word of the point, a prompt word included: the one word alone is not the claim."""
MISCONCEPTION_SHARE = 0.7
"""Share of a misconception's content words a unit must hold to state it."""


@lru_cache(maxsize=16)
def _generic_stems(lang: Language) -> frozenset[str]:
    return frozenset(stem(w) for w in lang.generic_words)


def generic_stems() -> frozenset[str]:
    """Stems of the active language's generic words (:data:`.lexicon.GENERIC_WORDS` in
    English)."""
    return _generic_stems(active())


@dataclass(frozen=True)
class Cue:
    """A keyword of a point, compiled."""

    phrase: str
    stems: frozenset[str]
    sequence: tuple[str, ...]
    novel: frozenset[str]
    negative: bool
    tokens: tuple[Token, ...]
    notation: str | None
    sides: dict[str, tuple[frozenset[str], frozenset[str]]]


@dataclass(frozen=True)
class Misconception:
    """A known wrong version of a point, compiled."""

    text: str
    tokens: tuple[Token, ...]
    stems: frozenset[str]
    novel: frozenset[str]
    bindings: dict[str, set[int]]
    numbers: frozenset[str]
    relations: frozenset[str]


@dataclass(frozen=True)
class CompiledPoint:
    """A key point prepared for matching against one question's prompt."""

    point: KeyPointInput
    tokens: tuple[Token, ...]
    stems: frozenset[str]
    novel: frozenset[str]
    negative: bool
    cues: tuple[Cue, ...]
    vocabulary: frozenset[str]
    significant: frozenset[str]
    initials: dict[str, str]
    bindings: dict[str, set[int]]
    sides: dict[str, tuple[frozenset[str], frozenset[str]]]
    anchors: frozenset[str]
    siblings: frozenset[str]
    misconceptions: tuple[Misconception, ...]
    names: frozenset[str] = frozenset()
    roles: dict[str, frozenset[str]] | None = None
    compounds: dict[str, frozenset[str]] | None = None

    @property
    def needed(self) -> int:
        """Novel words a unit must hold to support the point without a phrase."""
        return min(2, len(self.novel))


def _joined(text: str) -> dict[str, frozenset[str]]:
    """Joined form of each hyphenated compound of ``text`` -> the stems of its content parts
    ("toosimpl" -> {"simpl"} for "too-simple"): a unit holding the parts, written apart,
    states the compound."""
    out: dict[str, frozenset[str]] = {}
    for match in text_module.WORD_RE.finditer(normalize(text)):
        word = match.group(0)
        if "-" in word or "_" in word:
            found = tokens(word.replace("-", " ").replace("_", " "))
            parts = frozenset(t.stem for t in found if t.is_content)
            joined = stem("".join(p for p in re.split(r"[-_']", word) if p))
            if len(parts) >= 2 and joined not in parts:
                out[joined] = parts
    return out


def _open_brackets(text: str) -> int:
    return text.count("(") - text.count(")") + text.count("[") - text.count("]")


def rejoin_keywords(keywords: Sequence[str]) -> tuple[str, ...]:
    """Keywords with those cut at a comma inside brackets put back together: stored keywords
    are separated by ", ", so "(n, n)" arrives as "(n" and "n)"."""
    out: list[str] = []
    pending = ""
    for keyword in keywords:
        pending = f"{pending}, {keyword}" if pending else keyword
        if _open_brackets(pending) <= 0:
            out.append(pending)
            pending = ""
    if pending:
        out.append(pending)
    return tuple(out)


def _is_notation(keyword: str) -> bool:
    return bool(_NOTATION_RE.search(squash(keyword)))


def _compile_cue(keyword: str, prompt: frozenset[str], prompt_squashed: str) -> Cue:
    found = tokens(normalize(keyword))
    stems = frozenset(t.stem for t in found if t.is_content)
    squashed = squash(keyword)
    notation = squashed if _is_notation(keyword) and squashed not in prompt_squashed else None
    novel = stems - prompt - generic_stems()
    if len(stems) < 2:
        novel -= concepts.direction_stems()
    return Cue(
        phrase=keyword,
        stems=stems,
        sequence=tuple(dict.fromkeys(t.stem for t in found if t.is_content)),
        novel=frozenset(novel),
        negative=polarity.is_negative(found),
        tokens=tuple(found),
        notation=notation,
        sides=concepts.sides(found),
    )


def compile_points(
    *, prompt: str, key_points: Sequence[KeyPointInput]
) -> tuple[list[CompiledPoint], dict[str, str]]:
    """Compile every point of a question; also return the surface -> stem vocabulary."""
    prompt_tokens = tokens(normalize(prompt))
    prompt_stems = frozenset(t.stem for t in prompt_tokens if t.is_content)
    prompt_squashed = squash(prompt)
    generic = generic_stems()
    vocabulary: dict[str, str] = {}
    drafts = []
    for point in key_points:
        text_tokens = tuple(tokens(normalize(point.text)))
        stems = frozenset(t.stem for t in text_tokens if t.is_content)
        cues = tuple(
            _compile_cue(k, prompt_stems, prompt_squashed) for k in rejoin_keywords(point.keywords)
        )
        all_stems = stems | {s for c in cues for s in c.stems}
        for phrase in (point.text, *point.keywords):
            for word in words(normalize(phrase)):
                vocabulary.setdefault(word, stem(word))
        drafts.append((point, text_tokens, stems, cues, all_stems))
    subjects = [
        frozenset(
            seq[0]
            for seq in (
                [t.stem for t in text_tokens if t.is_content],
                *(list(c.sequence) for c in cues),
            )
            if seq
        )
        for _, text_tokens, _, cues, _ in drafts
    ]
    point_anchors = concepts.anchors(subjects, [d[4] for d in drafts], prompt_stems)
    names = concepts.question_concepts(
        [text_module.clause_tokens(normalize(d[0].text)) for d in drafts], prompt_stems
    )
    compiled = []
    for i, (point, text_tokens, stems, cues, all_stems) in enumerate(drafts):
        siblings = frozenset().union(*(a for j, a in enumerate(point_anchors) if j != i))
        initials: dict[str, str] = {}
        for word in words(normalize(point.text)):
            word_stem = stem(word)
            if len(word) > 1 and word_stem not in prompt_stems and word_stem not in generic:
                initials.setdefault(word[0], word_stem)
        misconceptions = []
        for line in point.misconceptions:
            m_tokens = tuple(tokens(normalize(line)))
            m_stems = frozenset(t.stem for t in m_tokens if t.is_content) - generic
            if m_stems - prompt_stems:
                misconceptions.append(
                    Misconception(
                        text=line,
                        tokens=m_tokens,
                        stems=m_stems,
                        novel=frozenset(m_stems - prompt_stems),
                        bindings=concepts.bindings(m_tokens),
                        numbers=frozenset(s for s in m_stems if s.isdigit()),
                        relations=frozenset(t.stem for t in m_tokens if t.relation),
                    )
                )
        novel = frozenset(stems - prompt_stems - generic - concepts.direction_stems())
        compiled.append(
            CompiledPoint(
                point=point,
                tokens=text_tokens,
                stems=stems,
                novel=novel,
                negative=polarity.is_negative(text_tokens),
                cues=cues,
                vocabulary=frozenset(all_stems),
                significant=frozenset(all_stems - generic),
                initials=initials,
                bindings=concepts.bindings(text_tokens),
                sides=concepts.sides(text_tokens),
                anchors=point_anchors[i],
                siblings=siblings,
                misconceptions=tuple(misconceptions),
                names=names,
                roles=concepts.role_bindings(text_tokens, names),
                compounds={k: v for k, v in _joined(point.text).items() if k in novel},
            )
        )
    return compiled, vocabulary


@dataclass(frozen=True)
class _Support:
    strength: int
    matched: frozenset[str]
    phrase: str | None
    negative: bool
    cue: Cue | None


def _letter_aliases(point: CompiledPoint, unit: Unit) -> set[str]:
    if len(unit.letters) < 2:
        return set()
    found = {point.initials[letter] for letter in unit.letters if letter in point.initials}
    return found if len(found) >= 2 else set()


def in_sequence(sequence: Sequence[str], unit: Unit, *, gap: int = PHRASE_GAP) -> bool:
    """The stems of ``sequence`` occur in ``unit`` in that order, at most ``gap`` content
    words apart."""
    content = [t.stem for t in unit.tokens if t.is_content]
    first = sequence[0]
    for start, word in enumerate(content):
        if word != first:
            continue
        position = start
        for wanted in sequence[1:]:
            window = content[position + 1 : position + 2 + gap]
            if wanted not in window:
                break
            position = position + 1 + window.index(wanted)
        else:
            return True
    return False


def _support(point: CompiledPoint, unit: Unit) -> _Support | None:
    stems = unit.stems
    best_phrase: Cue | None = None
    for cue in point.cues:
        if not cue.novel and cue.notation is None:
            continue
        if cue.notation is not None and cue.notation in unit.squashed:
            best_phrase = cue
            break
        if (
            len(cue.stems) >= 2
            and cue.novel
            and cue.stems <= stems
            and (
                in_sequence(cue.sequence, unit)
                or (len(cue.sequence) == 2 and in_sequence(cue.sequence[::-1], unit))
            )
        ):
            best_phrase = cue
            break
    hits = set(point.novel & stems) | (_letter_aliases(point, unit) & point.novel)
    if point.compounds:
        hits |= {joined for joined, parts in point.compounds.items() if parts <= stems}
    for cue in point.cues:
        if len(cue.stems) == 1 and cue.novel and cue.stems <= stems:
            hits |= cue.novel
    if best_phrase is not None:
        matched = frozenset(hits | (best_phrase.stems & stems))
        return _Support(
            100 + len(hits), matched, best_phrase.phrase, best_phrase.negative, best_phrase
        )
    if not point.novel or not hits or len(hits) < point.needed:
        return None
    if len(hits) < math.ceil(TEXT_SHARE * len(point.novel)):
        return None
    if len(point.novel) == 1 and len(point.stems & stems) < SINGLE_NOVEL_CONTEXT:
        return None
    matched = frozenset(hits | (point.stems & stems))
    return _Support(len(hits), matched, point.point.text, point.negative, None)


def _contradicts(point: CompiledPoint, unit: Unit, support: _Support) -> bool:
    # A keyword names the point's subject; unless it carries its own negation ("not
    # overfitting"), the point's polarity applies to it.
    said = point.tokens
    if support.cue is not None and (support.cue.negative or not point.negative):
        said = support.cue.tokens
    if not polarity.polarity_agrees(point=said, unit=unit.tokens, matched=support.matched):
        return True
    if (
        not point.negative
        and not (support.cue is not None and support.cue.negative)
        and not concepts.negative_words(t.surface for t in point.tokens if t.is_content)
        and polarity.denied_in(unit.tokens, support.matched)
    ):
        return True
    if concepts.opposite_conflict(point.stems, unit.sentence_stems - unit.sentence_negated):
        return True
    if _widened(point, unit):
        return True
    if support.cue is None and _other_numbers(point.stems, unit.stems):
        return True
    if concepts.direction_conflict(point.bindings, concepts.bindings(unit.tokens)):
        return True
    unit_sides = concepts.sides(unit.tokens)
    if support.cue is not None and concepts.relation_conflict(
        support.cue.sides, unit_sides, significant=point.significant
    ):
        return True
    return concepts.relation_conflict(point.sides, unit_sides, significant=point.significant)


_ONLY_RE = re.compile(r"\bonly\b")
_WHOLE_RE = re.compile(r"\b(?:full|whole|entire)\s+([a-z]+)")
"""Words that widen a noun to all of it, the opposite of a point restricting it ("only")."""


def _widened(point: CompiledPoint, unit: Unit) -> bool:
    """The point restricts ("on training data only") and the unit widens one of the point's
    nouns to all of it ("on the whole dataset"), not under a negation."""
    if not _ONLY_RE.search(point.point.text.lower()):
        return False
    sentence = normalize(unit.sentence)
    for match in _WHOLE_RE.finditer(sentence):
        found = tokens(sentence[: match.end()])
        if stem(match.group(1)) in point.stems and not found[-1].negated:
            return True
    return False


def _other_numbers(said: frozenset[str], unit: frozenset[str]) -> bool:
    """The point states numbers and the unit gives other numbers, none of the point's."""
    wanted = {s for s in said if s.isdigit()}
    given = {s for s in unit if s.isdigit()}
    return bool(wanted) and bool(given) and not wanted & given


def _states_misconception(point: CompiledPoint, unit: Unit) -> str | None:
    """The first misconception the unit states, judged conservatively: a statement (not a
    question) holding most of its words (novel ones included), all of its numbers and relation
    words, none of its words negated anywhere in the sentence unless the misconception negates
    them too, no opposite word, and each of its directions stated the same way."""
    if unit.is_question:
        return None
    unit_relations = {t.stem for t in unit.tokens if t.relation}
    for wrong in point.misconceptions:
        hits = wrong.stems & unit.stems
        if not hits & wrong.novel:
            continue
        if len(hits) < max(2, math.ceil(MISCONCEPTION_SHARE * len(wrong.stems))):
            continue
        if not wrong.numbers <= unit.stems or not wrong.relations <= unit_relations:
            continue
        negated_here = polarity.negated_stems(wrong.tokens)
        negated_there = (polarity.negated_stems(unit.tokens) & hits) | (
            unit.sentence_negated & wrong.stems
        )
        if negated_there - negated_here or (negated_here & hits) - negated_there:
            continue
        if concepts.opposite_conflict(wrong.stems, unit.sentence_stems):
            continue
        unit_bindings = concepts.bindings(unit.tokens)
        if any(unit_bindings.get(target) != signs for target, signs in wrong.bindings.items()):
            continue
        return wrong.text
    return None


def grade_point(point: CompiledPoint, answer_units: Sequence[Unit]) -> PointResult:
    """The verdict for one compiled point over the units of an answer."""
    best: tuple[int, Unit, _Support] | None = None
    contradiction: Unit | None = None
    misconception: tuple[str, Unit] | None = None
    for unit in answer_units:
        if unit.stems.isdisjoint(point.vocabulary) and not point.misconceptions:
            continue
        if point.misconceptions and misconception is None:
            line = _states_misconception(point, unit)
            if line is not None:
                misconception = (line, unit)
        support = _support(point, unit)
        if support is None:
            continue
        if concepts.about_sibling(unit.stems, point.anchors, point.siblings):
            continue
        if point.roles and concepts.roles_swapped(
            point.roles,
            concepts.owners(unit.tokens, point.names),
            support.matched,
            ignore=concepts.direction_stems(),
        ):
            continue
        if _contradicts(point, unit, support):
            if contradiction is None:
                contradiction = unit
            continue
        if best is None or support.strength > best[0]:
            best = (support.strength, unit, support)
    status: Status
    if misconception is not None:
        line, unit = misconception
        return _result(point, "contradicted", unit, None, set(), misconception=line)
    if best is not None:
        _, unit, support = best
        return _result(point, "covered", unit, support.phrase, set(support.matched))
    if contradiction is not None:
        status = "contradicted"
        return _result(point, status, contradiction, None, set())
    return _result(point, "missed", None, None, set())


def _result(
    point: CompiledPoint,
    status: Status,
    unit: Unit | None,
    phrase: str | None,
    matched: set[str],
    *,
    misconception: str = "",
) -> PointResult:
    surfaces: tuple[str, ...] = ()
    if unit is not None:
        wanted = matched or set(point.vocabulary)
        surfaces = tuple(
            dict.fromkeys(t.surface for t in unit.tokens if t.is_content and t.stem in wanted)
        )
    return PointResult(
        text=point.point.text,
        covered=status == "covered",
        matched_words=surfaces,
        matched_phrase=phrase,
        evidence=unit.sentence if unit is not None else "",
        status=status,
        misconception=misconception,
    )


def grade_answer(
    *,
    answer: str,
    key_points: Sequence[KeyPointInput],
    prompt: str = "",
    language: str = "en",
) -> CoverageResult:
    """Decide, for each key point, whether ``answer`` covers it (see the module docstring).

    ``prompt`` is the question's prompt and instruction: its words are not evidence.
    ``language`` is the answer's language ("en", "fr", "de", "es", "pt", "it"; see
    :mod:`.languages`): its stemmer, stop words and negation cues are used."""
    with use(language):
        compiled, vocabulary = compile_points(prompt=prompt, key_points=key_points)
        known = frozenset(vocabulary.values())
        answer_units = units(answer, known=known, variants=speller(vocabulary))
        return CoverageResult(points=tuple(grade_point(p, answer_units) for p in compiled))
