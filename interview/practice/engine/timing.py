"""Timing rules. The server decides: every check uses the arrival time of the request (`now`).

- A deadline is fixed when an item is shown: shown-at + limit (none when untimed).
- Until deadline + grace an answer is still accepted (the grace covers network delay).
- After deadline + grace nothing the client sends changes anything; the item is closed with
  the last answer saved in time, and its finish time is the deadline.
- A finish time is never after the deadline (`finish_time`): work accepted in the grace period
  counts as finished at the deadline.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from django.conf import settings


def grace_period() -> timedelta:
    return timedelta(seconds=settings.PRACTICE_GRACE_SECONDS)


def deadline_for(*, shown_at: datetime, limit_seconds: int | None) -> datetime | None:
    if limit_seconds is None:
        return None
    return shown_at + timedelta(seconds=limit_seconds)


def is_expired(*, deadline: datetime | None, now: datetime) -> bool:
    """True once nothing more can be accepted: past the deadline and its grace period."""
    return deadline is not None and now > deadline + grace_period()


def is_overtime(*, deadline: datetime | None, now: datetime) -> bool:
    """Past the deadline (but maybe still inside the grace period)."""
    return deadline is not None and now > deadline


def finish_time(*, deadline: datetime | None, now: datetime) -> datetime:
    """When something finished at `now` is recorded as finished: capped at the deadline."""
    if deadline is not None and now > deadline:
        return deadline
    return now


def remaining_seconds(*, deadline: datetime | None, now: datetime) -> int | None:
    """Whole seconds left on the clock (rounded up), never negative; None when untimed."""
    if deadline is None:
        return None
    return max(0, math.ceil((deadline - now).total_seconds()))
