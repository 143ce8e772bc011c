"""IMS QTI 2.1 items (`<assessmentItem>` files) and content packages (a zip with
`imsmanifest.xml` and its item files) read into questions.

How an item lands (see the README, "QTI 2.1"):
- one `choiceInteraction` -> multiple choice: its `simpleChoice`s are the options, the values of
  the response's `correctResponse` (else the choices its `mapping` scores above 0) the correct
  ones; a choice's `feedbackInline` is its explanation. Single and multiple response alike. A
  choice with neither (a survey, or scoring left to custom response processing) has nothing to
  check an answer against: listed as unsupported.
- `textEntryInteraction`s and `inlineChoiceInteraction`s in the text -> a cloze question, each
  gap a blank accepting the correct response and the mapped answers with a positive score (an
  inline choice lists its options as the hint). A gap without a usable answer keeps the
  question open, with numbered blanks `_____ (1)` and the known answers listed.
- one `extendedTextInteraction` -> an open question (a `correctResponse`, when given, is the
  answer, and a rubric for the scorer or tutor, `rubricBlock view="scorer"`, is added to it).
- The text of the item body around the interactions is the prompt (the interaction's own
  `<prompt>` follows it); `modalFeedback` becomes the official answer. Images (`<img>`, and
  `<object>` of an image type) are stored from the package, as those of Anki packages are; an
  item read on its own has no package to take them from and shows `[image: alt]`.
- Items with any other interaction (order, match, associate, gap match, hotspot, slider,
  upload, drawing...), with several interactions of different kinds, or built from templates
  (`templateDeclaration`: generated values) have no kind here: listed as unsupported, skipped
  with `--skip-unsupported`.
- A package's manifest lists its items (`imsqti_item_xmlv2p1` resources, v2p0 and v2p2 too);
  tests and sections are structure, not questions. QTI 1.2 (`questestinterop`) and QTI 3
  (`qti-assessment-item`) are refused with what to export instead.
Files with a DOCTYPE or entities are refused (no entity expansion); members are only read, by
their name inside the zip, never written anywhere.
"""

from __future__ import annotations

import html
import io
import posixpath
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable
from urllib.parse import unquote

from django.utils.translation import gettext

from interview.bank.cloze import cloze_problems
from interview.bank.media import MediaFile
from interview.bank.models import Question
from interview.bank.transfer.gift_format import BLANK
from interview.bank.transfer.html_convert import html_to_markdown
from interview.bank.transfer.packed_media import packed_image, packed_media_notes
from interview.bank.transfer.quiz_common import question_slug, settle_slugs
from interview.bank.transfer.records import ChoiceRecord, ParsedFile, QuestionRecord
from interview.lib import figures

MANIFEST = "imsmanifest.xml"
_GAPS = {"textEntryInteraction", "inlineChoiceInteraction"}
_BLOCKS = {"choiceInteraction", "extendedTextInteraction"}
_SKIPPED_BODY = {"rubricBlock", "feedbackBlock", "feedbackInline", "modalFeedback", "prompt"}
_UNWRITABLE = re.compile(r"\||::|\{\{|\}\}|\n")
_VOID = {"br", "hr", "img"}

ImageLoader = Callable[[str], "MediaFile | str"]


class _Refused(ValueError):
    pass


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1]


def root_kind(text: str) -> str | None:
    """`item`, `manifest`, `qti1` or `qti3` for a QTI document's root element, else None."""
    match = re.search(r"<(?!\?|!)([A-Za-z_][\w.-]*:)?([A-Za-z][\w.-]*)", text[:5000])
    if not match:
        return None
    return {
        "assessmentItem": "item",
        "manifest": "manifest",
        "questestinterop": "qti1",
        "qti-assessment-item": "qti3",
    }.get(match.group(2))


def looks_like_qti_package(data: bytes) -> bool:
    if not data.startswith(b"PK"):
        return False
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        if MANIFEST not in archive.namelist():
            return False
        with archive.open(MANIFEST) as stream:
            head = stream.read(20000)
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
        return False
    return b"imsqti_" in head


