"""GIFT and Moodle XML written for Moodle's importers (and read back here without loss).

- A topic becomes a category `$course$/Topic` (a path `A / B` becomes `A/B`; `/` in a name is
  written `//`).
- Multiple choice -> `multichoice` (one correct option: single answer, 100 %; several: each
  correct option an equal share, each wrong one 0); the explanation is the option's feedback
  and the official answer the general feedback.
- Open questions -> `essay`; the official answer is the grader information (Moodle XML) or the
  general feedback `{####...}` (GIFT).
- Text is written as Markdown (`[markdown]` in GIFT, `format="markdown"` in XML), which Moodle
  renders; LaTeX delimiters pass through.
- The slug travels as `<idnumber>` (XML) or a `// slug:` comment before the question (GIFT), so
  a round trip updates the same questions.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from interview.bank.models import Question
from interview.bank.transfer.records import TOPIC_SEPARATOR

_GIFT_SPECIAL = "\\~=#{}:"


def _category(topic_name: str) -> str:
    parts = [part.replace("/", "//") for part in topic_name.split(TOPIC_SEPARATOR)]
    return "$course$/" + "/".join(parts)


def gift_escape(text: str) -> str:
    for char in _GIFT_SPECIAL:
        text = text.replace(char, "\\" + char)
    return text.replace("\n", "\\n")


def _shares(question: Question) -> list[str]:
    choices = list(question.choices.all())
    correct = sum(1 for choice in choices if choice.is_correct)
    share = 100 / correct if correct else 0
    text = f"{share:.5f}".rstrip("0").rstrip(".")
    marks = []
    for choice in choices:
        if correct == 1:
            marks.append("=" if choice.is_correct else "~")
        else:
            marks.append(f"~%{text}%" if choice.is_correct else "~%0%")
    return marks


def write_gift(*, questions: list[Question]) -> bytes:
    out: list[str] = []
    category = None
    for question in questions:
        if question.topic.name != category:
            category = question.topic.name
            out.append(f"$CATEGORY: {_category(category)}\n")
        name = gift_escape(" ".join(question.prompt.split())[:60])
        lines = [
            f"// slug: {question.slug}",
            f"::{name}::[markdown]{gift_escape(question.prompt)}{{",
        ]
        if question.kind == Question.Kind.MULTIPLE_CHOICE:
            for mark, choice in zip(_shares(question), question.choices.all(), strict=True):
                feedback = f"#{gift_escape(choice.explanation)}" if choice.explanation else ""
                lines.append(f"\t{mark}{gift_escape(choice.text)}{feedback}")
        if question.official_answer:
            lines.append(f"\t####{gift_escape(question.official_answer)}")
        lines.append("}\n")
        out.append("\n".join(lines))
    return "\n".join(out).encode("utf-8")


def _text(parent: ET.Element, tag: str, value: str, fmt: str | None = "markdown") -> None:
    element = ET.SubElement(parent, tag, {"format": fmt} if fmt else {})
    ET.SubElement(element, "text").text = value


def write_moodle_xml(*, questions: list[Question]) -> bytes:
    quiz = ET.Element("quiz")
    category = None
    for question in questions:
        if question.topic.name != category:
            category = question.topic.name
            element = ET.SubElement(quiz, "question", {"type": "category"})
            holder = ET.SubElement(element, "category")
            ET.SubElement(holder, "text").text = _category(category)
        mcq = question.kind == Question.Kind.MULTIPLE_CHOICE
        element = ET.SubElement(quiz, "question", {"type": "multichoice" if mcq else "essay"})
        name = ET.SubElement(element, "name")
        ET.SubElement(name, "text").text = " ".join(question.prompt.split())[:100]
        _text(element, "questiontext", question.prompt)
        _text(element, "generalfeedback", question.official_answer if mcq else "")
        ET.SubElement(element, "idnumber").text = question.slug
        if mcq:
            choices = list(question.choices.all())
            correct = sum(1 for choice in choices if choice.is_correct)
            ET.SubElement(element, "single").text = "true" if correct == 1 else "false"
            ET.SubElement(element, "shuffleanswers").text = "true"
            ET.SubElement(element, "answernumbering").text = "abc"
            share = f"{100 / correct:.5f}".rstrip("0").rstrip(".") if correct else "0"
            for choice in choices:
                answer = ET.SubElement(
                    element,
                    "answer",
                    {"fraction": share if choice.is_correct else "0", "format": "markdown"},
                )
                ET.SubElement(answer, "text").text = choice.text
                _text(answer, "feedback", choice.explanation)
        else:
            ET.SubElement(element, "responseformat").text = "editor"
            ET.SubElement(element, "responserequired").text = "1"
            ET.SubElement(element, "responsefieldlines").text = "10"
            ET.SubElement(element, "attachments").text = "0"
            _text(element, "graderinfo", question.official_answer)
            _text(element, "responsetemplate", "")
    ET.indent(quiz)
    body = ET.tostring(quiz, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'.encode()
