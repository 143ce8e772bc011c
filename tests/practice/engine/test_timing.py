from datetime import UTC, datetime, timedelta

import pytest

from interview.practice.engine import timing

T0 = datetime(2026, 3, 29, 0, 59, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _grace(settings):
    settings.PRACTICE_GRACE_SECONDS = 10


def test_deadline_is_shown_at_plus_limit_or_none_when_untimed():
    assert timing.deadline_for(shown_at=T0, limit_seconds=180) == T0 + timedelta(seconds=180)
    assert timing.deadline_for(shown_at=T0, limit_seconds=None) is None


def test_grace_period_follows_the_setting(settings):
    settings.PRACTICE_GRACE_SECONDS = 25
    assert timing.grace_period() == timedelta(seconds=25)


@pytest.mark.parametrize(
    ("offset", "overtime", "expired"),
    [(-1, False, False), (0, False, False), (1, True, False), (10, True, False), (11, True, True)],
)
def test_overtime_and_expiry_around_the_deadline(offset, overtime, expired):
    now = T0 + timedelta(seconds=offset)
    assert timing.is_overtime(deadline=T0, now=now) is overtime
    assert timing.is_expired(deadline=T0, now=now) is expired


def test_untimed_never_expires():
    assert not timing.is_expired(deadline=None, now=T0 + timedelta(days=365))
    assert timing.remaining_seconds(deadline=None, now=T0) is None


def test_remaining_seconds_round_up_and_never_go_negative():
    assert timing.remaining_seconds(deadline=T0, now=T0 - timedelta(seconds=179.2)) == 180
    assert timing.remaining_seconds(deadline=T0, now=T0) == 0
    assert timing.remaining_seconds(deadline=T0, now=T0 + timedelta(hours=1)) == 0
