import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from interview.practice.quizzes import services as quizzes
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_interview import log_in
from tests.factories import TopicFactory, UserFactory, quiz_question

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_progress_after_a_short_practice_session(page, live_server, transactional_db):
    alice = UserFactory(username="alice")
    topic = TopicFactory(name="Statistics", slug="stats")
    for n in range(3):
        quiz_question(topic=topic, prompt=f"Quiz question {n}?", correct=(0,))
    session = quizzes.quiz_create(
        user=alice,
        topics=[topic],
        question_count=3,
        time_limit_seconds=600,
        feedback="end",
        now=timezone.now(),
    )
    log_in(page, live_server)
    page.goto(live_server.url + session.get_absolute_url())
    for number in range(3):
        expect(page.get_by_text(f"Question {number + 1} of 3")).to_be_visible()
        item = session.items.get(position=number)
        right = next(c["text"] for c in item.choices if c["is_correct"])
        # the countdown runs once the page's scripts (htmx included) are ready
        expect(page.locator("[data-countdown-display]")).to_have_text(re.compile(r"^\d+:\d\d$"))
        page.get_by_label(right, exact=True).check()
        expect(page.locator("#selection-state")).to_contain_text("Saved at")
        if number < 2:
            page.get_by_role("link", name="Next →").click()
    page.get_by_role("button", name="Finish quiz").click()
    expect(page.get_by_text("3 / 3 (100%)")).to_be_visible()

    page.get_by_role("link", name="Progress").click()
    expect(page.get_by_role("heading", name="My progress")).to_be_visible()
    expect(page.locator("svg[data-chart=scores] circle")).to_have_count(1)
    expect(page.locator("svg[data-chart=activity] rect.level-1")).to_have_count(1)
    expect(page.locator("#score-desc")).to_contain_text("Quiz score: 1 session, latest 100%")
    mastery = page.locator("table.mastery")
    expect(mastery.get_by_role("row", name="Statistics")).to_contain_text("100%")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "progress.png"), full_page=True)
    assert (ARTIFACTS / "progress.png").stat().st_size > 10_000
    assert page.console_problems == []
