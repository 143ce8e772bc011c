"""A study pack generated from one text: modules, key concepts, flashcards and a quiz.

Specification (pure functions, no database, no network, deterministic: the same text gives the
same pack):

- Modules: the text split at its Markdown headings (a heading with no text under it joins the
  next one); a text with no headings is cut into parts of about MODULE_WORDS words at the
  paragraph where the vocabulary changes most, each titled by its most frequent phrase.
- Key concepts: the KEY_CONCEPTS best key phrases of the whole text (YAKE), without phrases
  contained in a better one.
- A card's sentence must stand alone (`standalone`): a complete statement ending in a full stop
  (not a colon before a formula or list), neither a question nor an imperative, not opening
  with an anaphor or discourse marker ("This", "That is", "The above", "As we saw", "We", "So"),
  with no pointer to a figure, slide or formula anywhere, no first person or speech filler, no
  fact that dates ("by default", "currently", a year), no code or formula debris (at most two
  short inline formulas) and not a run of table cells.
- Definition cards, from sentences and list items of the forms "X is/are a|an|the <category>
  ...", "X refers to / means / denotes / is defined as Y", "X: a|an|the Y" and "**X** is ..."
  or "**X** <verb>s a ..." (a bold term), and standalone sentences "A|An|The <description>
  is called / known as / referred to as X." (the description defines the named X). The
  words after the copula must name a category, not an evaluation ("one of the main tools",
  "a very good ..."). X is a short noun phrase (1-6 words; no pronoun, vague word, slide
  label such as "Aside" or "Left", ordinal such as "third step", verb or clause word) and a
  name the text uses: one of its VOCABULARY key-phrase candidates, words of a heading or key
  phrase, an emphasised phrase, an acronym or a phrase the text uses at least twice. The
  front asks "What is X?" ("What are X?" for a plural), the back is the definition sentence.
- More definition forms: "X measures / quantifies / represents / describes / captures ..."
  (a standalone sentence, not "X captures is ..."), "X, also called Y, is a ..." (the aside
  does not hide the term), "The goal / aim / purpose / task / problem of X is to ..." (asked
  "What is the goal of X?", "What is the X problem?") and glossary list items "X: Y" / "**X**:
  Y" / "X - Y" whose gloss is a lowercase phrase of four words or more with a linking word
  ("of", "that", "with" ...), not an instruction, pointer, verdict or contrast ("vs."). "X is
  a/an/the <category>" needs a qualifier or five words or more: a category alone ("AUC is a
  ranking metric") is not a definition. Sentences inside a figure caption make no card.
  "a/an/the **X** that/which <verb>s ..." (an emphasised term of two words or a name, a
  clause of four words or more, nothing vague, spoken or before a formula) gives "A X
  <clause>.".
- Name cards (not quizzed): "What does SGD stand for?" when the text writes "Long Name (LN)"
  or "LN (Long Name)" and the letters spell the long name's initials (hyphenated parts
  count; small words may be skipped), and "What is another name for X?" from "X (also called
  Y)" / "X, also known as Y," when X is a name the text uses (not an adverb).
- Cloze cards, from standalone sentences of CLOZE_MIN_WORDS-CLOZE_MAX_WORDS words that contain
  a defined term, a heading or emphasised phrase of two to four words, or a key phrase of two
  words or more (CLOZE_PHRASES candidates) that the text uses twice: that term becomes the
  blank. The sentence must be a self-contained fact (`cloze_fact`: no discourse-marker or
  scene-setting opener, no comparative or vague word such as "also", "instead", "more",
  "certain"). A blank is two words or more (or an acronym), is not followed by an article
  (it would have swallowed a verb: "_____ the variables ..."), is
  never a generic word ("data points", a library name), never part of a longer name ("Neural
  _____", "_____ descent") and never a term whose words stand elsewhere in the sentence; a term
  is the blank of at most CLOZE_PER_TERM cards. A sentence "<description> is called / known as
  X." makes a card with X blanked.
- Speaker notes (quoted lines, "> ...": a slide deck's transcript) are down-weighted: they give
  definitions under the same rules but at most NOTE_CLOZE_PER_MODULE cloze cards per module
  (none: spoken sentences make poor blanks).
- De-duplication: one definition card per term (the first), no cloze card on a sentence that
  already made a card, at most CLOZE_PER_MODULE cloze cards per module (one per CLOZE_WORDS
  words in a longer one).
- A module longer than three times MODULE_WORDS is cut like a text without headings.
- Quiz: a multiple-choice question per definition card whose stem (the definition, term
  hidden) holds none of the answer's words and at least MIN_STEM_WORDS content words, with at
  least two distractors: "Which term is described: Y?", the correct term and up to three other
  defined terms, closest first (shared word stems and character trigrams of term and
  definition), never a term containing or contained in the answer, nor one whose own
  definition also fits the stem (its words in the stem, or STEM_OVERLAP of shared content
  words). When the defined terms are too few, the answers of the pack's cloze cards fill the
  options (closest in spelling first; none whose words all stand in the stem). The options
  are ordered by a hash of the question so the answer is not always first; the explanation
  is the source sentence.
- Every card and question keeps its source sentence and module index.
"""

from __future__ import annotations

