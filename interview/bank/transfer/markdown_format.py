"""The Markdown format: one file per topic, `#` topic, `##` question, the answer below.

    # Statistics {#statistics}
    Optional topic description (used when the topic is created).

    ## What is a p-value? {#stats-p-value}
    Difficulty: medium
    Tags: inference, testing

    Answer:
    The probability, under the null hypothesis, of data at least as extreme...

    Key points:
    - Assumes the null hypothesis is true (keywords: null, H0)

    Choices:
    - [x] The right option
      Why it is right (indented lines below an option are its explanation).
    - [ ] A wrong option

A `{#slug}` after a heading is the stable key; without one the key is derived from the text.
Lines right below a question heading of the form `Field: value` are metadata (Slug, Kind,
Difficulty, Status, Tags, Instruction, Context, Source, Source URL, Related). A cloze question
keeps its blanks in the prompt, `{{c1::answer|alternative::hint}}`, and is written with
`Kind: cloze`; a question without a Kind line whose prompt has well-formed blanks (and no
choices) is read as cloze too. Text before an
`Answer:` line continues the prompt (e.g. a code block); without `Answer:` all text is the
answer. Headings and markers inside fenced code blocks are content, not structure. A comment
`<!-- language: fr -->` before the first topic names the language of the texts (see
`translated`).
"""

from __future__ import annotations

import itertools
import json
import re

from django.utils.text import slugify
from django.utils.translation import gettext

from interview.bank.cloze import cloze_problems, has_blanks
from interview.bank.models import Question, Topic
from interview.bank.transfer.csv_format import format_key_point, parse_key_point, slug_for_prompt
from interview.bank.transfer.detect import topic_from_file_name
from interview.bank.transfer.markdown_layouts import normalize_layout
from interview.bank.transfer.records import (
    ChoiceRecord,
    KeyPointRecord,
    ParsedFile,
    QuestionRecord,
    TopicRecord,
)

_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HEADING_RE = re.compile(r"^(#{1,2})[ \t]+(.*?)[ \t]*$")
_LANGUAGE_RE = re.compile(r"^<!--\s*language\s*:\s*([A-Za-z_-]*)\s*-->$", re.IGNORECASE)
_ANCHOR_RE = re.compile(r"\s*\{#([^}\s]+)\}\s*$")
_MARKER_RE = re.compile(r"^(answer|key points|choices):[ \t]*$", re.IGNORECASE)
_FIELD_RE = re.compile(r"^([A-Za-z][A-Za-z ]*?):[ \t]*(.*)$")
_FIELDS = {
    "slug": "slug", "kind": "kind", "difficulty": "difficulty", "status": "status",
    "tags": "tags", "instruction": "instruction", "context": "context",
    "source": "source_title", "source url": "source_url", "related": "related",
}  # fmt: skip
_ITEM_RE = re.compile(r"^(?:[-*+]|\d+[.)])[ \t]+(.*)$")
_CHOICE_RE = re.compile(r"^\[([ xX])\][ \t]*(.*)$")
_KINDS = {
    "open": Question.Kind.OPEN.value,
    "multiple_choice": Question.Kind.MULTIPLE_CHOICE.value,
    "multiple choice": Question.Kind.MULTIPLE_CHOICE.value,
    "mcq": Question.Kind.MULTIPLE_CHOICE.value,
    "cloze": Question.Kind.CLOZE.value,
}


def _structure(lines: list[str]) -> list[tuple[int, str | None]]:
    """For each line: the heading level ("#" or "##") or a marker name, None for content."""
    fence: str | None = None
    kinds: list[tuple[int, str | None]] = []
    for number, line in enumerate(lines, start=1):
        match = _FENCE_RE.match(line)
        if fence:
            closing = match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence)
            if closing and not line.strip().strip(fence[0]):
                fence = None
            kinds.append((number, None))
            continue
        if match:
            fence = match.group(1)
            kinds.append((number, None))
            continue
        heading = _HEADING_RE.match(line)
        if heading:
            kinds.append((number, heading.group(1)))
        elif _MARKER_RE.match(line):
            kinds.append((number, line.split(":")[0].strip().lower()))
        else:
            kinds.append((number, None))
    return kinds


