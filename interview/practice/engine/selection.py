"""Which questions a session asks: weighted picks and interviewer-style follow-ups."""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from django.contrib.auth.models import User

from interview.bank.models import EXERCISE_KINDS, Question, Topic
from interview.practice.models import SessionItem

RECENT_WINDOW = timedelta(days=14)
# A question answered well recently is this many times less likely to be picked.
WELL_ANSWERED_WEIGHT = 0.2


def open_question_ids(*, user: User, topics: Iterable[Topic], difficulty: str = "") -> list[int]:
    questions = Question.objects.available_to(user).filter(
        kind=Question.Kind.OPEN, topic__in=list(topics)
    )
    if difficulty:
        questions = questions.filter(difficulty=difficulty)
    return list(questions.order_by("id").values_list("id", flat=True))


def exercise_question_ids(*, topics: Iterable[Topic]) -> list[int]:
    """Published SQL and Python exercises of these topics (or of any topic when the chosen
    topics have none), for an interview's coding round."""
    exercises = Question.objects.published().filter(kind__in=EXERCISE_KINDS, exercise__isnull=False)
    chosen = exercises.filter(topic__in=list(topics))
    return list(
        (chosen if chosen.exists() else exercises).order_by("id").values_list("id", flat=True)
    )


def recently_answered_well(*, user: User, now: datetime) -> set[int]:
    """Questions the user answered well (SessionItemQuerySet.answered_well) in the last two
    weeks."""
    items = SessionItem.objects.answered_well().filter(
        session__user=user, finished_at__gte=now - RECENT_WINDOW, question__isnull=False
    )
    return set(items.values_list("question_id", flat=True))


def weighted_pick(
    *, candidates: Sequence[int], count: int, deprioritized: set[int], rng: random.Random
) -> list[int]:
    """Sample without replacement; `deprioritized` ids carry a low weight (never zero).

    Efraimidis-Spirakis: each id gets the key u ** (1 / weight) and the largest keys win.
    """

    def key(question_id: int) -> float:
        weight = WELL_ANSWERED_WEIGHT if question_id in deprioritized else 1.0
        return rng.random() ** (1.0 / weight)

    return sorted(candidates, key=key, reverse=True)[:count]


def questions_pick(
    *,
    user: User,
    candidates: Sequence[int],
    count: int,
    now: datetime,
    rng: random.Random | None = None,
) -> list[int]:
    """Pick `count` of the candidates; questions answered well recently are picked less often."""
    return weighted_pick(
        candidates=candidates,
        count=count,
        deprioritized=recently_answered_well(user=user, now=now),
        rng=rng or random.Random(),
    )


def follow_up_for(*, question_id: int, exclude: set[int]) -> int | None:
    """The first published open follow-up of a question that the session has not asked yet."""
    return (
        Question.objects.published()
        .filter(kind=Question.Kind.OPEN, follow_up_of__id=question_id)
        .exclude(id__in=exclude)
        .order_by("topic__order", "order", "id")
        .values_list("id", flat=True)
        .first()
    )
