"""GIFT, Moodle's plain-text quiz format, read into questions.

How each GIFT type lands (see the README, "GIFT"):
- multiple choice (`{=right ~wrong}`, weights `~%50%`) -> multiple choice; every answer with a
  positive weight is correct (several make a multi-answer question); per-answer feedback becomes
  the option's explanation.
- true/false (`{T}`, `{FALSE#feedback}`) -> multiple choice with the options True and False.
- short answer (`{=four =4}`), numerical (`{#1822:2}`, `{#1..5}`) and essay (`{}`) -> open
  questions whose official answer lists what is accepted.
- matching (`{=Canada -> Ottawa ...}`) -> one open question whose answer is the list of pairs
  (recall of the whole mapping; splitting it into unrelated multiple-choice items would lose it).
- missing word (text on both sides of the braces): with short answers -> a cloze question whose
  blank accepts every answer with a positive weight; with options -> multiple choice whose
  stem shows the blank as `_____`.
- `$CATEGORY: a/b` sets the topic of the questions after it (the path is kept: `a / b`).
- text with no answer block (a description) is not a question: listed as unsupported.
`[html]` text is cleaned and converted to Markdown; `[markdown]`, `[plain]` and `[moodle]` text
is kept. `//` comment lines are ignored; `\\~ \\= \\# \\{ \\} \\:` are escapes, `\\n` a newline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext

from interview.bank.cloze import cloze_problems
from interview.bank.models import Question
from interview.bank.transfer.html_convert import html_to_markdown
from interview.bank.transfer.quiz_common import category_topic, question_slug, settle_slugs
from interview.bank.transfer.records import ChoiceRecord, ParsedFile, QuestionRecord

_ESCAPES = {"\\\\": "\ue000", "\\~": "\ue001", "\\=": "\ue002", "\\#": "\ue003",
            "\\{": "\ue004", "\\}": "\ue005", "\\:": "\ue006"}  # fmt: skip
_RESTORE = {value: key[1] for key, value in _ESCAPES.items()}
_NEWLINE = "\ue007"
_FORMAT_RE = re.compile(r"^\s*\[(html|markdown|plain|moodle)\]", re.IGNORECASE)
_WEIGHT_RE = re.compile(r"^%(-?\d+(?:\.\d+)?)%")
_TRUE_FALSE = {"t": True, "true": True, "f": False, "false": False}
BLANK = "_____"


def _escape(text: str) -> str:
    for key, value in _ESCAPES.items():
        text = text.replace(key, value)
    # `\n` stands for a newline inside a question: kept apart until the questions are split
    # on blank lines, so an answer with paragraphs stays one question.
    return text.replace("\\n", _NEWLINE)


def _restore(text: str) -> str:
    for key, value in _RESTORE.items():
        text = text.replace(key, value)
    return text.replace(_NEWLINE, "\n")


def _formatted(text: str, default: str = "moodle") -> str:
    """Text with an optional `[format]` prefix, as Markdown."""
    match = _FORMAT_RE.match(text)
    fmt = match.group(1).lower() if match else default
    if match:
        text = text[match.end() :]
    text = _restore(text).strip()
    return html_to_markdown(text) if fmt == "html" else text


@dataclass
class _Block:
    line: int
    text: str
    key: str = ""  # from a `// slug: KEY` comment just before the question (our exports)


_KEY_RE = re.compile(r"^\s*//\s*slug:\s*(\S+)\s*$")


def _blocks(text: str) -> list[_Block]:
    """Questions are separated by blank lines; `//` comment lines are dropped."""
    blocks: list[_Block] = []
    current: list[str] = []
    start = 0
    key = ""
    for number, line in enumerate(text.split("\n"), start=1):
        if line.lstrip().startswith("//"):
            match = _KEY_RE.match(_restore(line))
            if match and not current:
                key = match.group(1)
            continue
        if not line.strip():
            if current:
                blocks.append(_Block(start, "\n".join(current), key))
                current, key = [], ""
            continue
        if current and line.startswith("::") and _complete("\n".join(current)):
            # a named question right after a complete one, with no blank line between
            blocks.append(_Block(start, "\n".join(current), key))
            current, key = [], ""
        if not current:
            start = number
        current.append(line)
    if current:
        blocks.append(_Block(start, "\n".join(current), key))
    return blocks


def _complete(text: str) -> bool:
    """A question whose answer block is closed, or a named one with no answers."""
    if "{" in text:
        return text.count("{") == text.count("}")
    return text.lstrip().startswith("::")


def looks_like_gift(text: str) -> bool:
    """Answer blocks in braces (`{=...}`, `{~...}`, `{T}`, `{#...}`, `{}`) or `::name::`."""
    body = "\n".join(line for line in text.split("\n") if not line.lstrip().startswith("//"))
    if re.search(r"^\s*\$CATEGORY:", body, re.MULTILINE):
        return True
    answers = re.findall(r"\{\s*(?:[=~#]|T\s*\}|F\s*\}|TRUE|FALSE|\})", body)
    named = re.findall(r"^::[^:\n]+::", body, re.MULTILINE)
    return len(answers) + len(named) >= 1 and "{" in body and not body.lstrip().startswith("{")


def parse_gift(*, name: str, text: str, topic: str = "") -> ParsedFile:
    parsed = ParsedFile(name=name)
    category = ""
    for block in _blocks(_escape(text)):
        body = block.text.strip()
        if body.upper().startswith("$CATEGORY:"):
            category = category_topic(_restore(body[len("$CATEGORY:") :]))
            continue
        _parse_question(parsed, block.line, body, category or topic, block.key)
    settle_slugs(parsed)
    if not parsed.questions and not parsed.unsupported and not parsed.problems:
        parsed.problem(
            None, "file", gettext("no GIFT questions found (a question ends with {answers})")
        )
    return parsed


def _parse_question(parsed: ParsedFile, line: int, body: str, topic: str, key: str) -> None:
    title = ""
    if body.startswith("::"):
        end = body.find("::", 2)
        if end == -1:
            parsed.problem(
                line, "name", gettext("the question name opened with '::' is never closed")
            )
            return
        title = _restore(body[2:end]).strip()
        body = body[end + 2 :].strip()
    open_at = body.find("{")
    close_at = body.rfind("}")
    if open_at == -1:
        parsed.unsupported.append((line, "description (text with no answers)"))
        return
    if close_at < open_at:
        parsed.problem(line, "answers", gettext("an answer block opened with '{' is never closed"))
        return
    before, answers, after = body[:open_at], body[open_at + 1 : close_at], body[close_at + 1 :]
    fmt_match = _FORMAT_RE.match(before)
    fmt = fmt_match.group(1).lower() if fmt_match else "moodle"
    stem = before[fmt_match.end() :] if fmt_match else before
    after_text = after.strip()
    missing_word = bool(re.search(r"\w", after_text) or after_text.startswith((".", "?", "!")))
    if re.search(r"\w", after_text):  # missing word: text on both sides of the answers
        stem = f"{stem.rstrip()} {BLANK} {after.lstrip()}"
    elif after_text.startswith((".", "?", "!")):
        stem = f"{stem.rstrip()} {BLANK}{after_text[0]}"
    prompt = _formatted(f"[{fmt}]{stem}")
    general = ""
    if "####" in answers:
        answers, general = answers.split("####", 1)
        general = _formatted(general, fmt)  # answers and feedback take the question's format
    record = QuestionRecord(
        file=parsed.name,
        line=line,
        slug=question_slug(title, prompt, key=key),
        topic=topic,
        prompt=prompt,
        labels={"prompt": "question text", "slug": "name" if title else "question text"},
    )
    kind = _fill(parsed, record, answers.strip(), general, fmt)
    if kind is None:
        return
    if kind == "shortanswer" and missing_word:
        _as_cloze(record, _accepted(_items(answers.strip()), fmt))
    if not record.prompt.strip() and title:
        record.prompt = title
    parsed.questions.append(record)


def _items(answers: str) -> list[tuple[str, str]]:
    """`=a#fb ~%50%b` -> [("=", "a#fb"), ("~", "%50%b")]. Text before the first mark is an
    answer as for Moodle: a right one in a short answer (`{One}`, `{One =1}`), a wrong option
    when the block has `~` options."""
    parts = re.split(r"(?=[=~])", answers)
    items = [(part[0], part[1:].strip()) for part in parts if part.strip() and part[0] in "=~"]
    first = parts[0].strip() if parts and parts[0][:1] not in ("=", "~") else ""
    if first:
        items.insert(0, ("~" if "~" in answers else "=", first))
    return items


def _feedback(text: str) -> tuple[str, str]:
    value, _, feedback = text.partition("#")
    return value.strip(), feedback.strip()


def _answer_text(general: str, *parts: str) -> str:
    return "\n\n".join(part for part in (*parts, general) if part)


def _fill(
    parsed: ParsedFile, record: QuestionRecord, answers: str, general: str, fmt: str = "moodle"
) -> str | None:
    """Set kind, options and answer from the answer block; None when it cannot be read."""
    line = record.line
    if not answers:  # essay
        record.kind = Question.Kind.OPEN.value
        record.official_answer = general
        return "essay"
    key = answers.split("#", 1)[0].strip().lower()
    if key in _TRUE_FALSE:
        truth = _TRUE_FALSE[key]
        feedbacks = [_formatted(part, fmt) for part in answers.split("#")[1:3]]
        wrong = feedbacks[0] if feedbacks else ""  # shown for a wrong answer
        right = feedbacks[1] if len(feedbacks) > 1 else ""
        record.kind = Question.Kind.MULTIPLE_CHOICE.value
        record.choices = [
            ChoiceRecord("True", truth, right if truth else wrong),
            ChoiceRecord("False", not truth, wrong if truth else right),
        ]
        record.official_answer = _answer_text(general, "True" if truth else "False")
        record.short_answer = "True" if truth else "False"
        return "truefalse"
    if answers.startswith("#"):
        return _numerical(parsed, record, answers[1:].strip(), general)
    items = _items(answers)
    if not items:
        parsed.problem(
            line,
            "answers",
            gettext("cannot read the answers %(answers)s")
            % {"answers": repr(_restore(answers)[:60])},
        )
        return None
    if all(mark == "=" and "->" in text for mark, text in items):
        pairs = []
        for _, text in items:
            left, _, right = text.partition("->")
            left_text = _formatted(left, fmt)
            pairs.append(f"- {left_text} → {_formatted(right, fmt)}" if left_text else None)
        extra = [
            _formatted(text.partition("->")[2], fmt)
            for _, text in items
            if not text.split("->")[0].strip()
        ]
        lines = [pair for pair in pairs if pair]
        if extra:
            lines.append(f"(Distractors: {', '.join(extra)})")
        record.kind = Question.Kind.OPEN.value
        record.official_answer = _answer_text(general, "\n".join(lines))
        return "matching"
    if all(mark == "=" for mark, _ in items):  # short answer: every listed answer is accepted
        accepted = _accepted(items, fmt)
        record.kind = Question.Kind.OPEN.value
        if accepted:
            also = f"\n\nAlso accepted: {', '.join(accepted[1:])}" if accepted[1:] else ""
            record.official_answer = _answer_text(general, accepted[0] + also)
            record.short_answer = accepted[0]
        else:
            record.official_answer = general
        return "shortanswer"
    weighted = []
    for mark, text in items:
        weight_match = _WEIGHT_RE.match(text)
        weight = float(weight_match.group(1)) if weight_match else (100.0 if mark == "=" else 0.0)
        value, feedback = _feedback(text[weight_match.end() :] if weight_match else text)
        weighted.append((weight, _formatted(value, fmt), _formatted(feedback, fmt)))
    # With a full-credit answer, partial credit is not "correct"; without one (multiple
    # answers), every answer with a positive weight is.
    full = any(weight >= 100 for weight, _, _ in weighted)
    choices = [
        ChoiceRecord(value, weight >= 100 if full else weight > 0, feedback)
        for weight, value, feedback in weighted
    ]
    if not any(choice.is_correct for choice in choices):  # a poll, or every option wrong
        parsed.unsupported.append((line, "multichoice without a right answer"))
        return None
    record.kind = Question.Kind.MULTIPLE_CHOICE.value
    record.choices = choices
    correct = [choice.text for choice in choices if choice.is_correct]
    record.official_answer = general or "; ".join(correct)
    return "multichoice"


def _accepted(items: list[tuple[str, str]], fmt: str = "moodle") -> list[str]:
    """Short answers with a positive weight (`*`, "anything else", is left out)."""
    accepted = []
    for _, text in items:
        weight_match = _WEIGHT_RE.match(text)
        weight = float(weight_match.group(1)) if weight_match else 100.0
        value, _ = _feedback(text[weight_match.end() :] if weight_match else text)
        if weight > 0 and value != "*":
            accepted.append(_formatted(value, fmt))
    return accepted


def _as_cloze(record: QuestionRecord, accepted: list[str]) -> None:
    """A missing-word short answer: its blank becomes a cloze blank accepting every answer."""
    usable = [a for a in accepted if a and not re.search(r"\||::|\{\{|\}\}|\n", a)]
    if not usable or record.prompt.count(BLANK) != 1:
        return  # stays an open question with `_____` in the text
    prompt = record.prompt.replace(BLANK, "{{c1::" + "|".join(usable) + "}}")
    if cloze_problems(prompt):
        return
    record.prompt = prompt
    record.kind = Question.Kind.CLOZE.value


def _numerical(parsed: ParsedFile, record: QuestionRecord, body: str, general: str) -> str | None:
    """`1822`, `1822:2`, `1..5`, or several `=value:tolerance#feedback` answers."""
    values = []
    entries = _items(body) if body.startswith(("=", "~")) else [("=", body.split("~")[0])]
    for _, text in entries:
        weight_match = _WEIGHT_RE.match(text)
        weight = float(weight_match.group(1)) if weight_match else 100.0
        value, _ = _feedback(text[weight_match.end() :] if weight_match else text)
        value = _restore(value)
        if weight <= 0 or not value:
            continue
        if ".." in value:
            low, _, high = value.partition("..")
            values.append(f"between {low.strip()} and {high.strip()}")
        elif ":" in value:
            number, _, tolerance = value.partition(":")
            tolerance = tolerance.strip()
            values.append(
                number.strip() if tolerance in {"", "0"} else f"{number.strip()} (± {tolerance})"
            )
        else:
            values.append(value.strip())
    if not values:
        parsed.problem(
            record.line, "answers", gettext("a numerical question with no correct value")
        )
        return None
    record.kind = Question.Kind.OPEN.value
    also = f"\n\nAlso accepted: {', '.join(values[1:])}" if values[1:] else ""
    record.official_answer = _answer_text(general, values[0] + also)
    record.short_answer = values[0]
    return "numerical"