def _parse_xml(text: str) -> ET.Element:
    if re.search(r"<!(DOCTYPE|ENTITY)", text[:5000]):
        raise _Refused(gettext("a DOCTYPE or entity declaration: refused for safety"))
    try:
        return ET.fromstring(text.encode("utf-8"))
    except ET.ParseError as error:
        raise _Refused(gettext("not well-formed XML: %(error)s") % {"error": error}) from None


def parse_qti_item(*, name: str, text: str) -> ParsedFile:
    """One item file read on its own (a bare manifest is said, not read)."""
    parsed = ParsedFile(name=name)
    kind = root_kind(text)
    if kind == "manifest":
        parsed.notes.append(
            gettext(
                "an IMS content package manifest: import the package's .zip to read its items "
                "with their images"
            )
        )
        return parsed
    try:
        root = _parse_xml(text)
    except _Refused as error:
        parsed.problem(1, "format", str(error))
        return parsed
    _refuse_other_versions(parsed, root)
    if not parsed.problems:
        images: dict[str, MediaFile | str] = {}
        _item(
            parsed,
            root,
            line=1,
            label="",
            load=lambda source: gettext("not in a package"),
            seen=images,
        )
        packed_media_notes(parsed, images)
        settle_slugs(parsed)
    return parsed


def _refuse_other_versions(parsed: ParsedFile, root: ET.Element) -> None:
    tag = _local(root.tag)
    if tag == "questestinterop":
        parsed.problem(1, "format", _not_supported("QTI 1.2"))
    elif tag == "qti-assessment-item":
        parsed.problem(1, "format", _not_supported("QTI 3.0"))
    elif tag != "assessmentItem":
        parsed.problem(
            1,
            "format",
            gettext("the root element is %(element)s, not a QTI %(item)s")
            % {"element": f"<{tag}>", "item": "<assessmentItem>"},
        )


def _not_supported(version: str) -> str:
    return gettext(
        "%(version)s is not supported yet: export the questions as QTI 2.1, Moodle XML or GIFT "
        "instead"
    ) % {"version": version}


def parse_qti_package(*, name: str, data: bytes, limit: int) -> ParsedFile:
    """A content package: the items its manifest lists, with their images."""
    parsed = ParsedFile(name=name)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        manifest = _read(archive, MANIFEST, limit=limit)
    except (zipfile.BadZipFile, _Refused) as error:
        parsed.problem(None, "package", str(error) or gettext("not a zip archive"))
        return parsed
    try:
        root = _parse_xml(manifest.decode("utf-8-sig", "replace"))
    except _Refused as error:
        parsed.problem(None, MANIFEST, str(error))
        return parsed
    hrefs = [
        resource.get("href") or ""
        for resource in root.iter()
        if _local(resource.tag) == "resource"
        and re.fullmatch(r"imsqti_item_xmlv2p[0-2]", resource.get("type") or "")
    ]
    if not hrefs:
        parsed.problem(
            None, MANIFEST, gettext("the manifest lists no QTI 2 items (imsqti_item_xmlv2p1)")
        )
        return parsed
    members = set(archive.namelist())
    images: dict[str, MediaFile | str] = {}
    for number, href in enumerate(hrefs, start=1):
        member = posixpath.normpath(unquote(href)).lstrip("/")
        if member not in members:
            parsed.problem(
                number,
                "item",
                gettext("%(item)s is listed in the manifest but not packed") % {"item": repr(href)},
            )
            continue
        try:
            item_root = _parse_xml(_read(archive, member, limit=limit).decode("utf-8-sig"))
        except (_Refused, UnicodeDecodeError) as error:
            parsed.problem(number, member, gettext("cannot be read: %(error)s") % {"error": error})
            continue
        before = len(parsed.problems)
        _refuse_other_versions(parsed, item_root)
        if len(parsed.problems) > before:
            continue

        def load(source: str, folder: str = posixpath.dirname(member)) -> MediaFile | str:
            path = posixpath.normpath(posixpath.join(folder, unquote(source)))
            if path.startswith("../") or path not in members:
                return gettext("not in the package")
            return packed_image(source, lambda limit: _read(archive, path, limit=limit))

        _item(parsed, item_root, line=number, label=member, load=load, seen=images)
    packed_media_notes(parsed, images)
    settle_slugs(parsed)
    if not parsed.questions and not parsed.unsupported and not parsed.problems:
        parsed.problem(None, "file", gettext("no questions in this QTI package"))
    return parsed


