"""Moodle XML (`<quiz><question type=...>`) read into questions.

How each Moodle type lands (see the README, "Moodle XML"):
- `multichoice` -> multiple choice (every answer with a positive fraction is correct; per-answer
  feedback becomes the option's explanation); `truefalse` -> multiple choice True/False.
- `shortanswer`, `numerical`, `essay` (grader info as the answer) -> open questions.
- `matching` -> one open question whose answer is the list of pairs.
- `cloze`/`multianswer` -> a cloze question: each embedded answer becomes a blank
  `{{cN::answer|other full-credit answer}}`; an embedded multiple choice becomes a blank whose
  hint lists its options. When a blank has no usable answer (or an answer that cannot be
  written in a blank), the question stays open: numbered blanks `_____ (1)` with the right
  answer of every blank listed in the official answer.
- `category` sets the topic of the questions after it (the path is kept: `a / b`).
- `ddwtos` (drag and drop into text) and `gapselect` (select missing words) -> a cloze question:
  the place holder `[[n]]` becomes a blank whose answer is the n-th option and whose hint lists
  the options of its group, `{{c1::cat::cat / dog / mat}}`.
- `gapfill` (the Gapfill plugin) -> a cloze question: each gap accepts its `|` alternatives;
  gaps that may stay empty (`!!`) or hold a regular expression leave the question unsupported.
- `description` and types with no home here (`ordering`, `calculated`, drag and drop onto an
  image...) are listed as unsupported.
Images embedded as base64 (`<file>`) that the text shows are stored (see
`interview.bank.media`: images only, size cap, sanitized names) and shown as
`![alt](/media/bank/...)`; other files, and images that are refused, are counted in the file's
notes and an image that is not stored is shown as `[image: alt text]`. Files with a DOCTYPE or
entities are refused (no entity expansion).
"""

from __future__ import annotations

import base64
import binascii
import re
import xml.etree.ElementTree as ET
from html import escape, unescape
from urllib.parse import unquote

from django.utils.translation import gettext

from interview.bank.cloze import cloze_problems
from interview.bank.media import MediaFile, media_max_bytes, media_prepare
from interview.bank.models import Question
from interview.bank.transfer.gift_format import BLANK
from interview.bank.transfer.quiz_common import (
    category_topic,
    question_slug,
    settle_slugs,
    text_to_markdown,
)
from interview.bank.transfer.records import ChoiceRecord, ParsedFile, QuestionRecord

_CLOZE_RE = re.compile(r"\{(\d*):([A-Z_]+):((?:\\\}|[^}])*)\}")


def looks_like_moodle_xml(text: str) -> bool:
    head = text.lstrip()[:2000]
    return head.startswith("<") and bool(re.search(r"<quiz[\s>]", head))


def _text(element: ET.Element | None, path: str = "text") -> str:
    if element is None:
        return ""
    found = element.find(path)
    return (found.text or "") if found is not None else ""


def _line_numbers(text: str) -> list[int]:
    """The line of each `<question` tag, in order (ElementTree keeps no line numbers)."""
    return [text.count("\n", 0, match.start()) + 1 for match in re.finditer(r"<question\b", text)]


def parse_moodle_xml(*, name: str, text: str, topic: str = "") -> ParsedFile:
    parsed = ParsedFile(name=name)
    if re.search(r"<!(DOCTYPE|ENTITY)", text[:5000]):
        parsed.problem(1, "format", gettext("a DOCTYPE or entity declaration: refused for safety"))
        return parsed
    try:
        root = ET.fromstring(text.encode("utf-8"))
    except ET.ParseError as error:
        line = error.position[0] if error.position else None
        parsed.problem(line, "format", gettext("not well-formed XML: %(error)s") % {"error": error})
        return parsed
    if root.tag != "quiz":
        parsed.problem(
            1,
            "format",
            gettext("the root element is %(element)s, not Moodle's %(quiz)s")
            % {"element": f"<{root.tag}>", "quiz": "<quiz>"},
        )
        return parsed
    lines = _line_numbers(text)
    category = ""
    dropped = _Embedded()
    for index, question in enumerate(root.findall("question")):
        line = lines[index] if index < len(lines) else None
        qtype = (question.get("type") or "").lower()
        if qtype == "category":
            category = category_topic(_text(question.find("category")))
            continue
        _question(parsed, line, qtype, question, category or topic, dropped)
    for kind, count in sorted(dropped.items()):
        parsed.notes.append(
            gettext("%(count)s embedded %(kind)s file(s) dropped") % {"count": count, "kind": kind}
        )
    if dropped.stored:
        parsed.media.extend(dropped.stored.values())
        parsed.notes.append(
            gettext("%(count)s embedded image(s) stored") % {"count": len(dropped.stored)}
        )
    settle_slugs(parsed)
    if not parsed.questions and not parsed.unsupported and not parsed.problems:
        parsed.problem(None, "file", gettext("no questions in this Moodle XML file"))
    return parsed


