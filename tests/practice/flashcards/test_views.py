from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from interview.bank.models import Question
from interview.practice.models import Card, Preferences, ReviewLog
from tests.factories import QuestionFactory, TopicFactory, quiz_question

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]

T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


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


def rate_url(card):
    return reverse("practice:review_rate", args=[card.pk])


def test_review_needs_login(client):
    assert client.get(reverse("practice:review")).status_code == 302


def test_queue_shows_the_prompt_with_the_answer_hidden_and_intervals(alice_client, deck):
    body = alice_client.get(reverse("practice:review")).content.decode()
    assert "Card question 0?" in body
    assert '<div class="card-back" data-card-back hidden>' in body
    assert "3</strong> cards left today" in body
    assert 'Again <span class="interval">1m</span>' in body
    assert 'Good <span class="interval">10m</span>' in body


def test_show_answer_without_javascript(alice_client, deck):
    body = alice_client.get(reverse("practice:review"), {"show": "1"}).content.decode()
    assert '<div class="card-back" data-card-back>' in body and "Answer 0." in body


def test_rating_over_htmx_swaps_in_the_next_card(alice_client, deck):
    response = alice_client.post(
        rate_url(deck[0]), {"version": 0, "rating": 3, "duration_ms": 4200}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="review-area"')
    assert "Card question 1?" in body and "2</strong> cards left today" in body
    log = ReviewLog.objects.get()
    assert (log.rating, log.duration_ms, log.source) == (3, 4200, "flashcard")


def test_rating_without_htmx_redirects_to_the_queue(alice_client, deck):
    response = alice_client.post(rate_url(deck[0]), {"version": 0, "rating": 1})
    assert response["Location"] == reverse("practice:review")


def test_double_click_records_one_review_and_says_nothing(alice_client, deck):
    alice_client.post(rate_url(deck[0]), {"version": 0, "rating": 3}, HTTP_HX_REQUEST="true")
    body = alice_client.post(
        rate_url(deck[0]), {"version": 0, "rating": 3}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert ReviewLog.objects.count() == 1
    assert "already reviewed" not in body


def test_stale_tab_gets_a_clear_message(alice_client, deck):
    alice_client.post(rate_url(deck[0]), {"version": 0, "rating": 3})
    with time_machine.travel(T0 + timedelta(hours=1), tick=False):
        body = alice_client.post(
            rate_url(deck[0]), {"version": 0, "rating": 4}, follow=True
        ).content.decode()
    assert "already reviewed" in body
    assert ReviewLog.objects.count() == 1


@pytest.mark.parametrize("data", [{}, {"version": "x", "rating": 3}, {"version": 0, "rating": 5}])
def test_bad_rating_input_is_explained(alice_client, deck, data):
    body = alice_client.post(rate_url(deck[0]), data, follow=True).content.decode()
    assert "Again, Hard, Good or Easy" in body
    assert not ReviewLog.objects.exists()


def test_empty_queue_says_when_the_next_card_is_due(alice_client, alice):
    card = Card.objects.create(
        user=alice,
        question=QuestionFactory(),
        created_at=T0,
        due=T0 + timedelta(days=2),
        last_review=T0,
        state=2,
        stability=2.0,
        difficulty=5.0,
        reps=1,
        step=None,
    )
    body = alice_client.get(reverse("practice:review")).content.decode()
    assert "All done for now" in body and "The next card is due" in body
    assert card.pk


def test_empty_deck_explains_how_to_add_cards(alice_client):
    assert "Your deck is empty" in alice_client.get(reverse("practice:review")).content.decode()


def test_add_topic_to_deck(alice_client, alice, topic):
    QuestionFactory.create_batch(2, topic=topic)
    QuestionFactory(topic=topic, status=Question.Status.DRAFT)
    response = alice_client.post(reverse("practice:deck_add_topic", args=["dl"]), follow=True)
    assert "Added 2 cards from Deep Learning" in response.content.decode()
    assert Card.objects.filter(user=alice).count() == 2


def test_add_question_to_deck(alice_client, alice):
    question = QuestionFactory()
    url = reverse("practice:deck_add_question", args=[question.pk])
    assert "Added to your deck" in alice_client.post(url, follow=True).content.decode()
    assert "already in your deck" in alice_client.post(url, follow=True).content.decode()
    draft = QuestionFactory(status=Question.Status.DRAFT)
    assert (
        alice_client.post(reverse("practice:deck_add_question", args=[draft.pk])).status_code == 404
    )


def test_topic_and_question_pages_offer_adding_to_the_deck(alice_client, topic):
    question = QuestionFactory(topic=topic)
    assert (
        "Add this topic to my deck" in alice_client.get(topic.get_absolute_url()).content.decode()
    )
    assert "Add to my deck" in alice_client.get(question.get_absolute_url()).content.decode()


def test_cram_flips_through_a_topic_without_recording_anything(alice_client, topic, deck):
    body = alice_client.get(reverse("practice:cram", args=["dl"])).content.decode()
    assert "Card 1 of 3" in body and "Card question 0?" in body
    page2 = alice_client.get(
        reverse("practice:cram", args=["dl"]), {"i": "2"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert page2.lstrip().startswith('<div id="cram-area"') and "Card question 1?" in page2

    def shuffled_prompt(number):
        body = alice_client.get(
            reverse("practice:cram", args=["dl"]), {"order": "shuffled", "seed": "7", "i": number}
        ).content.decode()
        return body.split('<div class="md prompt">')[1].split("</div>")[0]

    order = [shuffled_prompt(number) for number in (1, 2, 3)]
    assert order == [shuffled_prompt(number) for number in (1, 2, 3)]  # stable for a seed
    assert sorted(order) == sorted(f"<p>Card question {n}?</p>\n" for n in range(3))
    assert not ReviewLog.objects.exists()
    assert alice_client.get(reverse("practice:cram", args=["nope"])).status_code == 404


def test_settings_change_time_zone_and_daily_limit(alice_client, alice):
    response = alice_client.post(
        reverse("practice:review_settings"), {"time_zone": "Europe/Paris", "daily_new_cards": 25}
    )
    assert response.status_code == 302
    prefs = Preferences.objects.get(user=alice)
    assert (prefs.time_zone, prefs.daily_new_cards) == ("Europe/Paris", 25)
    bad = alice_client.post(
        reverse("practice:review_settings"), {"time_zone": "Mars/Olympus", "daily_new_cards": -1}
    )
    assert bad.status_code == 200 and "Select a valid choice" in bad.content.decode()


def test_home_shows_the_due_count(alice_client, deck):
    body = alice_client.get(reverse("bank:home")).content.decode()
    assert "<strong data-due-count>3</strong> cards to review now" in body


@pytest.mark.parametrize("htmx", [False, True])
def test_bob_gets_404_on_alices_cards(client, bob, deck, htmx):
    client.force_login(bob)
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = client.post(rate_url(deck[0]), {"version": 0, "rating": 3}, **headers)
    assert response.status_code == 404
    assert not ReviewLog.objects.exists()
    assert "Card question" not in client.get(reverse("practice:review")).content.decode()


def test_review_queue_query_count_is_the_same_for_10_and_5000_cards(alice_client, alice, topic):
    counts = []
    for size in (10, 5000):
        existing = Card.objects.filter(user=alice).count()
        questions = Question.objects.bulk_create(
            Question(
                topic=topic,
                slug=f"bulk-{size}-{n}",
                prompt=f"Bulk {n}?",
                status="published",
                official_answer="A.",
            )
            for n in range(size - existing)
        )
        Card.objects.bulk_create(
            Card(
                user=alice,
                question=q,
                created_at=T0,
                due=T0 - timedelta(minutes=n % 50),
                last_review=T0 - timedelta(days=2) if n % 2 else None,
                state=2 if n % 2 else 1,
                stability=3.0 if n % 2 else None,
                difficulty=5.0 if n % 2 else None,
                reps=n % 2,
                step=None if n % 2 else 0,
            )
            for n, q in enumerate(questions)
        )
        alice_client.get(reverse("practice:review"))  # the first visit creates preferences
        for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
            with CaptureQueriesContext(connection) as queries:
                assert alice_client.get(reverse("practice:review"), **headers).status_code == 200
            counts.append(len(queries))
    assert counts[:2] == counts[2:], counts


def test_multiple_choice_card_shows_correct_options_on_the_back(alice_client, alice, topic):
    question = quiz_question(topic=topic, correct=(1,))
    Card.objects.create(user=alice, question=question, created_at=T0, due=T0)
    body = alice_client.get(reverse("practice:review"), {"show": "1"}).content.decode()
    assert 'class="correct"><span class="verdict">Correct</span> Option B' in body


def test_times_are_shown_in_the_users_time_zone(client, alice):
    Preferences.objects.create(user=alice, time_zone="Asia/Tokyo")
    client.force_login(alice)  # the preference is read once, at login
    Card.objects.create(
        user=alice,
        question=QuestionFactory(),
        created_at=T0,
        due=datetime(2026, 3, 2, 3, 10, tzinfo=UTC),
        last_review=T0,
        state=2,
        stability=2.0,
        difficulty=5.0,
        reps=1,
        step=None,
    )
    body = client.get(reverse("practice:review")).content.decode()
    assert "2 Mar 2026, 12:10" in body  # 03:10 UTC is 12:10 in Tokyo
    client.post(
        reverse("practice:review_settings"), {"time_zone": "Europe/London", "daily_new_cards": 10}
    )
    assert "2 Mar 2026, 03:10" in client.get(reverse("practice:review")).content.decode()


def test_unpublished_question_leaves_the_queue_and_cram_and_keeps_its_card(alice_client, deck):
    deck[0].question.official_answer = "New draft answer."
    deck[0].question.status = Question.Status.DRAFT
    deck[0].question.save()
    body = alice_client.get(reverse("practice:review"), {"show": "1"}).content.decode()
    assert "Card question 0?" not in body and "New draft answer." not in body
    assert "Card question 1?" in body and "2</strong> cards left today" in body
    cram = alice_client.get(reverse("practice:cram", args=["dl"])).content.decode()
    assert "Card 1 of 2" in cram and "Card question 0?" not in cram
    response = alice_client.post(rate_url(deck[0]), {"version": 0, "rating": 3})
    assert response.status_code == 404 and not ReviewLog.objects.exists()
    assert Card.objects.filter(pk=deck[0].pk).exists()
    deck[0].question.status = Question.Status.PUBLISHED
    deck[0].question.save()
    body = alice_client.get(reverse("practice:review")).content.decode()
    assert "Card question 0?" in body and "3</strong> cards left today" in body


def test_an_empty_queue_checks_again_for_cards_coming_due(alice_client, deck):
    for card in deck:
        alice_client.post(rate_url(card), {"version": 0, "rating": 1, "duration_ms": 900})
    html = alice_client.get(reverse("practice:review")).content.decode()
    assert "All done for now" in html
    assert 'hx-trigger="every 30s"' in html and "data-review-poll" in html
