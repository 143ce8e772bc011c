"""A cluster-wide lock for start-up work that must run once when several containers start."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections


def advisory_lock_key(name: str) -> int:
    """A stable signed 64-bit key for pg_advisory_lock, derived from a readable name."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


@contextmanager
def advisory_lock(
    name: str,
    *,
    using: str = DEFAULT_DB_ALIAS,
    on_wait: Callable[[], None] | None = None,
) -> Iterator[bool]:
    """Hold a PostgreSQL session-level advisory lock; yield whether one was taken.

    Other databases have no such lock (SQLite is a single file on a single machine): the block
    simply runs and False is yielded. `on_wait` is called once when another session holds the
    lock, before blocking until it is released.
    """
    connection = connections[using]
    if connection.vendor != "postgresql":
        yield False
        return
    key = advisory_lock_key(name)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
        (acquired,) = cursor.fetchone()
        if not acquired:
            if on_wait is not None:
                on_wait()
            cursor.execute("SELECT pg_advisory_lock(%s)", [key])
    try:
        yield True
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