_PLUGINFILE_IMG_RE = re.compile(r"!\[([^\]]*)\]\(@@PLUGINFILE@@/([^)]*)\)")


class _Embedded(dict[str, int]):
    """Counts of embedded files not kept, by extension; `stored`: the images kept, by name."""

    def __init__(self) -> None:
        super().__init__()
        self.stored: dict[str, MediaFile] = {}


def _embedded_image(file: ET.Element) -> MediaFile | None:
    if (file.get("encoding") or "base64").lower() != "base64":
        return None
    body = "".join((file.text or "").split())
    if len(body) > (media_max_bytes() * 4) // 3 + 4:
        return None
    try:
        data = base64.b64decode(body, validate=True)
    except (binascii.Error, ValueError):
        return None
    prepared = media_prepare(original=file.get("name") or "image", data=data)
    return prepared if isinstance(prepared, MediaFile) else None


def _rich(
    element: ET.Element | None,
    dropped: dict[str, int],
    transform=None,
    default_format: str | None = None,
) -> str:
    """A Moodle text element (`format`, `<text>`, `<file>`s) as Markdown; files are counted."""
    if element is None:
        return ""
    raw = _text(element)
    if transform is not None:
        raw = transform(raw)
    kept: dict[str, MediaFile] = {}
    for file in element.findall("file"):
        image = _embedded_image(file) if isinstance(dropped, _Embedded) else None
        if image is not None and isinstance(dropped, _Embedded):
            kept[file.get("name") or ""] = dropped.stored.setdefault(image.name, image)
            continue
        kind = (file.get("name") or "").rsplit(".", 1)[-1].lower() or "unnamed"
        dropped[kind] = dropped.get(kind, 0) + 1
    markdown = text_to_markdown(raw, element.get("format") or default_format)

    def image(match: re.Match[str]) -> str:
        stored = kept.get(unquote(match.group(2)).split("?")[0].strip())
        alt = match.group(1) or "not kept"
        return f"![{match.group(1)}]({stored.url})" if stored else f"[image: {alt}]"

    return _PLUGINFILE_IMG_RE.sub(image, markdown)


def _fraction(answer: ET.Element) -> float:
    try:
        return float(answer.get("fraction") or 0)
    except ValueError:
        return 0.0


