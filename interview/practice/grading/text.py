"""Turning text into units of evidence: sentences and clauses of canonical, stemmed tokens.

Specification
-------------
* Everything here reads the active language (:mod:`.languages`; English by default).
* Text is NFKC-normalized and lowercased; in English contractions are spelled out ("doesn't"
  -> "does not", "can't" -> "can not"); the language's multiword expressions
  (:data:`.lexicon.PHRASES` in English, "au lieu de", "en vez de", ...) become one token;
  British spellings are folded to American ones.
* Words are runs of letters and digits. A hyphenated or underscored compound ("log-log",
  "early_stopping_rounds") gives its parts and also the joined compound ("loglog").
* A negation's scope ends where a joining word opens a new verb phrase ("without improvement
  and can restore ...": "and" before an auxiliary or a pronoun), not where it joins nouns
  ("without smoothing and out-of-fold fitting").
* Every word is mapped through the language's synonyms (:data:`.lexicon.SYNONYMS` in
  English), stemmed with the language's Snowball stemmer and stripped of accents; the result
  is the word's *stem*. Stop words are dropped; negation cues are kept, marked.
* An answer is cut into sentences (at ``.``, ``?``, ``!``, ``;``, a line break, or a list
  bullet) and each sentence into clauses (at ``,`` and ``:`` and before "but", "while",
  "whereas", "so", "because", "which"; "mais", "sondern", "pero", ... elsewhere). A
  :class:`Unit` is a sentence or one of its clauses; it keeps the sentence's text as evidence.
* Morphology. An answer word unknown to the key points that shares a root with one of their
  words, once a derivational suffix of the language is taken off either side ("sharper",
  "sharpen", "sharp"; "noisy", "noise"), is read as that word; at least
  :data:`ROOT_MIN_LENGTH` letters must remain.
* Each unit also keeps its text with every space removed ("squashed") for notation such as
  ``F(x) + x`` or ``sigma/sqrt(n)``, compared literally.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

import snowballstemmer

from interview.practice.grading.languages import Language, active, fold
from interview.practice.grading.lexicon import SPELLING_EXCEPTIONS

WORD_RE = re.compile(r"[^\W_]+(?:[-_'][^\W_]+)*")
_SENTENCE_RE = re.compile(r"(?<=[.?!;])\s+|\n+|(?<=\S)\s+(?=\(\d\)\s)|(?<=[.?!])$")
_CONTRACTION_RE = re.compile(r"\b(?:can't|cannot|won't)\b|n't\b")
_CONTRACTIONS = {"can't": "can not", "cannot": "can not", "won't": "will not", "n't": " not"}
_SPACE_RE = re.compile(r"\s+")
_LETTER_RE = re.compile(r"(?<![\w'-])([^\W\d_])(?![\w'-])")

_local = threading.local()


@lru_cache(maxsize=16)
def _clause_re(lang: Language) -> re.Pattern[str]:
    joined = "|".join(re.escape(w) for w in lang.clause_words)
    return re.compile(rf"[,:]\s+|\s+(?=(?:{joined})\s)")


@lru_cache(maxsize=16)
def _phrases(lang: Language) -> tuple[re.Pattern[str] | None, dict[str, str]]:
    if not lang.phrases:
        return None, {}
    ordered = sorted(lang.phrases, key=lambda x: -len(x[0]))
    return re.compile("|".join(re.escape(p) for p, _ in ordered)), dict(lang.phrases)


def _stemmer(name: str) -> Any:
    stemmers = getattr(_local, "stemmers", None)
    if stemmers is None:
        stemmers = _local.stemmers = {}
    stemmer = stemmers.get(name)
    if stemmer is None:
        stemmer = stemmers[name] = snowballstemmer.stemmer(name)
    return stemmer


def _americanize(word: str) -> str:
    if word in SPELLING_EXCEPTIONS or len(word) < 5:
        return word
    for british, american in (
        ("isation", "ization"),
        ("ising", "izing"),
        ("ised", "ized"),
        ("ises", "izes"),
        ("ise", "ize"),
        ("yse", "yze"),
        ("ysed", "yzed"),
        ("ours", "ors"),
        ("our", "or"),
        ("ourhood", "orhood"),
        ("ourhoods", "orhoods"),
    ):
        if word.endswith(british) and len(word) - len(british) >= 3:
            return word[: -len(british)] + american
    return word


@lru_cache(maxsize=16)
def _synonym_map(lang: Language) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for group in lang.synonyms:
        canonical = group[0]
        for word in group:
            mapping.setdefault(word, canonical)
    return mapping


def stem(word: str) -> str:
    """The canonical stem of one lowercased word, in the active language (accents folded)."""
    return _stem(active(), word)


@lru_cache(maxsize=65536)
def _stem(lang: Language, word: str) -> str:
    if word.isdigit():
        return word
    synonyms = _synonym_map(lang)
    word = synonyms.get(word, word)
    if lang.english:
        word = _americanize(word)
        word = synonyms.get(word, word)
    return fold(_stemmer(lang.stemmer).stemWord(word) or word)


def normalize(text: str) -> str:
    """Lowercase, spell out (English) contractions, rewrite the language's fixed phrases."""
    lang = active()
    text = unicodedata.normalize("NFKC", text or "").lower().replace("\u2019", "'")
    if lang.english:
        text = _CONTRACTION_RE.sub(lambda m: _CONTRACTIONS[m.group(0)], text)
    pattern, mapping = _phrases(lang)
    return text if pattern is None else pattern.sub(lambda m: mapping[m.group(0)], text)