def _split_anchor(text: str) -> tuple[str, str]:
    match = _ANCHOR_RE.search(text)
    if not match:
        return text.strip(), ""
    return text[: match.start()].strip(), match.group(1)


def _text(lines: list[str]) -> str:
    return "\n".join(lines).strip("\n").rstrip()


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def parse_markdown(*, name: str, text: str) -> ParsedFile:
    parsed = ParsedFile(name=name)
    if text.lstrip().startswith(("{", "[")) and _is_json(text):  # not a leading [link](...)
        parsed.problem(1, "format", gettext("this looks like JSON, not a Markdown file"))
        return parsed
    text, note = normalize_layout(text, topic=topic_from_file_name(name))
    if note:
        parsed.notes.append(gettext("another Markdown layout: %(layout)s") % {"layout": note})
    lines = text.split("\n")
    kinds = _structure(lines)
    headings = [(number, kind) for number, kind in kinds if kind in {"#", "##"}]
    if not any(kind == "#" for _, kind in headings):
        parsed.problem(
            1,
            "format",
            gettext("not a question Markdown file: no '# Topic' heading at the start of a line"),
        )
        return parsed
    first_topic = next(number for number, kind in headings if kind == "#")
    stray = [
        number
        for number, line in enumerate(lines[: first_topic - 1], start=1)
        if line.strip() and not line.startswith("<!--")
    ]
    if stray:
        parsed.problem(stray[0], "format", gettext("text before the first '# Topic' heading"))
    for number, line in enumerate(lines[: first_topic - 1], start=1):
        marker = _LANGUAGE_RE.match(line.strip())
        if marker:
            parsed.language, parsed.language_line = marker.group(1).lower(), number
            break
    topic: TopicRecord | None = None
    bounds = [*headings, (len(lines) + 1, None)]
    for (number, kind), (end, _) in itertools.pairwise(bounds):
        title = _HEADING_RE.match(lines[number - 1]).group(2)  # type: ignore[union-attr]
        body = lines[number : end - 1]
        if kind == "#":
            name_text, slug = _split_anchor(title)
            topic = TopicRecord(
                file=name,
                line=number,
                slug=slug,
                name=name_text,
                defines=False,
                description=_text(body),
            )
            if not name_text:
                parsed.problem(number, "topic", gettext("the topic heading is empty"))
            parsed.topics.append(topic)
        elif topic is not None:
            _parse_question(parsed, topic, number, title, body, kinds[number : end - 1])
    if not parsed.questions:
        parsed.problem(None, "file", gettext("no '## Question' headings in the file"))
    return parsed