def _read(archive: zipfile.ZipFile, member: str, *, limit: int) -> bytes:
    try:
        with archive.open(member) as stream:
            data = stream.read(limit + 1)
    except KeyError:
        raise _Refused(gettext("no %(member)s in the archive") % {"member": member}) from None
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as error:
        raise _Refused(
            gettext("the member %(member)s cannot be read (%(error)s)")
            % {"member": repr(member), "error": error}
        ) from None
    if len(data) > limit:
        raise _Refused(
            gettext("%(member)s unpacks to more than %(limit)s bytes (the limit)")
            % {"member": repr(member), "limit": figures.number(limit)}
        )
    return data


class _Body:
    """An item body as HTML for `html_to_markdown`: interactions replaced by what the caller
    gives, images by placeholders resolved after the conversion."""

    def __init__(
        self,
        load: Callable[[str], MediaFile | str],
        seen: dict[str, MediaFile | str],
        gap: Callable[[ET.Element], str],
    ) -> None:
        self.load, self.seen, self.gap = load, seen, gap
        self.images: list[str] = []

    def markdown(self, element: ET.Element, *, skip: set[str]) -> str:
        text = html_to_markdown(f"<div>{self._inner(element, skip)}</div>")
        text = re.sub("(?m)^ (?=[^ ])", "", text)  # a line break left before a space
        return re.sub("\ue010(\\d+)\ue011", lambda m: self.images[int(m.group(1))], text).strip()

    def _inner(self, element: ET.Element, skip: set[str], *, pre: bool = False) -> str:
        def text(value: str | None) -> str:
            return html.escape(
                value or "" if pre else re.sub(r"\s+", " ", value or ""), quote=False
            )

        out = [text(element.text)]
        for child in element:
            out.append(self._element(child, skip))
            out.append(text(child.tail))
        return "".join(out)

    def _element(self, element: ET.Element, skip: set[str]) -> str:
        tag = _local(element.tag)
        if tag in skip:
            return ""
        if tag in _GAPS:
            return html.escape(self.gap(element), quote=False)
        if tag == "img":
            return self._image(element.get("src") or "", element.get("alt") or "")
        if tag == "object" and (element.get("type") or "").startswith("image/"):
            # the object's content is what shows without the image: kept after it
            image = self._image(element.get("data") or "", "")
            return f"<p>{image}</p>{self._inner(element, skip)}"
        if tag == "math":
            return html.escape(" ".join("".join(element.itertext()).split()), quote=False)
        inner = self._inner(element, skip, pre=tag == "pre")
        if tag in _VOID:
            return f"<{tag}>"
        if tag == "blockquote":  # a quoted passage: its paragraphs as they are
            return f"<div>{inner}</div>"
        if tag == "a" and element.get("href"):
            return f'<a href="{html.escape(element.get("href") or "")}">{inner}</a>'
        return f"<{tag}>{inner}</{tag}>"

    def _image(self, source: str, alt: str) -> str:
        if source not in self.seen:
            self.seen[source] = self.load(source)
        stored = self.seen[source]
        label = re.sub(r"[\[\]()\n]", " ", alt or posixpath.basename(source)).strip()
        self.images.append(
            f"![{label}]({stored.url})" if isinstance(stored, MediaFile) else f"[image: {label}]"
        )
        return f" \ue010{len(self.images) - 1}\ue011 "


