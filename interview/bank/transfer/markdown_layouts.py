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
- A heading at the question level that does not ask and holds two or more numbered or asking
  headings one level deeper is a section: a topic over those questions.
- Questions as headings inside numbered list items (`1. ### What is X`, the answer indented
  under it): the item becomes the heading and its text is unindented. A "Table of Contents"
  section (the heading and what is under it) and lines that are only a link back to an anchor of
  the page (`**[⬆ Back to Top](#table-of-contents)**`) are navigation, left out.
- Questions as top-level list items with the answer nested under each (`1. What is X?` then
  indented bullets or paragraphs): an item that asks, or a bold one when most such items are
  bold, is a question; headings with questions right under them are topics. Not in a file whose
  deeper headings already ask or that is in our layout (`Answer:`, `Choices:`, `{#slug}`,
  `Difficulty:`...).
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
# `**1)** The number of ads.`, `**2) FizzBuzz.** Print...`: a numbered task, asking or not
_LABELLED_LINE_RE = re.compile(r"^\*\*(?:Q(?:uestion)?\s*)?\d+[.):]\s*(.*?)\*\*[.:]?\s*(.*)$")
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


_NUMBERED_RE = re.compile(r"^\d+[.)]\s")


def _sections_at(headings: list[tuple[int, int, str]], question: int) -> dict[int, set[int]]:
    """Headings at the question level that are sections: they do not ask and hold two or more
    headings one level deeper that are numbered or ask (`### Coding Exercise` over `#### 1. What
    is the output...`). Index of each section -> indexes of its questions."""
    found: dict[int, set[int]] = {}
    for position, (index, level, title) in enumerate(headings):
        if level != question or _asks(title):
            continue
        under = []
        for other, other_level, other_title in headings[position + 1 :]:
            if other_level <= question:
                break
            if other_level == question + 1:
                under.append((other, other_title))
        if len(under) >= 2 and all(_NUMBERED_RE.match(text) or _asks(text) for _, text in under):
            found[index] = {other for other, _ in under}
    return found


def _joined(title: str, rest: str) -> str:
    """`Two sum` + `Given an array...` -> `Two sum. Given an array...`."""
    title, rest = title.strip(), rest.strip()
    if title and rest and not title.endswith((".", "?", "!", ":")):
        title += "."
    return " ".join(part for part in (title, rest) if part)


def _bold_questions(lines: list[str]) -> list[tuple[int, str]]:
    """(index, text) of whole bold lines that ask, outside fenced code; when two or more lines
    open with a bold number (`**1)** text`, `**2) Title.** text`), those lines too."""
    found = {
        index: bold.group(1).strip()
        for index, line in _unfenced(lines)
        if (bold := _BOLD_LINE_RE.match(line)) and _asks(bold.group(1))
    }
    labelled = {
        index: _joined(*label.groups())
        for index, line in _unfenced(lines)
        if (label := _LABELLED_LINE_RE.match(line)) and (label.group(1) + label.group(2)).strip()
    }
    if len(labelled) >= 2:
        found.update(labelled)
    return sorted(found.items())


