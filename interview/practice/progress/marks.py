"""Solved and attempted marks on question lists.

Specification:
- A question is *solved* by a user who answered it well at least once (the one definition,
  `SessionItemQuerySet.answered_well`: a correct quiz answer, or an interview answer covering
  enough key points and not self-rated Again or Hard) or passed every test of its exercise.
- It is *attempted* when the user answered it (or it timed out) or submitted code for it, without
  solving it.
- It is *answered* (what "not yet answered" leaves out) when it is solved or attempted.
- Marks for a page of questions cost two queries whatever the page or the history holds; the
  answered filter is one subquery.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, QuerySet

from interview.bank.models import Question
from interview.practice.models import WELL_ANSWERED, ExerciseAttempt, SessionItem

SOLVED = "solved"
ATTEMPTED = "attempted"


def question_marks(*, user: User | AnonymousUser, question_ids: Iterable[int]) -> dict[int, str]:
    """{question id: "solved" or "attempted"} for those of `question_ids` the user answered."""
    ids = list(question_ids)
    if not user.is_authenticated or not ids:
        return {}
    marks: dict[int, str] = {}
    items = (
        SessionItem.objects.answered()
        .filter(session__user=user, question_id__in=ids)
        .order_by()
        .annotate(well=ExpressionWrapper(WELL_ANSWERED, output_field=BooleanField()))
        .values_list("question_id", "well")
    )
    attempts = (
        ExerciseAttempt.objects.filter(user=user, question_id__in=ids)
        .order_by()
        .values_list("question_id", "passed")
    )
    for rows in (items, attempts):
        for question_id, solved in rows.distinct():
            if solved:
                marks[question_id] = SOLVED
            else:
                marks.setdefault(question_id, ATTEMPTED)
    return marks


def questions_not_answered(
    *, user: User | AnonymousUser, questions: QuerySet[Question]
) -> QuerySet[Question]:
    """`questions` without those the user answered (solved or attempted)."""
    if not user.is_authenticated:
        return questions
    item = SessionItem.objects.answered().filter(session__user=user, question=OuterRef("pk"))
    attempt = ExerciseAttempt.objects.filter(user=user, question=OuterRef("pk"))
    return questions.exclude(Exists(item)).exclude(Exists(attempt))
