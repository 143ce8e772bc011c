"""The JSON format: the whole bank with full fidelity (the starter bank's shape, plus status).

A file holds either one topic object (as in `fixtures/starter_bank/`) or an export document
`{"format": "interview-practice-bank", "version": 1, "tags": [...], "topics": [...]}`.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict, deque
from typing import Any

from django.utils.translation import gettext

from interview.bank.models import Exercise, Question, StudyNote, Tag, Topic, split_keywords
from interview.bank.transfer.records import (
    ChoiceRecord,
    KeyPointRecord,
    NoteRecord,
    ParsedFile,
    QuestionRecord,
    TopicRecord,
)
from interview.bank.translation import translations_clean_for

DOCUMENT_FORMAT = "interview-practice-bank"
DOCUMENT_VERSION = 1
_DOCUMENT_KEYS = {"format", "version", "tags", "topics"}
_TOPIC_KEYS = {
    "slug", "name", "order", "description", "tags", "key_concepts", "notes", "questions",
    "former_slugs", "translations",
}  # fmt: skip
_QUESTION_KEYS = {
    "slug", "kind", "difficulty", "status", "prompt", "instruction", "context",
    "official_answer", "short_answer", "tags", "source_title", "source_url", "key_points",
    "choices", "related", "order", "exercise", "translations",
}  # fmt: skip
EXERCISE_FIELDS = (
    "setup_sql", "function_name", "starter_code", "solution", "cases", "order_matters",
    "float_tolerance",
)  # fmt: skip
_TEXT_FIELDS = (
    "kind", "difficulty", "status", "instruction", "context", "official_answer",
    "short_answer", "source_title", "source_url",
)  # fmt: skip
_DEFAULTS = {
    "kind": Question.Kind.OPEN.value,
    "difficulty": Question.Difficulty.MEDIUM.value,
    "status": Question.Status.PUBLISHED.value,
}
_SLUG_RE = re.compile(r'"slug"\s*:\s*"((?:[^"\\]|\\.)*)"')


# Translated fields that the JSON format writes as lists (stored one per line, or keywords
# separated by commas), as their English fields are.
_LIST_FIELDS = {
    ("topic", "key_concepts"): "lines",
    ("keypoint", "keywords"): "keywords",
    ("keypoint", "misconceptions"): "lines",
}


def translations_to_json(model_name: str, stored: dict) -> dict[str, dict[str, Any]]:
    """Stored translations in the JSON format's shape (lists where the English is a list)."""
    document: dict[str, dict[str, Any]] = {}
    for language, values in sorted((stored or {}).items()):
        out: dict[str, Any] = {}
        for name, text in values.items():
            kind = _LIST_FIELDS.get((model_name, name))
            if kind == "keywords":
                out[name] = split_keywords(text)
            elif kind == "lines":
                out[name] = [line.strip() for line in text.splitlines() if line.strip()]
            else:
                out[name] = text
        document[language] = out
    return document


def _translations(
    parsed: ParsedFile, data: dict, model_name: str, line: int | None, where: str
) -> dict | None:
    """The item's `translations` in the stored shape; None when the file does not give them."""
    if "translations" not in data:
        return None
    raw = data["translations"]
    if isinstance(raw, dict):
        raw = {
            language: {
                name: (
                    (", " if _LIST_FIELDS.get((model_name, name)) == "keywords" else "\n").join(
                        text
                    )
                    if isinstance(text, list) and all(isinstance(item, str) for item in text)
                    else text
                )
                for name, text in values.items()
            }
            if isinstance(values, dict)
            else values
            for language, values in raw.items()
        }
    try:
        return translations_clean_for(model_name, raw)
    except ValueError as error:
        parsed.problem(
            line,
            "translations",
            gettext("%(where)s: %(problem)s") % {"where": where, "problem": error},
        )
        return None


class _Lines:
    """Line numbers of `"slug": "..."` occurrences, handed out in document order."""

    def __init__(self, text: str) -> None:
        self._found: dict[str, deque[int]] = defaultdict(deque)
        for match in _SLUG_RE.finditer(text):
            try:
                value = json.loads(f'"{match.group(1)}"')
            except json.JSONDecodeError:
                continue
            self._found[value].append(text.count("\n", 0, match.start()) + 1)

    def of(self, slug: Any) -> int | None:
        found = self._found.get(slug) if isinstance(slug, str) else None
        return found.popleft() if found else None


