"""How a quiz answer is scored. The rule lives here, once, and the review page shows
`SCORING_RULE` so users know exactly how their score was computed.

- Multiple choice: correct when the selection is exactly the set of correct options.
- Cloze: correct when every blank is filled with one of its accepted answers (case, accents and
  spacing ignored, see `interview.bank.cloze`); each blank also gets its own verdict.
- Either way a question counts once in the score, all or nothing."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_noop

from interview.bank.cloze import Blank, cloze_grade

SCORING_RULE = gettext_noop(
    "All or nothing: a question counts as correct only when your selection is exactly its "
    "set of correct options: every correct option chosen and no wrong one. There is no "
    "partial credit and no penalty for a wrong answer."
)
CLOZE_SCORING_RULE = gettext_noop(
    "A fill-in-the-blanks question counts as correct only when every blank holds an accepted "
    "answer (capitals, accents and extra spaces do not matter); each blank is marked on its "
    "own in the review."
)


def correct_indexes(choices: Sequence[Mapping[str, Any]]) -> set[int]:
    return {index for index, choice in enumerate(choices) if choice.get("is_correct")}


def is_cloze(choices: Sequence[Mapping[str, Any]]) -> bool:
    """Cloze items keep their blanks where multiple-choice items keep their options."""
    return bool(choices) and all("answers" in choice for choice in choices)


def blanks_of(choices: Sequence[Mapping[str, Any]]) -> list[Blank]:
    return [
        Blank(
            number=int(choice.get("number", index + 1)),
            answers=tuple(choice.get("answers", ())),
            hint=str(choice.get("hint", "")),
        )
        for index, choice in enumerate(choices)
    ]


def blank_verdicts(*, selected: Sequence[Any], choices: Sequence[Mapping[str, Any]]) -> list[bool]:
    """Cloze: one verdict per blank for the responses saved in `selected`."""
    return cloze_grade(blanks=blanks_of(choices), responses=[str(value) for value in selected])


def selection_is_correct(*, selected: Iterable[Any], choices: Sequence[Mapping[str, Any]]) -> bool:
    if is_cloze(choices):
        return all(blank_verdicts(selected=list(selected), choices=choices))
    return set(selected) == correct_indexes(choices)


@dataclass(frozen=True)
class Score:
    correct: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.correct / self.total) if self.total else 0
