"""Helpers for the import/export tests: a comparable snapshot of the whole bank."""

from __future__ import annotations

from typing import Any

from interview.bank.models import Question, StudyNote, Tag, Topic
from interview.bank.transfer import ImportFile, bank_export

QUESTION_FIELDS = (
    "kind", "prompt", "instruction", "context", "official_answer", "difficulty", "source_title",
    "source_url", "status", "order",
)  # fmt: skip


def _exercise_fields(question: Question) -> dict[str, Any] | None:
    exercise = getattr(question, "exercise", None)
    if exercise is None:
        return None
    return {
        name: getattr(exercise, name)
        for name in ("setup_sql", "function_name", "starter_code", "solution", "cases",
                     "order_matters", "float_tolerance")
    }  # fmt: skip


def bank_snapshot() -> dict[str, Any]:
    """Everything in the bank except ids and timestamps, keyed by slugs."""
    topics = {
        topic.slug: {
            "name": topic.name,
            "description": topic.description,
            "key_concepts": topic.key_concepts,
            "order": topic.order,
            "tags": sorted(tag.slug for tag in topic.tags.all()),
            "notes": [(note.title, note.body, note.order) for note in topic.notes.all()],
            "aliases": sorted(alias.slug for alias in topic.aliases.all()),
        }
        for topic in Topic.objects.prefetch_related("tags", "notes", "aliases")
    }
    questions = {
        question.slug: {
            "topic": question.topic.slug,
            **{name: getattr(question, name) for name in QUESTION_FIELDS},
            "tags": sorted(tag.slug for tag in question.tags.all()),
            "key_points": [
                (p.text, p.keywords, p.misconceptions) for p in question.key_points.all()
            ],
            "choices": [(c.text, c.is_correct, c.explanation) for c in question.choices.all()],
            "related": sorted(other.slug for other in question.related.all()),
            "exercise": _exercise_fields(question),
        }
        for question in Question.objects.select_related("topic", "exercise").prefetch_related(
            "tags", "key_points", "choices", "related"
        )
    }
    return {"tags": dict(Tag.objects.values_list("slug", "name")), "topics": topics, **questions}


def empty_the_bank() -> None:
    Question.related.through.objects.all().delete()
    Question.objects.all().delete()
    StudyNote.objects.all().delete()
    Topic.objects.all().delete()
    Tag.objects.all().delete()


def exported(format: str, **kwargs: Any) -> list[ImportFile]:
    """The bank exported in `format`, as files ready to import again."""
    return [
        ImportFile(name=file.name, data=file.data, format=format)
        for file in bank_export(format=format, **kwargs)
    ]
