"""The session engine: what every timed activity (mock interview, quiz, ...) shares.

- A session is changed only under its row lock (SELECT ... FOR UPDATE), taken with
  `session_lock` inside a transaction, so two requests for the same session (two tabs, a double
  click, two app processes) are applied one after the other against the stored state.
- Each item keeps a snapshot of the question as the user saw it (`question_snapshot`).
- The clock: an activity fixes deadlines (see `timing`); a session whose clock ran out with its
  grace period is closed by the activity's `expire`, on the next request that touches it or by
  the sweep (`sessions_close_expired`), whichever comes first. Closing is idempotent.
- Finishing (`session_finish`) runs the activity's own closing rule once; a second call changes
  nothing.
- Retrying (`session_retry_missed`) starts a new session of the same activity and settings on
  the questions missed (see `SessionItemQuerySet.missed`) that are still published.

Activities plug in by registering an `Activity` for their session kind (`activity_register`);
the engine never imports an activity.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from django.contrib.auth.models import AnonymousUser, User
from django.core.cache import cache
from django.db import transaction
from django.utils.translation import gettext as _

from interview.bank.models import Question, split_keywords
from interview.bank.translation import (
    active_content_language,
    content_language,
    localized,
)
from interview.practice.engine import timing
from interview.practice.engine.activity_stamp import activity_bump
from interview.practice.engine.errors import NoQuestionsAvailable
from interview.practice.models import PracticeSession, SessionItem


@dataclass(frozen=True)
class Outcome:
    """What became of a client's request: applied or not, and what to tell the user."""

    applied: bool
    message: str
    item: SessionItem


class Activity(Protocol):
    """The rules one kind of session adds to the engine. Hooks run under the session's lock."""

    kind: str
    nothing_to_retry: str  # the message when no question was missed

    def expire(self, session: PracticeSession, *, now: datetime) -> bool:
        """Close what the clock ended (with the answers saved in time); True if anything was."""
        ...

    def finish(self, session: PracticeSession, *, now: datetime) -> None:
        """Close the session now: grade, score, feed the flashcards, mark it finished."""
        ...

    def restart(
        self, *, session: PracticeSession, question_ids: list[int], now: datetime
    ) -> PracticeSession:
        """A new session with the same settings on these questions."""
        ...


_ACTIVITIES: dict[str, Activity] = {}


def activity_register(activity: Activity) -> None:
    _ACTIVITIES[activity.kind] = activity


def activity_for(session: PracticeSession) -> Activity:
    return _ACTIVITIES[session.kind]


def session_lock(session: PracticeSession) -> PracticeSession:
    """Re-read the session under a row lock; call inside transaction.atomic()."""
    return PracticeSession.objects.select_for_update().get(pk=session.pk)


def current_item(session: PracticeSession) -> SessionItem | None:
    """The item shown last (activities that show one item at a time)."""
    return session.items.order_by("-position").first()


def question_snapshot(question: Question, *, language: str | None = None) -> dict[str, Any]:
    """What the user sees of a question, copied so later edits never rewrite history: the
    texts in `language` (default: the language the request runs in) where they are
    translated, else in English, and that language's code (the grader reads the answer in it).
    """
    language = content_language(language) if language else active_content_language()
    fallback: list[str] = []

    def text(obj: Any, field: str, name: str) -> str:
        shown = localized(obj, field, language)
        if shown.fallback and name not in fallback:
            fallback.append(name)
        return shown.text

    points = list(question.key_points.all())
    snapshot = {
        "question": question,
        "language": language,
        "topic_name": text(question.topic, "name", "topic_name")[:120],
        "topic_slug": question.topic.slug,
        "prompt": text(question, "prompt", "prompt"),
        "instruction": text(question, "instruction", "instruction"),
        "context": text(question, "context", "context"),
        "official_answer": text(question, "official_answer", "official_answer"),
        "key_points": [
            {
                "text": text(point, "text", "key_points"),
                "keywords": split_keywords(text(point, "keywords", "keywords")),
                "misconceptions": [
                    line.strip()
                    for line in text(point, "misconceptions", "misconceptions").splitlines()
                    if line.strip()
                ],
            }
            for point in points
        ],
    }
    snapshot["fallback_fields"] = fallback
    return snapshot


def still_published(question_ids: list[int], *, user: User) -> list[int]:
    """The ids, in order, of questions that still exist and the user may still practise."""
    published = set(
        Question.objects.available_to(user).filter(id__in=question_ids).values_list("id", flat=True)
    )
    return [qid for qid in question_ids if qid in published]


