"""Item statistics for editors: how each question performs across all users, in SQL.

"Answered well" is the one definition (SessionItemQuerySet.answered_well) for interview and
quiz answers, a flashcard review not rated Again (ReviewLogQuerySet.recalled), and an exercise
submission that passed every test (ExerciseAttemptQuerySet.passed; standalone submissions, a
coding round's being interview answers).
"""

from __future__ import annotations

from django.db.models import (
    Avg,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, NullIf

from interview.bank.models import Choice, Question
from interview.lib.queries import count_subquery
from interview.practice.models import PracticeSession, ReviewLog, SessionItem
from interview.practice.progress.exercise_stats import standalone_attempts

SORTS = {
    "answered": "times_answered",
    "well": "share_well",
    "time": "average_time",
    "topic": "topic__name",
    "question": "prompt",
}


def with_statistics(questions: QuerySet[Question]) -> QuerySet[Question]:
    """Annotate times_answered, answered_well, share_well (0-1 or None), average_time and
    self_assessed (interview answers in which the user marked a key point "I did cover this":
    those points count in the coverage, hence in "answered well")."""
    items = SessionItem.objects.answered()
    reviews = ReviewLog.objects.flashcards()
    attempts = standalone_attempts()
    average_time = (
        SessionItem.objects.answered()
        .filter(question=OuterRef("pk"), session__kind=PracticeSession.Kind.INTERVIEW)
        .order_by()
        .values("question")
        .annotate(
            t=Avg(ExpressionWrapper(F("finished_at") - F("shown_at"), output_field=DurationField()))
        )
        .values("t")
    )
    annotated = questions.annotate(
        times_answered=count_subquery(items, "question")
        + count_subquery(reviews, "card__question")
        + count_subquery(attempts, "question"),
        answered_well=count_subquery(items.answered_well(), "question")
        + count_subquery(reviews.recalled(), "card__question")
        + count_subquery(attempts.passed(), "question"),
        average_time=Subquery(average_time, output_field=DurationField()),
        self_assessed=count_subquery(items.filter(self_assessed_points__gt=0), "question"),
    )
    return annotated.annotate(
        share_well=Cast(F("answered_well"), FloatField())
        / NullIf(Cast(F("times_answered"), FloatField()), Value(0.0))
    )


def sorted_statistics(*, sort: str, descending: bool, topic_id: int | None) -> QuerySet[Question]:
    questions = with_statistics(
        Question.objects.filter(topic__owner__isnull=True).select_related("topic")
    )
    if topic_id is not None:
        questions = questions.filter(topic_id=topic_id)
    field = SORTS.get(sort, "times_answered")
    ordering = F(field).desc(nulls_last=True) if descending else F(field).asc(nulls_last=True)
    return questions.order_by(ordering, "id")


def option_picks(question: Question) -> list[Choice]:
    """The question's options with `pick_count`: how many finished quiz answers chose each."""
    return list(question.choices.annotate(pick_count=Count("picks")).order_by("order", "id"))
