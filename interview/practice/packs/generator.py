"""A study pack generated from one text: modules, key concepts, flashcards and a quiz.

Specification (pure functions, no database, no network, deterministic: the same text gives the
same pack):

- Modules: the text split at its Markdown headings (a heading with no text under it joins the
  next one); a text with no headings is cut into parts of about MODULE_WORDS words at the
  paragraph where the vocabulary changes most, each titled by its most frequent phrase.
- Key concepts: the KEY_CONCEPTS best key phrases of the whole text (YAKE), without phrases
  contained in a better one.
- Definition cards, from sentences and list items of the forms "X is/are (a|an|the) Y",
  "X refers to / means / is defined as Y", "X: Y", "X - Y", and "**X** ... Y" (a bold term
  followed by a verb of definition). X is a short noun phrase (1-6 words, no pronoun or
  determiner alone). The front asks "What is X?", the back is the definition sentence.
- Cloze cards, from sentences of CLOZE_MIN_WORDS-CLOZE_MAX_WORDS words that start with a
  capital and contain a key concept of two words or more or a defined term: that term becomes
  the blank, the answer.
- Sentences that are mostly symbols (formulas read out of a PDF) make no card; a term ending in
  a number ("Lecture 2") is not a term, nor one starting with a stop word or a vague word
  ("Because the ...", "More models ..."); "X: ..." ending in a colon introduces a list.
- De-duplication: one definition card per term (the first), no cloze card on a sentence that
  already made a card, at most CLOZE_PER_MODULE cloze cards per module (one per CLOZE_WORDS
  words in a longer one).
- A module longer than three times MODULE_WORDS is cut like a text without headings.
- Quiz: a multiple-choice question per definition card whose term has at least two other
  terms: "Which term is described: Y?", the correct term and up to three distractors among
  the pack's other terms, closest first (shared word stems and character trigrams of term and
  definition), never a term containing or contained in the answer. The options are ordered by
  a hash of the question so the answer is not always first; the explanation is the source
  sentence.
- Every card and question keeps its source sentence and module index.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections import Counter
from dataclasses import dataclass, field

import snowballstemmer

MODULE_WORDS = 450
MODULE_MIN_WORDS = 150
KEY_CONCEPTS = 10
CLOZE_MIN_WORDS = 8
CLOZE_MAX_WORDS = 40
CLOZE_PER_MODULE = 4
CLOZE_WORDS = 150  # a longer module gets one more cloze card per this many words
DISTRACTORS = 3
MAX_TERM_WORDS = 6
# YAKE reads at most this much of the text (it is the slowest step; the start of a lecture
# holds its vocabulary).
KEYWORD_TEXT_LIMIT = 120_000

_stemmer = snowballstemmer.stemmer("english")

STOPWORDS = frozenset(
    """
    a an the and or but if then else of in on at to for from by with without as is are was
    were be been being it its this that these those there here which who whom whose what
    when where why how we you they he she i our your their his her them us me my not no nor
    so such can could may might must shall should will would do does did done has have had
    having into over under than too very also just only each every all any some most more
    many much other another same both either neither one two three first second new used use
    using via per about above below between after before during while until again further
    once out up down off own let lets e.g i.e etc
    """.split()  # noqa: SIM905
)
# Subjects that never name a term ("This is ...", "It is ...").
_NOT_TERMS = frozenset(
    """
    this that these those it its there here which what who whom whose they we you he she i
    one each every all some any such another other example examples result results answer
    reason problem idea goal point thing things way case cases following above below today
    note key main first second next last final why how when where because since though
    although whether intuitive important simple basic good bad better best worse worst
    """.split()  # noqa: SIM905
)
_DEFINING = re.compile(
    r"^(?P<term>[A-Za-z][\w\-\s()/'\u2019]{0,80}?)\s+"
    r"(?P<verb>is defined as|are defined as|refers to|refer to|is called|are called|means|"
    r"denotes|is|are)\s+"
    r"(?P<rest>(?:a|an|the|one|any|defined|used|called|known|measured|computed|given)\b.+)$",
    re.IGNORECASE,
)
_VERB_ONLY = re.compile(r"^(is defined as|refers to|means|denotes|is called)\b", re.IGNORECASE)
_COLON = re.compile(r"^(?P<term>[^:.!?]{2,60}?)\s*(?::|\s[-\u2013\u2014]\s)\s*(?P<rest>.{12,})$")
_BOLD = re.compile(r"\*\*([^*]{2,60})\*\*|__([^_]{2,60})__")
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+•]|\d+[.)])\s+(.*)$")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'(\[]?[A-Z0-9])")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9\-']*")
_ABBREVIATIONS = re.compile(r"\b(e\.g|i\.e|etc|vs|cf|Fig|Eq|Dr|Mr|Ms|al)\.$")


@dataclass
class Module:
    title: str
    body: str


@dataclass
class Card:
    """A flashcard: kind "definition" (front a question, back the definition) or "cloze"
    (front the sentence with a blank, back the missing term)."""

    kind: str
    front: str
    back: str
    term: str
    source: str
    module: int


@dataclass
class QuizQuestion:
    prompt: str
    options: list[str]
    answer: int
    explanation: str
    term: str
    module: int


@dataclass
class Pack:
    title: str
    modules: list[Module] = field(default_factory=list)
    concepts: list[str] = field(default_factory=list)
    cards: list[Card] = field(default_factory=list)
    questions: list[QuizQuestion] = field(default_factory=list)


@dataclass
class _Block:
    text: str
    is_item: bool


# --- text -----------------------------------------------------------------------------------


def plain(text: str) -> str:
    """Inline Markdown to plain text: emphasis, code ticks and link targets removed."""
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"(\*\*|__|\*|`)", "", text)
    text = re.sub(r"(?<!\w)_(\S[^_]*\S|\S)_(?!\w)", r"\1", text)
    return re.sub(r"\s+", " ", text).strip()


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def stems(text: str) -> set[str]:
    return {
        _stemmer.stemWord(word.lower())
        for word in words(text)
        if word.lower() not in STOPWORDS and len(word) > 2
    }


def trigrams(text: str) -> set[str]:
    folded = f"  {text.lower()} "
    return {folded[i : i + 3] for i in range(len(folded) - 2)}


def split_sentences(text: str) -> list[str]:
    """Sentences of a paragraph (a full stop after a common abbreviation does not end one)."""
    parts = _SENTENCE_END.split(text.strip())
    sentences: list[str] = []
    for part in parts:
        if sentences and _ABBREVIATIONS.search(sentences[-1]):
            sentences[-1] += " " + part
        else:
            sentences.append(part)
    return [s.strip() for s in sentences if s.strip()]


def _blocks(body: str) -> list[_Block]:
    """Paragraphs and list items of a module body; fenced code, tables and math are skipped."""
    blocks: list[_Block] = []
    paragraph: list[str] = []
    in_fence = False

    def flush() -> None:
        if paragraph:
            blocks.append(_Block(" ".join(paragraph), is_item=False))
            paragraph.clear()

    for raw in body.splitlines():
        line = raw.strip()
        if line.startswith(("```", "~~~")):
            flush()
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        if not line or line.startswith(("|", "$$", "<", ">")) or _HEADING.match(line):
            flush()
            continue
        item = _LIST_ITEM.match(raw)
        if item:
            flush()
            blocks.append(_Block(item.group(1).strip(), is_item=True))
        elif blocks and blocks[-1].is_item and raw[:1] in " \t" and not paragraph:
            blocks[-1].text += " " + line
        else:
            paragraph.append(line)
    flush()
    return blocks


# --- modules --------------------------------------------------------------------------------


def split_modules(text: str, *, title: str) -> list[Module]:
    sections: list[tuple[str, list[str]]] = []
    preamble: list[str] = []
    pending: list[str] = []
    in_fence = False
    for line in text.splitlines():
        if line.strip().startswith(("```", "~~~")):
            in_fence = not in_fence
        heading = None if in_fence else _HEADING.match(line.strip())
        if heading:
            if sections and not "".join(sections[-1][1]).strip():
                pending.append(sections.pop()[0])
            name = plain(heading.group(2))
            sections.append((" / ".join([*pending, name]) if pending else name, []))
            pending = []
        elif sections:
            sections[-1][1].append(line)
        else:
            preamble.append(line)
    if sections and not "".join(sections[-1][1]).strip():
        sections.pop()
    if not sections:
        return _split_by_size(text, title=title)
    modules = [Module(name[:200], "\n".join(body).strip()) for name, body in sections]
    intro = "\n".join(preamble).strip()
    if len(words(intro)) >= 25:
        modules.insert(0, Module(title[:200], intro))
    if not modules:
        return _split_by_size(text, title=title)
    merged: list[Module] = []
    for module in modules:
        if merged and len(words(merged[-1].body)) < 12:
            merged[-1] = Module(merged[-1].title, (merged[-1].body + "\n\n" + module.body).strip())
            continue
        merged.append(module)
    sized: list[Module] = []
    for module in merged:
        if len(words(module.body)) <= MODULE_WORDS * 3:
            sized.append(module)
            continue
        # A very long section is cut like a text without headings, each part keeping its title.
        parts = _split_by_size(module.body, title=module.title)
        for number, part in enumerate(parts, start=1):
            suffix = f" ({number})" if len(parts) > 1 else ""
            sized.append(Module(f"{module.title}{suffix}"[:200], part.body))
    return [m for m in sized if m.body] or _split_by_size(text, title=title)


def _split_by_size(text: str, *, title: str) -> list[Module]:
    """No headings: parts of about MODULE_WORDS words, cut between the two paragraphs (within
    the allowed window) that share the fewest word stems."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    if not paragraphs:
        return []
    counts = [len(words(p)) for p in paragraphs]
    stem_sets = [stems(p) for p in paragraphs]
    parts: list[list[int]] = []
    start = 0
    while start < len(paragraphs):
        total = 0
        end = start
        best, best_score = None, 2.0
        while end < len(paragraphs) and total < MODULE_WORDS * 1.5:
            total += counts[end]
            end += 1
            if total >= MODULE_MIN_WORDS and end < len(paragraphs):
                a, b = stem_sets[end - 1], stem_sets[end]
                overlap = len(a & b) / (len(a | b) or 1)
                score = overlap + (0.3 if total < MODULE_WORDS * 0.6 else 0.0)
                if score < best_score:
                    best, best_score = end, score
        cut = end if end >= len(paragraphs) or best is None else best
        if total < MODULE_WORDS * 1.5 and end >= len(paragraphs):
            cut = end
        parts.append(list(range(start, cut)))
        start = cut
    if len(parts) > 1 and sum(counts[i] for i in parts[-1]) < MODULE_MIN_WORDS / 2:
        parts[-2].extend(parts.pop())
    modules = []
    for number, part in enumerate(parts, start=1):
        body = "\n\n".join(paragraphs[i] for i in part)
        phrase = _frequent_phrase(body)
        name = f"Part {number}" + (f": {phrase}" if phrase else "")
        modules.append(Module(name if len(parts) > 1 or not phrase else phrase, body))
    if len(modules) == 1:
        modules[0].title = title[:200]
    return modules