def session_mark_finished(
    session: PracticeSession, *, finished_at: datetime, fields: tuple[str, ...] = ()
) -> None:
    """Record the end of a session (with any activity fields set on it, saved together)."""
    session.status = PracticeSession.Status.FINISHED
    session.finished_at = finished_at
    session.save(update_fields=["status", "finished_at", *fields])


def session_finish(*, session: PracticeSession, now: datetime) -> bool:
    """Finish the session; True when this call finished it (a second call changes nothing)."""
    with transaction.atomic():
        session = session_lock(session)
        if not session.is_active:
            return False
        activity_for(session).finish(session, now=now)
        return True


def session_expire(*, session: PracticeSession, now: datetime) -> bool:
    """Apply the clock to one session under its lock; True when something was closed."""
    with transaction.atomic():
        session = session_lock(session)
        return session.is_active and activity_for(session).expire(session, now=now)


def expired_session_ids(*, now: datetime) -> set[int]:
    """Active sessions with a clock that ran out, grace included: the session's own deadline
    (a quiz) or the deadline of the item being answered (an interview question)."""
    cutoff = now - timing.grace_period()
    sessions = PracticeSession.objects.filter(
        status=PracticeSession.Status.ACTIVE, deadline__lt=cutoff
    ).values_list("pk", flat=True)
    items = SessionItem.objects.filter(
        session__status=PracticeSession.Status.ACTIVE,
        status=SessionItem.Status.ACTIVE,
        deadline__lt=cutoff,
    ).values_list("session_id", flat=True)
    return set(sessions) | set(items)


def sessions_close_expired(*, now: datetime) -> int:
    """Close everything whose time and grace ran out, keeping the answers saved in time.
    Idempotent: safe to run from cron every minute. Returns how many sessions changed."""
    closed = 0
    for pk in sorted(expired_session_ids(now=now)):
        with transaction.atomic():
            session = PracticeSession.objects.select_for_update().get(pk=pk)
            if session.is_active and activity_for(session).expire(session, now=now):
                closed += 1
    return closed


def missed_question_ids(session: PracticeSession) -> list[int]:
    """The session's questions not answered well, in the order asked, each once."""
    ids = session.items.missed().filter(question__isnull=False).order_by("position")
    return list(dict.fromkeys(ids.values_list("question_id", flat=True)))


def session_retry_missed(*, session: PracticeSession, now: datetime) -> PracticeSession:
    """A new session of the same activity and settings on the missed questions still published.

    Idempotent: while a retry of this session is still in progress, asking again (a double
    click, parallel posts) returns that retry instead of starting another one. The source
    session's row is locked so that parallel requests see each other's retry."""
    activity = activity_for(session)
    with transaction.atomic():
        source = PracticeSession.objects.select_for_update().get(pk=session.pk)
        running = source.retries.filter(status=PracticeSession.Status.ACTIVE).order_by("id")
        if (existing := running.first()) is not None:
            return existing
        ids = still_published(missed_question_ids(source), user=source.user)
        if not ids:
            raise NoQuestionsAvailable(_(activity.nothing_to_retry))
        retry = activity.restart(session=source, question_ids=ids, now=now)
        PracticeSession.objects.filter(pk=retry.pk).update(retry_of=source)
        activity_bump(user_ids=[source.user_id])
        retry.retry_of = source
        return retry


UNFINISHED_SECONDS = 3600


def unfinished_session(
    *, user: User | AnonymousUser, stamp: str | None = None
) -> PracticeSession | None:
    """The user's most recent session still in progress, to offer "continue" on the home page.
    With the user's activity stamp (which every change to their sessions replaces), the answer
    is kept in the cache under it."""
    if isinstance(user, AnonymousUser):
        return None
    if stamp is None:
        return _unfinished(user)
    key = f"unfinished-session:{user.pk}:{stamp}"
    found = cache.get(key)
    if found is None:
        found = (_unfinished(user),)  # a tuple: "none in progress" is cached too
        cache.set(key, found, UNFINISHED_SECONDS)
    return found[0]


def _unfinished(user: User) -> PracticeSession | None:
    return (
        PracticeSession.objects.filter(user=user, status=PracticeSession.Status.ACTIVE)
        .order_by("-created_at", "-id")
        .first()
    )
