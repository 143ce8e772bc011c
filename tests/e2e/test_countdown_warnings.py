"""The countdown warns at 60 s and 10 s left in a polite live region, and stays silent
otherwise (Playwright's page.clock drives the browser's time; the server's clock is real)."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from interview.practice.interviews import services as interviews
from interview.practice.quizzes import services as quizzes
from tests.e2e.test_interview import log_in
from tests.factories import TopicFactory, open_question_with_points, quiz_question

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def topic(transactional_db):
    topic = TopicFactory(name="RNN & Sequences", slug="rnn")
    open_question_with_points(topic=topic, prompt="What are the gates of an LSTM?")
    for n in range(2):
        quiz_question(topic=topic, prompt=f"Which option {n} is right?")
    return topic


def start(kind, alice, topic):
    if kind == "interview":
        return interviews.interview_create(
            user=alice, topics=[topic], question_count=1, seconds_per_question=90,
            now=timezone.now(),
        )  # fmt: skip
    return quizzes.quiz_create(
        user=alice, topics=[topic], question_count=2, time_limit_seconds=90, feedback="end",
        now=timezone.now(),
    )  # fmt: skip


@pytest.mark.parametrize("kind", ["interview", "quiz"])
def test_warnings_at_60_and_10_seconds_are_announced(browser, live_server, alice, topic, kind):
    context = browser.new_context()
    page = context.new_page()
    page.clock.install()
    log_in(page, live_server)
    session = start(kind, alice, topic)
    page.goto(live_server.url + session.get_absolute_url())
    display = page.locator("[data-countdown-display]")
    warning = page.locator("[data-countdown-warning]")
    expect(display).to_have_text(re.compile(r"^1:(2\d|30)$"))
    expect(warning).to_have_attribute("role", "status")  # a polite live region
    expect(warning).to_have_text("")
    expect(page.locator("[data-countdown]")).to_have_attribute("aria-live", "off")

    page.clock.run_for(25_000)  # about 65 s left: nothing said yet
    expect(warning).to_have_text("")
    page.clock.run_for(6_000)  # 60 s or less
    expect(warning).to_have_text("1 minute left.")
    page.clock.run_for(40_000)  # about 20 s left: the same warning stays
    expect(warning).to_have_text("1 minute left.")
    page.clock.run_for(10_000)  # 10 s or less
    expect(warning).to_have_text("10 seconds left.")
    expect(page.get_by_role("status").filter(has_text="10 seconds left.")).to_have_count(1)
    context.close()