def _frequent_phrase(text: str) -> str:
    tokens = [w.lower() for w in words(plain(text))]
    pairs = Counter(
        f"{a} {b}"
        for a, b in itertools.pairwise(tokens)
        if a not in STOPWORDS and b not in STOPWORDS and len(a) > 2 and len(b) > 2
    )
    if pairs:
        phrase, count = min(pairs.items(), key=lambda kv: (-kv[1], kv[0]))
        if count > 1:
            return phrase
    singles = Counter(t for t in tokens if t not in STOPWORDS and len(t) > 3)
    if not singles:
        return ""
    return min(singles.items(), key=lambda kv: (-kv[1], kv[0]))[0]


# --- key concepts ---------------------------------------------------------------------------


def key_concepts(text: str, *, count: int = KEY_CONCEPTS) -> list[str]:
    import yake  # imported here: loading it costs a second, only generation needs it

    lines = []
    in_fence = False
    for raw in text[:KEYWORD_TEXT_LIMIT].splitlines():
        if _fence(raw):
            in_fence = not in_fence
            continue
        line = plain(raw.strip().lstrip("#>|-*+ "))
        if line and not in_fence:
            # A heading or list item ends a sentence for the extractor too.
            lines.append(line if line[-1] in ".!?:;" else line + ".")
    source = "\n".join(lines)
    extractor = yake.KeywordExtractor(lan="en", n=3, top=count * 4, dedup_lim=0.9)
    chosen: list[str] = []
    for phrase, _score in extractor.extract_keywords(source):
        clean = phrase.strip(" .,:;()[]'\"-")
        tokens = clean.split()
        if not tokens or tokens[0].lower() in STOPWORDS or tokens[-1].lower() in STOPWORDS:
            continue
        if any(not _WORD.fullmatch(t) for t in tokens) or len(clean) < 3:
            continue
        folded = clean.lower()
        if any(folded in c.lower() for c in chosen):
            continue
        inside = [i for i, c in enumerate(chosen) if c.lower() in folded]
        if inside:
            # A longer phrase replaces the single words it holds, at the best one's place.
            chosen[inside[0]] = clean
            chosen = [c for i, c in enumerate(chosen) if i not in inside[1:]]
            continue
        chosen.append(clean)
    return chosen[:count]