def _question(
    parsed: ParsedFile,
    line: int | None,
    qtype: str,
    element: ET.Element,
    topic: str,
    dropped: dict[str, int],
) -> None:
    title = _text(element.find("name")).strip()
    prompt = _rich(element.find("questiontext"), dropped)
    general = _rich(element.find("generalfeedback"), dropped)
    idnumber = (element.findtext("idnumber") or "").strip()
    record = QuestionRecord(
        file=parsed.name,
        line=line,
        slug=question_slug(title, prompt, key=idnumber),
        topic=topic,
        prompt=prompt or title,
        labels={"prompt": "questiontext", "slug": "idnumber" if idnumber else "name"},
    )
    tags = [
        (t.text or "").strip() for t in element.findall("tags/tag/text") if (t.text or "").strip()
    ]
    if tags:
        record.tags = tags
    answers = element.findall("answer")

    def answer_text(answer: ET.Element) -> str:
        if "@@PLUGINFILE@@" in _text(answer):  # an image in the answer: stored like the text's
            return _rich(answer, dropped, default_format="moodle_auto_format")
        return text_to_markdown(_text(answer), answer.get("format") or "moodle_auto_format")

    def both(*parts: str) -> str:
        return "\n\n".join(part for part in parts if part)

    if qtype == "multichoice":
        # With a full-credit answer, partial credit is not "correct"; without one, every
        # answer with a positive fraction is (a multiple-answer question).
        full = any(_fraction(answer) >= 100 for answer in answers)
        record.kind = Question.Kind.MULTIPLE_CHOICE.value
        record.choices = [
            ChoiceRecord(
                answer_text(answer),
                _fraction(answer) >= 100 if full else _fraction(answer) > 0,
                _rich(answer.find("feedback"), dropped),
            )
            for answer in answers
        ]
        correct = [choice.text for choice in record.choices if choice.is_correct]
        if not correct:  # a poll, or every option wrong: nothing to check an answer against
            parsed.unsupported.append((line, "multichoice without a right answer"))
            return
        record.official_answer = general or "; ".join(correct)
    elif qtype == "truefalse":
        truth = next((answer_text(a).lower() == "true" for a in answers if _fraction(a) > 0), True)
        feedback = {answer_text(a).lower(): _rich(a.find("feedback"), dropped) for a in answers}
        record.kind = Question.Kind.MULTIPLE_CHOICE.value
        record.choices = [
            ChoiceRecord("True", truth, feedback.get("true", "")),
            ChoiceRecord("False", not truth, feedback.get("false", "")),
        ]
        record.short_answer = "True" if truth else "False"
        record.official_answer = both(record.short_answer, general)
    elif qtype in {"shortanswer", "numerical"}:
        accepted = []
        for answer in answers:
            value = answer_text(answer)
            if _fraction(answer) <= 0 or value in {"", "*"}:
                continue
            tolerance = (answer.findtext("tolerance") or "").strip()
            if qtype == "numerical" and tolerance not in {"", "0"}:
                try:
                    if float(tolerance) == 0:
                        tolerance = ""
                except ValueError:
                    pass
                value = f"{value} (± {tolerance})" if tolerance else value
            accepted.append(value)
        record.kind = Question.Kind.OPEN.value
        if accepted:
            also = f"\n\nAlso accepted: {', '.join(accepted[1:])}" if accepted[1:] else ""
            record.official_answer = both(accepted[0] + also, general)
            record.short_answer = accepted[0]
        else:
            record.official_answer = general
    elif qtype == "essay":
        record.kind = Question.Kind.OPEN.value
        record.official_answer = both(_rich(element.find("graderinfo"), dropped), general)
    elif qtype == "matching":
        pairs = []
        for sub in element.findall("subquestion"):
            left = _rich(sub, dropped)
            right = _text(sub.find("answer")).strip()
            pairs.append(f"- {left} → {right}" if left else None)
        record.kind = Question.Kind.OPEN.value
        record.official_answer = both("\n".join(p for p in pairs if p), general)
    elif qtype in {"cloze", "multianswer"}:
        record.kind = Question.Kind.OPEN.value
        found: list[str] = []
        again = _Embedded()  # the text's files were counted with `prompt` above
        cloze_prompt = _rich(element.find("questiontext"), again, cloze_markup)
        if isinstance(dropped, _Embedded):
            dropped.stored.update(again.stored)
        if cloze_prompt and not cloze_problems(cloze_prompt):
            record.kind = Question.Kind.CLOZE.value
            record.prompt = cloze_prompt  # its files were counted with `prompt` above
            record.official_answer = general
            if not record.prompt.strip():
                parsed.problem(
                    line,
                    "questiontext",
                    gettext("a %(type)s question with no text") % {"type": qtype},
                )
                return
            parsed.questions.append(record)
            return

        def blanks(raw: str) -> str:
            prompt, listed = cloze_blanks(raw)
            found.append(listed)
            return prompt

        record.prompt = _rich(element.find("questiontext"), {}, blanks)
        answers_md = found[0] if found else ""
        record.official_answer = both(answers_md, general)
    elif qtype in {"ddwtos", "gapselect"}:
        again = _Embedded()  # the text's files were counted with `prompt` above
        options = _gap_options(element)
        cloze_prompt = _rich(
            element.find("questiontext"), again, lambda raw: gap_markup(raw, options)
        )
        if isinstance(dropped, _Embedded):
            dropped.stored.update(again.stored)
        if not cloze_prompt or cloze_problems(cloze_prompt):
            parsed.unsupported.append((line, f"{qtype} whose gaps cannot be blanks"))
            return
        record.kind = Question.Kind.CLOZE.value
        record.prompt = cloze_prompt
        record.official_answer = general
    elif qtype == "gapfill":
        again = _Embedded()
        text_element = element.find("questiontext")
        html_text = (text_element.get("format") if text_element is not None else "") == "html"
        cloze_prompt = _rich(
            text_element, again, lambda raw: gapfill_markup(raw, element, html=html_text)
        )
        if isinstance(dropped, _Embedded):
            dropped.stored.update(again.stored)
        if not cloze_prompt or cloze_problems(cloze_prompt):
            parsed.unsupported.append((line, "gapfill with a pattern or optional gap"))
            return
        record.kind = Question.Kind.CLOZE.value
        record.prompt = cloze_prompt
        record.official_answer = general
    else:
        parsed.unsupported.append((line, qtype or "untyped"))
        return
    if not record.prompt.strip():
        parsed.problem(
            line, "questiontext", gettext("a %(type)s question with no text") % {"type": qtype}
        )
        return
    parsed.questions.append(record)


