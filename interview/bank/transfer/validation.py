"""Checks on parsed records that need no database: every problem, with file, line and field."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext

from interview.bank.cloze import cloze_problems
from interview.bank.exercises import exercise_problems
from interview.bank.models import (
    EXERCISE_KINDS,
    Choice,
    Exercise,
    KeyPoint,
    Question,
    StudyNote,
    Tag,
    Topic,
    validate_choices,
)
from interview.bank.transfer.records import Problem, QuestionRecord, TopicRecord
from interview.lib.unstorable import unstorable_reason

_CHECKED_FIELDS = ("slug", "instruction", "context", "source_title", "source_url")
_ENUMS = {
    "kind": Question.Kind.values,
    "difficulty": Question.Difficulty.values,
    "status": Question.Status.values,
}


def _field_errors(model: type, name: str, value: str) -> list[str]:
    try:
        model._meta.get_field(name).run_validators(value)
    except ValidationError as error:
        return error.messages
    return []


def tag_problem(name: str) -> str | None:
    if not slugify(name):
        return gettext("tag %(tag)s needs at least one letter or digit") % {"tag": repr(name)}
    limit = Tag._meta.get_field("name").max_length
    if len(name) > limit:
        return gettext("tag %(tag)s... is longer than %(limit)s characters") % {
            "tag": repr(name[:20]),
            "limit": limit,
        }
    return None


def _texts(value: object, name: str) -> Iterator[tuple[str, str]]:
    """Every string in a record's field (lists and nested records included), with the field."""
    if isinstance(value, str):
        yield name, value
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _texts(item, name)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for item in dataclasses.fields(value):
            yield from _texts(getattr(value, item.name), name)


def _unstorable(fields: dict[str, object]) -> list[tuple[str, str]]:
    """(field, reason) for every text the database could not store (NUL, lone surrogates)."""
    found = []
    for name, value in fields.items():
        for field_name, text in _texts(value, name):
            reason = unstorable_reason(text)
            if reason:
                found.append((field_name, reason))
                break
    return found


def question_problems(record: QuestionRecord) -> list[Problem]:
    """Everything wrong with one question on its own (not its links or topic)."""
    problems: list[Problem] = []
    carried = {
        item.name: getattr(record, item.name)
        for item in dataclasses.fields(record)
        if item.name not in ("file", "line", "lines", "labels")
    }
    for name, reason in _unstorable(carried):
        problems.append(record.problem(name, gettext("the text %(reason)s") % {"reason": reason}))
    if not record.prompt.strip():
        problems.append(record.problem("prompt", gettext("'prompt' is missing or empty")))
    if not record.slug:
        if record.prompt.strip():
            problems.append(record.problem("slug", gettext("'slug' is missing or empty")))
    else:
        for message in _field_errors(Question, "slug", record.slug):
            problems.append(record.problem("slug", f"{record.slug!r}: {message}"))
    for name, allowed in _ENUMS.items():
        value = getattr(record, name)
        if value is not None and value not in allowed:
            problems.append(
                record.problem(
                    name,
                    gettext("invalid %(field)s %(value)s: use %(allowed)s")
                    % {"field": name, "value": repr(value), "allowed": ", ".join(allowed)},
                )
            )
    for name in _CHECKED_FIELDS[1:]:
        value = getattr(record, name)
        if value:
            for message in _field_errors(Question, name, value):
                problems.append(record.problem(name, message))
    for tag in record.tags or []:
        message = tag_problem(tag)
        if message:
            problems.append(record.problem("tags", message))
    for number, point in enumerate(record.key_points or [], start=1):
        if not point.text.strip():
            problems.append(
                record.problem(
                    "key_points",
                    gettext("key point %(number)s has no text") % {"number": number},
                )
            )
        for message in _field_errors(KeyPoint, "text", point.text):
            problems.append(
                record.problem(
                    "key_points",
                    gettext("key point %(number)s: %(problem)s")
                    % {"number": number, "problem": message},
                )
            )
        for message in _field_errors(KeyPoint, "keywords", ", ".join(point.keywords)):
            problems.append(
                record.problem(
                    "key_points",
                    gettext("key point %(number)s keywords: %(problem)s")
                    % {"number": number, "problem": message},
                )
            )
    choices = record.choices or []
    for number, choice in enumerate(choices, start=1):
        if not choice.text.strip():
            problems.append(
                record.problem(
                    "choices", gettext("option %(number)s has no text") % {"number": number}
                )
            )
    if record.kind == Question.Kind.MULTIPLE_CHOICE:
        try:
            validate_choices(
                record.kind, [Choice(text=c.text, is_correct=c.is_correct) for c in choices]
            )
        except ValidationError as error:
            for message in error.messages:
                problems.append(record.problem("choices", message))
    elif choices:
        problems.append(
            record.problem(
                "choices", gettext("options are given but the kind is 'open' (no options)")
            )
        )
    if record.kind == Question.Kind.CLOZE:
        for message in cloze_problems(record.prompt or ""):
            problems.append(record.problem("prompt", message))
    if record.exercise is not None:
        if record.kind not in EXERCISE_KINDS:
            problems.append(
                record.problem(
                    "exercise",
                    gettext("exercise fields are given but the kind is not sql or python"),
                )
            )
        else:
            exercise = Exercise(**record.exercise)
            for message in exercise_problems(kind=record.kind or "", exercise=exercise):
                problems.append(record.problem("exercise", message))
    return problems


def topic_problems(record: TopicRecord) -> list[Problem]:
    problems: list[Problem] = []

    def add(name: str, message: str) -> None:
        problems.append(Problem(record.file, record.line, name, message))

    carried = {
        item.name: getattr(record, item.name)
        for item in dataclasses.fields(record)
        if item.name not in ("file", "line")
    }
    for name, reason in _unstorable(carried):
        add(
            name,
            gettext("topic %(topic)s: the text %(reason)s")
            % {"topic": repr(record.slug[:40]), "reason": reason},
        )

    for name in ("slug", "name"):
        value = getattr(record, name)
        if value:
            for message in _field_errors(Topic, name, value):
                add(
                    name,
                    gettext("topic %(topic)s: %(problem)s")
                    % {"topic": repr(value[:40]), "problem": message},
                )
    for tag in record.tags:
        message = tag_problem(tag)
        if message:
            add("tags", message)
    titles: set[str] = set()
    for note in record.notes:
        for message in _field_errors(StudyNote, "title", note.title):
            add(
                "notes",
                gettext("note %(note)s: %(problem)s")
                % {"note": repr(note.title[:40]), "problem": message},
            )
        if note.title in titles:
            add(
                "notes",
                gettext("note title %(note)s appears twice in topic %(topic)s")
                % {"note": repr(note.title), "topic": repr(record.slug)},
            )
        titles.add(note.title)
    return problems