def _fence(line: str) -> bool:
    return line.strip().startswith(("```", "~~~"))


# --- definitions ----------------------------------------------------------------------------


def _clean_term(term: str) -> str | None:
    term = plain(term).strip(" .,:;*_`\"'")
    term = re.sub(r"^(?:a|an|the)\s+", "", term, flags=re.IGNORECASE)
    tokens = term.split()
    if not 1 <= len(tokens) <= MAX_TERM_WORDS or len(term) > 60:
        return None
    first, last = tokens[0].lower(), tokens[-1].lower()
    if first in _NOT_TERMS or first in STOPWORDS or last in STOPWORDS:
        return None
    if not re.match(r"[A-Za-z]", term) or re.search(r"[.!?;=\d]", term):
        return None
    if sum(1 for t in tokens if t.lower() in STOPWORDS) > len(tokens) // 2:
        return None
    return term


def wordy(text: str) -> bool:
    """Mostly words: formulas, tables and symbols read out of a PDF make poor cards."""
    if not text:
        return False
    plain_chars = sum(1 for ch in text if ch.isalpha() or ch in " ,.;:'()-")
    return plain_chars / len(text) >= 0.9 and "=" not in text


def _definition(text: str, *, is_item: bool) -> tuple[str, str] | None:
    """(term, definition sentence) when the text defines a term."""
    if not wordy(plain(text)):
        return None
    bold = _BOLD.match(text.strip())
    flat = plain(text)
    if bold:
        term = _clean_term(bold.group(1) or bold.group(2))
        after = plain(text.strip()[bold.end() :]).lstrip(" :-\u2013\u2014,")
        if term and len(words(after)) >= 3:
            if _VERB_ONLY.match(after) or re.match(r"^(is|are)\s", after):
                return term, f"{term} {after}"
            if text.strip()[bold.end() :].lstrip().startswith((":", "-", "\u2013", "\u2014")):
                return term, f"{term}: {after}"
            if len(words(after)) >= 4 and after[:1].islower():
                return term, f"{term} {after}"
    match = _DEFINING.match(flat)
    if match:
        term = _clean_term(match.group("term"))
        if term and len(words(match.group("rest"))) >= 3:
            return term, flat
    if is_item or ":" in flat[:62]:
        colon = _COLON.match(flat)
        if colon:
            term = _clean_term(colon.group("term"))
            rest = colon.group("rest").strip()
            if rest.endswith(":") or rest.lower().startswith("http"):
                return None  # the start of a list, or a link: no definition here
            if term and len(words(rest)) >= 3:
                return term, f"{term}: {rest}"
    return None