import functools
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
# Key-phrase candidates that may be defined terms (with heading words and emphasised phrases).
VOCABULARY = 80
CLOZE_PER_TERM = 2  # a term is the blank of at most this many cloze cards
CLOZE_PHRASES = 60  # key-phrase candidates of two words or more that may be a blank
NOTE_CLOZE_PER_MODULE = 0  # a speaker's notes (a transcript) give at most this many
DEFINITION_MAX_WORDS = 45
MIN_STEM_WORDS = 4  # a quiz stem with fewer content words does not identify its term
STEM_OVERLAP = 0.5  # a distractor whose definition shares this much with the stem fits it too
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
# Slide labels and discourse markers that a "X: ..." line or a caption puts where a term goes.
_LABELS = frozenset(
    """
    aside foreshadowing left right top bottom middle center centre note notes example examples
    summary recap recall hint tip tips warning caution remark proof definition theorem lemma
    corollary figure fig table exercise exercises question questions answer answers solution
    overview outline introduction conclusion conclusions motivation background update x-axis
    y-axis z-axis step steps part reading readings references reference slides slide lecture
    homework todo fixme idea ideas intuition goal goals caveat caveats bonus optional demo code
    output input returns parameters attributes pros cons advantages disadvantages takeaway
    takeaways source sources credit credits acknowledgements contents agenda
    """.split()  # noqa: SIM905
)
_ORDINALS = frozenset(
    [
        "first",
        "second",
        "third",
        "fourth",
        "fifth",
        "sixth",
        "last",
        "next",
        "final",
        "previous",
        "former",
        "latter",
    ]
)
# Stop words a noun-phrase term may hold inside it ("mean of squares", "bias and variance").
_TERM_INNER_WORDS = frozenset(
    ["of", "and", "for", "in", "on", "with", "to", "the", "a", "an", "per", "vs"]
)
# Words after "is a/an/the" that make an evaluation, not a category ("is a very good ...").
_NOT_CATEGORY = frozenset(
    """
    very pretty good great bad nice little lot bit safe popular common simple useful important
    main major key big small huge same better best worse worst few couple trivial fun tricky
    hard easy difficult interesting powerful standard natural reasonable typical quick slow
    fast nice cool neat lot lots whole first second third last next other one
    """.split()  # noqa: SIM905
)
# A blank made only of these words is a guessing game, not a fact worth recalling.
_GENERIC_BLANKS = frozenset(
    """
    data point points example examples sample samples model models method methods value values
    number numbers function functions parameter parameters feature features set sets class
    classes result results problem problems way ways case cases time algorithm algorithms
    approach training test left right x-axis y-axis axis scikit-learn sklearn numpy pandas
    python matplotlib pytorch tensorflow keras scipy library code thing things part parts
    """.split()  # noqa: SIM905
)
# A sentence that opens like this leans on what came before it (or is spoken filler).
_LEANING_OPENER = re.compile(
    r"^(?:this|that|these|those|it|its|it's|they|their|them|there|there's|here|here's|such|so|"
    r"and|but|or|then|thus|hence|therefore|also|similarly|likewise|instead|otherwise|now|"
    r"finally|first|firstly|second|secondly|third|next|last|lastly|again|one|another|both|"
    r"either|neither|other|others|alright|okay|ok|well|yes|no|yeah|anyway|as we|as you|"
    r"as shown|as seen|as before|as above|as mentioned|as discussed|in this|in that|"
    r"in these|in the previous|in the next|in the following|in other words|that is|i\.e|"
    r"e\.g|for example|for instance|the above|the following|the former|the latter|the same|"
    r"the other|the second|the third|the last|the next|on the other hand|in summary|"
    r"to summarize|in short|in general|of course|however|moreover|furthermore|nevertheless|"
    r"nonetheless|still|yet|besides|we|you|i)\b",
    re.IGNORECASE,
)
# Imperatives: an instruction to the reader, not a statement to remember.
_IMPERATIVE = re.compile(
    r"^(?!(?:note|notice|observe) that\b)"  # "Note that <a statement>" states it
    r"(?:\w+ly\s+)?"  # "Randomly assign ..."
    r"(?:use|try|consider|note|notice|recall|remember|see|look|imagine|suppose|assume|let|"
    r"lets|let's|take|think|make|keep|go|check|compare|observe|read|install|run|do|don't|"
    r"click|pick|choose|compute|plot|define|write|call|import|load|print|set|fit|calculate|"
    r"apply|assign|find|repeat|initialize|initialise|update|evaluate|start|stop|return|train|"
    r"select|sort|add|remove|get|give|show|solve|derive|prove|estimate|measure|report)\b",
    re.IGNORECASE,
)
# Anywhere in a sentence: a pointer to a figure, formula, slide or other part of the text.
_CONTEXT_POINTER = re.compile(
    r"\((?:left|right|top|bottom|middle)\b|\b(?:this|these|those|above|below|previous|"
    r"previously|following|earlier|aforementioned|here|left hand|right hand|the left|the right|"
    r"(?:the|this|that|our) (?:figure|slide|plot|picture|diagram|formula|equation|graph)|"
    r"(?:figure|fig|eq|equation|slide|table|section|chapter) \d|shown in|illustrated|"
    r"next (?:section|lecture|chapter|class|week|time|part))\b",
    re.IGNORECASE,
)
# First person, the lecturer's plans and speech fillers: a transcript, not a statement.
_SPOKEN = re.compile(
    r"\b(?:I|I'm|I'll|I've|I'd|me|my|mine|let's|lets|we're|we'll|we've|we'd|us|our|ours|"
    r"gonna|wanna|basically|actually|sort of|kind of|"
    r"a little bit|a bit|you know|I mean|"
    r"alright|okay|pretty much|stuff|anyway|going to|(?:with|just|something|is|it's) like|"
    r"(?:we|you) (?:will|can see|saw|have seen|introduced|discussed|defined|need|want|just|"
    r"now|then|might|should|could|would))\b",
    re.IGNORECASE,
)
# Facts that age: defaults, "currently", years.
_DATED = re.compile(
    r"\b(?:currently|nowadays|these days|today|at the moment|at present|recently|right now|"
    r"latest|newest|by default|the default|as of|version \d|(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
_CODE_DEBRIS = re.compile(r"\w_\w|_\w|\w\(\)|[{}<>=#@|]|\.\w+\(")
_INLINE_MATH = re.compile(r"\\{1,2}\((.+?)\\{1,2}\)|\$([^$]+)\$")
_FUNCTION_WORDS = frozenset(
    [
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "has",
        "have",
        "had",
        "can",
        "will",
        "may",
        "must",
        "should",
        "would",
        "could",
        "does",
        "do",
        "the",
        "a",
        "an",
        "of",
        "to",
        "in",
        "for",
        "that",
        "which",
        "with",
        "by",
        "as",
        "on",
    ]
)
_DEFINING = re.compile(
    r"^(?P<term>[A-Za-z][\w\-\s()/'\u2019]{0,80}?)\s+"
    r"(?P<verb>is defined as|are defined as|refers to|refer to|means|denotes|is|are)\s+"
    r"(?P<rest>.+)$",
    re.IGNORECASE,
)
_VERB_ONLY = re.compile(r"^(is defined as|refers to|means|denotes)\b", re.IGNORECASE)
_CATEGORY = re.compile(r"^(?:a|an|the)\s+(?P<word>[A-Za-z][\w-]*)", re.IGNORECASE)
_COLON = re.compile(r"^(?P<term>[^:.!?]{2,60}?)\s*(?::|\s[-\u2013\u2014]\s)\s*(?P<rest>.{12,})$")
_BOLD = re.compile(r"\*\*([^*]{2,60})\*\*|__([^_]{2,60})__")
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+•]|\d+[.)])\s+(.*)$")
# A sentence ends before a capital, a quote or bracket, or an emphasised run-in heading
# ("... the loss. **Foreshadowing:** Once ...", as lines of a PDF page join).
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=(?:\*\*|__|\*|_)?[\"'(\[]?[A-Z0-9])")
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
    is_note: bool = False  # quoted text: a speaker's notes or an aside, read as a transcript


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


def stems(text: str) -> frozenset[str]:
    """The stems of the content words of a text (stop words and short words left out)."""
    return frozenset(
        _stem(folded)
        for folded in (word.lower() for word in words(text) if len(word) > 2)
        if folded not in STOPWORDS
    )


@functools.lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    # The stemmer is the generator's hot spot: the same words come back again and again.
    return _stemmer.stemWord(word)


def trigrams(text: str) -> set[str]:
    folded = f"  {text.lower()} "
    return {folded[i : i + 3] for i in range(len(folded) - 2)}


def split_sentences(text: str) -> list[str]:
    """Sentences of a paragraph (a full stop after a common abbreviation does not end one)."""
    # A bold run-in heading ("**Mini-batch descent.** In large ...") ends a sentence too.
    text = re.sub(r"([.!?])(\*\*|__)(?=\s)", r"\2\1", text.strip())
    parts = _SENTENCE_END.split(text)
    sentences: list[str] = []
    for part in parts:
        if sentences and _ABBREVIATIONS.search(sentences[-1]):
            sentences[-1] += " " + part
        else:
            sentences.append(part)
    return [s.strip() for s in sentences if s.strip()]


_CAPTION_OPEN = re.compile(r"<figcaption\b|<div\b[^>]*class=[\"'][^\"']*caption", re.IGNORECASE)