def _subanswers(body: str) -> list[tuple[float, str]]:
    """`=a#ok~%50%b~c` -> [(100, "a"), (50, "b"), (0, "c")]."""
    found = []
    for part in re.split(r"(?<!\\)~", body):
        weight = 100.0 if part.startswith("=") else 0.0
        part = part[1:] if part.startswith("=") else part
        weighted = re.match(r"%(-?\d+(?:\.\d+)?)%", part)
        if weighted:
            weight = float(weighted.group(1))
            part = part[weighted.end() :]
        value = re.split(r"(?<!\\)#", part, maxsplit=1)[0].replace("\\", "").strip()
        found.append((weight, value))
    return found


_UNWRITABLE = re.compile(r"\||::|\{\{|\}\}|\n")


def cloze_markup(text: str) -> str:
    """Moodle's embedded answers -> `{{cN::...}}` blanks; a blank that cannot be written is
    left as `{{cN::}}`, which makes the text fail the cloze check (the caller falls back)."""
    number = 0

    def blank(match: re.Match[str]) -> str:
        nonlocal number
        number += 1
        answers = _subanswers(match.group(3))
        best = max((weight for weight, value in answers if value != "*"), default=0.0)
        accepted = [v for w, v in answers if w == best and w > 0 and v and v != "*"]
        if match.group(2) in {"NUMERICAL", "NM"}:  # `1822:2`: the value (no tolerance here)
            accepted = [value.split(":", 1)[0].strip() for value in accepted]
        if not accepted or any(_UNWRITABLE.search(value) for value in accepted):
            return f"{{{{c{number}::}}}}"
        hint = ""
        if "MULTICHOICE" in match.group(2) or match.group(2) in {"MC", "MCV", "MCH", "MCS"}:
            options = [v for _, v in answers if v and v != "*"]
            if any(_UNWRITABLE.search(value) for value in options):
                return f"{{{{c{number}::}}}}"
            hint = "::" + " / ".join(options)
        return f"{{{{c{number}::{'|'.join(accepted)}{hint}}}}}"

    return _CLOZE_RE.sub(blank, text)


_GAP_RE = re.compile(r"\[\[(\d+)\]\]")