def _front(term: str) -> str:
    return f"What is {term}?"


def _clean_back(sentence: str) -> str:
    sentence = sentence.strip()
    if sentence and sentence[-1] not in ".!?":
        sentence += "."
    return sentence[0].upper() + sentence[1:] if sentence else sentence


# --- cloze ----------------------------------------------------------------------------------


def _cloze(sentence: str, terms: list[str]) -> tuple[str, str] | None:
    """(sentence with the first matching term blanked, term), longest terms tried first."""
    count = len(words(sentence))
    if not CLOZE_MIN_WORDS <= count <= CLOZE_MAX_WORDS or sentence.endswith("?"):
        return None
    if not sentence[:1].isupper() or not wordy(sentence):
        return None
    for term in sorted(terms, key=lambda t: (-len(t), t.lower())):
        pattern = re.compile(rf"(?<![\w-]){re.escape(term)}(?![\w-])", re.IGNORECASE)
        found = pattern.search(sentence)
        if found:
            start, end = found.span()
            blanked = sentence[:start] + "_____" + sentence[end:]
            if len(words(blanked)) < 5:
                continue
            return blanked, sentence[start:end]
    return None


# --- similarity and the quiz ----------------------------------------------------------------


def similarity(a: tuple[str, str], b: tuple[str, str]) -> float:
    """How close two (term, definition) pairs are: word stems shared by their definitions and
    character trigrams shared by their terms (Jaccard), weighted 2:1."""
    sa, sb = stems(a[1]), stems(b[1])
    ta, tb = trigrams(a[0]), trigrams(b[0])
    stem_score = len(sa & sb) / (len(sa | sb) or 1)
    gram_score = len(ta & tb) / (len(ta | tb) or 1)
    return (2 * stem_score + gram_score) / 3