def _responses(root: ET.Element) -> dict[str, tuple[list[str], list[str]]]:
    """Each response's correct values and the mapped keys that score above 0."""
    found = {}
    for declaration in root:
        if _local(declaration.tag) != "responseDeclaration":
            continue
        correct = [
            (value.text or "").strip()
            for holder in declaration
            if _local(holder.tag) == "correctResponse"
            for value in holder
            if _local(value.tag) == "value"
        ]
        mapped = []
        for holder in declaration:
            if _local(holder.tag) != "mapping":
                continue
            for entry in holder:
                try:
                    score = float(entry.get("mappedValue") or 0)
                except ValueError:
                    score = 0.0
                if _local(entry.tag) == "mapEntry" and score > 0:
                    mapped.append((entry.get("mapKey") or "").strip())
        found[declaration.get("identifier") or ""] = (correct, mapped)
    return found


def _item(
    parsed: ParsedFile,
    root: ET.Element,
    *,
    line: int,
    label: str,
    load: Callable[[str], MediaFile | str],
    seen: dict[str, MediaFile | str],
) -> None:
    body = next((child for child in root if _local(child.tag) == "itemBody"), None)
    interactions = [
        _local(element.tag)
        for element in (body.iter() if body is not None else [])
        if _local(element.tag).endswith("Interaction")
    ]
    kinds = set(interactions)
    templated = any(_local(child.tag) == "templateDeclaration" for child in root)
    if body is None or not interactions:
        parsed.unsupported.append((line, "item without an interaction"))
        return
    if templated:
        parsed.unsupported.append((line, "templated item (templateDeclaration)"))
        return
    if not (kinds <= _GAPS or (len(interactions) == 1 and kinds <= _BLOCKS)):
        unknown = sorted(kinds - _GAPS - _BLOCKS) or sorted(kinds)
        parsed.unsupported.append((line, " + ".join(unknown)))
        return
    title = (root.get("title") or root.get("identifier") or "").strip()
    responses = _responses(root)
    feedback = [
        _Body(load, seen, lambda gap: "").markdown(child, skip=set())
        for child in root
        if _local(child.tag) == "modalFeedback"
    ]
    record = QuestionRecord(
        file=parsed.name,
        line=line,
        slug="",
        topic="",
        prompt="",
        official_answer="\n\n".join(dict.fromkeys(text for text in feedback if text)),
        labels={"prompt": f"{label} itemBody" if label else "itemBody", "slug": "title"},
    )
    if kinds <= _GAPS:
        _gaps(record, body, responses, load, seen)
    else:
        interaction = next(e for e in body.iter() if _local(e.tag) in _BLOCKS)
        text = _Body(load, seen, lambda gap: "").markdown(body, skip=_SKIPPED_BODY | _BLOCKS)
        own = next((e for e in interaction if _local(e.tag) == "prompt"), None)
        own_text = (
            _Body(load, seen, lambda gap: "").markdown(own, skip=set()) if own is not None else ""
        )
        record.prompt = "\n\n".join(part for part in (text, own_text) if part)
        correct, mapped = responses.get(interaction.get("responseIdentifier") or "", ([], []))
        if _local(interaction.tag) == "choiceInteraction":
            if not (correct or mapped):  # a survey (Likert...) or scored by custom rules
                parsed.unsupported.append((line, "choiceInteraction without a correct response"))
                return
            if not _choices(parsed, record, interaction, set(correct or mapped), load, seen):
                return
        else:
            record.kind = Question.Kind.OPEN.value
            answer = "\n\n".join(correct)
            # a rubric for the scorer (`rubricBlock view="scorer"`) is how to grade the
            # answer, like a Moodle essay's grader information
            rubric = "\n\n".join(
                _Body(load, seen, lambda gap: "").markdown(block, skip=set())
                for block in body.iter()
                if _local(block.tag) == "rubricBlock"
                and {"scorer", "tutor"} & set((block.get("view") or "").split())
            )
            rubric = re.sub(r"^#{1,6}[ \t]+(.+?)[ \t#]*$", r"**\1**", rubric, flags=re.MULTILINE)
            record.official_answer = "\n\n".join(
                part for part in (answer, rubric.strip(), record.official_answer) if part
            )
    record.slug = question_slug(title, record.prompt)
    if not record.prompt.strip():
        parsed.problem(line, record.labels["prompt"], gettext("the item has no text"))
        return
    parsed.questions.append(record)


