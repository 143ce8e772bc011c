"""Answering one question from its page, without starting an interview.

Specification:
- A signed-in user may answer any published open question from its page. The answer is graded
  on the question's key points exactly as in a mock interview (covered / missed / contradicted,
  with the evidence sentence) and kept as a finished one-question, untimed interview: it is in
  the user's history, progress and "solved/attempted" marks like any interview answer.
- The same text sent again for the same question within RESEND_WINDOW (a double click, a form
  sent twice) returns the first attempt: one attempt is stored.
- An empty answer, a question that is not a published open question, and a text over
  MAX_ANSWER_CHARS are refused; nothing is stored.
- The attempt is then self-rated once (Again/Hard/Good/Easy); the rating counts as a review of
  the question's flashcard through the flashcards' one public function. A second rating is
  refused and changes nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext as _

from interview.bank.models import Question
from interview.practice import flashcards
from interview.practice.engine.errors import PracticeError
from interview.practice.engine.sessions import Outcome, question_snapshot
from interview.practice.interviews.services import close_with_grade
from interview.practice.models import PracticeSession, Rating, ReviewLog, SessionItem

RESEND_WINDOW = timedelta(seconds=60)
MAX_ANSWER_CHARS = 20_000


def question_answer(*, user: User, question_id: int, text: str, now: datetime) -> SessionItem:
    """Grade `text` as an answer to the question and keep it (see the specification)."""
    if not text.strip():
        raise PracticeError(_("Type your answer first; nothing was recorded."))
    if len(text) > MAX_ANSWER_CHARS:
        raise PracticeError(
            _("Answers are limited to %(count)s characters.")
            % {"count": formats.number_format(MAX_ANSWER_CHARS, force_grouping=True)}
        )
    with transaction.atomic():
        # One attempt at a time per user: a resent form waits here, then finds the first one.
        User.objects.select_for_update().filter(pk=user.pk).first()
        earlier = (
            SessionItem.objects.filter(
                session__user=user,
                session__kind=PracticeSession.Kind.INTERVIEW,
                session__question_count=1,
                question_id=question_id,
                answer=text,
                finished_at__gte=now - RESEND_WINDOW,
            )
            .order_by("-finished_at")
            .first()
        )
        if earlier is not None:
            return earlier
        question = (
            Question.objects.available_to(user)
            .filter(pk=question_id, kind=Question.Kind.OPEN)
            .select_related("topic")
            .prefetch_related("key_points")
            .first()
        )
        if question is None:
            raise PracticeError(_("Only published open questions can be answered here."))
        session = PracticeSession.objects.create(
            user=user,
            kind=PracticeSession.Kind.INTERVIEW,
            question_count=1,
            seconds_per_item=None,
            plan=[question.pk],
            created_at=now,
            status=PracticeSession.Status.FINISHED,
            finished_at=now,
        )
        session.topics.set([question.topic])
        item = SessionItem(
            session=session,
            position=0,
            status=SessionItem.Status.ACTIVE,
            shown_at=now,
            answer=text,
            answer_revision=1,
            answer_saved_at=now,
            **question_snapshot(question),
        )
        close_with_grade(item, status=SessionItem.Status.ANSWERED, finished_at=now)
        return item


def attempt_rate(*, item: SessionItem, rating: int, now: datetime) -> Outcome:
    """The self-rating of an attempt, once; it feeds the question's flashcard."""
    if rating not in Rating.values:
        raise PracticeError(_("Choose Again, Hard, Good or Easy."))
    with transaction.atomic():
        item = SessionItem.objects.select_for_update().select_related("session").get(pk=item.pk)
        if item.rating is not None:
            return Outcome(applied=False, message=_("This answer is already rated."), item=item)
        item.rating = rating
        item.rated_at = now
        item.save(update_fields=["rating", "rated_at"])
        flashcards.cards_review_from_practice(
            user_id=item.session.user_id,
            source=ReviewLog.Source.INTERVIEW,
            answers=[(item, rating)],
            now=now,
        )
        return Outcome(applied=True, message=_("Rating saved."), item=item)
