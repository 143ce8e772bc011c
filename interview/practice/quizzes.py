"""Timed multiple-choice quizzes, built on the same sessions, items and timing rules as
mock interviews: one deadline for the whole quiz fixed at start, a grace period, every change
under a row lock, and snapshots of what the user saw (options shuffled once, stored in order).
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import datetime

from django.db import transaction

from interview.bank.models import Choice, Question, Topic
from interview.practice import flashcards, selection, timing
from interview.practice.errors import NoQuestionsAvailable, PracticeError
from interview.practice.models import OptionPick, PracticeSession, ReviewLog, SessionItem
from interview.practice.scoring import Score, selection_is_correct
from interview.practice.services import (
    Outcome,
    question_snapshot,
    session_lock,
    still_published,
)

QUIZ = PracticeSession.Kind.QUIZ


def quiz_question_ids(*, topics: Iterable[Topic]) -> list[int]:
    questions = Question.objects.published().filter(
        kind=Question.Kind.MULTIPLE_CHOICE, topic__in=list(topics)
    )
    return list(questions.order_by("id").values_list("id", flat=True))


def quiz_create(
    *,
    user,
    topics: Iterable[Topic],
    question_count: int,
    time_limit_seconds: int | None,
    feedback: str,
    now: datetime,
    question_ids: list[int] | None = None,
    rng: random.Random | None = None,
) -> PracticeSession:
    """Start a quiz: pick questions, shuffle each one's options once, start the clock."""
    rng = rng or random.Random()
    topics = list(topics)
    if question_ids is None:
        question_ids = selection.weighted_pick(
            candidates=quiz_question_ids(topics=topics),
            count=question_count,
            deprioritized=selection.recently_answered_well(user=user, now=now),
            rng=rng,
        )
    questions = {
        question.pk: question
        for question in Question.objects.filter(pk__in=question_ids)
        .select_related("topic")
        .prefetch_related("key_points", "choices")
    }
    question_ids = [
        qid for qid in question_ids if qid in questions and len(questions[qid].choices.all()) >= 2
    ]
    if not question_ids:
        raise NoQuestionsAvailable(
            "No published multiple-choice questions in these topics. Choose other topics."
        )
    deadline = timing.deadline_for(shown_at=now, limit_seconds=time_limit_seconds)
    with transaction.atomic():
        session = PracticeSession.objects.create(
            user=user,
            kind=QUIZ,
            question_count=len(question_ids),
            plan=question_ids,
            created_at=now,
            time_limit_seconds=time_limit_seconds,
            deadline=deadline,
            feedback=feedback,
        )
        session.topics.set(topics)
        items = []
        for position, question_id in enumerate(question_ids):
            question = questions[question_id]
            options = [
                {
                    "id": choice.pk,
                    "text": choice.text,
                    "is_correct": choice.is_correct,
                    "explanation": choice.explanation,
                }
                for choice in question.choices.all()
            ]
            rng.shuffle(options)
            items.append(
                SessionItem(
                    session=session,
                    position=position,
                    status=SessionItem.Status.ACTIVE,
                    shown_at=now,
                    deadline=deadline,
                    choices=options,
                    **question_snapshot(question),
                )
            )
        SessionItem.objects.bulk_create(items)
    return session


def _finish(session: PracticeSession, *, now: datetime) -> None:
    """Score every item and close the quiz; time is capped at the deadline."""
    overtime = timing.is_overtime(deadline=session.deadline, now=now)
    finished_at = session.deadline if overtime else now
    items = list(session.items.all())
    for item in items:
        item.is_correct = selection_is_correct(selected=item.selected, choices=item.choices)
        if not item.is_finished:
            item.status = (
                SessionItem.Status.ANSWERED if item.selected else SessionItem.Status.SKIPPED
            )
            item.finished_at = finished_at
    SessionItem.objects.bulk_update(items, ["is_correct", "status", "finished_at"])
    existing_choices = set(
        Choice.objects.filter(
            pk__in=[item.choices[index]["id"] for item in items for index in item.selected]
        ).values_list("pk", flat=True)
    )
    OptionPick.objects.bulk_create(
        [
            OptionPick(item=item, choice_id=item.choices[index]["id"])
            for item in items
            for index in item.selected
            if item.choices[index]["id"] in existing_choices
        ],
        ignore_conflicts=True,
    )
    # An answer given counts as a review (Good if right, Again if wrong), logged when it is
    # processed so each card's log stays in time order.
    flashcards.cards_review_from_practice(
        user_id=session.user_id,
        source=ReviewLog.Source.QUIZ,
        answers=[(item, flashcards.quiz_rating(item)) for item in items if item.selected],
        now=now,
    )
    score = Score(correct=sum(bool(item.is_correct) for item in items), total=len(items))
    session.status = PracticeSession.Status.FINISHED
    session.finished_at = finished_at
    session.correct_count = score.correct
    session.score_percent = score.percent
    session.save(update_fields=["status", "finished_at", "correct_count", "score_percent"])


def _expire(session: PracticeSession, *, now: datetime) -> bool:
    if session.is_active and timing.is_expired(deadline=session.deadline, now=now):
        _finish(session, now=now)
        return True
    return False


