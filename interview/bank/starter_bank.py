"""Load the starter question bank from `fixtures/starter_bank/*.json`, idempotently.

Every topic and question carries a stable slug, so loading a newer bank over an older one
updates what changed, creates what is new and leaves everything else (including anything
editors added, and every user's attempts) alone. Loading the same files twice changes nothing.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from interview.bank.models import (
    Choice,
    KeyPoint,
    Question,
    StudyNote,
    Tag,
    Topic,
    validate_choices,
)
from interview.bank.search import question_refresh_search_vectors

DEFAULT_DIRECTORY = Path(settings.BASE_DIR) / "fixtures" / "starter_bank"

_TOPIC_FIELDS = ("name", "description", "key_concepts", "order")
_QUESTION_FIELDS = (
    "topic_id", "kind", "prompt", "instruction", "context", "official_answer", "difficulty",
    "source_title", "source_url", "status", "order",
)  # fmt: skip


class BankFileError(ValueError):
    """A starter-bank file that cannot be loaded; the message names the file and the field."""


@dataclass
class LoadReport:
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)

    @property
    def changed(self) -> bool:
        return bool(sum(self.created.values()) or sum(self.updated.values()))

    def summary(self) -> str:
        parts = []
        for kind in ("topic", "note", "question"):
            parts.append(
                f"{kind}s: {self.created[kind]} created, {self.updated[kind]} updated, "
                f"{self.unchanged[kind]} unchanged"
            )
        return "; ".join(parts)


def starter_bank_files(directory: Path = DEFAULT_DIRECTORY) -> list[Path]:
    return sorted(directory.glob("*.json"))


def _read(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as error:
        raise BankFileError(f"{path.name}: not UTF-8 text ({error})") from error
    except json.JSONDecodeError as error:
        message = f"{path.name}: invalid JSON at line {error.lineno}: {error.msg}"
        raise BankFileError(message) from error
    if not isinstance(data, dict):
        raise BankFileError(f"{path.name}: the top level must be a JSON object (one topic)")
    for key in ("slug", "name", "questions"):
        if not data.get(key):
            raise BankFileError(f"{path.name}: topic field {key!r} is missing or empty")
    for index, question in enumerate(data["questions"], start=1):
        for key in ("slug", "prompt"):
            if not question.get(key):
                raise BankFileError(f"{path.name}: question #{index}: {key!r} is missing or empty")
    return data


def _assign(obj: Any, values: dict[str, Any]) -> bool:
    """Set the attributes that differ; True when anything changed."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


class _TagCache:
    def __init__(self) -> None:
        self.by_slug = {tag.slug: tag for tag in Tag.objects.all()}

    def get(self, names: list[str]) -> list[Tag]:
        tags = []
        for name in names:
            slug = slugify(name)
            if not slug:
                continue
            if slug not in self.by_slug:
                self.by_slug[slug] = Tag.objects.create(name=name.strip()[:60], slug=slug)
            tags.append(self.by_slug[slug])
        return tags


def _sync_tags(obj: Topic | Question, tags: list[Tag]) -> bool:
    current = {tag.pk for tag in obj.tags.all()}
    wanted = {tag.pk for tag in tags}
    if current == wanted:
        return False
    obj.tags.set(tags)
    return True


def _sync_children(question: Question, model: type, rows: list[dict[str, Any]]) -> bool:
    """Make a question's key points or choices equal `rows`, position by position."""
    manager = question.key_points if model is KeyPoint else question.choices
    existing = list(manager.all())
    changed = False
    for order, values in enumerate(rows):
        if order < len(existing):
            child = existing[order]
            if _assign(child, {**values, "order": order}):
                child.save()
                changed = True
        else:
            model.objects.create(question=question, order=order, **values)
            changed = True
    for extra in existing[len(rows) :]:
        extra.delete()
        changed = True
    return changed


def _key_point_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"text": point["text"], "keywords": ", ".join(point.get("keywords", []))}
        for point in data.get("key_points", [])
    ]


def _choice_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "text": choice["text"],
            "is_correct": bool(choice.get("is_correct")),
            "explanation": choice.get("explanation", ""),
        }
        for choice in data.get("choices", [])
    ]


