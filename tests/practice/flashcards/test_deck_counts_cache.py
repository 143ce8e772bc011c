"""The due and new counts (home page, review queue) are cached while they hold: until the next
card falls due or the day ends, and until the user's activity or the bank changes."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from interview.bank.models import Question
from interview.practice.flashcards import services as flashcards
from interview.practice.models import Card, Rating
from tests.factories import QuestionFactory
from tests.practice.flashcards.test_services import card_for

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


def test_the_counts_are_read_once_while_they_hold(alice):
    card_for(alice, due=T0 - timedelta(hours=1))
    card_for(alice, reviewed=False)
    assert flashcards.due_summary(user=alice, now=T0) == (2, 0)
    with CaptureQueriesContext(connection) as queries:
        assert flashcards.due_summary(user=alice, now=T0 + timedelta(minutes=5)) == (2, 0)
    assert not [q for q in queries.captured_queries if "COUNT(" in q["sql"]]


def test_a_card_falling_due_moves_from_later_to_now_with_the_cache_warm(alice):
    card_for(alice, due=T0 + timedelta(hours=2))
    assert flashcards.due_summary(user=alice, now=T0) == (0, 1)
    assert flashcards.due_summary(user=alice, now=T0 + timedelta(hours=1)) == (0, 1)
    assert flashcards.due_summary(user=alice, now=T0 + timedelta(hours=2)) == (1, 0)
    assert flashcards.review_queue(user=alice, now=T0 + timedelta(hours=3)).due_count == 1


def test_an_earlier_clock_is_not_served_counts_made_later(alice):
    card_for(alice, due=T0)
    assert flashcards.due_summary(user=alice, now=T0) == (1, 0)
    assert flashcards.due_summary(user=alice, now=T0 - timedelta(minutes=1)) == (0, 1)


def test_a_review_a_suspension_and_a_new_card_change_the_counts(alice):
    card = card_for(alice, due=T0 - timedelta(hours=1))
    new = card_for(alice, reviewed=False)
    assert flashcards.due_summary(user=alice, now=T0) == (2, 0)
    flashcards.card_review(card=card, version=card.reps, rating=Rating.GOOD, now=T0)
    assert flashcards.due_summary(user=alice, now=T0) == (1, 0)
    flashcards.card_suspend(card=new, suspended=True)
    assert flashcards.due_summary(user=alice, now=T0) == (0, 0)
    added = QuestionFactory()
    flashcards.deck_add(user=alice, questions=Question.objects.filter(pk=added.pk), now=T0)
    assert flashcards.due_summary(user=alice, now=T0) == (1, 0)


def test_an_unpublished_question_leaves_the_counts(alice):
    card = card_for(alice, due=T0 - timedelta(hours=1))
    assert flashcards.due_summary(user=alice, now=T0) == (1, 0)
    question = card.question
    question.status = Question.Status.DRAFT
    question.save()
    assert flashcards.due_summary(user=alice, now=T0) == (0, 0)


def test_the_daily_limit_follows_a_changed_preference(alice):
    for _ in range(3):
        card_for(alice, reviewed=False)
    assert flashcards.review_queue(user=alice, now=T0).new_count == 3
    preferences = flashcards.preferences_for(alice)
    preferences.daily_new_cards = 1
    preferences.save()
    assert flashcards.review_queue(user=alice, now=T0).new_count == 1
    assert Card.objects.filter(user=alice).count() == 3


def test_the_review_card_is_rendered_from_the_cache_until_its_question_changes(alice, alice_client):
    card = card_for(alice, due=T0 - timedelta(hours=1), prompt="What is bagging?")
    url = reverse("practice:review")
    with time_machine.travel(T0, tick=False):
        assert "What is bagging?" in alice_client.get(url).content.decode()
        with CaptureQueriesContext(connection) as queries:
            alice_client.get(url)
        assert not [q for q in queries.captured_queries if "bank_keypoint" in q["sql"]]
        question = card.question
        question.prompt = "What is boosting?"
        question.save()
        body = alice_client.get(url).content.decode()
    assert "What is boosting?" in body and "What is bagging?" not in body
