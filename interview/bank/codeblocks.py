"""Runnable code in the bank's Markdown: which blocks run, and what they must print.

The rule, as editors write it:
- A fenced block whose info string starts with `python` or `sql` is runnable, unless its info
  string also says `norun` (a deliberately broken snippet, or code for a library the checks do
  not install). `sql postgres` runs on PostgreSQL only, `sql sqlite` on SQLite only; plain `sql`
  runs on both.
- A fenced block with the info string `output` states what the nearest runnable block before it,
  in the same text, prints: Python's standard output, or for SQL the result of the last statement
  as a header line of column names joined by " | " and one line per row (NULL for a null).
- In an official answer, an `output` block with no runnable block before it states what the
  prompt's last runnable block prints (how a "what does this print?" question gives its answer).
- SQL cells compare as numbers when both sides are numbers (rounding noise allowed); booleans
  match true/false or 1/0; everything else compares as text. Python output compares line by
  line, ignoring trailing spaces and trailing blank lines.

`bank_code_blocks` finds the blocks; running them is the test suite's business (it runs only the
bank's own content, never anything a user typed).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from markdown_it import MarkdownIt

_PARSER = MarkdownIt("commonmark")
LANGUAGES = ("python", "sql")


@dataclass(frozen=True)
class CodeBlock:
    where: str  # e.g. "question stat-p-value, official_answer, block 2"
    language: str  # "python" or "sql"
    dialects: tuple[str, ...]  # for SQL: which of "sqlite", "postgres" it runs on
    code: str
    expected_output: str | None  # None: it only has to run without an error


@dataclass(frozen=True)
class _Fence:
    info: list[str]
    content: str


def _fences(markdown: str) -> list[_Fence]:
    return [
        _Fence(info=token.info.strip().lower().split(), content=token.content)
        for token in _PARSER.parse(markdown or "")
        if token.type == "fence"
    ]


def _runnable(fence: _Fence) -> bool:
    return bool(fence.info) and fence.info[0] in LANGUAGES and "norun" not in fence.info


def _dialects(fence: _Fence) -> tuple[str, ...]:
    named = tuple(word for word in fence.info[1:] if word in ("sqlite", "postgres"))
    return named or ("sqlite", "postgres")


def text_code_blocks(
    *, where: str, markdown: str, fallback: CodeBlock | None = None
) -> list[CodeBlock]:
    """The runnable blocks of one Markdown text, each with the output stated after it.

    `fallback` is the block an `output` with no runnable block before it describes."""
    blocks: list[CodeBlock] = []
    pending: CodeBlock | None = None
    number = 0
    for fence in _fences(markdown):
        if _runnable(fence):
            if pending is not None:
                blocks.append(pending)
            number += 1
            pending = CodeBlock(
                where=f"{where}, block {number}",
                language=fence.info[0],
                dialects=_dialects(fence) if fence.info[0] == "sql" else (),
                code=fence.content,
                expected_output=None,
            )
        elif fence.info[:1] == ["output"]:
            target = pending or fallback
            if target is None:
                continue
            stated = CodeBlock(
                where=target.where if pending else f"{target.where} (output in {where})",
                language=target.language,
                dialects=target.dialects,
                code=target.code,
                expected_output=fence.content,
            )
            if pending is not None:
                pending = None
            blocks.append(stated)
    if pending is not None:
        blocks.append(pending)
    return blocks


def question_code_blocks(*, slug: str, fields: dict[str, Any]) -> list[CodeBlock]:
    """Every runnable block of one question given as a mapping of its fields (a fixture dict)."""
    where = f"question {slug}"
    prompt_blocks = text_code_blocks(where=f"{where}, prompt", markdown=fields.get("prompt", ""))
    last_prompt = (
        CodeBlock(
            where=prompt_blocks[-1].where,
            language=prompt_blocks[-1].language,
            dialects=prompt_blocks[-1].dialects,
            code=prompt_blocks[-1].code,
            expected_output=None,
        )
        if prompt_blocks
        else None
    )
    blocks = list(prompt_blocks)
    answer_blocks = text_code_blocks(
        where=f"{where}, official_answer",
        markdown=fields.get("official_answer", ""),
        fallback=last_prompt,
    )
    blocks.extend(answer_blocks)
    for number, choice in enumerate(fields.get("choices") or [], start=1):
        blocks.extend(
            text_code_blocks(
                where=f"{where}, option {number}", markdown=choice.get("explanation", "")
            )
        )
    return blocks


def topic_code_blocks(topic: dict[str, Any]) -> Iterator[CodeBlock]:
    """Every runnable block of a topic in the JSON format (notes and questions)."""
    for note in topic.get("notes") or []:
        yield from text_code_blocks(
            where=f"topic {topic.get('slug')}, note {note.get('title')!r}",
            markdown=note.get("body", ""),
        )
    for question in topic.get("questions") or []:
        yield from question_code_blocks(slug=question.get("slug", "?"), fields=question)


# Comparing what ran with what the text states.


def python_output_matches(*, actual: str, expected: str) -> bool:
    return _lines(actual) == _lines(expected)


def _lines(text: str) -> list[str]:
    lines = [line.rstrip() for line in text.splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def format_sql_result(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """A result in the stated-output layout: header, then one " | "-joined line per row."""
    lines = [" | ".join(columns)]
    for row in rows:
        lines.append(" | ".join("NULL" if value is None else str(value) for value in row))
    return "\n".join(lines)


def sql_output_matches(*, actual: str, expected: str) -> bool:
    got, want = _lines(actual), _lines(expected)
    if len(got) != len(want):
        return False
    for got_line, want_line in zip(got, want, strict=True):
        got_cells = [cell.strip() for cell in got_line.split("|")]
        want_cells = [cell.strip() for cell in want_line.split("|")]
        if len(got_cells) != len(want_cells):
            return False
        if not all(_cell_matches(a, b) for a, b in zip(got_cells, want_cells, strict=True)):
            return False
    return True


_TRUE, _FALSE = {"true", "t", "1", "1.0"}, {"false", "f", "0", "0.0"}


def _cell_matches(actual: str, expected: str) -> bool:
    if actual == expected:
        return True
    a, b = actual.lower(), expected.lower()
    if (a in _TRUE and b in _TRUE) or (a in _FALSE and b in _FALSE):
        return True
    try:
        x, y = float(actual), float(expected)
    except ValueError:
        return False
    return math.isclose(x, y, rel_tol=1e-6, abs_tol=1e-9)
