"""The deck and the daily queue, with a frozen clock."""

import random
from datetime import UTC, datetime, timedelta

import pytest

from interview.bank.models import Question
from interview.practice.engine.errors import PracticeError
from interview.practice.flashcards import services as flashcards
from interview.practice.interviews import services
from interview.practice.models import Card, Rating, ReviewLog
from interview.practice.quizzes import services as quizzes
from tests.factories import QuestionFactory, TopicFactory, open_question_with_points, quiz_question

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


def card_for(user, *, due=T0, reviewed=True, **kwargs):
    return Card.objects.create(
        user=user,
        question=QuestionFactory(**kwargs),
        created_at=T0 - timedelta(days=30),
        due=due,
        last_review=due - timedelta(days=3) if reviewed else None,
        state=Card.State.REVIEW if reviewed else Card.State.LEARNING,
        stability=5.0 if reviewed else None,
        difficulty=5.0 if reviewed else None,
        reps=3 if reviewed else 0,
        step=None if reviewed else 0,
    )


def test_deck_add_topic_adds_published_questions_once(alice):
    topic = TopicFactory()
    QuestionFactory.create_batch(3, topic=topic)
    QuestionFactory(topic=topic, status=Question.Status.DRAFT)
    assert flashcards.deck_add_topic(user=alice, topic=topic, now=T0) == (3, 0)
    assert flashcards.deck_add_topic(user=alice, topic=topic, now=T0) == (0, 3)
    assert Card.objects.filter(user=alice).count() == 3


def test_queue_puts_due_cards_first_then_new_cards_up_to_the_daily_limit(alice):
    old_due = card_for(alice, due=T0 - timedelta(days=2))
    card_for(alice, due=T0 - timedelta(hours=1))
    card_for(alice, due=T0 + timedelta(days=1))  # not due
    for _ in range(15):
        card_for(alice, reviewed=False)
    queue = flashcards.review_queue(user=alice, now=T0)
    assert queue.card == old_due
    assert (queue.due_count, queue.new_count, queue.remaining) == (2, 10, 12)


def test_new_cards_introduced_today_count_against_the_limit_in_the_users_day(alice):
    prefs = flashcards.preferences_for(alice)
    prefs.time_zone, prefs.daily_new_cards = "America/New_York", 2
    prefs.save()
    for _ in range(5):
        card_for(alice, reviewed=False)
    # 04:30 UTC on 1 March is still 28 February in New York.
    late_evening = datetime(2026, 3, 1, 4, 30, tzinfo=UTC)
    for _ in range(2):
        card = flashcards.review_queue(user=alice, now=late_evening).card
        flashcards.card_review(card=card, version=0, rating=Rating.GOOD, now=late_evening)
    assert (
        flashcards.review_queue(user=alice, now=late_evening + timedelta(minutes=1)).new_count == 0
    )
    # After local midnight (05:00 UTC) the limit resets.
    after_midnight = datetime(2026, 3, 1, 5, 1, tzinfo=UTC)
    assert flashcards.review_queue(user=alice, now=after_midnight).new_count == 2


def test_local_day_bounds_across_a_daylight_saving_change():
    start, end = flashcards.local_day_bounds(
        time_zone="Europe/Berlin", now=datetime(2026, 3, 29, 12, 0, tzinfo=UTC)
    )
    assert end - start == timedelta(hours=23)  # clocks go forward that night
    assert start.astimezone(UTC) == datetime(2026, 3, 28, 23, 0, tzinfo=UTC)


def test_double_click_records_one_review(alice):
    card = card_for(alice, reviewed=False)
    first = flashcards.card_review(card=card, version=0, rating=Rating.GOOD, now=T0)
    second = flashcards.card_review(
        card=card, version=0, rating=Rating.GOOD, now=T0 + timedelta(seconds=1)
    )
    assert first.applied and not second.applied and second.message == ""
    assert ReviewLog.objects.count() == 1


def test_stale_tab_rating_is_refused_with_a_message(alice):
    card = card_for(alice, reviewed=False)
    flashcards.card_review(card=card, version=0, rating=Rating.GOOD, now=T0)
    stale = flashcards.card_review(
        card=card, version=0, rating=Rating.EASY, now=T0 + timedelta(hours=2)
    )
    assert not stale.applied and "already reviewed" in stale.message
    assert ReviewLog.objects.count() == 1


def test_rating_a_card_that_is_not_due_is_refused(alice):
    card = card_for(alice, due=T0 + timedelta(days=3))
    outcome = flashcards.card_review(card=card, version=card.reps, rating=Rating.GOOD, now=T0)
    assert not outcome.applied and "not due yet" in outcome.message
    card.refresh_from_db()
    assert card.reps == 3


