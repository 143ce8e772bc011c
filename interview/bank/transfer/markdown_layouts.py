"""Other common Markdown layouts of interview collections, rewritten into ours before parsing.

Rules (a file already in our layout, `#` topics and `##` questions only, is left as it is):
- Questions as deeper headings (`###`, `####`...): the question level is the level whose
  headings most often end with `?` (else the deepest level); the nearest shallower level holds
  the topics (`# Title` / `## Section` / `#### Question` -> topic "Section"). Headings deeper
  than the questions stay as bold lines of the answer; shallower ones are dropped.
  A heading at another shallower level that asks (ends with `?`, source links and emoji
  aside) is a question too; topic names lose their links and stop at 120 characters.
- Questions as whole bold lines (`**1. What is X?**`) when the file has no question headings,
  or under `## Section` headings that do not ask (the sections become the topics).
- A file with questions but no topic heading gets one named after the file (said in the
  notes).
- `<br>`/`<br/>` outside fenced code become line breaks.
Line numbers shift by at most one (a topic heading added at the top).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from django.utils.translation import gettext

_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HEADING_RE = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t#]*$")
_BOLD_LINE_RE = re.compile(r"^\s*(?:[-*]\s+)?(?:\d+[.)]\s*)?\*\*(.+?)\*\*\s*:?\s*$")
_BR_RE = re.compile(r"<br\s*/?>", re.IGNORECASE)
_LINK_RE = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_TRAILING_LINKS_RE = re.compile(r"(\s*\[\[?[^\]]*\]\]?\([^)]*\)\]?)+\s*$")


def _unfenced(lines: list[str]) -> Iterator[tuple[int, str]]:
    """(index, line) of the lines outside fenced code (the fences themselves left out)."""
    fence = None
    for index, line in enumerate(lines):
        match = _FENCE_RE.match(line)
        if fence:
            if match and match.group(1)[0] == fence[0]:
                fence = None
            continue
        if match:
            fence = match.group(1)
            continue
        yield index, line


def _headings(lines: list[str]) -> list[tuple[int, int, str]]:
    """(index, level, text) of every heading outside fenced code."""
    return [
        (index, len(heading.group(1)), heading.group(2))
        for index, line in _unfenced(lines)
        if (heading := _HEADING_RE.match(line))
    ]


def _topic_level(headings: list[tuple[int, int, str]], question: int) -> int | None:
    """The level of the headings that hold the questions: for each question heading, the
    nearest heading above it that is shallower and does not ask; the most common level."""
    found: Counter[int] = Counter()
    above: list[tuple[int, str]] = []
    for _, level, title in headings:
        if level == question:
            holder = next((lv for lv, t in reversed(above) if lv < question and not _asks(t)), None)
            if holder is not None:
                found[holder] += 1
        else:
            above.append((level, title))
    return found.most_common(1)[0][0] if found else None


def _breaks(lines: list[str]) -> list[str]:
    """`<br>` outside fenced code becomes a line break."""
    out: list[str] = []
    fence = None
    for line in lines:
        match = _FENCE_RE.match(line)
        if fence:
            if match and match.group(1)[0] == fence[0]:
                fence = None
        elif match:
            fence = match.group(1)
        else:
            line = _BR_RE.sub("\n", line)
        out.extend(line.split("\n"))
    return out


def _asks(title: str) -> bool:
    """A heading or bold line that asks: it ends with `?`, once trailing source links
    (`[[src]](...)`) and emoji or marks are set aside."""
    title = _TRAILING_LINKS_RE.sub("", title)
    return re.sub(r"[^\w?.!)]+$", "", title).endswith("?")


def _topic_title(title: str) -> str:
    """A heading as a topic name: links reduced to their text, at most 120 characters."""
    title = " ".join(_LINK_RE.sub(lambda m: m.group(1), title).split())
    return title if len(title) <= 120 else title[:119].rsplit(" ", 1)[0] + "…"


def _bold_questions(lines: list[str]) -> list[tuple[int, str]]:
    """(index, text) of whole bold lines that ask, outside fenced code."""
    return [
        (index, bold.group(1).strip())
        for index, line in _unfenced(lines)
        if (bold := _BOLD_LINE_RE.match(line)) and _asks(bold.group(1))
    ]


def normalize_layout(text: str, *, topic: str) -> tuple[str, str | None]:
    """The text in our layout, and a note when it was rewritten."""
    lines = text.split("\n")
    headings = _headings(lines)
    levels = {level for _, level, _ in headings}
    sections = [title for _, level, title in headings if level == 2]
    bold = _bold_questions(lines)
    in_sections = (  # `## Section` headings that do not ask, over more bold questions
        levels <= {1, 2} and sections and len(bold) > len(sections)
        and 2 * sum(_asks(title) for title in sections) < len(sections)
    )  # fmt: skip
    if levels and max(levels) <= 2 and 2 in levels and 1 in levels and not in_sections:
        return text, None
    lines = _breaks(lines)
    headings = _headings(lines)
    note = None
    if levels and max(levels) >= 3:
        asked = Counter(level for _, level, title in headings if _asks(title))
        question = asked.most_common(1)[0][0] if asked else max(levels)
        topic_level = _topic_level(headings, question)
        for index, level, title in headings:
            if level == question or (level < question and level != topic_level and _asks(title)):
                lines[index] = f"## {title}"
            elif level == topic_level:
                lines[index] = f"# {_topic_title(title)}"
            elif level > question:
                lines[index] = f"**{title}**"
            else:
                lines[index] = ""
        note = gettext("questions read from level-%(level)s headings") % {"level": question}
    elif in_sections:
        for index, level, title in headings:
            lines[index] = f"# {_topic_title(title)}" if level == 2 else ""
        for index, title in _bold_questions(lines):
            lines[index] = f"## {title}"
        note = gettext("questions read from bold lines under section headings")
    elif not any(level == 2 for level in levels):
        rewritten = 0
        for index, title in bold:
            lines[index] = f"## {title}"
            rewritten += 1
        if rewritten:
            note = gettext("questions read from bold lines")
    if note is not None:  # an introduction before the first topic is not a question
        first_topic = next((i for i, line in enumerate(lines) if line.startswith("# ")), None)
        if first_topic is not None and any(line.strip() for line in lines[:first_topic]):
            lines[:first_topic] = [""] * first_topic
            note += "; " + gettext("the text before the first topic heading left out")
    has_questions = any(line.startswith("## ") for line in lines)
    if has_questions and not any(line.startswith("# ") for line in lines):
        first = next((i for i, line in enumerate(lines) if line.strip()), 0)
        if lines[first].startswith("## "):
            lines.insert(0, f"# {topic}")
        else:
            lines[first:first] = [f"# {topic}", ""]
        taken = gettext("topic %(topic)s taken from the file name") % {"topic": repr(topic)}
        note = (note + "; " if note else "") + taken
    return "\n".join(lines), note
