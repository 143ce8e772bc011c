"""How a multiple-choice answer is scored. The rule lives here, once, and the review page
shows `SCORING_RULE` so users know exactly how their score was computed."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_noop

SCORING_RULE = gettext_noop(
    "All or nothing: a question counts as correct only when your selection is exactly its "
    "set of correct options: every correct option chosen and no wrong one. There is no "
    "partial credit and no penalty for a wrong answer."
)


def correct_indexes(choices: Sequence[Mapping[str, Any]]) -> set[int]:
    return {index for index, choice in enumerate(choices) if choice.get("is_correct")}


def selection_is_correct(*, selected: Iterable[int], choices: Sequence[Mapping[str, Any]]) -> bool:
    return set(selected) == correct_indexes(choices)


@dataclass(frozen=True)
class Score:
    correct: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.correct / self.total) if self.total else 0
