"""Item graders: how an item whose question is of a given kind is graded when it closes.

Activities that ask questions (a mock interview) grade open answers on their key points; an
activity that owns another kind of question (exercises: "sql", "python") registers a grader
for it here, so the asking activity grades every item the same way without importing the
owner. A grader receives the item (its `answer` holds the code) and whatever the client sent
with the submission (`report`: for Python, the browser's verdicts; None when the clock closed
the item).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from interview.practice.models import SessionItem


@dataclass(frozen=True)
class ItemGrade:
    coverage: dict[str, Any]
    percent: int
    is_correct: bool


class ItemGrader(Protocol):
    def __call__(self, item: SessionItem, *, report: Any) -> ItemGrade: ...


_GRADERS: dict[str, ItemGrader] = {}


def item_grader_register(kind: str, grader: ItemGrader) -> None:
    _GRADERS[kind] = grader


def item_grader_for(item: SessionItem) -> ItemGrader | None:
    """The grader for the item's question kind, if an activity registered one."""
    question = item.question
    return _GRADERS.get(question.kind) if question is not None else None