def _blocks(body: str) -> list[_Block]:
    """Paragraphs and list items of a module body; fenced code, tables and math are skipped,
    quoted lines ("> ...", a speaker's notes) are paragraphs marked as notes."""
    blocks: list[_Block] = []
    paragraph: list[str] = []
    quoted: list[str] = []
    in_fence = False

    def flush() -> None:
        if paragraph:
            blocks.append(_Block(" ".join(paragraph), is_item=False))
            paragraph.clear()
        if quoted:
            blocks.append(_Block(" ".join(quoted), is_item=False, is_note=True))
            quoted.clear()

    in_caption = False
    for raw in body.splitlines():
        line = raw.strip()
        if _CAPTION_OPEN.search(line):
            flush()
            in_caption = not re.search(r"</(?:div|figcaption)>", line, re.IGNORECASE)
            continue
        if in_caption:
            # A figure's caption describes the figure: its sentences make no cards.
            in_caption = not re.search(r"</(?:div|figcaption)>", line, re.IGNORECASE)
            continue
        if line.startswith(("```", "~~~")):
            flush()
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        if line.startswith(">"):
            if paragraph:
                flush()
            text = line.lstrip("> ").strip()
            if text:
                quoted.append(text)
            elif quoted:
                flush()
            continue
        if quoted:
            flush()
        if not line or line.startswith(("|", "$$", "<")) or _HEADING.match(line):
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


def standalone(sentence: str) -> bool:
    """A sentence that can stand on a card by itself: a complete statement (ends with a full
    stop, not a colon before a formula or list), neither a question nor an instruction, that
    does not lean on what came before ("This ...", "the above", "as we saw"), is not spoken
    filler or the lecturer's first person, states no fact that dates (defaults, "currently",
    years), holds no code or formula debris and is not a run of table cells."""
    sentence = sentence.strip()
    if not sentence or sentence[-1] not in ".!" or sentence.endswith((":.", "...")):
        return False
    if "?" in sentence or not sentence[:1].isupper():
        return False
    if _LEANING_OPENER.match(sentence) or _IMPERATIVE.match(sentence):
        return False
    label = re.match(r"^[^:]{1,60}:\s+(.*)$", sentence)
    if label and len(words(label.group(1))) < 4:
        return False  # "Miscue detection: High precision." is a slide line, not a statement
    if _CONTEXT_POINTER.search(sentence) or _SPOKEN.search(sentence):
        return False
    # Inline math is allowed (cards render it), at most two short formulas; the words around
    # them must read as a sentence.
    maths = [m.group(0) for m in _INLINE_MATH.finditer(sentence)]
    if len(maths) > 2 or any(len(m) > 40 for m in maths):
        return False
    prose = _INLINE_MATH.sub("x", sentence)
    if _DATED.search(prose) or _CODE_DEBRIS.search(prose) or not wordy(prose):
        return False
    tokens = words(prose)
    if not tokens:
        return False
    capitals = sum(1 for t in tokens if t[:1].isupper())
    function = sum(1 for t in tokens if t.lower() in _FUNCTION_WORDS)
    return capitals / len(tokens) <= 0.4 and function >= 2


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
    return _key_phrases(text, count=count)[0]


def _key_phrases(text: str, *, count: int = KEY_CONCEPTS) -> tuple[list[str], list[str]]:
    """(the count best key phrases without phrases contained in a better one, the longer list
    of VOCABULARY candidate phrases the extractor found, best first)."""
    import yake  # imported here: loading it costs a second, only generation needs it

    lines = []
    in_fence = False
    raw_lines = text[:KEYWORD_TEXT_LIMIT].splitlines()
    people = _person_words(raw_lines, text)
    for raw in raw_lines:
        if _fence(raw):
            in_fence = not in_fence
            continue
        if in_fence or _BYLINE.search(raw):
            continue  # code, and author, copyright and licence lines, name no concept
        line = plain(_CONCEPT_NOISE.sub(" ", raw.strip().lstrip("#>|-*+ ")))
        if line:
            # A heading or list item ends a sentence for the extractor too.
            lines.append(line if line[-1] in ".!?:;" else line + ".")
    source = "\n".join(lines)
    extractor = yake.KeywordExtractor(lan="en", n=3, top=max(count * 4, VOCABULARY), dedup_lim=0.9)
    candidates: list[str] = []
    for phrase, _score in extractor.extract_keywords(source):
        clean = phrase.strip(" .,:;()[]'\"-")
        tokens = clean.split()
        if not tokens or tokens[0].lower() in STOPWORDS or tokens[-1].lower() in STOPWORDS:
            continue
        if any(not _WORD.fullmatch(t) for t in tokens) or len(clean) < 3:
            continue
        if any(t.lower() in _NOT_CONCEPTS or t.lower() in people for t in tokens):
            continue  # a LaTeX or markup word, a person's name
        if tokens[0].lower() in _FILLERS or (len(tokens) == 1 and tokens[-1].lower() in _FILLERS):
            continue  # a filler alone or opening a phrase ("called distribution shift")
        candidates.append(clean)
    chosen: list[str] = []
    for clean in candidates[: count * 4]:
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
    return chosen[:count], candidates


# Math spans, LaTeX commands, HTML tags and URLs: none of their words is a concept.
_CONCEPT_NOISE = re.compile(
    r"\$\$.*?\$\$|\$[^$]*\$|\\{1,2}\(.*?\\{1,2}\)|\\{1,2}\[.*?\\{1,2}\]"
    r"|\\[A-Za-z]+\*?(?:\{[^{}]*\})?|</?[A-Za-z][^>]*>|https?://\S+|\{\{.*?\}\}"
)
# An author, copyright or licence line (not a sentence that merely mentions a licence).
_BYLINE = re.compile(
    r"\u00a9|\(c\)\s*\d{4}|\bcopyright\b|\bCC[- ]BY\b|\bBY-(?:SA|NC|ND)\b|all rights reserved"
    r"|^\W*(?:authors?|by|written by|lecturer|instructor|contact)\s*:",
    re.IGNORECASE,
)
# Words that name no concept: LaTeX commands and environments written without their
# backslash, markup words, and fillers a keyword extractor picks up from speech.
_NOT_CONCEPTS = frozenset(
    re.findall(
        r"\S+",
        """frac dfrac tfrac sqrt sum prod int lim langle rangle left right mathbf mathrm mathcal
        mathbb boldsymbol operatorname newcommand renewcommand begin end aligned align equation
        cdot cdots ldots dots vdots times hat bar tilde vec text textbf textit emph label ref eq
        argmin argmax quad qquad displaystyle nabla partial infty leq geq neq approx mid top
        div span img src href http https www png jpg svg html css nbsp br px em width height
        class style figcaption""",
    )
)
# Fillers: not a concept alone ("basically", "case"), though they may stand in a phrase
# ("random forest", "base case").
_FILLERS = frozenset(
    re.findall(
        r"\S+",
        """basically actually really just simply directly okay ok yeah like kind sort thing
        things stuff called lot lots way ways start form true false get got let say case cases
        example examples demo note notes min max equal change random different same""",
    )
)


def _person_words(lines: list[str], text: str) -> set[str]:
    """The words of the names of people: a line that is nothing but two to four capitalised
    words none of which the text ever writes in lowercase ("Ada Lovelace" alone on a title
    slide) or the capitalised words of an author or copyright line."""
    lowercase = {w for w in _WORD.findall(text) if w.islower()}
    found: set[str] = set()
    for raw in lines:
        line = plain(raw.strip().lstrip("#>|-*+ ")).strip(" .,")
        tokens = line.split()
        if _BYLINE.search(raw):
            found.update(
                t.lower()
                for t in _WORD.findall(line)
                if t[0].isupper() and t.lower() not in lowercase
            )
        elif 2 <= len(tokens) <= 4 and all(
            _WORD.fullmatch(t) and t[0].isupper() and t[1:].islower() and t.lower() not in lowercase
            for t in tokens
        ):
            found.update(t.lower() for t in tokens)
    return found


def _fence(line: str) -> bool:
    return line.strip().startswith(("```", "~~~"))