def squash(text: str) -> str:
    """Lowercased text with every space removed, for literal notation matching."""
    return _SPACE_RE.sub("", unicodedata.normalize("NFKC", text or "").lower())


class Token(NamedTuple):
    """One content word (or negation cue) of a unit; ``negated`` when inside a negation scope."""

    surface: str
    stem: str
    negation: bool = False
    negated: bool = False
    relation: bool = False
    opens: bool = False
    """The first content word of its clause, or the first after a joining word ("and")."""
    denied: bool = False
    """Its clause holds a verbal negation ("not", "never") before or after it."""

    @property
    def is_content(self) -> bool:
        """A word that can be evidence (not a negation cue nor a relation word)."""
        return not (self.negation or self.relation)


def words(text: str) -> list[str]:
    """The words of already-normalized text, compounds followed by their parts."""
    out: list[str] = []
    for match in WORD_RE.finditer(text):
        word = match.group(0)
        if "-" in word or "_" in word or "'" in word:
            parts = [p for p in re.split(r"[-_']", word) if p]
            if "'" not in word:
                out.append("".join(parts))
            out.extend(parts)
        else:
            out.append(word)
    return out


NEGATION_SCOPE = 6
"""A negation cue reaches at most this many content words, and never past its clause."""


def clause_tokens(normalized: str) -> list[list[Token]]:
    """Content tokens and negation cues of normalized text, clause by clause, in order.

    A content token is ``negated`` when a negation cue precedes it in the same clause,
    at most :data:`NEGATION_SCOPE` content words before it; a cue that ends its clause
    ("... even if the data aren't") negates the two content words before it.
    """
    lang = active()
    clauses: list[list[Token]] = []
    for clause in _clause_re(lang).split(normalized):
        out: list[Token] = []
        remaining = 0
        dangling = False
        previous = ""
        clause_words = words(clause)
        not_cues = lang.not_cues(clause_words)
        opening = True
        segments = [0]
        for position, word in enumerate(clause_words):
            word_before, previous = previous, word
            if word in lang.join_words:
                opening = True
                following = clause_words[position + 1] if position + 1 < len(clause_words) else ""
                if following in lang.auxiliaries:
                    # "without improvement and can restore ...": a new verb phrase.
                    remaining = 0
            if (word in lang.join_words or word in lang.relative_words) and segments[-1] != len(
                out
            ):
                segments.append(len(out))
            if (
                lang.is_cue(word)
                and position not in not_cues
                and word_before not in lang.noun_cues.get(word, ())
            ):
                out.append(Token(word, word, True))
                remaining = NEGATION_SCOPE
                dangling = True
            elif lang.is_relation(word):
                folded = fold(word)
                out.append(Token(folded, folded, relation=True))
            elif lang.is_stop(word):
                continue
            else:
                out.append(Token(word, stem(word), negated=remaining > 0, opens=opening))
                opening = False
                remaining = max(0, remaining - 1)
                dangling = False
        for start, end in zip(segments, [*segments[1:], len(out)], strict=True):
            if any(t.negation and t.surface in lang.clause_denial for t in out[start:end]):
                out[start:end] = [
                    t._replace(denied=True) if t.is_content else t for t in out[start:end]
                ]
        if any(t.negation and t.surface in lang.clause_negation for t in out):
            out = [t._replace(negated=True) if t.is_content else t for t in out]
        elif dangling:
            reach = 2
            for i in range(len(out) - 1, -1, -1):
                token = out[i]
                if token.is_content and reach > 0:
                    out[i] = token._replace(negated=True)
                    reach -= 1
        clauses.append(out)
    return clauses


def tokens(normalized: str) -> list[Token]:
    """Content tokens and negation cues of normalized text, in order (see
    :func:`clause_tokens`)."""
    return [t for clause in clause_tokens(normalized) for t in clause]


def content_stems(text: str) -> tuple[str, ...]:
    """Distinct content stems of raw text, in order (negation cues left out)."""
    return tuple(dict.fromkeys(t.stem for t in tokens(normalize(text)) if t.is_content))


@dataclass(frozen=True)
class Unit:
    """A sentence or clause of the answer: the smallest stretch of text that is evidence."""

    sentence: str
    tokens: tuple[Token, ...]
    stems: frozenset[str]
    squashed: str
    is_clause: bool
    sentence_stems: frozenset[str]
    letters: frozenset[str]
    sentence_negated: frozenset[str] = frozenset()

    @property
    def is_question(self) -> bool:
        """The sentence asks rather than states."""
        return self.sentence.rstrip().endswith("?")