def test_invalid_rating_is_an_error(alice):
    card = card_for(alice, reviewed=False)
    with pytest.raises(PracticeError):
        flashcards.card_review(card=card, version=0, rating=7, now=T0)


def test_interview_self_rating_counts_as_a_review(alice):
    topic = TopicFactory()
    question = open_question_with_points(topic=topic)
    session = services.interview_create(
        user=alice, topics=[topic], question_count=1, seconds_per_question=None, now=T0
    )
    services.session_sync(session=session, now=T0)
    services.answer_submit(session=session, position=0, revision=1, text="x", now=T0)
    services.item_rate(session=session, position=0, rating=Rating.HARD, now=T0)
    log = ReviewLog.objects.get()
    assert (log.card.question, log.rating, log.source) == (question, Rating.HARD, "interview")
    assert log.card.user == alice and log.session_item.session == session


def test_quiz_answers_count_good_when_right_and_again_when_wrong(alice):
    topic = TopicFactory()
    right_q, wrong_q, skipped_q = (quiz_question(topic=topic) for _ in range(3))
    session = quizzes.quiz_create(
        user=alice,
        topics=[topic],
        question_count=3,
        time_limit_seconds=None,
        feedback="end",
        now=T0,
        question_ids=[right_q.pk, wrong_q.pk, skipped_q.pk],
        rng=random.Random(1),
    )
    items = list(session.items.order_by("position"))
    good = [i for i, c in enumerate(items[0].choices) if c["is_correct"]]
    bad = [i for i, c in enumerate(items[1].choices) if not c["is_correct"]][:1]
    quizzes.quiz_select(session=session, position=0, selected=good, revision=1, now=T0)
    quizzes.quiz_select(session=session, position=1, selected=bad, revision=1, now=T0)
    quizzes.quiz_finish(session=session, now=T0)
    quizzes.quiz_finish(session=session, now=T0)
    ratings = dict(ReviewLog.objects.values_list("card__question_id", "rating"))
    assert ratings == {right_q.pk: Rating.GOOD, wrong_q.pk: Rating.AGAIN}


def test_immediate_check_counts_once(alice):
    topic = TopicFactory()
    question = quiz_question(topic=topic)
    session = quizzes.quiz_create(
        user=alice,
        topics=[topic],
        question_count=1,
        time_limit_seconds=None,
        feedback="immediate",
        now=T0,
        question_ids=[question.pk],
    )
    quizzes.quiz_select(session=session, position=0, selected=[0], revision=1, now=T0)
    quizzes.quiz_check(session=session, position=0, now=T0)
    quizzes.quiz_finish(session=session, now=T0 + timedelta(minutes=1))
    assert ReviewLog.objects.filter(source="quiz").count() == 1


def test_due_summary_counts_now_and_later_today(alice):
    card_for(alice, due=T0 - timedelta(hours=1))
    card_for(alice, due=T0 + timedelta(hours=3))
    card_for(alice, due=T0 + timedelta(days=2))
    card_for(alice, reviewed=False)
    assert flashcards.due_summary(user=alice, now=T0) == (2, 1)


def test_interview_and_quiz_answers_do_not_use_up_the_daily_new_cards(alice):
    topic = TopicFactory()
    answered = quiz_question(topic=topic)
    session = quizzes.quiz_create(
        user=alice,
        topics=[topic],
        question_count=1,
        time_limit_seconds=None,
        feedback="end",
        now=T0,
        question_ids=[answered.pk],
    )
    quizzes.quiz_select(session=session, position=0, selected=[0], revision=1, now=T0)
    quizzes.quiz_finish(session=session, now=T0)
    prefs = flashcards.preferences_for(alice)
    prefs.daily_new_cards = 1
    prefs.save()
    card_for(alice, reviewed=False)
    assert flashcards.review_queue(user=alice, now=T0).new_count == 1


def test_a_new_card_beyond_the_daily_limit_is_refused(alice):
    prefs = flashcards.preferences_for(alice)
    prefs.daily_new_cards = 1
    prefs.save()
    first, second = card_for(alice, reviewed=False), card_for(alice, reviewed=False)
    assert flashcards.card_review(card=first, version=0, rating=Rating.GOOD, now=T0).applied
    stale = flashcards.card_review(card=second, version=0, rating=Rating.GOOD, now=T0)
    assert not stale.applied and "limit of new cards" in stale.message
