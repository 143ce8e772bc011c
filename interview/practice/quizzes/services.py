"""Timed quizzes (multiple choice and cloze) on the session engine: one deadline for the whole
quiz fixed at start, a grace period, every change under the session's lock, and snapshots of
what the user saw (options shuffled once, stored in order; a cloze question's blanks in
reading order).

- Selections (or, for cloze, the text typed in each blank) autosave by revision while the quiz
  is open; in immediate-feedback mode Check
  reveals one answer and locks it.
- Finishing (by the user, or by the clock with the selections saved in time) scores every item
  with `scoring.SCORING_RULE`, records the option picks and counts each answer given as a
  flashcard review (Good if right, Again if wrong).
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from interview.bank.cloze import MAX_RESPONSE_LENGTH, cloze_blanks
from interview.bank.models import Choice, Question, Topic
from interview.bank.translation import active_content_language, localized, localized_text
from interview.practice import flashcards
from interview.practice.engine import selection, timing
from interview.practice.engine.activity_stamp import activity_bump
from interview.practice.engine.errors import NoQuestionsAvailable, PracticeError
from interview.practice.engine.sessions import (
    Outcome,
    activity_register,
    question_snapshot,
    session_expire,
    session_finish,
    session_lock,
    session_mark_finished,
    session_retry_missed,
)
from interview.practice.models import OptionPick, PracticeSession, Rating, ReviewLog, SessionItem
from interview.practice.quizzes.scoring import Score, selection_is_correct

QUIZ = PracticeSession.Kind.QUIZ
QUIZ_KINDS = (Question.Kind.MULTIPLE_CHOICE, Question.Kind.CLOZE)


def _askable(question: Question) -> bool:
    if question.is_cloze:
        return bool(cloze_blanks(question.prompt))
    return len(question.choices.all()) >= 2


def _item_choices(
    question: Question, rng: random.Random, *, language: str, prompt: str
) -> list[dict]:
    """What the item keeps to grade: the blanks in order (of the prompt as shown, in the
    snapshot's language), or the options shuffled once, in that language."""
    if question.is_cloze:
        return [blank.as_dict() for blank in cloze_blanks(prompt)]
    options = [
        {
            "id": choice.pk,
            "text": localized_text(choice, "text", language),
            "is_correct": choice.is_correct,
            "explanation": localized_text(choice, "explanation", language),
        }
        for choice in question.choices.all()
    ]
    rng.shuffle(options)
    return options


def quiz_question_ids(*, user: User, topics: Iterable[Topic]) -> list[int]:
    questions = Question.objects.available_to(user).filter(
        kind__in=QUIZ_KINDS, topic__in=list(topics)
    )
    return list(questions.order_by("id").values_list("id", flat=True))


def quiz_create(
    *,
    user: User,
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
        question_ids = selection.questions_pick(
            user=user,
            candidates=quiz_question_ids(user=user, topics=topics),
            count=question_count,
            now=now,
            rng=rng,
        )
    questions = {
        question.pk: question
        for question in Question.objects.filter(pk__in=question_ids)
        .select_related("topic")
        .prefetch_related("key_points", "choices")
    }
    question_ids = [qid for qid in question_ids if qid in questions and _askable(questions[qid])]
    if not question_ids:
        raise NoQuestionsAvailable(
            _("No published multiple-choice questions in these topics. Choose other topics.")
        )
    deadline = timing.deadline_for(shown_at=now, limit_seconds=time_limit_seconds)
    with transaction.atomic():
        session = PracticeSession.objects.create(
            user=user,
            kind=QUIZ,
            question_count=len(question_ids),
            created_at=now,
            time_limit_seconds=time_limit_seconds,
            deadline=deadline,
            feedback=feedback,
        )
        session.topics.set(topics)
        items = []
        language = active_content_language()
        for position, question_id in enumerate(question_ids):
            question = questions[question_id]
            snapshot = question_snapshot(question, language=language)
            options = _item_choices(question, rng, language=language, prompt=snapshot["prompt"])
            if not question.is_cloze and any(
                localized(choice, field, language).fallback
                for choice in question.choices.all()
                for field in ("text", "explanation")
            ):
                snapshot["fallback_fields"].append("choices")
            items.append(
                SessionItem(
                    session=session,
                    position=position,
                    status=SessionItem.Status.ACTIVE,
                    shown_at=now,
                    deadline=deadline,
                    choices=options,
                    **snapshot,
                )
            )
        SessionItem.objects.bulk_create(items)
        activity_bump(user_ids=[user.pk])  # bulk_create sends no signals
    return session


def _finish(session: PracticeSession, *, now: datetime) -> None:
    """Score every item and close the quiz; time is capped at the deadline."""
    finished_at = timing.finish_time(deadline=session.deadline, now=now)
    items = list(session.items.all())
    for item in items:
        item.is_correct = selection_is_correct(selected=item.selected, choices=item.choices)
        if not item.is_finished:
            item.status = (
                SessionItem.Status.ANSWERED if item.selected else SessionItem.Status.SKIPPED
            )
            item.finished_at = finished_at
    SessionItem.objects.bulk_update(items, ["is_correct", "status", "finished_at"])
    activity_bump(user_ids=[session.user_id])  # bulk_update sends no signals
    picked = [item for item in items if not item.is_cloze]
    existing_choices = set(
        Choice.objects.filter(
            pk__in=[item.choices[index]["id"] for item in picked for index in item.selected]
        ).values_list("pk", flat=True)
    )
    OptionPick.objects.bulk_create(
        [
            OptionPick(item=item, choice_id=item.choices[index]["id"])
            for item in picked
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
        answers=[(item, quiz_rating(item)) for item in items if item.selected],
        now=now,
    )
    score = Score(correct=sum(bool(item.is_correct) for item in items), total=len(items))
    session.correct_count = score.correct
    session.score_percent = score.percent
    session_mark_finished(
        session, finished_at=finished_at, fields=("correct_count", "score_percent")
    )


def _expire(session: PracticeSession, *, now: datetime) -> bool:
    if session.is_active and timing.is_expired(deadline=session.deadline, now=now):
        _finish(session, now=now)
        return True
    return False


def quiz_sync(*, session: PracticeSession, now: datetime) -> PracticeSession:
    """Finish a quiz whose time and grace ran out, with the selections saved in time."""
    if session.is_active and timing.is_expired(deadline=session.deadline, now=now):
        session_expire(session=session, now=now)
        session.refresh_from_db()
    return session


def quiz_finish(*, session: PracticeSession, now: datetime) -> bool:
    """Finish the quiz; True when this call finished it (a second call changes nothing)."""
    return session_finish(session=session, now=now)


def _open_item(session: PracticeSession, *, position: int, now: datetime) -> SessionItem:
    """The item a change is for, or PracticeError when the quiz can no longer change.

    Callers run `quiz_sync` first, outside their own transaction, so that finishing an
    expired quiz is committed even though the change that discovered it is refused.
    """
    if timing.is_expired(deadline=session.deadline, now=now) or session.ended_by_clock:
        raise PracticeError(
            _("Time is up: the quiz was finished with the answers saved before the deadline.")
        )
    if not session.is_active:
        raise PracticeError(_("This quiz is finished; its answers can no longer change."))
    item = session.items.filter(position=position).first()
    if item is None:
        raise PracticeError(_("There is no such question in this quiz."))
    return item


def quiz_select(
    *,
    session: PracticeSession,
    position: int,
    selected: list[int],
    revision: int,
    now: datetime,
    blanks: list[str] | None = None,
) -> Outcome:
    """Save a selection as it is made. Older revisions (late, reordered requests) are ignored.
    For a cloze item `blanks` holds the text of each blank (stored in `selected`)."""
    quiz_sync(session=session, now=now)
    with transaction.atomic():
        session = session_lock(session)
        item = _open_item(session, position=position, now=now)
        if item.is_checked:
            return Outcome(False, _("This answer was checked and is locked."), item)
        chosen: list[Any]
        if item.is_cloze:
            chosen = _cloze_responses(item, blanks or [])
        else:
            chosen = sorted(set(selected))
            if any(index < 0 or index >= len(item.choices) for index in chosen):
                raise PracticeError(_("That option is not part of this question."))
            if len(chosen) > 1 and not item.multiple_answers:
                raise PracticeError(_("Choose one option for this question."))
        if revision <= item.answer_revision:
            return Outcome(False, _("A newer selection is already saved."), item)
        item.selected = chosen
        item.answer_revision = revision
        item.answer_saved_at = now
        item.save(update_fields=["selected", "answer_revision", "answer_saved_at"])
        return Outcome(True, _("Saved."), item)


def _cloze_responses(item: SessionItem, blanks: list[str]) -> list[str]:
    """One response per blank, trimmed; an empty list when every blank is empty."""
    if len(blanks) > len(item.choices):
        raise PracticeError(_("There are more answers than blanks in this question."))
    if any(len(text) > MAX_RESPONSE_LENGTH for text in blanks):
        raise PracticeError(
            _("A blank's answer is limited to %(count)d characters.")
            % {"count": MAX_RESPONSE_LENGTH}
        )
    responses = [text.strip() for text in blanks]
    responses += [""] * (len(item.choices) - len(responses))
    return responses if any(responses) else []


def quiz_flag(*, session: PracticeSession, position: int, flagged: bool, now: datetime) -> Outcome:
    quiz_sync(session=session, now=now)
    with transaction.atomic():
        session = session_lock(session)
        item = _open_item(session, position=position, now=now)
        item.flagged = flagged
        item.save(update_fields=["flagged"])
        return Outcome(True, _("Flagged for review.") if flagged else _("Flag removed."), item)


def quiz_check(*, session: PracticeSession, position: int, now: datetime) -> Outcome:
    """Immediate-feedback mode: reveal one answer and lock it."""
    quiz_sync(session=session, now=now)
    with transaction.atomic():
        session = session_lock(session)
        if not session.immediate_feedback:
            raise PracticeError(_("This quiz shows feedback at the end, after you finish."))
        item = _open_item(session, position=position, now=now)
        if item.is_checked:
            return Outcome(False, _("This answer was already checked."), item)
        if not item.selected:
            if item.is_cloze:
                return Outcome(False, _("Fill in a blank before checking."), item)
            return Outcome(False, _("Choose an option before checking."), item)
        item.checked_at = now
        item.is_correct = selection_is_correct(selected=item.selected, choices=item.choices)
        item.status = SessionItem.Status.ANSWERED
        item.finished_at = timing.finish_time(deadline=session.deadline, now=now)
        item.save(update_fields=["checked_at", "is_correct", "status", "finished_at"])
        flashcards.cards_review_from_practice(
            user_id=session.user_id,
            source=ReviewLog.Source.QUIZ,
            answers=[(item, quiz_rating(item))],
            now=now,
        )
        return Outcome(True, "Checked.", item)


def quiz_rating(item: SessionItem) -> int:
    """A quiz answer as a flashcard review: Good when right, Again when wrong."""
    return Rating.GOOD if item.is_correct else Rating.AGAIN


def quiz_retry_missed(*, session: PracticeSession, now: datetime) -> PracticeSession:
    return session_retry_missed(session=session, now=now)


class QuizActivity:
    kind: str = QUIZ
    nothing_to_retry = gettext_noop("Nothing to retry: every question was answered correctly.")

    def expire(self, session: PracticeSession, *, now: datetime) -> bool:
        return _expire(session, now=now)

    def finish(self, session: PracticeSession, *, now: datetime) -> None:
        _finish(session, now=now)

    def restart(
        self, *, session: PracticeSession, question_ids: list[int], now: datetime
    ) -> PracticeSession:
        return quiz_create(
            user=session.user,
            topics=session.topics.all(),
            question_count=len(question_ids),
            time_limit_seconds=session.time_limit_seconds,
            feedback=session.feedback,
            now=now,
            question_ids=question_ids,
        )


activity_register(QuizActivity())