# --- definitions ----------------------------------------------------------------------------


def _clean_term(term: str) -> str | None:
    """The term as a short noun phrase, or None: no pronoun, vague word, slide label,
    discourse marker, ordinal ("third step"), verb or clause ("approach will have ...")."""
    term = plain(term).strip(" .,:;*_`\"'")
    term = re.sub(r"^(?:a|an|the)\s+", "", term, flags=re.IGNORECASE)
    tokens = term.split()
    if not 1 <= len(tokens) <= MAX_TERM_WORDS or len(term) > 60:
        return None
    first, last = tokens[0].lower(), tokens[-1].lower()
    if first in _NOT_TERMS or first in STOPWORDS or last in STOPWORDS:
        return None
    if first in _ORDINALS or term.lower() in _LABELS or last in _LABELS - {"code", "input"}:
        return None
    if not re.match(r"[A-Za-z]", term) or re.search(r"[.!?;=\d]", term):
        return None
    if any(t.lower() in STOPWORDS and t.lower() not in _TERM_INNER_WORDS for t in tokens):
        return None  # a verb or clause word inside: a fragment, not a name
    if len(tokens) > 1 and first.endswith("ing") and tokens[1].lower() in _NOT_PHRASE_NEXT:
        return None  # "Skipping ahead ...": an action, not a name
    return term


_NOT_PHRASE_NEXT = frozenset(
    ["ahead", "back", "away", "over", "up", "down", "out", "off", "on", "to", "a", "an", "the"]
)


def _known(term: str, vocabulary: set[str]) -> bool:
    """The term is a key phrase of the text, a heading's words, an emphasised phrase or an
    acronym: a name the text uses, not words that happened to stand before "is"."""
    folded = term.lower()
    if folded in vocabulary or re.fullmatch(r"[A-Z][A-Za-z]?[A-Z]{1,5}s?", term):
        return True
    pattern = re.compile(rf"(?<![\w-]){re.escape(folded)}(?![\w-])")
    return any(len(v) > len(folded) and pattern.search(v) for v in vocabulary)


def _reused(term: str, text: str) -> bool:
    """The text names the term at least twice: a name it uses, not a one-off phrase."""
    pattern = re.compile(rf"(?<![\w-]){re.escape(term)}(?![\w-])", re.IGNORECASE)
    return len(pattern.findall(text)) >= 2


def _vocabulary(text: str, modules: list[Module], candidates: list[str]) -> set[str]:
    names = {c.lower() for c in candidates}
    names.update(plain(m.title).lower() for m in modules)
    for match in re.finditer(
        r"\*\*([^*\n]{2,60})\*\*|__([^_\n]{2,60})__|(?<![*\w])\*([^*\n]{2,60})\*(?![*\w])", text
    ):
        names.add(plain(next(g for g in match.groups() if g)).lower())
    return {n.strip(" .,:;") for n in names if n.strip()}


def wordy(text: str) -> bool:
    """Mostly words: formulas, tables and symbols read out of a PDF make poor cards."""
    if not text:
        return False
    plain_chars = sum(1 for ch in text if ch.isalpha() or ch in " ,.;:'()-")
    return plain_chars / len(text) >= 0.9 and "=" not in text


def _category(rest: str) -> bool:
    """The words after the copula name a category: "a/an/the <noun> ...", not "one of ...",
    "a very good ..." or "used to ...", and they go on for at least three words."""
    found = _CATEGORY.match(rest)
    if not found or len(words(rest)) < 3:
        return False
    word = found.group("word").lower()
    if word in _NOT_CATEGORY or word in STOPWORDS or word in _ORDINALS:
        return False
    # A category alone ("AUC is a ranking metric.") says what kind of thing X is, not what
    # it is: a definition goes on to say which one (a qualifier, or several more words).
    return len(words(rest)) >= 5 or bool(_QUALIFIER.search(rest[found.end() :]))


_QUALIFIER = re.compile(
    r"\b(?:that|which|who|whose|where|of|for|in|on|with|by|from|to|over|between|used|"
    r"given|based|when)\b",
    re.IGNORECASE,
)


# "The goal / aim / purpose / task / problem of X is to ...".
_PURPOSE = re.compile(
    r"^The\s+(?P<noun>goal|aim|purpose|task|objective|problem)\s+of\s+"
    r"(?P<term>[*_]{0,2}[A-Za-z][\w\s-]{1,50}?[*_]{0,2})\s+is\s+to\s+\w+"
)
_APPOSITIVE = re.compile(
    r",\s*(?:also called|also known as|or)\s+(?:(?:a|an|the)\s+)?[^,;:()]{2,40},\s*",
    re.IGNORECASE,
)
# "X measures / quantifies / represents / describes / captures / denotes ...".
_ACTING = re.compile(
    r"^(?P<term>(?:(?:The|A|An)\s+)?[A-Za-z][\w\-\s()/'\u2019]{0,60}?)\s+"
    r"(?P<verb>measures|quantifies|represents|describes|captures)\s+(?P<rest>.+)$"
)
# The gloss of a glossary item opens with these: an instruction, a pointer or a verdict.
_NOT_GLOSS = frozenset(
    """
    see use try yes no none todo tbd high low good bad easy hard always never only not this
    that these those it they we you he she i
    """.split()  # noqa: SIM905
)


_GLOSS_LINKS = frozenset(
    "of with by for in on to that which from between over as into whose where when".split()  # noqa: SIM905
)


def _gloss(rest: str) -> bool:
    """The part after "X:" in a glossary list item explains X: a phrase of at least four
    words opening with a lowercase word (not an instruction, pointer or verdict: "see ...",
    "High precision"), mostly words, no question."""
    tokens = words(rest)
    if len(tokens) < 4 or "?" in rest or not rest[:1].islower():
        return False
    if not any(t.lower() in _GLOSS_LINKS for t in tokens) or re.search(r"\bvs\b", rest):
        return False  # "spam vs. not spam": a contrast or a list of words, not a gloss
    return (
        tokens[0].lower() not in _NOT_GLOSS
        and not _IMPERATIVE.match(rest)
        and not _LEANING_OPENER.match(rest)
        and wordy(rest)
    )