def split_sentences(text: str) -> list[str]:
    """Sentences of raw text (code lines and list items count as sentences)."""
    parts = _SENTENCE_RE.split(text or "")
    return [p.strip() for p in parts if p and p.strip()]


TYPO_MIN_LENGTH = 5
"""Words shorter than this are never corrected."""


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def speller(vocabulary: dict[str, str]) -> dict[str, str]:
    """Spelling variants at one edit (deletion, insertion, substitution, transposition)
    of the words of ``vocabulary`` (surface -> stem), as a map variant -> stem.

    Symmetric deletion: two words are one edit apart when they share a one-deletion form."""
    variants: dict[str, str] = {}
    for surface, word_stem in vocabulary.items():
        if len(surface) < TYPO_MIN_LENGTH or not surface.isalpha():
            continue
        variants.setdefault(surface, word_stem)
        for variant in _deletions(surface):
            variants.setdefault(variant, word_stem)
    return variants


ROOT_MIN_LENGTH = 4
"""A derivational suffix is taken off a stem only when this many letters remain."""


def _roots(word_stem: str, suffixes: tuple[str, ...]) -> list[str]:
    out = [word_stem]
    for suffix in suffixes:
        if word_stem.endswith(suffix) and len(word_stem) - len(suffix) >= ROOT_MIN_LENGTH:
            out.append(word_stem[: -len(suffix)])
    return out


def families(known: frozenset[str]) -> dict[str, str]:
    """Root -> known stem, for the active language's derivational suffixes: "sharper",
    "sharpen" and "sharp" share the root "sharp"; "noisi" (noisy) and "nois" share "nois"."""
    suffixes = active().derivations
    out: dict[str, str] = {}
    if not suffixes:
        return out
    for word_stem in sorted(known):
        for root in _roots(word_stem, suffixes):
            out.setdefault(root, word_stem)
    return out


def _corrector(known: frozenset[str], variants: dict[str, str]) -> Any:
    cache: dict[str, str | None] = {}
    roots = families(known)
    suffixes = active().derivations

    def correct(token: Token) -> Token:
        surface = token.surface
        if token.is_content and token.stem not in known and roots:
            for root in _roots(token.stem, suffixes):
                if root in roots:
                    return token._replace(stem=roots[root])
        if (
            token.stem in known
            or len(surface) < TYPO_MIN_LENGTH
            or not token.is_content
            or not surface.isalpha()
        ):
            return token
        if surface not in cache:
            repaired = variants.get(surface)
            if repaired is None:
                for variant in _deletions(surface):
                    repaired = variants.get(variant)
                    if repaired is not None:
                        break
            cache[surface] = repaired
        repaired = cache[surface]
        return token if repaired is None else token._replace(stem=repaired)

    return correct


def units(
    text: str, *, known: frozenset[str] = frozenset(), variants: dict[str, str] | None = None
) -> list[Unit]:
    """Every sentence of ``text`` and, for sentences of several clauses, each clause.

    With ``variants`` (see :func:`speller`), a word whose stem is not in ``known`` and that
    is one edit away from a vocabulary word is read as that word."""
    correct = _corrector(known, variants) if variants else None
    out: list[Unit] = []
    sentences = split_sentences(text)
    if not sentences:
        return out
    # One pass of each substitution over the whole answer; sentences hold no NUL character.
    joined = "\x00".join(s.replace("\x00", " ") for s in sentences)
    normalized_all = normalize(joined).split("\x00")
    squashed_all = squash(joined).split("\x00")
    for sentence, normalized, squashed in zip(sentences, normalized_all, squashed_all, strict=True):
        clauses = clause_tokens(normalized)
        if correct is not None:
            clauses = [[correct(t) for t in clause] for clause in clauses]
        clauses = [c for c in clauses if c]
        sentence_tokens = tuple(t for clause in clauses for t in clause)
        if not sentence_tokens:
            continue
        sentence_stems = frozenset(t.stem for t in sentence_tokens if t.is_content)
        sentence_negated = frozenset(t.stem for t in sentence_tokens if t.negated)
        # One-letter symbols ("q, k and v"), not the letter of a compound ("top-k", "x_i").
        letters = frozenset(
            t.surface for t in sentence_tokens if len(t.surface) == 1 and t.surface.isalpha()
        ) & frozenset(_LETTER_RE.findall(normalized))
        out.append(
            Unit(
                sentence=sentence,
                tokens=sentence_tokens,
                stems=sentence_stems,
                squashed=squashed,
                is_clause=False,
                sentence_stems=sentence_stems,
                letters=letters,
                sentence_negated=sentence_negated,
            )
        )
        if len(clauses) < 2:
            continue
        for clause in clauses:
            out.append(
                Unit(
                    sentence=sentence,
                    tokens=tuple(clause),
                    stems=frozenset(t.stem for t in clause if t.is_content),
                    squashed=squashed,
                    is_clause=True,
                    sentence_stems=sentence_stems,
                    letters=frozenset(t.surface for t in clause if t.surface in letters),
                    sentence_negated=sentence_negated,
                )
            )
    return out