def _choices(
    parsed: ParsedFile,
    record: QuestionRecord,
    interaction: ET.Element,
    correct: set[str],
    load: Callable[[str], MediaFile | str],
    seen: dict[str, MediaFile | str],
) -> bool:
    choices = []
    for choice in interaction:
        if _local(choice.tag) != "simpleChoice":
            continue
        text = _Body(load, seen, lambda gap: "").markdown(choice, skip={"feedbackInline"})
        explanation = " ".join(
            _Body(load, seen, lambda gap: "").markdown(inline, skip=set())
            for inline in choice
            if _local(inline.tag) == "feedbackInline"
        )
        choices.append(
            ChoiceRecord(
                text=text,
                is_correct=(choice.get("identifier") or "") in correct,
                explanation=explanation.strip(),
            )
        )
    if not any(choice.is_correct for choice in choices):
        parsed.problem(
            record.line,
            record.labels["prompt"],
            gettext("the choice interaction has no correct response"),
        )
        return False
    record.kind = Question.Kind.MULTIPLE_CHOICE.value
    record.choices = choices
    return True


def _gaps(
    record: QuestionRecord,
    body: ET.Element,
    responses: dict[str, tuple[list[str], list[str]]],
    load: Callable[[str], MediaFile | str],
    seen: dict[str, MediaFile | str],
) -> None:
    """Gaps as `{{cN::answer|other::hint}}` blanks; any gap that cannot be written that way
    makes the whole question open, with numbered blanks and the answers listed."""
    answers: list[list[str]] = []
    hints: list[str] = []

    def gap(element: ET.Element) -> str:
        correct, mapped = responses.get(element.get("responseIdentifier") or "", ([], []))
        options = {
            choice.get("identifier") or "": " ".join("".join(choice.itertext()).split())
            for choice in element
            if _local(choice.tag) == "inlineChoice"
        }
        accepted: list[str] = []
        for value in [*correct, *mapped]:
            value = options.get(value, value) if options else value
            if value and value.casefold() not in {a.casefold() for a in accepted}:
                accepted.append(value)
        answers.append(accepted)
        hints.append(" / ".join(text for text in options.values() if text))
        return f"\ue020{len(answers) - 1}\ue021"

    text = _Body(load, seen, gap).markdown(body, skip=_SKIPPED_BODY)

    def blank(match: re.Match[str]) -> str:
        index = int(match.group(1))
        hint = f"::{hints[index]}" if hints[index] else ""
        return f"{{{{c{index + 1}::{'|'.join(answers[index])}{hint}}}}}"

    cloze = re.sub("\ue020(\\d+)\ue021", blank, text)
    writable = all(
        accepted and not any(_UNWRITABLE.search(value) for value in accepted)
        for accepted in answers
    ) and not any(_UNWRITABLE.search(hint.replace(" / ", "")) for hint in hints)
    if writable and not cloze_problems(cloze):
        record.kind = Question.Kind.CLOZE.value
        record.prompt = cloze
        return
    record.kind = Question.Kind.OPEN.value
    record.prompt = re.sub("\ue020(\\d+)\ue021", lambda m: f"{BLANK} ({int(m.group(1)) + 1})", text)
    listed = "\n".join(
        f"{number}. {' / '.join(accepted) or '?'}"
        for number, accepted in enumerate(answers, start=1)
    )
    record.official_answer = "\n\n".join(part for part in (listed, record.official_answer) if part)