def _definition(text: str, *, is_item: bool) -> tuple[str, str, bool] | None:
    """(term, definition sentence, plural) when the text defines a term."""
    flat = plain(text)
    if not wordy(flat) or flat.rstrip().endswith(":") or "?" in flat:
        return None
    if len(words(flat)) > DEFINITION_MAX_WORDS or _CONTEXT_POINTER.search(flat):
        return None
    if (
        _SPOKEN.search(flat)
        or _DATED.search(flat)
        or _CODE_DEBRIS.search(_INLINE_MATH.sub("x", flat))
    ):
        return None
    bold = _BOLD.match(text.strip())
    if bold:
        term = _clean_term(bold.group(1) or bold.group(2))
        after = plain(text.strip()[bold.end() :]).lstrip(" :-\u2013\u2014,")
        if term and len(words(after)) >= 3:
            verb = re.match(r"^(is|are)\s+(.*)$", after)
            if _VERB_ONLY.match(after) or (verb and _category(verb.group(2))):
                return term, f"{term} {after}", bool(verb and verb.group(1) == "are")
            if text.strip()[bold.end() :].lstrip().startswith((":", "-", "\u2013", "\u2014")):
                if _category(after) or (is_item and _gloss(after)):
                    return term, f"{term}: {after}", _plural(term)
            elif re.match(r"^[a-z]+s\s+(?:a|an|the)\s", after) and len(words(after)) >= 5:
                # "**Ridge regression** adds a penalty ...": the bold term does something.
                return term, f"{term} {after}", False
    purpose = _PURPOSE.match(flat)
    if purpose and standalone(flat):
        # "The goal of regression is to discover ...": what the term is for.
        term = _clean_term(purpose.group("term"))
        if term and term == plain(purpose.group("term")).strip(" *_") and len(words(flat)) >= 8:
            return term, flat, False
    # "X, also called Y, is a ...": the aside names X again; X is the term.
    core = _APPOSITIVE.sub(" ", flat, count=1)
    acting = _ACTING.match(core)
    if acting and standalone(flat):
        # "The loss function measures how well ...": what the term does is what it is.
        term = _clean_term(acting.group("term"))
        rest_words = words(acting.group("rest"))
        if (
            term
            and len(rest_words) >= 4
            and rest_words[0].lower() not in _FUNCTION_WORDS  # "MAPE captures is ...": garbled
            and not _LEANING_OPENER.match(flat)
        ):
            return term, flat, False
    defining = _DEFINING.match(core)
    if defining:
        term = _clean_term(defining.group("term"))
        copula = defining.group("verb").lower()
        rest = defining.group("rest")
        if term and (copula not in {"is", "are"} or _category(rest)) and len(words(rest)) >= 3:
            return term, flat, copula.startswith("are")
    named = _NAMED_DEFINITION.match(flat)
    if named and standalone(flat):
        # "The process of ... is known as lifting.": the description defines the named term.
        term = _clean_term(named.group("term"))
        if (
            term
            and term == plain(named.group("term")).strip(" .,:;*_`\"'")
            and not stems(term) & stems(named.group("head"))
            and not all(w.lower() in _GENERIC_BLANKS for w in words(term))
        ):
            return term, flat, named.group("verb") == "are"
    if is_item or ":" in flat[:62]:
        colon = _COLON.match(flat)
        if colon:
            term = _clean_term(colon.group("term"))
            rest = colon.group("rest").strip()
            if rest.endswith(":") or rest.lower().startswith("http"):
                return None  # the start of a list, or a link: no definition here
            if term and _category(rest):
                return term, f"{term}: {rest}", _plural(term)
            dashed = re.match(r"^[^:]{2,60}?\s[\u2013\u2014]\s", flat)
            if term and is_item and (dashed or ":" in flat) and _gloss(rest):
                # A glossary list: "- Recall: the share of actual positives found."
                return term, f"{term}: {rest}", _plural(term)
    return None


# "<A description> is called / known as / referred to as <term>.": a noun phrase (opening
# with an article) described first, then named.
_NAMED_DEFINITION = re.compile(
    r"^(?P<head>(?:A|An|The)\s.{12,}?)\s(?P<verb>is|are)\s(?:often\s|commonly\s|also\s|usually\s)?"
    r"(?:called|known as|referred to as|named|termed)\s+(?:(?:a|an|the)\s+)?"
    r"(?P<term>[^,;:()]{2,60}?)\s*(?:\([^)]*\))?\.$"
)


def _plural(term: str) -> bool:
    last = term.split()[-1]
    return last.islower() and last.endswith("s") and not last.endswith(("ss", "us", "is"))


def _purpose_front(noun: str, term: str) -> str:
    if noun.lower() == "problem":
        return f"What is the {term} problem?"
    return f"What is the {noun.lower()} of {term}?"


def _front(term: str, *, plural: bool = False) -> str:
    return f"What are {term}?" if plural else f"What is {term}?"


def _clean_back(sentence: str) -> str:
    sentence = sentence.strip()
    if sentence and sentence[-1] not in ".!?":
        sentence += "."
    return sentence[0].upper() + sentence[1:] if sentence else sentence


# --- cloze ----------------------------------------------------------------------------------


_NAMED = re.compile(
    r"^(?P<head>.{10,}?\s(?:is|are)\s(?:called|known as|referred to as|named)\s+)"
    r"(?P<the>(?:a|an|the)\s+)?(?P<term>[^,;:()]{2,60}?)(?P<tail>\s*\([^)]*\))?\.$"
)


def _named(sentence: str) -> tuple[str, str] | None:
    """ "<a description> is called/known as <term>." : the named term is the blank."""
    found = _NAMED.match(sentence)
    if not found or not CLOZE_MIN_WORDS <= len(words(sentence)) <= CLOZE_MAX_WORDS:
        return None
    term = _clean_term(found.group("term"))
    if not term or term != plain(found.group("term")).strip(" .,:;*_`\"'"):
        return None
    if all(w.lower() in _GENERIC_BLANKS for w in words(term)):
        return None
    if stems(term) & stems(found.group("head")):
        return None
    blanked = found.group("head") + (found.group("the") or "") + "_____"
    return blanked + (found.group("tail") or "") + ".", term


def _cloze(
    sentence: str,
    terms: list[str],
    *,
    names: list[str] | None = None,
    preferred: list[str] | None = None,
) -> tuple[str, str] | None:
    """(sentence with the first fitting term blanked, term): the preferred terms (defined
    terms, headings, emphasised phrases) first, then the others, longest first in each. A
    blank is never a generic word, never part of a longer name ("Neural _____", "_____
    Descent") and never a term whose words also stand elsewhere in the sentence (the rest
    would give it away)."""
    count = len(words(sentence))
    if not CLOZE_MIN_WORDS <= count <= CLOZE_MAX_WORDS or not standalone(sentence):
        return None
    if not cloze_fact(sentence):
        return None
    first = {t.lower() for t in preferred or ()}
    for term in sorted(terms, key=lambda t: (t.lower() not in first, -len(t), t.lower())):
        if all(w.lower() in _GENERIC_BLANKS for w in words(term)):
            continue
        if len(term.split()) < 2 and not re.fullmatch(r"[A-Z]{2,6}s?", term):
            continue  # a single common word is a guessing game; a name of two words is not
        pattern = re.compile(rf"(?<![\w-]){re.escape(term)}(?![\w-])", re.IGNORECASE)
        found = pattern.search(sentence)
        if not found:
            continue
        start, end = found.span()
        before, after = sentence[:start], sentence[end:]
        if _splits_a_name(before, after) or _inside_a_name(sentence, start, end, names or terms):
            continue
        if stems(term) & stems(before + " " + after):
            continue
        if re.match(r"^\s+(?:the|a|an|that|this|its|their)\b", after, re.IGNORECASE):
            continue  # "_____ the variables are ...": the blank swallowed a verb ("X assumes")
        blanked = before + "_____" + after
        if len(words(blanked)) < 5:
            continue
        return blanked, sentence[start:end]
    return None


# A cloze sentence that opens with a discourse marker, a hedge or a scene-setting phrase
# leans on its context even when the standalone rules let it through.
_CLOZE_OPENER = re.compile(
    r"^(?:notice|note|observe|additionally|to be precise|say|before|after|compared|even|under|"
    r"for certain|in the|in a|in an|as|because|since|although|while|unlike|like|"
    r"the key is|the trick is|the point is|it is (?:easy|important) to (?:see|realize|note))\b",
    re.IGNORECASE,
)
# Words that make a statement relative to something unsaid, or vague.
_CLOZE_VAGUE = re.compile(
    r"\b(?:also|instead|again|still|remain|remains|relatively|particularly|certain|"
    r"corresponding|additionally|something|somewhat|some of the|the (?:two|three|four)|"
    r"rather|more|less|better|worse|such|these|those|works well|work well)\b",
    re.IGNORECASE,
)


