"""A user's activity stamp (`ActivityStamp`): the key under which pages cache what they compute
from the user's practice rows (the progress dashboard), replaced whenever one of those rows
changes.

- Which rows: the user's sessions, session items (answers, quiz answers, self-ratings),
  flashcards, review logs and exercise submissions. Every save or delete of one of them through
  the ORM gives the user a new stamp (the receivers below, connected by the practice app); the
  few writes that bypass the per-row signals (`QuerySet.update`, `bulk_create`,
  `bulk_update`) call `activity_bump` themselves. The bank's changes (a question unpublished,
  a topic renamed, a study pack saved) are covered by the bank's content stamp, which the
  caching pages put in the key too.
- When: the new stamp is written once per transaction, right after it commits (one UPDATE for
  every user the transaction touched). Writing it inside the transaction would lock the stamp
  row early, in whatever order the transaction happened to write, and two of one user's
  transactions that also lock cards or sessions could deadlock on it. After the commit, a
  request that read the old stamp may store the new figures under it, which nobody reads
  again; the request that made the change answers only after the new stamp is written.
- A user has a stamp row from their first read (`activity_stamp`); a bump before that changes
  nothing, and no cache entry can exist for that user yet.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, connection, transaction
from django.db.models.signals import post_delete, post_save

from interview.practice.models import (
    ActivityStamp,
    Card,
    ExerciseAttempt,
    PracticeSession,
    ReviewLog,
    SessionItem,
)


def activity_stamp(*, user: User) -> str:
    """The user's current stamp: one query (two the first time)."""
    stamp = ActivityStamp.objects.filter(user=user).values_list("stamp", flat=True).first()
    if stamp is None:
        try:
            with transaction.atomic():
                row, _ = ActivityStamp.objects.get_or_create(
                    user=user, defaults={"stamp": uuid.uuid4().hex}
                )
        except IntegrityError:  # a parallel first read created it
            row = ActivityStamp.objects.get(user=user)
        stamp = row.stamp
    return stamp


class _PendingBump:
    """The users whose stamp changes when the current transaction commits, with the owners of
    the sessions and cards already looked up (a deletion of many answers asks once each)."""

    def __init__(self) -> None:
        self.user_ids: set[int] = set()
        self.session_users: dict[int, int | None] = {}
        self.card_users: dict[int, int | None] = {}

    def __call__(self) -> None:
        _write(self.user_ids)


def _write(user_ids: Iterable[int]) -> None:
    ids = sorted(set(user_ids))
    if ids:
        ActivityStamp.objects.filter(user_id__in=ids).update(stamp=uuid.uuid4().hex)


def _pending() -> _PendingBump:
    """This transaction's pending bump (registered with on_commit once per transaction; a
    rolled back savepoint drops it from Django's list, and a new one is registered)."""
    for entry in connection.run_on_commit:  # (savepoint ids, function, robust)
        func = entry[1]
        if isinstance(func, _PendingBump):
            return func
    pending = _PendingBump()
    transaction.on_commit(pending)
    return pending


def _schedule(user_ids: set[int]) -> None:
    """Write the users' new stamp when the current transaction commits (now, outside one)."""
    if not connection.in_atomic_block:
        _write(user_ids)
        return
    _pending().user_ids.update(user_ids)


def activity_bump(*, user_ids: Iterable[int | None]) -> None:
    """The users' stamps change when the current transaction commits (now, outside one)."""
    ids = {pk for pk in user_ids if pk is not None}
    if ids:
        _schedule(ids)


def _owners(model: Any, memo: dict[int, int | None], ids: set[int]) -> set[int]:
    unknown = ids - memo.keys()
    if unknown:
        memo.update(dict(model.objects.filter(pk__in=unknown).values_list("pk", "user_id")))
    return {u for pk in ids if (u := memo.get(pk)) is not None}


def activity_bump_for_sessions(*, session_ids: Iterable[int]) -> None:
    """The stamps of the users owning these sessions (for writes to their items)."""
    memo = _pending().session_users if connection.in_atomic_block else {}
    activity_bump(user_ids=_owners(PracticeSession, memo, set(session_ids)))


def activity_bump_for_cards(*, card_ids: Iterable[int]) -> None:
    """The stamps of the users owning these cards (for writes to their review logs)."""
    memo = _pending().card_users if connection.in_atomic_block else {}
    activity_bump(user_ids=_owners(Card, memo, set(card_ids)))


def _cached_owner(instance: Any, field: str) -> int | None:
    """The user id of the instance's session or card when it is loaded already."""
    related = instance._state.fields_cache.get(field)
    return related.user_id if related is not None else None


def _row_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    if isinstance(instance, SessionItem):
        owner = _cached_owner(instance, "session")
        if owner is None:
            activity_bump_for_sessions(session_ids=[instance.session_id])
            return
    elif isinstance(instance, ReviewLog):
        owner = _cached_owner(instance, "card")
        if owner is None:
            activity_bump_for_cards(card_ids=[instance.card_id])
            return
    else:
        owner = instance.user_id
    activity_bump(user_ids=[owner])


WATCHED = (PracticeSession, SessionItem, Card, ReviewLog, ExerciseAttempt)


def connect_receivers() -> None:
    """Called by the practice app when it is ready."""
    for model in WATCHED:
        name = model._meta.model_name
        post_save.connect(_row_changed, sender=model, dispatch_uid=f"activity_saved_{name}")
        post_delete.connect(_row_changed, sender=model, dispatch_uid=f"activity_deleted_{name}")