@transaction.atomic
def starter_bank_load(*, paths: list[Path]) -> LoadReport:
    """Create or update every topic, note and question in `paths`; all or nothing."""
    files = [_read(path) for path in paths]
    report = LoadReport()
    tags = _TagCache()
    topics = {topic.slug: topic for topic in Topic.objects.prefetch_related("tags", "notes")}
    questions = {
        question.slug: question
        for question in Question.objects.prefetch_related(
            "tags", "key_points", "choices", "related"
        )
    }
    outcome: dict[str, str] = {}  # question slug -> "created" | "updated" | "unchanged"
    related_wanted: dict[str, list[str]] = {}

    for data in files:
        topic = topics.get(data["slug"])
        values = {
            "name": data["name"],
            "description": data.get("description", ""),
            "key_concepts": "\n".join(data.get("key_concepts", [])),
            "order": data.get("order", 0),
        }
        if topic is None:
            topic = Topic.objects.create(slug=data["slug"], **values)
            topics[topic.slug] = topic
            topic_changed = _sync_tags(topic, tags.get(data.get("tags", [])))
            report.created["topic"] += 1
        else:
            topic_changed = _assign(topic, values)
            if topic_changed:
                topic.save()
            topic_changed = _sync_tags(topic, tags.get(data.get("tags", []))) or topic_changed
            (report.updated if topic_changed else report.unchanged)["topic"] += 1
        _load_notes(topic, data.get("notes", []), report)

        for order, item in enumerate(data["questions"]):
            question = questions.get(item["slug"])
            values = {
                "topic_id": topic.pk,
                "kind": item.get("kind", Question.Kind.OPEN),
                "prompt": item["prompt"],
                "instruction": item.get("instruction", ""),
                "context": item.get("context", ""),
                "official_answer": item.get("official_answer", ""),
                "difficulty": item.get("difficulty", Question.Difficulty.MEDIUM),
                "source_title": item.get("source_title", ""),
                "source_url": item.get("source_url", ""),
                "status": item.get("status", Question.Status.PUBLISHED),
                "order": order,
            }
            created = question is None
            if created:
                question = Question(slug=item["slug"], **values)
                changed = True
            else:
                changed = _assign(question, values)
            choice_rows = _choice_rows(item)
            _validate_question(question, choice_rows)
            if changed:
                question.save()
                questions[question.slug] = question
            changed = _sync_tags(question, tags.get(item.get("tags", []))) or changed
            changed = _sync_children(question, KeyPoint, _key_point_rows(item)) or changed
            changed = _sync_children(question, Choice, choice_rows) or changed
            related_wanted[question.slug] = item.get("related", [])
            outcome[question.slug] = "created" if created else "updated" if changed else "unchanged"

    for slug, related_slugs in related_wanted.items():
        question = questions[slug]
        missing = [other for other in related_slugs if other not in questions]
        if missing:
            raise BankFileError(f"question {slug!r}: related question(s) not found: {missing}")
        wanted = {questions[other].pk for other in related_slugs}
        if {other.pk for other in question.related.all()} != wanted:
            question.related.set(wanted)
            if outcome[slug] == "unchanged":
                outcome[slug] = "updated"

    for result in outcome.values():
        getattr(report, result)["question"] += 1
    touched = [questions[slug].pk for slug, result in outcome.items() if result != "unchanged"]
    question_refresh_search_vectors(questions=Question.objects.filter(pk__in=touched))
    return report


def _validate_question(question: Question, choice_rows: list[dict[str, Any]]) -> None:
    try:
        question.clean_fields(exclude=["topic", "search_vector"])
        validate_choices(question.kind, [Choice(**row) for row in choice_rows])
    except ValidationError as error:
        raise BankFileError(f"question {question.slug!r}: {'; '.join(error.messages)}") from error


def _load_notes(topic: Topic, notes: list[dict[str, Any]], report: LoadReport) -> None:
    existing = {note.title: note for note in topic.notes.all()}
    for order, item in enumerate(notes):
        note = existing.get(item["title"])
        values = {"body": item.get("body", ""), "order": order}
        if note is None:
            StudyNote.objects.create(topic=topic, title=item["title"], **values)
            report.created["note"] += 1
        elif _assign(note, values):
            note.save()
            report.updated["note"] += 1
        else:
            report.unchanged["note"] += 1