def cloze_fact(sentence: str) -> bool:
    """A sentence fit for a blank: a self-contained fact, so the blank is determined by it.
    Beyond `standalone`, it opens with neither a discourse marker ("Note that", "Compared
    to", "Say") nor an introductory phrase (a comma within its first six words, unless a
    condition "When/If ..." opens it), and holds no comparative or vague word ("also",
    "instead", "more", "certain", "the three ...") that relates it to something unsaid."""
    if _CLOZE_OPENER.match(sentence) or _CLOZE_VAGUE.search(sentence):
        return False
    head = sentence.split(",")[0]
    return not ("," in sentence and len(words(head)) < 6 and not re.match(r"^(?:When|If)\b", head))


def _phrase_blank(phrase: str) -> bool:
    """A key phrase fit to be a blank: two words or more, a clean noun phrase that neither
    opens with a verb of instruction ("make the ...") nor ends with an evaluation word."""
    term = _clean_term(phrase)
    if not term or term != phrase or len(term.split()) < 2:
        return False
    tokens = term.lower().split()
    return (
        not _IMPERATIVE.match(term)
        and tokens[-1] not in _NOT_CATEGORY
        and not (tokens[-1].endswith("er") and tokens[-1][:-2] in {w[:-2] for w in _NOT_CATEGORY})
    )


def _names(text: str, modules: list[Module]) -> list[str]:
    """Headings of a few words and emphasised phrases (bold, italic) that are clean noun
    phrases of two words or more: the names the author chose to stress."""
    found: list[str] = []
    for module in modules:
        for part in module.title.split(" / "):
            found.append(re.sub(r"^\d+(?:\.\d+)*\.?\s+", "", part))
    emphasis = r"\*\*([^*\n]{3,60})\*\*|(?<![*\w])\*([^*\n]{3,60})\*(?![*\w])"
    found.extend(next(g for g in m.groups() if g) for m in re.finditer(emphasis, text))
    names = []
    for phrase in found:
        term = _clean_term(phrase)
        if not term or not 2 <= len(term.split()) <= 4:
            continue
        if not all(w.lower() in _GENERIC_BLANKS for w in words(term)):
            names.append(term)
    return list(dict.fromkeys(names))


def _inside_a_name(sentence: str, start: int, end: int, names: list[str]) -> bool:
    """The blank's words are part of a longer name in the sentence: a known name holds them
    or runs across the blank's edge ("_____ descent" when "gradient descent" is a term), or
    a head noun follows ("the _____ loss")."""
    blank = sentence[start:end].lower()
    for name in names:
        if name.lower() == blank:
            continue
        pattern = re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])", re.IGNORECASE)
        for found in pattern.finditer(sentence):
            overlaps = found.start() < end and start < found.end()
            if overlaps and (found.start() < start or end < found.end()):
                return True  # the name holds the blank and more, or runs across its edge
    following = re.match(r"^\s+([a-z]+)\b", sentence[end:])
    return bool(following and following.group(1) in _COMPOUND_HEADS)


# A noun right after a blank that makes it part of a compound name ("the _____ loss").
_COMPOUND_HEADS = frozenset(
    """
    loss losses function functions model models algorithm algorithms method methods problem
    problems process rule rules step steps term terms score scores rate rates matrix vector
    value values error errors classifier classifiers regression network networks tree trees
    distribution distributions space spaces set sets curve curves metric metrics layer layers
    """.split()  # noqa: SIM905
)


def _splits_a_name(before: str, after: str) -> bool:
    """The words next to the blank continue a name: a capitalised word right after it, or one
    right before it that does not open the sentence."""
    following = re.match(r"^\s*([A-Za-z][\w-]*)", after)
    if following and following.group(1)[:1].isupper():
        return True
    preceding = re.search(r"([A-Za-z][\w-]*)\s*$", before)
    return bool(
        preceding and preceding.group(1)[:1].isupper() and before.strip() != preceding.group(1)
    )


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


def synonym_groups(pairs: list[tuple[str, str]]) -> dict[str, str]:
    """Each name (lowercased) to one name of its group, where the pairs say two names stand
    for the same thing (a term and its other name, an abbreviation and its expansion), the
    pairs joined transitively."""
    parent: dict[str, str] = {}

    def root(name: str) -> str:
        parent.setdefault(name, name)
        while parent[name] != name:
            parent[name] = parent[parent[name]]
            name = parent[name]
        return name

    for a, b in pairs:
        ra, rb = root(a.lower()), root(b.lower())
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {name: root(name) for name in list(parent)}


def build_quiz(
    cards: list[Card],
    *,
    names: tuple[str, ...] = (),
    aliases: dict[str, str] | None = None,
    synonyms: dict[str, str] | None = None,
) -> list[QuizQuestion]:
    """A question per definition card whose stem (the definition, term hidden) does not hold
    the answer's words and says enough to identify it; distractors are other defined terms
    whose own definition does not also fit the stem. No two options are names of one thing
    (synonyms: a name to its group, from the pack's name cards): such a distractor is either
    also right or falls with its twin."""
    groups = synonyms or {}

    def group(term: str) -> str:
        return groups.get(term.lower(), term.lower())

    definitions = [c for c in cards if c.kind == "definition"]
    pairs = [(c.term, c.back) for c in definitions]
    questions: list[QuizQuestion] = []
    for index, card in enumerate(definitions):
        described = _describe(card.term, card.back)
        stem_words = stems(described)
        if stems(card.term) & stem_words or len(stem_words) < MIN_STEM_WORDS:
            continue  # the stem gives the answer away, or is too thin to single it out
        others = []
        for j in range(len(pairs)):
            term, definition = pairs[j]
            if j == index or _overlaps(term, card.term):
                continue
            if _fits_stem(term, definition, card.term, card.back):
                continue
            others.append((similarity(pairs[index], pairs[j]), term))
        others.sort(key=lambda st: (-st[0], st[1].lower()))
        # Then the pack's other named terms (the answers of its cloze cards), closest in
        # spelling first, when the defined terms are too few.
        named = sorted(
            (
                (len(trigrams(term) & trigrams(card.term)) / (len(trigrams(term)) or 1), term)
                for term in dict.fromkeys([*(c.term for c in cards if c.kind == "cloze"), *names])
                if not _overlaps(term, card.term)
                and not stems(term) <= stems(card.back)
                and not _alias_in(term, aliases or {}, card.term + " " + card.back)
                and term.lower() not in {t.lower() for _s, t in others}
            ),
            key=lambda st: (-st[0], st[1].lower()),
        )
        distractors: list[str] = []
        taken = {group(card.term)}
        for _score, term in [*others, *named]:
            if group(term) in taken:
                continue  # another name of the answer or of a distractor already chosen
            if not any(_overlaps(term, d) for d in distractors):
                taken.add(group(term))
                distractors.append(term)
            if len(distractors) == DISTRACTORS:
                break
        if len(distractors) < 2:
            continue
        options = [card.term, *distractors]
        digest = int(hashlib.sha256(card.term.encode()).hexdigest()[:8], 16)
        rotation = digest % len(options)
        options = options[rotation:] + options[:rotation]
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


def _alias_in(name: str, aliases: dict[str, str], text: str) -> bool:
    """The name's abbreviation stands in the text ("Support Vector Machine" against a question
    on the "Structured SVM"): the name may well fit the stem, so it is no distractor."""
    short = aliases.get(name.lower())
    return bool(short and re.search(rf"(?<![\w-]){re.escape(short)}(?![\w-])", text))


