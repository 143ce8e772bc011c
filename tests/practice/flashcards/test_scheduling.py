"""The FSRS glue, with a frozen clock."""

from datetime import UTC, datetime, timedelta

import pytest

from interview.practice.flashcards import scheduling
from interview.practice.flashcards import services as flashcards
from interview.practice.models import Card, Rating, ReviewLog
from tests.factories import QuestionFactory

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


@pytest.fixture
def card(alice):
    return Card.objects.create(user=alice, question=QuestionFactory(), created_at=T0, due=T0)


def test_a_new_card_rated_good_is_due_later_than_one_rated_again(card):
    again = scheduling.schedule(card=card, rating=Rating.AGAIN, now=T0)
    good = scheduling.schedule(card=card, rating=Rating.GOOD, now=T0)
    easy = scheduling.schedule(card=card, rating=Rating.EASY, now=T0)
    assert again.due < good.due < easy.due
    assert again.due - T0 == timedelta(minutes=1)


def test_next_intervals_grow_with_the_rating_and_format_like_anki(card):
    intervals = scheduling.next_intervals(card=card, now=T0)
    assert intervals[1] < intervals[2] < intervals[3] < intervals[4]
    assert scheduling.format_interval(intervals[1]) == "1m"
    assert [
        scheduling.format_interval(timedelta(seconds=s))
        for s in (30, 600, 7200, 3 * 86400, 65 * 86400, 548 * 86400)
    ] == ["30s", "10m", "2h", "3d", "2mo", "1.5y"]


def test_review_log_replays_to_the_stored_state(card):
    moments = [T0, T0 + timedelta(minutes=10), T0 + timedelta(days=1), T0 + timedelta(days=5)]
    for moment, rating in zip(
        moments, [Rating.GOOD, Rating.GOOD, Rating.AGAIN, Rating.EASY], strict=True
    ):
        card.refresh_from_db()
        assert flashcards.card_review(
            card=card, version=card.reps, rating=rating, now=max(moment, card.due)
        ).applied
    card.refresh_from_db()
    rebuilt = scheduling.replay(card=card, reviews=card.reviews.all())
    assert rebuilt.due == card.due
    assert rebuilt.state.value == card.state
    assert rebuilt.stability == pytest.approx(card.stability)
    assert rebuilt.difficulty == pytest.approx(card.difficulty)
    assert card.reviews.count() == 4 and card.reps == 4


def test_state_is_stored_in_utc(card):
    flashcards.card_review(card=card, version=0, rating=Rating.GOOD, now=T0)
    card.refresh_from_db()
    assert card.due.utcoffset() == timedelta(0)
    assert card.last_review == T0
    assert ReviewLog.objects.get().reviewed_at == T0


def test_recall_probability_falls_with_time(card):
    assert scheduling.recall_probability(card=card, now=T0) == 0
    for days in (0, 1, 4):
        card.refresh_from_db()
        flashcards.card_review(
            card=card,
            version=card.reps,
            rating=Rating.GOOD,
            now=max(card.due, T0 + timedelta(days=days)),
        )
    card.refresh_from_db()
    soon = scheduling.recall_probability(card=card, now=card.last_review + timedelta(days=1))
    later = scheduling.recall_probability(card=card, now=card.last_review + timedelta(days=60))
    assert 0 < later < soon <= 1
