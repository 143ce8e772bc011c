"""A card whose question is unpublished or deleted leaves every listing and count the user sees
(the deck page and its topic filter, the review page's deck size, the home page's due count,
the progress dashboard), while the card and its reviews stay in the database."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from interview.bank.models import Question
from interview.practice.flashcards import services as flashcards
from interview.practice.models import Card, ReviewLog
from interview.practice.progress import selectors as progress
from tests.factories import QuestionFactory, TopicFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]

T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


@pytest.fixture
def topics():
    return TopicFactory(name="Deep Learning", slug="dl"), TopicFactory(name="Statistics", slug="st")


@pytest.fixture
def cards(alice, topics):
    """Alice has reviewed (rated Again) one card in each topic: "dl" and "st"."""
    deep, stats = topics
    made = []
    for topic, prompt in ((deep, "What does dropout do?"), (stats, "What is a p-value?")):
        question = QuestionFactory(topic=topic, prompt=prompt)
        card = Card.objects.create(user=alice, question=question, created_at=T0, due=T0)
        assert flashcards.card_review(card=card, version=0, rating=1, now=T0).applied
        made.append(card)
    return made


def unpublish(card):
    card.question.status = Question.Status.DRAFT
    card.question.save()


def test_the_deck_page_leaves_out_an_unpublished_question_and_its_topic(alice_client, cards):
    unpublish(cards[1])
    deck = alice_client.get(reverse("practice:deck")).content.decode()
    assert "What does dropout do?" in deck
    assert "What is a p-value?" not in deck
    assert "1 card, soonest due first" in deck
    assert '<option value="dl"' in deck and '<option value="st"' not in deck
    assert Card.objects.filter(pk=cards[1].pk).exists()
    assert ReviewLog.objects.filter(card=cards[1]).count() == 1

    cards[1].question.status = Question.Status.PUBLISHED
    cards[1].question.save()
    deck = alice_client.get(reverse("practice:deck")).content.decode()
    assert "What is a p-value?" in deck and "2 cards, soonest due first" in deck


def test_the_deck_page_leaves_out_a_deleted_question(alice_client, cards):
    cards[1].question.delete()
    deck = alice_client.get(reverse("practice:deck")).content.decode()
    assert "What is a p-value?" not in deck and "removed from the bank" not in deck
    assert "1 card, soonest due first" in deck
    cards[1].refresh_from_db()
    assert cards[1].question_id is None and cards[1].reviews.count() == 1


def test_a_deck_of_unpublished_cards_only_reads_as_empty(alice_client, cards, frozen_clock):
    for card in cards:
        unpublish(card)
    frozen_clock.move_to(T0 + timedelta(days=1))
    review = alice_client.get(reverse("practice:review")).content.decode()
    assert "Your deck is empty" in review and "data-review-poll" not in review
    assert flashcards.deck_size(user=cards[0].user) == 0
    home = alice_client.get("/").content.decode()
    assert "<strong data-due-count>0</strong> cards to review now" in home


def test_progress_leaves_out_an_unpublished_question_card(alice, cards):
    later = T0 + timedelta(days=1)
    before = {row.topic.slug: row for row in progress.topic_mastery(user=alice, now=later)}
    assert before["st"].seen == 1 and before["st"].recall is not None
    assert {w.question.pk for w in progress.weakest_questions(user=alice)} == {
        card.question_id for card in cards
    }

    unpublish(cards[1])
    after = {row.topic.slug: row for row in progress.topic_mastery(user=alice, now=later)}
    assert "st" not in after or (after["st"].seen, after["st"].recall) == (0, None)
    assert after["dl"].seen == 1
    assert [w.question.pk for w in progress.weakest_questions(user=alice)] == [cards[0].question_id]