def _fits_stem(term: str, definition: str, answer: str, answer_definition: str) -> bool:
    """The distractor could also be right: its words are in the answer's definition (or the
    answer's in its own), or its own definition says much the same as the stem."""
    term_stems, answer_stems = stems(term), stems(answer)
    if term_stems and term_stems <= stems(answer_definition):
        return True
    if answer_stems and answer_stems <= stems(definition):
        return True
    own = stems(_describe(term, definition)) - term_stems
    stem = stems(_describe(answer, answer_definition)) - answer_stems
    return len(own & stem) / (len(own | stem) or 1) >= STEM_OVERLAP


# "... a **score function** that maps the raw data to class scores, and ...": an emphasised
# term followed by a relative clause whose verb says what it does.
_EMPHASISED_RELATIVE = re.compile(
    r"\b(?P<article>[Aa]n?|[Tt]he)\s+(?P<mark>\*\*|\*|__)(?P<term>[^*_\n]{2,40}?)(?P=mark),?\s+"
    r"(?:that|which)\s+(?P<clause>(?P<verb>[a-z]+)\s[^.;:()!?]{5,140}?)"
    r"(?=\.(?:\s|$)|;|,\s+(?:and|but|while|whereas)\b|$)"
)
_RELATIVE_VAGUE = re.compile(r"\b(?:different|other|similar|same)\b", re.IGNORECASE)


def _emphasised_relative(text: str) -> tuple[str, str, bool] | None:
    """(term, definition, plural) from "a/an/the **X** that/which <verb>s ...": the author
    stressed the term and says at once what it does. The definition is rebuilt as "A X
    <clause>." (the clause's own words). The verb must be a present-tense third-person verb
    ("maps", "quantifies", "is used"), the clause four words or more, with no first person,
    pointer, dated fact, comparison ("a different loss") or vague word, and it must end the
    sentence or a coordinated part of it (not a colon before a formula)."""
    for found in _EMPHASISED_RELATIVE.finditer(text):
        verb, clause = found.group("verb"), found.group("clause").strip()
        if not (verb in {"is", "are", "has"} or (verb.endswith("s") and not verb.endswith("ss"))):
            continue
        term = _clean_term(found.group("term"))
        if not term or term != found.group("term").strip():
            continue
        if all(w.lower() in _GENERIC_BLANKS for w in words(term)) or (
            term.islower() and " " not in term
        ):
            continue  # "an *algorithm* that ...": one common word, the clause is no definition
        prose = _INLINE_MATH.sub("x", clause)
        if len(words(clause)) < 4 or not wordy(prose) or _CODE_DEBRIS.search(prose):
            continue
        if _SPOKEN.search(clause) or _CONTEXT_POINTER.search(clause) or _DATED.search(clause):
            continue
        if _CLOZE_VAGUE.search(clause) or _RELATIVE_VAGUE.search(clause):
            continue
        article = found.group("article").capitalize()
        plural = verb == "are"
        sentence = f"{term} {clause}." if plural else f"{article} {term} {clause}."
        return term, sentence, plural
    return None


# --- abbreviations and other names --------------------------------------------------------

# "Stochastic Gradient Descent (SGD)" and "SGD (Stochastic Gradient Descent)".
_ABBREVIATION = re.compile(
    r"\b([A-Za-z][\w'\u2019-]*(?:\s+[A-Za-z][\w'\u2019-]*){0,7})\s+\(([A-Za-z]{2,8})\)"
)
_ABBREVIATION_FIRST = re.compile(
    r"\b([A-Z][A-Za-z]{1,7})\s+\(([A-Za-z][\w'\u2019-]*(?:\s+[A-Za-z][\w'\u2019-]*){1,7})\)"
)
# "the step size (also called the learning rate)", "the step size, also known as the ...,"
_ALSO_CALLED = re.compile(
    r"\b([A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){0,4})\s*(?:\(|,)\s*(?:or\s+)?(?:sometimes\s+|often\s+)?"
    r"(?:also\s+)?(?:called|known as|referred to as)\s+(?:(?:a|an|the)\s+)?"
    r"([A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){0,4})\s*[),]"
)


def _initials(phrase: str) -> list[str]:
    """The initial letters of a phrase's words and of the parts of hyphenated words
    ("One-Vs-All" gives O, V, A), small joining words included as a second option."""
    return [part[0] for word in phrase.split() for part in word.split("-") if part]


# A slide's heading defined by the question its first sentence asks: "Of items classified as
# positive, what fraction is actually positive?", "What share of the runs are successful?".
_SHARE = r"(?:fraction|proportion|share|percentage|number)"
_SHARE_OF = re.compile(
    rf"^(?P<scope>(?:Of|Among) [^,?]{{3,80}}), (?:what|which) (?P<noun>{_SHARE}) "
    r"(?:(?P<verb>is|are)|(?:do|does|did) (?P<subject>we|you|they|it)) (?P<rest>[^?]{3,80})\?$"
)
_SHARE_FIRST = re.compile(
    rf"^What (?P<noun>{_SHARE}) of (?P<of>[^,?]{{3,60}}?) (?P<verb>is|are) "
    r"(?P<rest>[^?]{3,80})\?$"
)


_HEADED = re.compile(
    r"^#{1,6}[ \t]+([^\n]+?)[ \t]*#*[ \t]*\n(?:[ \t]*\n)*([A-Z][^\n]*)", re.MULTILINE
)


def _headed_sentences(module: Module) -> list[tuple[str, str]]:
    """(heading, first sentence of the paragraph right under it) for the module's own title
    and each heading inside its body."""
    pairs = []
    first = re.match(r"(?:[ \t]*\n)*([A-Z][^\n]*)", module.body)
    if first:
        # A module made of short sections is titled "First / Second": its text opens the last.
        pairs.append((module.title.split(" / ")[-1], first.group(1)))
    pairs.extend((m.group(1), m.group(2)) for m in _HEADED.finditer(module.body))
    return [(heading, split_sentences(line)[0]) for heading, line in pairs if line.strip()]


def _question_definition(title: str, sentence: str) -> tuple[str, str] | None:
    """(term, definition) from a heading that is a short name and a first sentence that asks
    what share of a group has a property; the question is restated as a noun phrase with the
    same words ("the fraction that is actually positive"). Only these fixed question shapes
    are read: any other question gives nothing."""
    term = plain(title).strip(" .:")
    tokens = term.split()
    if not 1 <= len(tokens) <= 4 or any(not _WORD.fullmatch(w) for w in tokens):
        return None
    if tokens[0].lower() in STOPWORDS or tokens[-1].lower() in STOPWORDS:
        return None
    text = plain(sentence)
    match = _SHARE_OF.match(text)
    if match:
        if match.group("verb"):
            clause = f"that {match.group('verb')} {match.group('rest')}"
        else:
            clause = f"that {match.group('subject')} {match.group('rest')}"
        back = f"{match.group('scope')}, the {match.group('noun')} {clause}."
    else:
        match = _SHARE_FIRST.match(text)
        if not match:
            return None
        back = (
            f"The {match.group('noun')} of {match.group('of')} that "
            f"{match.group('verb')} {match.group('rest')}."
        )
    name = term if term.isupper() or term[1:] != term[1:].lower() else term.lower()
    return name, back


def expansion(phrase: str, abbreviation: str) -> str | None:
    """The words at the end of the phrase that the abbreviation's letters spell, their
    initials in order ("... trained by Stochastic Gradient Descent", "SGD" -> "Stochastic
    Gradient Descent"); small words ("of", "and") may be skipped or counted. None when no run
    of words fits."""
    letters = (
        abbreviation.rstrip("s").lower()
        if abbreviation.endswith("s") and not abbreviation[-2:].isupper()
        else abbreviation.lower()
    )
    tokens = phrase.split()
    for size in range(1, min(len(tokens), len(letters) + 3) + 1):
        run = tokens[-size:]
        if run[0].lower() in STOPWORDS:
            continue
        initials = "".join(ch.lower() for ch in _initials(" ".join(run)))
        short = "".join(
            ch.lower() for ch in _initials(" ".join(w for w in run if w.lower() not in STOPWORDS))
        )
        if letters in (initials, short):
            return " ".join(run)
    return None


