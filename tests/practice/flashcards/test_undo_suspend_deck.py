"""Undo of the last rating, suspending and resuming a card, and the deck page."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from interview.practice.flashcards import services
from interview.practice.models import Card, PracticeSession, ReviewLog, SessionItem
from tests.factories import QuestionFactory, TopicFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]

T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
SCHEDULE = ["state", "step", "stability", "difficulty", "due", "last_review", "reps"]


@pytest.fixture
def topic():
    return TopicFactory(name="Deep Learning", slug="dl")


@pytest.fixture
def deck(alice, topic):
    questions = [
        QuestionFactory(topic=topic, prompt=f"Card question {n}?", official_answer=f"Answer {n}.")
        for n in range(3)
    ]
    return [Card.objects.create(user=alice, question=q, created_at=T0, due=T0) for q in questions]


def rate(client, card, rating=3, **headers):
    card.refresh_from_db()
    return client.post(
        reverse("practice:review_rate", args=[card.pk]),
        {"version": card.reps, "rating": rating},
        **headers,
    )


def undo(client, review, **headers):
    return client.post(reverse("practice:review_undo", args=[review.pk]), **headers)


def schedule(card):
    card.refresh_from_db()
    return [getattr(card, name) for name in SCHEDULE] + [card.introduced_at]


def test_undo_restores_the_schedule_and_removes_the_review(alice_client, deck, frozen_clock):
    rate(alice_client, deck[0], rating=3)
    frozen_clock.shift(timedelta(minutes=11))
    before = schedule(deck[0])
    rate(alice_client, deck[0], rating=1)  # due again, rated Again
    assert schedule(deck[0]) != before
    last = ReviewLog.objects.order_by("-id").first()
    body = alice_client.get(reverse("practice:review")).content.decode()
    assert "Undo the last rating (Again on “Card question 0?”)" in body
    response = undo(alice_client, last, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert schedule(deck[0]) == before
    assert not ReviewLog.objects.filter(pk=last.pk).exists()
    assert ReviewLog.objects.count() == 1


def test_undo_of_a_new_card_gives_back_the_days_new_card(alice_client, alice, deck):
    before = schedule(deck[0])
    rate(alice_client, deck[0])
    undo(alice_client, ReviewLog.objects.get())
    assert schedule(deck[0]) == before  # introduced_at cleared: it is new again
    assert services.review_queue(user=alice, now=T0).card == deck[0]


def test_only_the_last_rating_can_be_undone_once(alice_client, deck):
    rate(alice_client, deck[0])
    first = ReviewLog.objects.get()
    rate(alice_client, deck[1])
    second = ReviewLog.objects.exclude(pk=first.pk).get()
    assert undo(alice_client, first, HTTP_HX_REQUEST="true").status_code == 409  # not the last
    assert undo(alice_client, second, HTTP_HX_REQUEST="true").status_code == 200
    refused = undo(alice_client, first, HTTP_HX_REQUEST="true")  # a second undo
    assert refused.status_code == 409
    assert "Only your last rating can be undone, once" in refused.content.decode()
    assert ReviewLog.objects.filter(pk=first.pk).exists()
    assert (
        "Undo the last rating" not in alice_client.get(reverse("practice:review")).content.decode()
    )


def test_a_review_from_an_interview_is_not_undone(alice_client, alice, deck):
    rate(alice_client, deck[0])
    flashcard_review = ReviewLog.objects.get()
    item = SessionItem.objects.create(
        session=PracticeSession.objects.create(user=alice, kind="interview", question_count=1),
        position=0,
        question=deck[1].question,
        topic_name="t",
        topic_slug="t",
        prompt="p",
        status="answered",
    )
    services.cards_review_from_practice(
        user_id=alice.pk, source="interview", answers=[(item, 3)], now=T0
    )
    assert undo(alice_client, flashcard_review, HTTP_HX_REQUEST="true").status_code == 409


def test_bob_gets_404_on_alices_review(client, alice_client, bob, deck):
    rate(alice_client, deck[0])
    review = ReviewLog.objects.get()
    client.force_login(bob)
    assert undo(client, review).status_code == 404
    assert ReviewLog.objects.filter(pk=review.pk).exists()


def test_undo_without_htmx_returns_to_the_flipped_card(alice_client, deck):
    rate(alice_client, deck[0])
    response = undo(alice_client, ReviewLog.objects.get())
    assert response.status_code == 302 and response["Location"].endswith("/review/?show=1")


def test_a_suspended_card_leaves_the_queue_until_resumed(alice_client, alice, deck):
    url = reverse("practice:card_suspend", args=[deck[0].pk])
    response = alice_client.post(url, {"suspended": "1"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "Card question 1?" in body and "2</strong> cards left today" in body
    assert services.review_queue(user=alice, now=T0).card == deck[1]
    alice_client.post(url, {"suspended": "0", "next": "deck"})
    assert services.review_queue(user=alice, now=T0).card == deck[0]


def test_bob_cannot_suspend_alices_card(client, bob, deck):
    client.force_login(bob)
    url = reverse("practice:card_suspend", args=[deck[0].pk])
    assert client.post(url, {"suspended": "1"}).status_code == 404
    deck[0].refresh_from_db()
    assert not deck[0].suspended


@pytest.mark.parametrize("value", ["", "2", "yes", "1" * 5000])
def test_a_suspend_with_an_unreadable_value_changes_nothing(alice_client, deck, value):
    url = reverse("practice:card_suspend", args=[deck[0].pk])
    assert alice_client.post(url, {"suspended": value}).status_code == 400
    deck[0].refresh_from_db()
    assert not deck[0].suspended


def test_the_deck_lists_cards_with_due_date_state_and_suspended(alice_client, alice, deck):
    other = TopicFactory(name="Statistics", slug="stats")
    Card.objects.create(user=alice, question=QuestionFactory(topic=other, prompt="Stats card?"))
    rate(alice_client, deck[0])
    Card.objects.filter(pk=deck[1].pk).update(suspended=True)
    body = alice_client.get(reverse("practice:deck")).content.decode()
    assert "4 cards" in body
    assert "Learning" in body and "Suspended" in body and "New" in body
    assert body.index("Card question 0?") < body.index("Card question 1?")  # suspended last
    filtered = alice_client.get(reverse("practice:deck"), {"topic": "stats"}).content.decode()
    assert "Stats card?" in filtered and "Card question 0?" not in filtered
    assert '<option value="stats" selected>Statistics</option>' in filtered


def test_the_deck_paginates_and_keeps_the_filter(alice_client, alice, deck, settings):
    settings.DECK_CARDS_PER_PAGE = 2
    body = alice_client.get(reverse("practice:deck"), {"topic": "dl"}).content.decode()
    assert "Page 1 of 2" in body and "?topic=dl&amp;page=2" in body


@pytest.mark.parametrize("slug", ["nope", "x" * 5000, "<script>", ["dl", "nope"]])
def test_the_deck_ignores_an_unknown_topic(alice_client, deck, slug):
    response = alice_client.get(reverse("practice:deck"), {"topic": slug})
    assert response.status_code == 200
    assert "That topic is not in your deck" in response.content.decode()
    assert "3 cards" in response.content.decode()


def test_the_deck_shows_only_your_cards(client, bob, deck):
    client.force_login(bob)
    assert "Card question" not in client.get(reverse("practice:deck")).content.decode()


def test_the_deck_needs_login(client):
    assert client.get(reverse("practice:deck")).status_code == 302


def test_the_deck_keeps_a_constant_number_of_queries(alice_client, alice, topic, deck):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert alice_client.get(reverse("practice:deck")).status_code == 200
        return len(queries)

    before = count()
    for n in range(20):
        other = TopicFactory(slug=f"more-{n}")
        Card.objects.create(user=alice, question=QuestionFactory(topic=other))
    assert count() == before


def test_an_empty_deck_shows_its_empty_state_without_a_topic_filter(alice_client):
    body = alice_client.get(reverse("practice:deck")).content.decode()
    assert "Your deck is empty" in body
    assert 'class="deck-filter"' not in body


def test_a_deck_with_cards_keeps_its_topic_filter(alice_client, deck):
    body = alice_client.get(reverse("practice:deck")).content.decode()
    assert 'class="deck-filter"' in body and '<option value="dl"' in body
