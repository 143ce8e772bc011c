"""Mock interviews: one open question at a time, each with its own clock.

- A question's clock starts when it is shown (`session_sync` with show=True); the report does
  not start it.
- Autosave keeps the newest draft (by the client's revision) while the time and grace last.
- A draft or a submit names the saved revision it was typed on (``base``). If the server holds
  another text saved since (another tab, a save that landed after a reload), it is refused as a
  conflict: nothing the client has not seen is overwritten, and the client never shows "Saved"
  for text the server does not hold. Sending the text the server already holds always succeeds.
- Submitting closes the question with its answer, graded on its key points (`coverage`); after
  the deadline the finish time is the deadline (`timing.finish_time`).
- A finished question is self-rated (Again/Hard/Good/Easy), which counts as a flashcard review
  and moves on to the next question (a follow-up in follow-up mode), or ends the interview.
- Ending early closes the open question with its saved answer (not answered when nothing was
  typed: it is not graded); unasked questions are dropped.

Every change runs under the session's lock (see `engine.sessions`).
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

from interview.bank.models import Question, Topic
from interview.practice import flashcards
from interview.practice.engine import selection, timing
from interview.practice.engine.errors import NoQuestionsAvailable, PracticeError
from interview.practice.engine.items import item_grader_for
from interview.practice.engine.sessions import (
    Outcome,
    activity_register,
    current_item,
    question_snapshot,
    session_finish,
    session_lock,
    session_mark_finished,
    session_retry_missed,
    still_published,
)
from interview.practice.grading import (
    CoverageResult,
    KeyPointInput,
    grade_answer,
    rating_suggestion,
)
from interview.practice.models import PracticeSession, Rating, ReviewLog, SessionItem

INTERVIEW = PracticeSession.Kind.INTERVIEW


def _item_create(*, session: PracticeSession, position: int, question_id: int) -> SessionItem:
    question = (
        Question.objects.select_related("topic").prefetch_related("key_points").get(pk=question_id)
    )
    return SessionItem.objects.create(
        session=session, position=position, **question_snapshot(question)
    )


def interview_create(
    *,
    user: User,
    topics: Iterable[Topic],
    question_count: int,
    seconds_per_question: int | None,
    difficulty: str = "",
    follow_up: bool = False,
    coding_questions: int = 0,
    now: datetime,
    question_ids: list[int] | None = None,
    rng: random.Random | None = None,
) -> PracticeSession:
    """Start a mock interview; questions answered well recently are picked less often. A
    coding round adds `coding_questions` SQL or Python exercises after the open questions, on
    the same clock rules (their answer is the code, autosaved like any answer)."""
    topics = list(topics)
    if question_ids is None:
        question_ids = selection.questions_pick(
            user=user,
            candidates=selection.open_question_ids(user=user, topics=topics, difficulty=difficulty),
            count=question_count,
            now=now,
            rng=rng,
        )
        if coding_questions:
            coding = selection.questions_pick(
                user=user,
                candidates=selection.exercise_question_ids(topics=topics),
                count=coding_questions,
                now=now,
                rng=rng,
            )
            question_ids = [*question_ids, *coding]
            question_count += len(coding)
    if not question_ids:
        raise NoQuestionsAvailable(
            _(
                "No published open questions match these topics and difficulty. "
                "Choose more topics or any difficulty."
            )
        )
    with transaction.atomic():
        session = PracticeSession.objects.create(
            user=user,
            kind=INTERVIEW,
            difficulty=difficulty,
            question_count=min(question_count, len(question_ids))
            if not follow_up
            else question_count,
            seconds_per_item=seconds_per_question,
            follow_up_mode=follow_up,
            plan=question_ids,
            created_at=now,
        )
        session.topics.set(topics)
        _item_create(session=session, position=0, question_id=question_ids[0])
    return session


def grading_language(item: SessionItem) -> str:
    """The language the answer is checked in: the one its key points were shown in (the
    snapshot's language, or English where the key points were not translated), so the
    stemmer, stop words and negation cues are those of the key points' words."""
    return "en" if "key_points" in (item.fallback_fields or []) else item.language


def close_with_grade(
    item: SessionItem, *, status: str, finished_at: datetime, report: Any = None
) -> None:
    """Close an item with its answer, graded (key points, or an exercise's tests), and save it."""
    grader = item_grader_for(item)
    if grader is not None:  # a coding-round exercise: graded on its tests
        item.status = status
        item.finished_at = finished_at
        grade = grader(item, report=report)
        item.coverage = grade.coverage
        item.coverage_percent = grade.percent
        item.is_correct = grade.is_correct
        item.suggested_rating = Rating.GOOD if grade.is_correct else Rating.AGAIN
        item.save()
        return
    coverage = grade_answer(
        answer=item.answer,
        key_points=[
            KeyPointInput(
                text=point["text"],
                keywords=tuple(point.get("keywords", ())),
                misconceptions=tuple(point.get("misconceptions", ())),
            )
            for point in item.key_points
        ],
        prompt=f"{item.prompt}\n{item.instruction}",
        language=grading_language(item),
    )
    item.status = status
    item.finished_at = finished_at
    _store_coverage(item, coverage)
    item.save()


def _close_now(item: SessionItem, *, now: datetime, report: Any = None) -> None:
    """Close the question being answered at `now`: timed out when past its deadline."""
    overtime = timing.is_overtime(deadline=item.deadline, now=now)
    close_with_grade(
        item,
        status=SessionItem.Status.TIMED_OUT if overtime else SessionItem.Status.ANSWERED,
        finished_at=timing.finish_time(deadline=item.deadline, now=now),
        report=report,
    )


def _expire(item: SessionItem | None, *, now: datetime) -> bool:
    """Close an interview question whose time (and grace) ran out with its last saved answer."""
    if (
        item is not None
        and item.status == SessionItem.Status.ACTIVE
        and timing.is_expired(deadline=item.deadline, now=now)
    ):
        close_with_grade(
            item,
            status=SessionItem.Status.TIMED_OUT,
            finished_at=timing.finish_time(deadline=item.deadline, now=now),
        )
        return True
    return False


def session_sync(
    *, session: PracticeSession, now: datetime, show: bool = True
) -> SessionItem | None:
    """Bring a session up to date with the clock and (with `show`) show its next question.

    Called on every request that touches the session: an expired question is closed, and a
    question not shown yet is shown now, which fixes its deadline. Pages that do not show
    the question (the report) pass show=False, so its clock does not start.
    """
    item = current_item(session)
    needs_write = item is not None and (
        (show and item.status == SessionItem.Status.PENDING)
        or (
            item.status == SessionItem.Status.ACTIVE
            and timing.is_expired(deadline=item.deadline, now=now)
        )
    )
    if not needs_write or not session.is_active:
        return item
    with transaction.atomic():
        session_lock(session)
        item = current_item(session)
        if item is None:
            return None
        _expire(item, now=now)
        if show and item.status == SessionItem.Status.PENDING:
            item.status = SessionItem.Status.ACTIVE
            item.shown_at = now
            item.deadline = timing.deadline_for(
                shown_at=now, limit_seconds=session.seconds_per_item
            )
            item.save()
    return item


def _refused(item: SessionItem, message: str) -> Outcome:
    return Outcome(applied=False, message=message, item=item)


def _target(session: PracticeSession, *, position: int, now: datetime) -> tuple[SessionItem, bool]:
    """The current item, and whether the request names it (a stale request names another)."""
    if not session.is_active:
        raise PracticeError(_("This interview has ended; nothing was changed."))
    item = current_item(session)
    if item is None:
        raise PracticeError(_("This session has no questions."))
    _expire(item, now=now)
    return item, item.position == position


CONFLICT_DRAFT = gettext_noop(
    "Not saved: this answer was changed in another tab or window. Reload the page to continue "
    "from the saved version (copy your text first if you want to keep it)."
)
CONFLICT_SUBMIT = gettext_noop(
    "Not submitted: this answer was changed in another tab or window since this page loaded. "
    "The page now shows the saved version; check it and submit again."
)


def _conflicts(item: SessionItem, *, base: int | None, text: str) -> bool:
    """Whether this text, typed on saved revision `base`, would overwrite a draft unseen."""
    return base is not None and base != item.answer_revision and text != item.answer


def answer_autosave(
    *,
    session: PracticeSession,
    position: int,
    revision: int,
    text: str,
    now: datetime,
    base: int | None = None,
) -> Outcome:
    """Keep the newest draft of the current answer while its time (plus grace) lasts."""
    with transaction.atomic():
        session = session_lock(session)
        item, is_current = _target(session, position=position, now=now)
        if not is_current or item.status != SessionItem.Status.ACTIVE:
            if item.timed_out and is_current:
                return _refused(item, _("Time is up: your last answer saved in time was kept."))
            return _refused(item, _("This question is already finished; nothing was changed."))
        if base is not None:
            if text == item.answer and item.answer_saved_at is not None:
                return Outcome(applied=True, message=_("Saved."), item=item)
            if _conflicts(item, base=base, text=text):
                return _refused(item, _(CONFLICT_DRAFT))
            revision = max(revision, item.answer_revision + 1)
        elif revision <= item.answer_revision:
            return Outcome(applied=False, message=_("A newer draft is already saved."), item=item)
        item.answer = text
        item.answer_revision = revision
        item.answer_saved_at = now
        item.save(update_fields=["answer", "answer_revision", "answer_saved_at"])
        return Outcome(applied=True, message=_("Saved."), item=item)


def answer_submit(
    *,
    session: PracticeSession,
    position: int,
    revision: int,
    text: str,
    now: datetime,
    report: Any = None,
    base: int | None = None,
) -> Outcome:
    """End the current question with this answer. Repeats and stale submits change nothing;
    a submit typed on an older saved revision than the server's is refused (`base`)."""
    with transaction.atomic():
        session = session_lock(session)
        item, is_current = _target(session, position=position, now=now)
        if not is_current:
            return _refused(
                item,
                _(
                    "That answer was for question %(number)s, which is already finished; "
                    "it was not recorded."
                )
                % {"number": position + 1},
            )
        if item.status == SessionItem.Status.PENDING:
            return _refused(item, _("This question has not been shown yet."))
        if item.is_finished:
            message = (
                _("Time was up: the answer saved before the deadline was kept.")
                if item.timed_out
                else _("This answer was already submitted.")
            )
            return _refused(item, message)
        if _conflicts(item, base=base, text=text):
            return _refused(item, _(CONFLICT_SUBMIT))
        if base is not None or revision >= item.answer_revision:
            item.answer = text
            item.answer_revision = max(revision, item.answer_revision + 1)
            item.answer_saved_at = now
        _close_now(item, now=now, report=report)
        return Outcome(applied=True, message=_("Answer submitted."), item=item)


def _next_question_id(session: PracticeSession, item: SessionItem) -> int | None:
    asked = set(session.items.values_list("question_id", flat=True))
    if session.follow_up_mode and item.question_id is not None:
        follow_up = selection.follow_up_for(question_id=item.question_id, exclude=asked)
        if follow_up is not None:
            return follow_up
    remaining = still_published(
        [qid for qid in session.plan if qid not in asked], user=session.user
    )
    return remaining[0] if remaining else None


def item_rate(*, session: PracticeSession, position: int, rating: int, now: datetime) -> Outcome:
    """Record the self-rating of a finished question, then move on to the next one."""
    if rating not in Rating.values:
        raise PracticeError(_("Choose Again, Hard, Good or Easy."))
    with transaction.atomic():
        session = session_lock(session)
        item, is_current = _target(session, position=position, now=now)
        if not is_current or item.rating is not None:
            return _refused(
                item, _("Question %(number)s is already rated.") % {"number": position + 1}
            )
        if not item.is_finished:
            return _refused(item, _("Submit your answer before rating it."))
        item.rating = rating
        item.rated_at = now
        item.save(update_fields=["rating", "rated_at"])
        flashcards.cards_review_from_practice(
            user_id=session.user_id,
            source=ReviewLog.Source.INTERVIEW,
            answers=[(item, rating)],
            now=now,
        )
        next_id = None
        if item.position + 1 < session.question_count:
            next_id = _next_question_id(session, item)
        if next_id is None:
            session_mark_finished(session, finished_at=now)
        else:
            _item_create(session=session, position=item.position + 1, question_id=next_id)
        return Outcome(applied=True, message=_("Rating saved."), item=item)


def point_self_assess(
    *, session: PracticeSession, position: int, index: int, claimed: bool, now: datetime
) -> Outcome:
    """Mark (or unmark) a key point the grader did not find as "I did cover this".

    The claim is kept with the answer's coverage, counts in its percentage (and so in "answered
    well" and item statistics) and in the suggested rating, always labelled self-assessed. Any
    finished answer of the session can be marked, also after rating it or finishing the
    interview; a point the grader found covered needs no claim."""
    with transaction.atomic():
        session = session_lock(session)
        item = session.items.filter(position=position).first()
        if item is None or not item.is_finished or item.coverage is None:
            raise PracticeError(_("Only a submitted answer's key points can be marked."))
        coverage = CoverageResult.from_dict(item.coverage)
        if not 0 <= index < coverage.total:
            raise PracticeError(_("That key point does not exist."))
        if coverage.points[index].covered:
            return _refused(item, _("The check already found this point."))
        coverage = coverage.with_self_assessment(index=index, claimed=claimed)
        _store_coverage(item, coverage)
        item.save(
            update_fields=[
                "coverage",
                "coverage_percent",
                "self_assessed_points",
                "suggested_rating",
            ]
        )
        message = _("Marked as covered, self-assessed.") if claimed else _("Mark removed.")
        return Outcome(applied=True, message=message, item=item)


def _store_coverage(item: SessionItem, coverage: CoverageResult) -> None:
    item.coverage = {"points": coverage.to_dict()["points"]}  # the figures are derived
    item.coverage_percent = coverage.percent
    item.self_assessed_points = coverage.self_assessed_count
    item.suggested_rating = rating_suggestion(
        coverage=coverage, timed_out=item.status == SessionItem.Status.TIMED_OUT
    )


def interview_end(*, session: PracticeSession, now: datetime) -> None:
    """Stop early: an open question is closed with its saved answer; unasked ones are dropped."""
    session_finish(session=session, now=now)


def interview_retry_missed(*, session: PracticeSession, now: datetime) -> PracticeSession:
    return session_retry_missed(session=session, now=now)


class InterviewActivity:
    kind: str = INTERVIEW
    nothing_to_retry = gettext_noop("Nothing to retry: every question was answered well.")

    def expire(self, session: PracticeSession, *, now: datetime) -> bool:
        return _expire(current_item(session), now=now)

    def finish(self, session: PracticeSession, *, now: datetime) -> None:
        item = current_item(session)
        if item is not None and not _expire(item, now=now):
            if item.status == SessionItem.Status.ACTIVE and not item.answer.strip():
                item.status = SessionItem.Status.SKIPPED
                item.finished_at = now
                item.save(update_fields=["status", "finished_at"])
            elif item.status == SessionItem.Status.ACTIVE:
                _close_now(item, now=now)
            elif item.status == SessionItem.Status.PENDING:
                item.delete()
        session_mark_finished(session, finished_at=now)

    def restart(
        self, *, session: PracticeSession, question_ids: list[int], now: datetime
    ) -> PracticeSession:
        return interview_create(
            user=session.user,
            topics=session.topics.all(),
            question_count=len(question_ids),
            seconds_per_question=session.seconds_per_item,
            difficulty="",
            now=now,
            question_ids=question_ids,
        )


activity_register(InterviewActivity())