def parse_json(*, name: str, text: str) -> ParsedFile:
    parsed = ParsedFile(name=name)
    try:
        data = json.loads(text)
    except RecursionError:
        parsed.problem(1, "format", gettext("the JSON is nested too deeply to be a question bank"))
        return parsed
    except json.JSONDecodeError as error:
        parsed.problem(
            error.lineno,
            "format",
            gettext(
                "invalid JSON at line %(line)s, column %(column)s: %(error)s (is this a JSON file?)"
            )
            % {"line": error.lineno, "column": error.colno, "error": error.msg},
        )
        return parsed
    lines = _Lines(text)
    if isinstance(data, dict) and "topics" in data:
        for key in sorted(set(data) - _DOCUMENT_KEYS):
            parsed.problem(
                None,
                key,
                gettext("unknown field %(field)s in the export document") % {"field": repr(key)},
            )
        if data.get("format", DOCUMENT_FORMAT) != DOCUMENT_FORMAT:
            parsed.problem(
                1,
                "format",
                gettext("not an export of this app: %(format)s")
                % {"format": repr(data.get("format"))},
            )
        if data.get("version", DOCUMENT_VERSION) != DOCUMENT_VERSION:
            parsed.problem(
                1,
                "version",
                gettext("unsupported version %(version)s (this app reads %(supported)s)")
                % {"version": repr(data.get("version")), "supported": DOCUMENT_VERSION},
            )
        for item in _list(parsed, data, "tags", 1, "export document"):
            if isinstance(item, dict) and isinstance(item.get("name"), str):
                parsed.tag_slugs[item["name"]] = str(item.get("slug") or "")
        topics = _list(parsed, data, "topics", 1, "export document")
    elif isinstance(data, dict):
        topics = [data]
    else:
        parsed.problem(
            1,
            "format",
            gettext('the top level must be a JSON object (one topic, or an export with "topics")'),
        )
        return parsed
    for index, topic in enumerate(topics, start=1):
        _parse_topic(parsed, topic, index, lines)
    return parsed


def _list(parsed: ParsedFile, data: dict, key: str, line: int | None, where: str) -> list:
    value = data.get(key, [])
    if not isinstance(value, list):
        parsed.problem(
            line,
            key,
            gettext("%(where)s: %(field)s must be a list") % {"where": where, "field": repr(key)},
        )
        return []
    return value


def _text(parsed: ParsedFile, data: dict, key: str, line: int | None, where: str) -> str:
    value = data.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        parsed.problem(
            line,
            key,
            gettext("%(where)s: %(field)s must be a string") % {"where": where, "field": repr(key)},
        )
        return ""
    return value


def _strings(parsed: ParsedFile, data: dict, key: str, line: int | None, where: str) -> list[str]:
    values = _list(parsed, data, key, line, where)
    if not all(isinstance(value, str) for value in values):
        parsed.problem(
            line,
            key,
            gettext("%(where)s: %(field)s must be a list of strings")
            % {"where": where, "field": repr(key)},
        )
        return []
    return values


def _order(parsed: ParsedFile, data: dict, line: int | None, where: str) -> int | None:
    value = data.get("order")
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        parsed.problem(
            line,
            "order",
            gettext("%(where)s: 'order' must be a whole number >= 0") % {"where": where},
        )
        return None
    return value