def quiz_sync(*, session: PracticeSession, now: datetime) -> PracticeSession:
    """Finish a quiz whose time and grace ran out, with the selections saved in time."""
    if session.is_active and timing.is_expired(deadline=session.deadline, now=now):
        with transaction.atomic():
            session = session_lock(session)
            _expire(session, now=now)
    return session


def quiz_finish(*, session: PracticeSession, now: datetime) -> bool:
    """Finish the quiz; True when this call finished it (a second call changes nothing)."""
    with transaction.atomic():
        session = session_lock(session)
        if not session.is_active:
            return False
        _finish(session, now=now)
        return True


def _open_item(session: PracticeSession, *, position: int, now: datetime) -> SessionItem:
    """The item a change is for, or PracticeError when the quiz can no longer change.

    Callers run `quiz_sync` first, outside their own transaction, so that finishing an
    expired quiz is committed even though the change that discovered it is refused.
    """
    if timing.is_expired(deadline=session.deadline, now=now) or (
        not session.is_active and session.finished_at == session.deadline
    ):
        raise PracticeError(
            "Time is up: the quiz was finished with the answers saved before the deadline."
        )
    if not session.is_active:
        raise PracticeError("This quiz is finished; its answers can no longer change.")
    item = session.items.filter(position=position).first()
    if item is None:
        raise PracticeError("There is no such question in this quiz.")
    return item


def quiz_select(
    *, session: PracticeSession, position: int, selected: list[int], revision: int, now: datetime
) -> Outcome:
    """Save a selection as it is made. Older revisions (late, reordered requests) are ignored."""
    quiz_sync(session=session, now=now)
    with transaction.atomic():
        session = session_lock(session)
        item = _open_item(session, position=position, now=now)
        if item.is_checked:
            return Outcome(False, "This answer was checked and is locked.", item)
        chosen = sorted(set(selected))
        if any(index < 0 or index >= len(item.choices) for index in chosen):
            raise PracticeError("That option is not part of this question.")
        if len(chosen) > 1 and not item.multiple_answers:
            raise PracticeError("Choose one option for this question.")
        if revision <= item.answer_revision:
            return Outcome(False, "A newer selection is already saved.", item)
        item.selected = chosen
        item.answer_revision = revision
        item.answer_saved_at = now
        item.save(update_fields=["selected", "answer_revision", "answer_saved_at"])
        return Outcome(True, "Saved.", item)


def quiz_flag(*, session: PracticeSession, position: int, flagged: bool, now: datetime) -> Outcome:
    quiz_sync(session=session, now=now)
    with transaction.atomic():
        session = session_lock(session)
        item = _open_item(session, position=position, now=now)
        item.flagged = flagged
        item.save(update_fields=["flagged"])
        return Outcome(True, "Flagged for review." if flagged else "Flag removed.", item)


def quiz_check(*, session: PracticeSession, position: int, now: datetime) -> Outcome:
    """Immediate-feedback mode: reveal one answer and lock it."""
    quiz_sync(session=session, now=now)
    with transaction.atomic():
        session = session_lock(session)
        if not session.immediate_feedback:
            raise PracticeError("This quiz shows feedback at the end, after you finish.")
        item = _open_item(session, position=position, now=now)
        if item.is_checked:
            return Outcome(False, "This answer was already checked.", item)
        if not item.selected:
            return Outcome(False, "Choose an option before checking.", item)
        item.checked_at = now
        item.is_correct = selection_is_correct(selected=item.selected, choices=item.choices)
        item.status = SessionItem.Status.ANSWERED
        overtime = timing.is_overtime(deadline=session.deadline, now=now)
        item.finished_at = session.deadline if overtime else now
        item.save(update_fields=["checked_at", "is_correct", "status", "finished_at"])
        flashcards.cards_review_from_practice(
            user_id=session.user_id,
            source=ReviewLog.Source.QUIZ,
            answers=[(item, flashcards.quiz_rating(item))],
            now=now,
        )
        return Outcome(True, "Checked.", item)


def quiz_missed_question_ids(session: PracticeSession) -> list[int]:
    return [
        item.question_id
        for item in session.items.all()
        if item.question_id is not None and item.is_correct is False
    ]


def quiz_retry_missed(*, session: PracticeSession, now: datetime) -> PracticeSession:
    ids = still_published(quiz_missed_question_ids(session))
    if not ids:
        raise NoQuestionsAvailable("Nothing to retry: every question was answered correctly.")
    return quiz_create(
        user=session.user,
        topics=session.topics.all(),
        question_count=len(ids),
        time_limit_seconds=session.time_limit_seconds,
        feedback=session.feedback,
        now=now,
        question_ids=ids,
    )


def quizzes_close_expired(*, now: datetime) -> int:
    expired = PracticeSession.objects.filter(
        kind=QUIZ,
        status=PracticeSession.Status.ACTIVE,
        deadline__lt=now - timing.grace_period(),
    ).values_list("pk", flat=True)
    closed = 0
    for pk in list(expired):
        with transaction.atomic():
            session = PracticeSession.objects.select_for_update().get(pk=pk)
            closed += _expire(session, now=now)
    return closed