_ITEM_HEADING_RE = re.compile(r"^(?:\d+[.)]|[-*+])[ \t]+(#{1,6}[ \t]+\S.*)$")
_ANCHOR_LINK_LINE_RE = re.compile(r"^\s*(\*\*|__)?\[[^\]]*\]\(#[^)]*\)(\*\*|__)?\s*$")
_CONTENTS_TITLES = {"table of contents", "contents", "toc", "index of questions"}


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _item_headings(lines: list[str]) -> tuple[list[str], int] | None:
    """`1. ### What is X` list items (two or more) as headings, their indented text unindented
    (headings inside an item become bold lines of its answer); None when the file has no such
    layout. The level most of those headings have comes second."""
    unfenced = list(_unfenced(lines))
    items = [index for index, line in unfenced if _ITEM_HEADING_RE.match(line)]
    if len(items) < 2:
        return None
    # an item ends at the next item or at a heading that is not indented
    ends = sorted({*items[1:], *(i for i, line in unfenced if _HEADING_RE.match(line))})
    out = list(lines)
    for index in items:
        out[index] = _ITEM_HEADING_RE.sub(r"\1", lines[index])
        end = next((i for i in ends if i > index), len(lines))
        body = range(index + 1, end)
        depth = min((_indent(lines[i]) for i in body if lines[i].strip()), default=0)
        for i in body:
            if lines[i].strip() and _indent(lines[i]) >= depth:
                out[i] = lines[i][depth:]
        for i, line in _unfenced(out[index + 1 : end]):  # headings of the answer: bold lines
            if heading := _HEADING_RE.match(line.strip()):
                out[index + 1 + i] = f"**{heading.group(2)}**"
    levels = Counter(len(out[index]) - len(out[index].lstrip("#")) for index in items)
    return out, levels.most_common(1)[0][0]


def _navigation_left_out(lines: list[str]) -> bool:
    """A table-of-contents section and lines that only link to an anchor of the page become
    blank lines; True when there was any."""
    changed = False
    skipping_below: int | None = None
    unfenced = dict(_unfenced(lines))
    for index in range(len(lines)):
        heading = _HEADING_RE.match(lines[index]) if index in unfenced else None
        if heading and skipping_below is not None and len(heading.group(1)) <= skipping_below:
            skipping_below = None
        if heading and heading.group(2).strip(" :").lower() in _CONTENTS_TITLES:
            skipping_below = len(heading.group(1))
        if skipping_below is not None or (
            index in unfenced and _ANCHOR_LINK_LINE_RE.match(lines[index])
        ):
            changed = changed or bool(lines[index].strip())
            lines[index] = ""
    return changed


_DETAILS_RE = re.compile(
    r"<details[^>]*>\s*<summary[^>]*>(.*?)</summary>(.*?)</details>", re.IGNORECASE | re.DOTALL
)
_ANSWER_SUMMARY_RE = re.compile(
    r"^(?:show|see|view|click\b.*?)?\s*(?:the\s+)?(?:answers?|solutions?|explanations?|hints?)\b",
    re.IGNORECASE,
)
_Q_LINE_RE = re.compile(
    r"^(?:\*\*|__)?(?:Q|Question)\s*\d*\s*[:.)](?:\*\*|__)?\s*(\S.*?)\s*(?:\*\*|__)?\s*$"
)
_A_PREFIX_RE = re.compile(r"^(?:\*\*|__)?(?:A|Answer|Ans)\s*\d*\s*[:.)](?:\*\*|__)?\s*(?=\S)")