def abbreviations(text: str) -> list[tuple[str, str]]:
    """(abbreviation, what it stands for) pairs the text writes out, "Long Name (LN)" or
    "LN (Long Name)", where the letters spell the initials of the long name's words. A
    general rule: the check on initials keeps a parenthesised remark or a symbol out."""
    found: list[tuple[str, str]] = []
    for match in _ABBREVIATION.finditer(text):
        short = match.group(2)
        if sum(ch.isupper() for ch in short) < 2:
            continue  # "(pdf)", "(left)": a lowercase word, not an abbreviation
        long = expansion(match.group(1), short)
        if long:
            found.append((short, long))
    for match in _ABBREVIATION_FIRST.finditer(text):
        short, long = match.group(1), match.group(2)
        if sum(ch.isupper() for ch in short) >= 2 and expansion(long, short) == long:
            found.append((short, long))
    pairs: dict[str, tuple[str, str]] = {}
    for short, long in found:
        if long.lower() != short.lower() and short.lower() not in _LABELS:
            pairs.setdefault(short.lower(), (short, long))
    return list(pairs.values())


def other_names(sentence: str, vocabulary: set[str]) -> list[tuple[str, str]]:
    """(term, other name) pairs a sentence states: "the step size (also called the learning
    rate)", "a template (or sometimes also called a prototype)". Both names must be clean
    noun phrases and the first one a name the text uses; the first name is the longest run of
    words before the remark that is one."""
    pairs = []
    for match in _ALSO_CALLED.finditer(sentence):
        other = _clean_term(match.group(2))
        if not other or other != match.group(2).strip():
            continue
        tokens = match.group(1).split()
        for start in range(len(tokens)):
            term = _clean_term(" ".join(tokens[start:]))
            if (
                term
                and term == " ".join(tokens[start:])
                and _known(term, vocabulary)
                and not term.lower().endswith("ly")  # "slowly": an adverb, not a name
            ):
                if not stems(term) & stems(other):
                    pairs.append((term, other))
                break
    return pairs


# --- the pack -------------------------------------------------------------------------------


def generate(text: str, *, title: str) -> Pack:
    """The draft pack of a Markdown (or plain) text."""
    _stem.cache_clear()  # each generation starts cold: its time does not hang on the last one
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    modules = split_modules(text, title=title)
    concepts, candidates = _key_phrases(text)
    vocabulary = _vocabulary(text, modules, candidates[:VOCABULARY])
    pack = Pack(title=title[:200], modules=modules, concepts=concepts)
    seen_terms: set[str] = set()
    used_sentences: set[str] = set()
    per_module: list[list[tuple[str, bool, bool]]] = []
    for number, module in enumerate(modules):
        units: list[tuple[str, bool, bool]] = []
        for block in _blocks(module.body):
            if block.is_item:
                units.append((block.text, True, False))
            else:
                units.extend((s, False, block.is_note) for s in split_sentences(block.text))
        per_module.append(units)
        for heading, first in _headed_sentences(module):
            restated = _question_definition(heading, first)
            if not restated or restated[0].lower() in seen_terms:
                continue
            term, back = restated
            if _known(term, vocabulary) or _reused(term, text):
                seen_terms.add(term.lower())
                used_sentences.add(plain(first))
                pack.cards.append(
                    Card(
                        kind="definition",
                        front=_front(term),
                        back=back,
                        term=term,
                        source=f"{heading}: {plain(first)}",
                        module=number,
                    )
                )
        for unit, is_item, _is_note in units:
            defined = _definition(unit, is_item=is_item) or _emphasised_relative(unit)
            if not defined:
                continue
            term, sentence, plural = defined
            key = term.lower()
            purpose = _PURPOSE.match(sentence)
            if key in seen_terms or not (_known(term, vocabulary) or _reused(term, text)):
                continue
            seen_terms.add(key)
            used_sentences.add(plain(unit))
            pack.cards.append(
                Card(
                    kind="definition",
                    front=_purpose_front(purpose.group("noun"), term)
                    if purpose
                    else _front(term, plural=plural),
                    back=_clean_back(sentence),
                    term=term,
                    source=plain(unit),
                    module=number,
                )
            )
    # Blanks worth recalling: the key phrases of two words or more and the defined terms (a
    # single common word such as "classes" makes a guessing game, not a card).
    preferred = [*(c.term for c in pack.cards if len(c.term) > 3), *_names(text, modules)]
    phrases = [
        c
        for c in [*pack.concepts, *candidates[:CLOZE_PHRASES]]
        if _phrase_blank(c) and _reused(c, text)
    ]
    cloze_terms = list(dict.fromkeys([*preferred, *phrases]))
    per_term: Counter[str] = Counter()
    for number, units in enumerate(per_module):
        made = from_notes = 0
        limit = max(CLOZE_PER_MODULE, len(words(modules[number].body)) // CLOZE_WORDS)
        for unit, is_item, is_note in units:
            if made == limit:
                break
            sentence = plain(unit)
            if sentence in used_sentences or (is_note and from_notes == NOTE_CLOZE_PER_MODULE):
                continue  # a speaker's spoken notes are down-weighted: few cards from them
            again = _definition(unit, is_item=is_item)
            if again and again[0].lower() in seen_terms:
                continue  # a second definition of a carded term would repeat its card
            terms = [t for t in cloze_terms if per_term[t.lower()] < CLOZE_PER_TERM]
            found = _cloze(sentence, terms, names=cloze_terms, preferred=preferred)
            if not found and standalone(sentence) and cloze_fact(sentence):
                found = _named(sentence)
            if not found:
                continue
            blanked, answer = found
            per_term[answer.lower()] += 1
            from_notes += is_note
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
    # Names: what an abbreviation stands for, and a term's other name, where the text gives
    # them (facts that need no sentence around them).
    naming: list[Card] = []
    asked: set[str] = set()
    for number, units in enumerate(per_module):
        for unit, _is_item, _is_note in units:
            sentence = plain(unit)
            names = [
                (short, f"What does {short} stand for?", long)
                for short, long in abbreviations(sentence)
                if short.lower() not in seen_terms
            ] + [
                (term, f"What is another name for {term}?", other)
                for term, other in other_names(sentence, vocabulary)
            ]
            for term, front, back in names:
                if term.lower() in asked:
                    continue
                asked.add(term.lower())
                naming.append(
                    Card(
                        kind="definition",
                        front=front,
                        back=back,
                        term=term,
                        source=sentence,
                        module=number,
                    )
                )
    quizzable = list(pack.cards)
    pack.cards.extend(naming)
    pack.cards.sort(key=lambda c: (c.module, c.kind != "definition"))
    # The quiz asks for a term from its definition: name cards have none to show.
    # Their names (what an abbreviation stands for, both names of a term) may be distractors.
    extra = tuple(
        n
        for c in naming
        for n in ([c.back] if c.front.startswith("What does") else [c.term, c.back])
    )
    aliases = {c.back.lower(): c.term for c in naming if c.front.startswith("What does")}
    synonyms = synonym_groups([(c.term, c.back) for c in naming])
    pack.questions = build_quiz(quizzable, names=extra, aliases=aliases, synonyms=synonyms)
    return pack
