"""Undo the last flashcard rating and suspend a card in the browser; the deck page lists both."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from interview.practice.flashcards import services as flashcards
from interview.practice.models import Card, ReviewLog
from tests.e2e.test_interview import log_in
from tests.factories import QuestionFactory, TopicFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def deck(transactional_db):
    alice = UserFactory(username="alice")
    topic = TopicFactory(name="Deep Learning", slug="dl")
    for n in range(3):
        QuestionFactory(topic=topic, prompt=f"Flashcard prompt {n}?", order=n)
    flashcards.deck_add_topic(user=alice, topic=topic, now=timezone.now())
    return alice


def test_undo_the_last_rating_then_suspend_a_card(page, live_server, deck):
    log_in(page, live_server)
    page.goto(live_server.url + "/review/")
    page.wait_for_load_state("load")
    prompt = page.locator(".flashcard .prompt")
    expect(prompt).to_contain_text("Flashcard prompt 0?")
    page.keyboard.press("Space")  # flip
    page.keyboard.press("Space")  # Good
    expect(prompt).to_contain_text("Flashcard prompt 1?")

    page.get_by_role("button", name="Undo the last rating (Good on “Flashcard prompt 0?”)").click()
    expect(prompt).to_contain_text("Flashcard prompt 0?")
    expect(page.locator("[data-card-back]")).to_be_focused()  # flipped, ready to rate again
    expect(page.locator("[data-undo]")).to_have_count(0)  # only once
    assert ReviewLog.objects.count() == 0
    assert Card.objects.get(question__prompt="Flashcard prompt 0?").reps == 0

    page.get_by_role("button", name="Suspend this card").click()
    expect(prompt).to_contain_text("Flashcard prompt 1?")
    page.get_by_role("link", name="My deck").click()
    row = page.get_by_role("row").filter(has_text="Flashcard prompt 0?")
    expect(row).to_contain_text("Suspended")
    row.get_by_role("button", name="Resume").click()
    expect(page.get_by_text("Card resumed.")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="Flashcard prompt 0?")).to_contain_text("New")
    assert page.console_problems == []