def _parse_question(
    parsed: ParsedFile,
    topic: TopicRecord,
    number: int,
    title: str,
    body: list[str],
    kinds: list[tuple[int, str | None]],
) -> None:
    first_line, slug = _split_anchor(title)
    record = QuestionRecord(
        file=parsed.name,
        line=number,
        slug=slug,
        topic=topic.slug or topic.name,
        prompt=first_line,
        lines={"prompt": number},
        labels={"prompt": "## heading"},
    )
    index = 0
    while index < len(body) and not body[index].strip():
        index += 1
    metadata: dict[str, tuple[int, str]] = {}
    current: str | None = None
    while index < len(body) and kinds[index][1] is None:
        line = body[index]
        match = _FIELD_RE.match(line)
        if match and match.group(1).strip().lower() in _FIELDS:
            current = _FIELDS[match.group(1).strip().lower()]
            if current in metadata:
                parsed.problem(kinds[index][0], match.group(1), gettext("given twice"))
            metadata[current] = (kinds[index][0], match.group(2).strip())
        elif current and line.startswith("  ") and line.strip():
            line_number, value = metadata[current]
            metadata[current] = (line_number, f"{value}\n{line[2:].rstrip()}")
        else:
            break
        index += 1
    _apply_metadata(parsed, record, metadata)

    sections: dict[str, tuple[int, list[str]]] = {}
    name, start, collected = "lead", number, []
    for (line_number, kind), line in zip(kinds[index:], body[index:], strict=True):
        if kind in {"answer", "key points", "choices"}:
            if kind in sections:
                parsed.problem(
                    line_number,
                    kind,
                    gettext("a second '%(section)s:' section") % {"section": kind.capitalize()},
                )
            sections.setdefault(name, (start, collected))
            name, start, collected = kind, line_number, []
        else:
            collected.append(line)
    sections.setdefault(name, (start, collected))
    lead = _text(sections["lead"][1])
    if "answer" in sections:
        if lead:
            record.prompt = f"{first_line}\n\n{lead}"
        record.official_answer = _text(sections["answer"][1])
        record.lines["official_answer"] = sections["answer"][0]
    elif lead:
        record.official_answer = lead
    if "key points" in sections:
        line_number, lines = sections["key points"]
        record.lines["key_points"] = line_number
        record.key_points = _key_points(parsed, line_number, lines)
    if "choices" in sections:
        line_number, lines = sections["choices"]
        record.lines["choices"] = line_number
        record.choices = _choices(parsed, line_number, lines)
        if record.kind is None:
            record.kind = Question.Kind.MULTIPLE_CHOICE.value
    elif record.kind is None and has_blanks(record.prompt) and not cloze_problems(record.prompt):
        record.kind = Question.Kind.CLOZE.value  # Anki-style blanks, no Kind line needed
    if not record.slug and record.prompt.strip():
        record.slug = slug_for_prompt(record.prompt)
    parsed.questions.append(record)


def _apply_metadata(
    parsed: ParsedFile, record: QuestionRecord, metadata: dict[str, tuple[int, str]]
) -> None:
    for key, (line_number, value) in metadata.items():
        record.lines[key] = line_number
        if key == "slug":
            if record.slug and value != record.slug:
                parsed.problem(
                    line_number,
                    "Slug",
                    gettext("differs from the heading's %(anchor)s")
                    % {"anchor": f"{{#{record.slug}}}"},
                )
            record.slug = record.slug or value
        elif key == "kind":
            record.kind = _KINDS.get(value.lower(), value)
        elif key in {"difficulty", "status"}:
            setattr(record, key, value.lower())
        elif key == "tags":
            record.tags = [tag.strip() for tag in value.split(",") if tag.strip()]
        elif key == "related":
            record.related = [item for item in re.split(r"[,;\s]+", value) if item]
        else:
            setattr(record, key, value)


def _items(
    parsed: ParsedFile, line_number: int, lines: list[str], section: str
) -> list[tuple[int, str, list[str]]]:
    """List items as (line, first line text, continuation lines)."""
    items: list[tuple[int, str, list[str]]] = []
    for offset, line in enumerate(lines, start=1):
        match = _ITEM_RE.match(line)
        if match:
            items.append((line_number + offset, match.group(1), []))
        elif items and (line.startswith((" ", "\t")) or not line.strip()):
            items[-1][2].append(line)
        elif line.strip():
            parsed.problem(
                line_number + offset,
                section,
                gettext("expected a list item ('- ...'), got %(line)s") % {"line": repr(line)},
            )
    return items


def _key_points(parsed: ParsedFile, line_number: int, lines: list[str]) -> list[KeyPointRecord]:
    points = []
    for _, text, more in _items(parsed, line_number, lines, "Key points"):
        full = " ".join([text.strip(), *(line.strip() for line in more if line.strip())])
        points.append(parse_key_point(full))
    return points


def _dedent(lines: list[str]) -> str:
    indents = [len(line) - len(line.lstrip(" ")) for line in lines if line.strip()]
    cut = min(indents, default=0)
    return _text([line[cut:] for line in lines])


def _choices(parsed: ParsedFile, line_number: int, lines: list[str]) -> list[ChoiceRecord]:
    choices = []
    for item_line, text, more in _items(parsed, line_number, lines, "Choices"):
        match = _CHOICE_RE.match(text)
        if not match:
            parsed.problem(item_line, "Choices", gettext("an option must start with [x] or [ ]"))
            continue
        choices.append(
            ChoiceRecord(
                text=match.group(2).strip(),
                is_correct=match.group(1).lower() == "x",
                explanation=_dedent(more),
            )
        )
    return choices