def _parse_topic(parsed: ParsedFile, data: Any, index: int, lines: _Lines) -> None:
    if not isinstance(data, dict):
        parsed.problem(
            None, "topics", gettext("topic #%(number)s must be a JSON object") % {"number": index}
        )
        return
    line = lines.of(data.get("slug"))
    where = gettext("topic %(topic)s") % {"topic": data.get("slug") or f"#{index}"}
    for key in sorted(set(data) - _TOPIC_KEYS):
        parsed.problem(
            line,
            key,
            gettext("%(where)s: unknown field %(field)s") % {"where": where, "field": repr(key)},
        )
    if "name" not in data and set(data) <= {"slug", "questions"}:
        _parse_topic_reference(parsed, data, line, where, lines)
        return
    for key in ("slug", "name"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            parsed.problem(
                line,
                key,
                gettext("%(where)s: topic field %(field)s is missing or empty")
                % {"where": where, "field": repr(key)},
            )
    slug = data.get("slug") if isinstance(data.get("slug"), str) else ""
    concepts = data.get("key_concepts", [])
    if isinstance(concepts, str):
        concepts = [concepts]
    notes = []
    for number, note in enumerate(_list(parsed, data, "notes", line, where), start=1):
        if not isinstance(note, dict) or not isinstance(note.get("title"), str):
            parsed.problem(
                line,
                "notes",
                gettext("%(where)s: note #%(number)s needs a 'title' string")
                % {"where": where, "number": number},
            )
            continue
        if not note["title"].strip():
            parsed.problem(
                line,
                "notes",
                gettext("%(where)s: note #%(number)s has an empty title")
                % {"where": where, "number": number},
            )
        in_note = gettext("%(where)s, note %(title)s") % {
            "where": where,
            "title": repr(note["title"]),
        }
        body = _text(parsed, note, "body", line, in_note)
        translations = _translations(parsed, note, "studynote", line, in_note)
        notes.append(
            NoteRecord(title=note["title"], body=body, line=line, translations=translations)
        )
    parsed.topics.append(
        TopicRecord(
            file=parsed.name,
            line=line,
            slug=slug,
            name=data.get("name") if isinstance(data.get("name"), str) else "",
            defines=True,
            description=_text(parsed, data, "description", line, where),
            tags=_strings(parsed, data, "tags", line, where),
            key_concepts=_strings(parsed, {"key_concepts": concepts}, "key_concepts", line, where),
            order=_order(parsed, data, line, where),
            notes=notes,
            former_slugs=_strings(parsed, data, "former_slugs", line, where),
            translations=_translations(parsed, data, "topic", line, where),
        )
    )
    questions = data.get("questions", [])
    if not isinstance(questions, list):
        parsed.problem(
            line,
            "questions",
            gettext("%(where)s: %(field)s must be a list")
            % {"where": where, "field": "'questions'"},
        )
        return
    for position, item in enumerate(questions):
        _parse_question(parsed, item, slug, position, line, lines)


def _parse_topic_reference(
    parsed: ParsedFile, data: dict, line: int | None, where: str, lines: _Lines
) -> None:
    """`{"slug": ..., "questions": [...]}` adds questions to a topic defined elsewhere (in the
    bank or another file of the import) without restating it; new ones go after its questions."""
    slug = data.get("slug")
    if not isinstance(slug, str) or not slug.strip():
        parsed.problem(
            line,
            "slug",
            gettext("%(where)s: topic field %(field)s is missing or empty")
            % {"where": where, "field": "'slug'"},
        )
        return
    questions = data.get("questions", [])
    if not isinstance(questions, list):
        parsed.problem(
            line,
            "questions",
            gettext("%(where)s: %(field)s must be a list")
            % {"where": where, "field": "'questions'"},
        )
        return
    for position, item in enumerate(questions):
        _parse_question(parsed, item, slug, position, line, lines, keep_order=False)


def _parse_question(
    parsed: ParsedFile,
    data: Any,
    topic: str,
    position: int,
    topic_line: int | None,
    lines: _Lines,
    *,
    keep_order: bool = True,
) -> None:
    if not isinstance(data, dict):
        parsed.problem(
            topic_line,
            "questions",
            gettext("question #%(number)s must be a JSON object") % {"number": position + 1},
        )
        return
    line = lines.of(data.get("slug")) or topic_line
    if data.get("slug"):
        where = gettext("question %(question)s") % {"question": data["slug"]}
    else:
        where = gettext("question #%(number)s of topic %(topic)s") % {
            "number": position + 1,
            "topic": topic,
        }
    for key in sorted(set(data) - _QUESTION_KEYS):
        parsed.problem(
            line,
            key,
            gettext("%(where)s: unknown field %(field)s") % {"where": where, "field": repr(key)},
        )
    values = {key: _text(parsed, data, key, line, where) for key in _TEXT_FIELDS}
    for key, default in _DEFAULTS.items():
        values[key] = values[key] or default
    slug = data.get("slug", "")
    prompt = data.get("prompt", "")
    if not isinstance(slug, str):
        parsed.problem(
            line,
            "slug",
            gettext("%(where)s: %(field)s must be a string") % {"where": where, "field": "'slug'"},
        )
        slug = ""
    if not isinstance(prompt, str):
        parsed.problem(
            line,
            "prompt",
            gettext("%(where)s: %(field)s must be a string")
            % {"where": where, "field": "'prompt'"},
        )
        prompt = ""
    order = _order(parsed, data, line, where)
    parsed.questions.append(
        QuestionRecord(
            file=parsed.name,
            line=line,
            slug=slug,
            topic=topic,
            prompt=prompt,
            tags=_strings(parsed, data, "tags", line, where),
            key_points=_key_points(parsed, data, line, where),
            choices=_choices(parsed, data, line, where),
            related=_strings(parsed, data, "related", line, where),
            order=position if order is None and keep_order else order,
            exercise=_exercise(parsed, data, line, where),
            translations=_translations(parsed, data, "question", line, where),
            **values,
        )
    )


def _key_points(parsed: ParsedFile, data: dict, line: int | None, where: str) -> list:
    points = []
    for number, item in enumerate(_list(parsed, data, "key_points", line, where), start=1):
        if isinstance(item, str):
            item = {"text": item}
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            parsed.problem(
                line,
                "key_points",
                gettext("%(where)s: key point #%(number)s needs a 'text'")
                % {"where": where, "number": number},
            )
            continue
        keywords = item.get("keywords", [])
        if isinstance(keywords, str):
            keywords = split_keywords(keywords)
        if not isinstance(keywords, list) or not all(isinstance(k, str) for k in keywords):
            parsed.problem(
                line,
                "key_points",
                gettext("%(where)s: key point #%(number)s: 'keywords' must be a list")
                % {"where": where, "number": number},
            )
            keywords = []
        misconceptions = item.get("misconceptions", [])
        if isinstance(misconceptions, str):
            misconceptions = misconceptions.splitlines()
        if not isinstance(misconceptions, list) or not all(
            isinstance(m, str) for m in misconceptions
        ):
            parsed.problem(
                line,
                "key_points",
                gettext(
                    "%(where)s: key point #%(number)s: 'misconceptions' must be a list of strings"
                )
                % {"where": where, "number": number},
            )
            misconceptions = []
        points.append(
            KeyPointRecord(
                text=item["text"],
                keywords=keywords,
                misconceptions=misconceptions,
                translations=_translations(
                    parsed,
                    item,
                    "keypoint",
                    line,
                    gettext("%(where)s, key point #%(number)s")
                    % {"where": where, "number": number},
                ),
            )
        )
    return points


def _exercise(parsed: ParsedFile, data: dict, line: int | None, where: str) -> dict | None:
    """The exercise fields of a SQL or Python exercise, checked for their JSON types."""
    value = data.get("exercise")
    if value is None:
        return None
    if not isinstance(value, dict):
        parsed.problem(
            line,
            "exercise",
            gettext("%(where)s: 'exercise' must be a JSON object") % {"where": where},
        )
        return None
    for key in sorted(set(value) - set(EXERCISE_FIELDS)):
        parsed.problem(
            line,
            "exercise",
            gettext("%(where)s: unknown exercise field %(field)s")
            % {"where": where, "field": repr(key)},
        )
    types: dict[str, tuple[type, ...]] = {
        "setup_sql": (str,), "function_name": (str,), "starter_code": (str,),
        "solution": (str,), "cases": (list,), "order_matters": (bool,),
        "float_tolerance": (int, float),
    }  # fmt: skip
    exercise: dict = {}
    for key, allowed in types.items():
        if key not in value:
            continue
        if not isinstance(value[key], allowed) or (
            key == "float_tolerance" and isinstance(value[key], bool)
        ):
            parsed.problem(
                line,
                "exercise",
                gettext("%(where)s: exercise field %(field)s has the wrong type")
                % {"where": where, "field": repr(key)},
            )
            continue
        exercise[key] = float(value[key]) if key == "float_tolerance" else value[key]
    return exercise


def _choices(parsed: ParsedFile, data: dict, line: int | None, where: str) -> list:
    choices = []
    for number, item in enumerate(_list(parsed, data, "choices", line, where), start=1):
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            parsed.problem(
                line,
                "choices",
                gettext("%(where)s: option #%(number)s needs a 'text'")
                % {"where": where, "number": number},
            )
            continue
        if not isinstance(item.get("is_correct", False), bool):
            parsed.problem(
                line,
                "choices",
                gettext("%(where)s: option #%(number)s: 'is_correct' must be true or false")
                % {"where": where, "number": number},
            )
        in_option = gettext("%(where)s, option #%(number)s") % {"where": where, "number": number}
        explanation = _text(parsed, item, "explanation", line, in_option)
        choices.append(
            ChoiceRecord(
                text=item["text"],
                is_correct=item.get("is_correct") is True,
                explanation=explanation,
                translations=_translations(parsed, item, "choice", line, in_option),
            )
        )
    return choices


def question_to_json(question: Question) -> dict[str, Any]:
    """A question as the JSON format writes it (relations must be prefetched)."""
    return {
        "slug": question.slug,
        "kind": question.kind,
        "difficulty": question.difficulty,
        "status": question.status,
        "order": question.order,
        "prompt": question.prompt,
        "instruction": question.instruction,
        "context": question.context,
        "official_answer": question.official_answer,
        "short_answer": question.short_answer,
        "tags": [tag.name for tag in question.tags.all()],
        "source_title": question.source_title,
        "source_url": question.source_url,
        "key_points": [
            {
                "text": point.text,
                "keywords": point.keyword_list,
                "misconceptions": point.misconception_list,
                **_translations_json(point),
            }
            for point in question.key_points.all()
        ],
        "choices": [
            {
                "text": c.text,
                "is_correct": c.is_correct,
                "explanation": c.explanation,
                **_translations_json(c),
            }
            for c in question.choices.all()
        ],
        "related": sorted(other.slug for other in question.related.all()),
        **_exercise_json(question),
        **_translations_json(question),
    }


def _translations_json(obj: Any) -> dict[str, Any]:
    """`{"translations": ...}` when `obj` has any, else nothing (the file then keeps a bank's
    translations as they are)."""
    if not obj.translations:
        return {}
    return {"translations": translations_to_json(obj._meta.model_name, obj.translations)}


def _exercise_json(question: Question) -> dict[str, Any]:
    try:
        exercise = question.exercise
    except Exercise.DoesNotExist:
        return {}
    return {"exercise": {name: getattr(exercise, name) for name in EXERCISE_FIELDS}}


def topic_to_json(topic: Topic, questions: list[Question]) -> dict[str, Any]:
    notes: list[StudyNote] = list(topic.notes.all())
    return {
        "slug": topic.slug,
        "name": topic.name,
        "order": topic.order,
        "description": topic.description,
        "tags": [tag.name for tag in topic.tags.all()],
        "key_concepts": topic.key_concept_list,
        "notes": [
            {"title": note.title, "body": note.body, **_translations_json(note)} for note in notes
        ],
        "former_slugs": sorted(alias.slug for alias in topic.aliases.all()),
        **_translations_json(topic),
        "questions": [question_to_json(question) for question in questions],
    }


def write_json(
    *, topics: list[tuple[Topic, list[Question]]], all_tags: list[Tag] | None = None
) -> bytes:
    """The export document for `topics`, each with the questions to include. The document
    lists the tags used (or `all_tags`, for a whole-bank export) with their slugs."""
    tags: dict[str, Tag] = {tag.slug: tag for tag in all_tags or []}
    for topic, questions in topics:
        for tag in topic.tags.all():
            tags[tag.slug] = tag
        for question in questions:
            for tag in question.tags.all():
                tags[tag.slug] = tag
    document = {
        "format": DOCUMENT_FORMAT,
        "version": DOCUMENT_VERSION,
        "tags": [{"name": tag.name, "slug": tag.slug} for tag in sorted(tags.values(), key=_name)],
        "topics": [topic_to_json(topic, questions) for topic, questions in topics],
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _name(tag: Tag) -> str:
    return tag.name