def _gap_options(element: ET.Element) -> list[tuple[str, str]]:
    """The (text, group) of each `<dragbox>` (ddwtos) or `<selectoption>` (gapselect), in order:
    the place holder `[[n]]` is filled by the n-th one."""
    found = []
    for option in element.findall("dragbox") + element.findall("selectoption"):
        text = text_to_markdown(_text(option), "html").strip()
        found.append((text, (option.findtext("group") or "1").strip()))
    return found


def gap_markup(text: str, options: list[tuple[str, str]]) -> str:
    """Moodle's `[[n]]` place holders (drag and drop into text, select missing words) -> cloze
    blanks: the n-th option is the answer and the options of its group are the hint. A place
    holder with no option, or an option that cannot be written in a blank, gives `{{cN::}}`,
    which fails the cloze check (the caller then lists the question as unsupported)."""
    number = 0

    def blank(match: re.Match[str]) -> str:
        nonlocal number
        number += 1
        index = int(match.group(1)) - 1
        if not 0 <= index < len(options) or not options[index][0]:
            return f"{{{{c{number}::}}}}"
        answer, group = options[index]
        choices = [value for value, other in options if other == group and value]
        if any(_UNWRITABLE.search(value) for value in choices):
            return f"{{{{c{number}::}}}}"
        hint = " / ".join(dict.fromkeys(choices))
        return f"{{{{c{number}::{answer}::{hint}}}}}"

    return _GAP_RE.sub(blank, text)


_REGEX_SPECIAL = re.compile(r"[\\^$.*+?()\[\]{}]")


def gapfill_markup(text: str, element: ET.Element, *, html: bool) -> str:
    """The Gapfill plugin's gaps (`[cat|kitten]` between its `delimitchars`) -> cloze blanks
    accepting every alternative; with `dragdrop` or `dropdown` display the hint lists the
    options (the gaps' answers and the distractors). A gap that may be left empty (`!!`) or
    whose answer is a regular expression cannot be a blank: `{{cN::}}` fails the cloze check
    and the caller lists the question as unsupported."""
    delimiters = (element.findtext("delimitchars") or "[]").strip() or "[]"
    if len(delimiters) != 2:
        return text
    opening, closing = (re.escape(character) for character in delimiters)
    gap_re = re.compile(f"{opening}([^{closing}{opening}]*){closing}")
    literal = (element.findtext("disableregex") or "0").strip() == "1"
    display = (element.findtext("answerdisplay") or "gapfill").strip()
    options: list[str] = []
    if display in {"dragdrop", "dropdown"}:
        for answer in element.findall("answer"):
            plain = unescape(re.sub(r"<[^>]*>", "", _text(answer))).replace("\\,", ",")
            for value in plain.split("|"):
                if value.strip() and value.strip() != "!!":
                    options.append(value.strip())
    number = 0

    def blank(match: re.Match[str]) -> str:
        nonlocal number
        number += 1
        content = unescape(re.sub(r"<[^>]*>", "", match.group(1)))
        accepted = [value.strip() for value in content.split("|")]
        unusable = any(
            not value or value == "!!" or (not literal and _REGEX_SPECIAL.search(value))
            for value in accepted
        )
        if unusable or any(_UNWRITABLE.search(value) for value in [*accepted, *options]):
            return f"{{{{c{number}::}}}}"
        hint = "::" + " / ".join(dict.fromkeys(options)) if options else ""
        filled = f"{{{{c{number}::{'|'.join(accepted)}{hint}}}}}"
        return escape(filled, quote=False) if html else filled

    return gap_re.sub(blank, text)


def cloze_blanks(text: str) -> tuple[str, str]:
    """Moodle's embedded answers `{1:MULTICHOICE:=a#ok~b}` -> numbered blanks and their answers."""
    answers: list[str] = []

    def blank(match: re.Match[str]) -> str:
        best, best_weight = "", -1.0
        for weight, value in _subanswers(match.group(3)):
            if weight > best_weight and value != "*":
                best, best_weight = value, weight
        answers.append(best)
        return f"{BLANK} ({len(answers)})"

    prompt = _CLOZE_RE.sub(blank, text)
    listed = "\n".join(f"{number}. {value}" for number, value in enumerate(answers, start=1))
    return prompt, listed