def _overlaps(a: str, b: str) -> bool:
    x, y = a.lower(), b.lower()
    return x in y or y in x or _stemmer.stemWord(x) == _stemmer.stemWord(y)


def _describe(term: str, definition: str) -> str:
    """The definition with the term hidden, for "which term is described"."""
    pattern = re.compile(rf"(?<![\w-]){re.escape(term)}(?![\w-])", re.IGNORECASE)
    return pattern.sub("_____", definition)


def build_quiz(cards: list[Card]) -> list[QuizQuestion]:
    definitions = [c for c in cards if c.kind == "definition"]
    pairs = [(c.term, c.back) for c in definitions]
    questions: list[QuizQuestion] = []
    for index, card in enumerate(definitions):
        others = [
            (similarity(pairs[index], pairs[j]), pairs[j][0])
            for j in range(len(pairs))
            if j != index and not _overlaps(pairs[j][0], card.term)
        ]
        others.sort(key=lambda st: (-st[0], st[1].lower()))
        distractors: list[str] = []
        for _score, term in others:
            if not any(_overlaps(term, d) for d in distractors):
                distractors.append(term)
            if len(distractors) == DISTRACTORS:
                break
        if len(distractors) < 2:
            continue
        options = [card.term, *distractors]
        digest = int(hashlib.sha256(card.term.encode()).hexdigest()[:8], 16)
        rotation = digest % len(options)
        options = options[rotation:] + options[:rotation]
        described = _describe(card.term, card.back)
        questions.append(
            QuizQuestion(
                prompt=f"Which term is described here?\n\n> {described}",
                options=options,
                answer=options.index(card.term),
                explanation=card.source,
                term=card.term,
                module=card.module,
            )
        )
    return questions


# --- the pack -------------------------------------------------------------------------------


def generate(text: str, *, title: str) -> Pack:
    """The draft pack of a Markdown (or plain) text."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    modules = split_modules(text, title=title)
    pack = Pack(title=title[:200], modules=modules, concepts=key_concepts(text))
    seen_terms: set[str] = set()
    used_sentences: set[str] = set()
    per_module: list[list[tuple[str, bool]]] = []
    for number, module in enumerate(modules):
        units: list[tuple[str, bool]] = []
        for block in _blocks(module.body):
            if block.is_item:
                units.append((block.text, True))
            else:
                units.extend((s, False) for s in split_sentences(block.text))
        per_module.append(units)
        for unit, is_item in units:
            found = _definition(unit, is_item=is_item)
            if not found:
                continue
            term, sentence = found
            key = term.lower()
            if key in seen_terms:
                continue
            seen_terms.add(key)
            used_sentences.add(plain(unit))
            pack.cards.append(
                Card(
                    kind="definition",
                    front=_front(term),
                    back=_clean_back(sentence),
                    term=term,
                    source=plain(unit),
                    module=number,
                )
            )
    # Blanks worth recalling: the key phrases of two words or more and the defined terms (a
    # single common word such as "classes" makes a guessing game, not a card).
    cloze_terms = list(
        dict.fromkeys(
            [
                *(c for c in pack.concepts if len(c.split()) > 1),
                *(c.term for c in pack.cards if len(c.term) > 3),
            ]
        )
    )
    for number, units in enumerate(per_module):
        made = 0
        limit = max(CLOZE_PER_MODULE, len(words(modules[number].body)) // CLOZE_WORDS)
        for unit, _is_item in units:
            if made == limit:
                break
            sentence = plain(unit)
            if sentence in used_sentences:
                continue
            found = _cloze(sentence, cloze_terms)
            if not found:
                continue
            blanked, answer = found
            used_sentences.add(sentence)
            made += 1
            pack.cards.append(
                Card(
                    kind="cloze",
                    front=blanked,
                    back=answer,
                    term=answer,
                    source=sentence,
                    module=number,
                )
            )
    pack.cards.sort(key=lambda c: (c.module, c.kind != "definition"))
    pack.questions = build_quiz(pack.cards)
    return pack
