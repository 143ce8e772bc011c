"""Cloze questions: a text with numbered blanks, stored in Anki's syntax.

- A blank is written `{{cN::answer}}` or `{{cN::answer::hint}}` (N >= 1, as in Anki). Several
  accepted answers are separated by `|`: `{{c1::mean|average::statistic}}`; the first one is the
  answer shown on the back of the card. The same number may appear more than once.
- A cloze question's prompt holds at least one blank, and every `{{c` opens a well-formed blank
  with a non-empty answer (no stray `{{c...` or unclosed braces).
- Each occurrence is one blank to fill, numbered 1, 2, ... in reading order. A response fills a
  blank when, once case, accents and spacing are ignored (Unicode NFKD, combining marks dropped,
  casefolded, runs of whitespace made one space, trimmed), it equals one of the blank's answers.
- Front of a card: each blank shown as `[…]` (or `[hint]`); back: each filled with its first
  answer in bold. In a quiz each blank shows as `_____ (n)` (with its hint) beside one input.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

# `{{c1::answer}}` or `{{c1::answer::hint}}`; the answer and hint hold no `}}`.
CLOZE_RE = re.compile(r"\{\{c(\d+)::((?:(?!\}\}|::).)*?)(?:::((?:(?!\}\}).)*?))?\}\}", re.DOTALL)
_OPENING_RE = re.compile(r"\{\{c", re.IGNORECASE)
ALTERNATIVE_SEPARATOR = "|"
MAX_RESPONSE_LENGTH = 300


@dataclass(frozen=True)
class Blank:
    number: int  # the Anki cloze number (c1, c2 ...)
    answers: tuple[str, ...]  # accepted answers, the first one shown
    hint: str

    @property
    def answer(self) -> str:
        return self.answers[0] if self.answers else ""

    def as_dict(self) -> dict[str, object]:
        return {"number": self.number, "answers": list(self.answers), "hint": self.hint}


def _answers(raw: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in raw.split(ALTERNATIVE_SEPARATOR) if part.strip())


def has_blanks(text: str) -> bool:
    return bool(CLOZE_RE.search(text or ""))


def cloze_blanks(text: str) -> list[Blank]:
    """The blanks of a cloze text, in reading order."""
    return [
        Blank(int(m.group(1)), _answers(m.group(2)), (m.group(3) or "").strip())
        for m in CLOZE_RE.finditer(text or "")
    ]


def cloze_problems(text: str) -> list[str]:
    """Why a text is not a well-formed cloze text (empty list when it is)."""
    problems: list[str] = []
    blanks = 0
    for match in CLOZE_RE.finditer(text):
        blanks += 1
        if int(match.group(1)) < 1:
            problems.append(f"blank {blanks} is numbered c0; numbers start at c1")
        if not _answers(match.group(2)):
            problems.append(f"blank {blanks} has no answer")
    rest = CLOZE_RE.sub("", text)
    if _OPENING_RE.search(rest):
        problems.append(
            "a blank is not well formed: write {{c1::answer}} or {{c1::answer::hint}} "
            "(closed by two braces)"
        )
    elif blanks == 0:
        problems.append("a cloze question needs at least one blank, written {{c1::answer}}")
    return problems


def normalized(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", stripped).strip().casefold()


def response_fills(*, response: str, blank: Blank) -> bool:
    given = normalized(response)
    return bool(given) and any(given == normalized(answer) for answer in blank.answers)


def cloze_grade(*, blanks: Sequence[Blank], responses: Sequence[str]) -> list[bool]:
    """One verdict per blank; a missing response is wrong."""
    return [
        response_fills(response=responses[index] if index < len(responses) else "", blank=blank)
        for index, blank in enumerate(blanks)
    ]


def cloze_front(text: str) -> str:
    """The text with each blank hidden: `[…]`, or `[hint]` when the blank has one."""
    return CLOZE_RE.sub(
        lambda m: f"[{m.group(3).strip()}]" if (m.group(3) or "").strip() else "[…]", text
    )


def cloze_numbered(text: str) -> str:
    """The text with each blank shown as `_____ (n)` (or `_____ (n: hint)`), n in reading order."""
    counter = 0

    def blank(match: re.Match[str]) -> str:
        nonlocal counter
        counter += 1
        hint = (match.group(3) or "").strip()
        return f"\\_\\_\\_\\_\\_ ({counter}: {hint})" if hint else f"\\_\\_\\_\\_\\_ ({counter})"

    return CLOZE_RE.sub(blank, text)


def cloze_back(text: str) -> str:
    """The text with each blank filled with its first answer, in bold."""

    def filled(match: re.Match[str]) -> str:
        answers = _answers(match.group(2))
        return f"**{answers[0]}**" if answers else "[…]"

    return CLOZE_RE.sub(filled, text)


def cloze_plain(text: str) -> str:
    """The text filled with the first answers, no markup (titles, search, exports)."""
    return CLOZE_RE.sub(lambda m: (_answers(m.group(2)) or ("…",))[0], text)


def cloze_answer_list(text: str) -> str:
    """The answers as a Markdown list, one line per blank (alternatives after the first)."""
    lines = []
    for index, blank in enumerate(cloze_blanks(text), start=1):
        others = f" (also accepted: {', '.join(blank.answers[1:])})" if blank.answers[1:] else ""
        lines.append(f"{index}. {blank.answer}{others}")
    return "\n".join(lines)


def cloze_for_anki(text: str) -> str:
    """The text with each blank in Anki's own syntax: its first answer only (Anki has no
    alternatives), the hint kept."""

    def blank(match: re.Match[str]) -> str:
        answers = _answers(match.group(2))
        hint = (match.group(3) or "").strip()
        first = answers[0] if answers else ""
        return (
            f"{{{{c{match.group(1)}::{first}::{hint}}}}}"
            if hint
            else f"{{{{c{match.group(1)}::{first}}}}}"
        )

    return CLOZE_RE.sub(blank, text)