def _html_text(fragment: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", fragment).split())


def _details(text: str) -> tuple[str, int]:
    """`<details><summary>...</summary>...</details>` blocks: when the summary is a question,
    the block becomes a `##` question with its body as the answer; when it only says
    "Answer" (or Solution, Hint...), the body stays as the answer and the wrapper goes.
    Returns the text and how many blocks were questions."""
    asked = 0

    def block(match: re.Match[str]) -> str:
        nonlocal asked
        summary, body = _html_text(match.group(1)), match.group(2)
        body = re.sub(r"(?m)^\s*</?p>\s*$", "", body)
        if summary and not _ANSWER_SUMMARY_RE.match(summary):
            asked += 1
            return f"\n## {summary}\n\n{body.strip()}\n"
        return f"\n{body.strip()}\n"

    return _DETAILS_RE.sub(block, text), asked


def _question_answer_lines(lines: list[str]) -> bool:
    """`Q: What is X?` lines (two or more) become `##` questions and the `A:` before the answer
    goes; True when the file has that layout."""
    questions = [i for i, line in _unfenced(lines) if _Q_LINE_RE.match(line.strip())]
    if len(questions) < 2:
        return False
    for index in questions:
        lines[index] = "## " + _Q_LINE_RE.match(lines[index].strip()).group(1)  # type: ignore[union-attr]
        for i in range(index + 1, len(lines)):
            if lines[i].strip():
                if i not in questions:
                    lines[i] = _A_PREFIX_RE.sub("", lines[i].strip())
                    if not lines[i].strip():
                        lines[i] = ""
                break
    return True


# our own layout: answer/choice markers, `{#slug}` anchors, a choice item, a metadata line
_OUR_MARKS_RE = re.compile(
    r"^(?:(?:answer|key points|choices):\s*$|#{1,2}\s.*\{#[^}\s]+\}\s*$|[-*+]\s+\[[ xX]\]\s"
    r"|(?:difficulty|status|kind):\s*\w+\s*$)",
    re.IGNORECASE,
)
_TOP_ITEM_RE = re.compile(r"^(?:\d+[.)]|[-*+])[ \t]+(\S.*?)\s*$")
_WHOLE_BOLD_RE = re.compile(r"^(\*\*|__)(.+?)\1\s*[:.]?$")


_NUMBERED_ITEM_RE = re.compile(r"^\d+[.)][ \t]")


def _nested_below(lines: list[str], index: int) -> bool:
    """Content follows the list item at `index`: the next non-blank line is indented, or, under a
    numbered item, it is neither the next numbered item nor a heading (a paragraph or bullets)."""
    following = next((line for line in lines[index + 1 :] if line.strip()), "")
    if following[:1] in {" ", "\t"}:
        return True
    numbered = _NUMBERED_ITEM_RE.match(lines[index])
    return bool(numbered and following and not _NUMBERED_ITEM_RE.match(following)) and not (
        _HEADING_RE.match(following)
    )


def _list_questions(lines: list[str], topic: str) -> tuple[list[str], bool] | None:
    """Questions as top-level list items with the answer nested under each (`1. What is X?` then
    indented bullets or paragraphs), two or more: rewritten into our layout. An item is a
    question when it asks, or when it is bold and bold is the style of most items with nested
    content, or when it is numbered and three in four numbered items ask. Headings with
    questions right under them become topics (else the file name names the topic); other
    headings and their text, and text before the first question, are left out. None when the
    file has no such layout; the flag says the file name named the topic."""
    unfenced = list(_unfenced(lines))
    items = [
        (index, match.group(1))
        for index, line in unfenced
        if (match := _TOP_ITEM_RE.match(line))
        and _nested_below(lines, index)
        and not _ANCHOR_LINK_LINE_RE.match(match.group(1))
    ]
    bold_style = 2 * sum(bool(_WHOLE_BOLD_RE.match(text)) for _, text in items) >= len(items)
    # numbered items of which three in four or more ask: the others are questions too
    numbered = [(index, text) for index, text in items if _NUMBERED_ITEM_RE.match(lines[index])]
    asking = sum(_asks(text) for _, text in numbered)
    numbered_style = asking >= 3 and 4 * asking >= 3 * len(numbered)
    questions: dict[int, str] = {}
    for index, text in items:
        bold = _WHOLE_BOLD_RE.match(text)
        if bold:
            text = bold.group(2).strip()
        in_style = (bold and bold_style) or (
            numbered_style and _NUMBERED_ITEM_RE.match(lines[index])
        )
        if _asks(text) or in_style:
            questions[index] = text
    headings = {index: (level, title) for index, level, title in _headings(lines)}
    if len(questions) < 2:
        return None
    out: list[str] = []
    has_topic = named_from_file = False
    state = "before"  # "before" the first question or topic, "topic", "question", "skipped"
    body: list[str] = []

    def flush() -> None:
        expanded = [line.expandtabs(4) for line in body]
        indented = [_indent(line) for line in expanded if line.strip() and line[0] == " "]
        depth = min(indented, default=0)
        for line in expanded:
            out.append(line[min(depth, _indent(line)) :])
        body.clear()

    for index, line in enumerate(lines):
        if index in questions:
            flush()
            if not has_topic:  # the lines above are all blank: the topic goes on top
                out.insert(0, f"# {topic}")
                has_topic = named_from_file = True
            out.append(f"## {questions[index]}")
            state = "question"
        elif index in headings:
            flush()
            level, title = headings[index]
            following = next((i for i in sorted(headings) if i > index), len(lines))
            if any(index < question < following for question in questions):
                out.append(f"# {_topic_title(title)}")
                state, has_topic = "topic", True
            else:
                out.append("")
                state = "skipped" if state != "question" or level <= 2 else state
                if state == "question":  # a deeper heading inside an answer: a bold line
                    out[-1] = f"**{title}**"
        elif state in {"before", "skipped"}:
            out.append("")
        else:
            body.append(line)
    flush()
    return out, named_from_file


def normalize_layout(text: str, *, topic: str) -> tuple[str, str | None]:
    """The text in our layout, and a note when it was rewritten."""
    extra: list[str] = []
    if "<details" in text.lower():
        text, asked = _details(text)
        if asked:
            extra.append(gettext("questions read from <details> summaries"))
    lines = text.split("\n")
    if not any(re.match(r"#{2,6}\s", line) for line in lines) and _question_answer_lines(lines):
        extra.append(gettext("questions read from 'Q:' lines"))
        text = "\n".join(lines)
    listed = _item_headings(lines)
    ours = any(_OUR_MARKS_RE.match(line) for _, line in _unfenced(lines))
    if (
        listed is None
        and not ours
        and not any(_asks(title) for _, level, title in _headings(lines) if level >= 2)
    ):  # lists inside the answers of question headings stay answers
        rewritten = _list_questions(_breaks(lines), topic)
        if rewritten is not None:
            layout = gettext("questions read from list items with the answer nested under each")
            extra.append(layout)
            if rewritten[1]:
                extra.append(
                    gettext("topic %(topic)s taken from the file name") % {"topic": repr(topic)}
                )
            return "\n".join(rewritten[0]), "; ".join(extra)
    if listed is not None:
        lines = listed[0]
        _navigation_left_out(lines)
        text = "\n".join(lines)
    headings = _headings(lines)
    levels = {level for _, level, _ in headings}
    sections = [title for _, level, title in headings if level == 2]
    bold = _bold_questions(lines)
    in_sections = (  # `## Section` headings that do not ask, over more bold questions
        levels <= {1, 2} and sections and len(bold) > len(sections)
        and 2 * sum(_asks(title) for title in sections) < len(sections)
    )  # fmt: skip
    if levels and max(levels) <= 2 and 2 in levels and 1 in levels and not in_sections:
        if listed is not None:
            extra.append(gettext("questions read from headings in numbered list items"))
        return text, "; ".join(extra) or None
    lines = _breaks(lines)
    headings = _headings(lines)
    note = None
    if _navigation_left_out(lines):
        headings = _headings(lines)
        levels = {level for _, level, _ in headings}
    if levels and max(levels) >= 3:
        asked = Counter(level for _, level, title in headings if _asks(title))
        question = asked.most_common(1)[0][0] if asked else max(levels)
        if listed is not None:  # the headings of the list items are the questions
            question = listed[1]
        topic_level = _topic_level(headings, question)
        sections = _sections_at(headings, question)
        for index, level, title in headings:
            if index in sections:
                lines[index] = f"# {_topic_title(title)}"
            elif (
                any(index in under for under in sections.values())
                or level == question
                or (level < question and level != topic_level and _asks(title))
            ):
                lines[index] = f"## {title}"
            elif level == topic_level:
                lines[index] = f"# {_topic_title(title)}"
            elif level > question:
                lines[index] = f"**{title}**"
            else:
                lines[index] = ""
        note = gettext("questions read from level-%(level)s headings") % {"level": question}
        if listed is not None:
            note += "; " + gettext("questions read from headings in numbered list items")
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
    if extra:
        note = "; ".join([*extra, *([note] if note else [])])
    return "\n".join(lines), note
