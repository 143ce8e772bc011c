import re

import pytest
from playwright.sync_api import expect

from interview.practice.models import ReviewLog
from tests.e2e.test_interview import log_in
from tests.factories import QuestionFactory, TopicFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def topic(transactional_db):
    topic = TopicFactory(name="Deep Learning", slug="dl")
    for n in range(5):
        QuestionFactory(
            topic=topic, prompt=f"Flashcard prompt {n}?", official_answer=f"Back {n}.", order=n
        )
    return topic


def due_count(page, live_server) -> int:
    page.goto(live_server.url + "/")
    return int(page.locator("[data-due-count]").inner_text())


def test_add_a_topic_and_review_three_cards_with_the_keyboard(page, live_server, alice, topic):
    log_in(page, live_server)
    assert due_count(page, live_server) == 0
    page.goto(live_server.url + topic.get_absolute_url())
    page.get_by_role("button", name="Add this topic to my deck").click()
    expect(page.get_by_text("Added 5 cards from Deep Learning")).to_be_visible()
    assert due_count(page, live_server) == 5

    page.get_by_role("link", name="Review", exact=True).click()
    page.wait_for_load_state("load")  # the keyboard handlers are attached by then
    remaining = page.locator("[data-queue-remaining]")
    expect(remaining).to_have_text("5")
    for number, key in enumerate(["3", "1", "4"]):
        expect(page.locator(".flashcard .prompt")).to_contain_text(f"Flashcard prompt {number}?")
        back = page.locator("[data-card-back]")
        expect(back).to_be_hidden()
        page.keyboard.press("Space")
        expect(back).to_be_visible()
        expect(back).to_contain_text(f"Back {number}.")
        page.keyboard.press(key)
        expect(remaining).to_have_text(str(4 - number))

    assert list(ReviewLog.objects.order_by("id").values_list("rating", flat=True)) == [3, 1, 4]
    assert all(log.duration_ms is not None for log in ReviewLog.objects.all())
    assert page.console_problems == []
    # "Again" brings a card back in a minute; the other two are due later.
    assert due_count(page, live_server) == 2
    expect(page.get_by_text(re.compile(r"more later today"))).to_be_visible()


def test_space_flips_and_space_again_rates_good_with_focus_on_each_new_card(
    page, live_server, alice, topic
):
    log_in(page, live_server)
    page.goto(live_server.url + topic.get_absolute_url())
    page.get_by_role("button", name="Add this topic to my deck").click()
    page.goto(live_server.url + "/review/")
    page.wait_for_load_state("load")
    remaining = page.locator("[data-queue-remaining]")
    expect(page.get_by_role("link", name=re.compile("Show answer"))).to_be_focused()
    for number in range(2):
        expect(page.locator(".flashcard .prompt")).to_contain_text(f"Flashcard prompt {number}?")
        page.keyboard.press("Space")
        back = page.locator("[data-card-back]")
        expect(back).to_be_visible()
        expect(back).to_be_focused()  # the answer is read, not the "Again" button
        page.keyboard.press("Space")
        expect(remaining).to_have_text(str(4 - number))
        expect(page.get_by_role("link", name=re.compile("Show answer"))).to_be_focused()
    assert list(ReviewLog.objects.order_by("id").values_list("rating", flat=True)) == [3, 3]
    assert page.console_problems == []


def test_an_empty_queue_takes_no_focus_on_arrival(page, live_server, alice):
    """Only a card waiting for review takes the focus when the page opens; the empty state's
    heading is not focused (its focus ring looked like a control)."""
    log_in(page, live_server)
    page.goto(live_server.url + "/review/")
    page.wait_for_load_state("load")
    expect(page.get_by_role("heading", name="Your deck is empty")).to_be_visible()
    page.wait_for_timeout(300)  # the review script has run
    assert page.evaluate("document.activeElement === document.body")


def test_the_deck_fits_a_phone_with_its_suspend_buttons_in_view(browser, live_server, alice, topic):
    """At 375 px the topic goes under the question and the state column is left out, so the
    due date and the Suspend button show without scrolling the table sideways."""
    context = browser.new_context(viewport={"width": 375, "height": 812})
    phone = context.new_page()
    try:
        log_in(phone, live_server)
        phone.goto(live_server.url + topic.get_absolute_url())
        phone.get_by_role("button", name="Add this topic to my deck").click()
        phone.goto(live_server.url + "/review/deck/")
        table = phone.locator(".table-scroll")
        assert table.evaluate("t => t.scrollWidth - t.clientWidth") <= 0
        button = phone.get_by_role("button", name=re.compile("^Suspend")).first
        box = button.bounding_box()
        assert box is not None and box["x"] + box["width"] <= 375
        expect(phone.locator("td .deck-topic-inline").first).to_have_text("Deep Learning")
    finally:
        context.close()
