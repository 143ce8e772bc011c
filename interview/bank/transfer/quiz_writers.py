"""GIFT and Moodle XML written for Moodle's importers (and read back here without loss).

- A topic becomes a category `$course$/Topic` (a path `A / B` becomes `A/B`; `/` in a name is
  written `//`).
- Multiple choice -> `multichoice` (one correct option: single answer, 100 %; several: each
  correct option an equal share, each wrong one 0); the explanation is the option's feedback
  and the official answer the general feedback.
- Open questions -> `essay`; the official answer is the grader information (Moodle XML) or the
  general feedback `{####...}` (GIFT).
- Cloze questions -> `cloze` (Moodle XML: each blank an embedded `{1:SHORTANSWER:=a~=b}`
  accepting every alternative; hints have no place there and are left out); in GIFT a question
  with one blank is a missing-word question `... {=a =b} ...`, one with several blanks (which
  GIFT cannot hold) an essay showing numbered blanks, the answers as its general feedback.
- Text is written as Markdown (`[markdown]` in GIFT, `format="markdown"` in XML), which Moodle
  renders; LaTeX delimiters pass through.
- The slug travels as `<idnumber>` (XML) or a `// slug:` comment before the question (GIFT), so
  a round trip updates the same questions.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from interview.bank.cloze import CLOZE_RE, cloze_answer_list, cloze_blanks, cloze_numbered
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
        shown = question.title if question.is_cloze else question.prompt  # no answers
        name = gift_escape(" ".join(shown.split())[:60])
        if question.is_cloze and len(cloze_blanks(question.prompt)) == 1:
            out.append(_gift_missing_word(question, name))
            continue
        prompt = question.prompt
        general = question.official_answer
        if question.is_cloze:
            prompt = cloze_numbered(prompt).replace("\\_", "_")
            general = "\n\n".join(p for p in (cloze_answer_list(question.prompt), general) if p)
        lines = [
            f"// slug: {question.slug}",
            f"::{name}::[markdown]{gift_escape(prompt)}{{",
        ]
        if question.kind == Question.Kind.MULTIPLE_CHOICE:
            for mark, choice in zip(_shares(question), question.choices.all(), strict=True):
                feedback = f"#{gift_escape(choice.explanation)}" if choice.explanation else ""
                lines.append(f"\t{mark}{gift_escape(choice.text)}{feedback}")
        if general:
            lines.append(f"\t####{gift_escape(general)}")
        lines.append("}\n")
        out.append("\n".join(lines))
    return "\n".join(out).encode("utf-8")


def _gift_missing_word(question: Question, name: str) -> str:
    match = CLOZE_RE.search(question.prompt)
    assert match is not None
    [blank] = cloze_blanks(question.prompt)
    before = gift_escape(question.prompt[: match.start()])
    after = gift_escape(question.prompt[match.end() :])
    accepted = " ".join(f"={gift_escape(answer)}" for answer in blank.answers)
    general = f" ####{gift_escape(question.official_answer)}" if question.official_answer else ""
    return f"// slug: {question.slug}\n::{name}::[markdown]{before}{{{accepted}{general}}}{after}\n"


def _moodle_cloze_text(prompt: str) -> str:
    counter = 0

    def blank(match: re.Match[str]) -> str:
        nonlocal counter
        counter += 1
        answers = [a.strip() for a in match.group(2).split("|") if a.strip()]
        escaped = [re.sub(r'([}#~/"\\])', r"\\\1", answer) for answer in answers]
        return "{1:SHORTANSWER:" + "~".join(f"={answer}" for answer in escaped) + "}"

    return CLOZE_RE.sub(blank, prompt)


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
        qtype = "multichoice" if mcq else "cloze" if question.is_cloze else "essay"
        element = ET.SubElement(quiz, "question", {"type": qtype})
        name = ET.SubElement(element, "name")
        shown = question.title if question.is_cloze else question.prompt  # no answers
        ET.SubElement(name, "text").text = " ".join(shown.split())[:100]
        if question.is_cloze:
            _text(element, "questiontext", _moodle_cloze_text(question.prompt))
            _text(element, "generalfeedback", question.official_answer)
            ET.SubElement(element, "idnumber").text = question.slug
            continue
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