# Writing


def _has_structure(text: str) -> int | None:
    """The first line of `text` that the parser would read as a heading or a marker."""
    for number, kind in _structure(text.split("\n")):
        if kind is not None:
            return number
    return None


def markdown_problems(question: Question) -> list[str]:
    """Why `question` cannot be written as Markdown without changing it (empty: it can)."""
    problems = []
    first, _, rest = question.prompt.strip().partition("\n")
    if not first.strip() or _FENCE_RE.match(first) or first.lstrip().startswith("#"):
        problems.append("the prompt's first line must be plain text (it becomes the ## heading)")
    if _ANCHOR_RE.search(first):
        problems.append("the prompt's first line ends with {#...}")
    for label, text in (("prompt", rest), ("official answer", question.official_answer)):
        line = _has_structure(text)
        if line:
            problems.append(f"the {label} has a '#'/'##' heading or a marker line (line {line})")
    for label, text in (("instruction", question.instruction), ("context", question.context)):
        if re.search(r"\n\s*\n", text.strip()):
            problems.append(f"the {label} has a blank line")
    for point in question.key_points.all():
        if "\n" in point.text:
            problems.append("a key point spans several lines")
    for choice in question.choices.all():
        if "\n" in choice.text.strip() or _CHOICE_RE.match(choice.text.strip()):
            problems.append("an option's text spans several lines or starts with [ ]")
    if any("," in tag.name for tag in question.tags.all()):
        problems.append("a tag name has a comma")
    return problems


def _metadata(label: str, value: str) -> str:
    lines = value.strip().split("\n")
    return "\n".join([f"{label}: {lines[0]}", *(f"  {line}" for line in lines[1:])])


def _question_markdown(question: Question) -> str:
    first, _, rest = question.prompt.strip().partition("\n")
    parts = [f"## {first.strip()} {{#{question.slug}}}"]
    meta = [f"Difficulty: {question.difficulty}", f"Status: {question.status}"]
    if (question.is_multiple_choice and not question.choices.all()) or question.is_cloze:
        meta.append(f"Kind: {question.kind}")
    tags = [tag.name for tag in question.tags.all()]
    if tags:
        meta.append(f"Tags: {', '.join(tags)}")
    for label, value in (
        ("Instruction", question.instruction),
        ("Context", question.context),
        ("Source", question.source_title),
        ("Source URL", question.source_url),
    ):
        if value.strip():
            meta.append(_metadata(label, value))
    related = sorted(other.slug for other in question.related.all())
    if related:
        meta.append(f"Related: {', '.join(related)}")
    parts.append("\n".join(meta))
    if rest.strip():
        parts.append(rest.strip("\n"))
    if rest.strip() or question.official_answer.strip():
        parts.append("Answer:")
        if question.official_answer.strip():
            parts.append(question.official_answer.strip())
    points = list(question.key_points.all())
    if points:
        items = [f"- {format_key_point(p.text, p.keyword_list)}" for p in points]
        parts.append("Key points:\n" + "\n".join(items))
    choices = list(question.choices.all())
    if choices:
        items = []
        for choice in choices:
            item = f"- [{'x' if choice.is_correct else ' '}] {choice.text.strip()}"
            explanation = choice.explanation.strip()
            if explanation:
                indented = [f"  {line}" if line.strip() else "" for line in explanation.split("\n")]
                item += "\n" + "\n".join(indented)
            items.append(item)
        parts.append("Choices:\n" + "\n".join(items))
    return "\n\n".join(parts)


def write_markdown(*, topic: Topic, questions: list[Question]) -> bytes:
    """One topic's questions (relations prefetched) as a Markdown file."""
    parts = [f"# {topic.name} {{#{topic.slug}}}"]
    if topic.description.strip() and not _has_structure(topic.description):
        parts.append(topic.description.strip())
    parts.extend(_question_markdown(question) for question in questions)
    return ("\n\n".join(parts) + "\n").encode("utf-8")


def markdown_file_name(topic: Topic) -> str:
    return f"{topic.slug or slugify(topic.name)}.md"
