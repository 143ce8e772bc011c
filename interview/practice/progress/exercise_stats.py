"""Exercise figures for the progress page and item statistics.

- A submission passes when every test case passed (ExerciseAttemptQuerySet.passed): that is
  "answered well" for an exercise. Coding-round items of mock interviews are counted as
  interview answers, so only standalone submissions are added here (nothing is counted twice).
- Pass rate: passed submissions / submissions. Time: from opening the exercise to submitting
  (the page's signed start), as a median, which one forgotten tab cannot skew.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.models import User

from interview.practice.models import ExerciseAttempt, ExerciseAttemptQuerySet


@dataclass(frozen=True)
class ExerciseSummary:
    submissions: int
    passed: int
    exercises_tried: int
    exercises_solved: int
    median_time: timedelta | None

    @property
    def pass_rate(self) -> float | None:
        return self.passed / self.submissions if self.submissions else None


def standalone_attempts() -> ExerciseAttemptQuerySet:
    """Submissions on the exercise pages (a coding round's are interview answers)."""
    return ExerciseAttempt.objects.filter(session_item__isnull=True)


def _median(values: list[int]) -> timedelta | None:
    return timedelta(milliseconds=statistics.median(values)) if values else None


def exercise_summary(*, user: User) -> ExerciseSummary:
    rows = list(
        ExerciseAttempt.objects.filter(user=user).values_list(
            "question_id", "passed", "duration_ms"
        )
    )
    return ExerciseSummary(
        submissions=len(rows),
        passed=sum(1 for _, passed, _ in rows if passed),
        exercises_tried=len({qid for qid, _, _ in rows if qid is not None}),
        exercises_solved=len({qid for qid, passed, _ in rows if qid is not None and passed}),
        median_time=_median([ms for _, _, ms in rows if ms is not None]),
    )


def median_times(*, question_ids: Iterable[int]) -> dict[int, timedelta]:
    """Each question's median time to submit, over standalone submissions by all users."""
    times: dict[int, list[int]] = defaultdict(list)
    for question_id, ms in (
        standalone_attempts()
        .filter(question_id__in=list(question_ids), duration_ms__isnull=False)
        .values_list("question_id", "duration_ms")
    ):
        if question_id is not None and ms is not None:
            times[question_id].append(ms)
    return {qid: timedelta(milliseconds=statistics.median(values)) for qid, values in times.items()}
