import itertools
import re
import time
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from interview.practice.interviews import services
from interview.practice.models import PracticeSession, SessionItem
from tests.conftest import PASSWORD
from tests.factories import TopicFactory, open_question_with_points

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

GOOD = (
    "The forget gate decides what to erase from the cell state, the input gate controls "
    "what new information is written and the output gate controls what the hidden state "
    "exposes."
)


@pytest.fixture
def topic(transactional_db):
    topic = TopicFactory(name="RNN & Sequences", slug="rnn")
    for n in range(3):
        open_question_with_points(
            topic=topic,
            prompt=f"LSTM question number {n}?",
            official_answer=f"Official answer {n}.",
        )
    return topic


def log_in(page, live_server, username="alice"):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def test_full_three_question_interview(page, live_server, alice, topic):
    log_in(page, live_server)
    page.get_by_role("link", name="Start a mock interview").click()
    page.get_by_label("RNN & Sequences").check()
    page.get_by_label("Number of questions").fill("3")
    page.get_by_role("button", name="Start the interview").click()

    for number in range(1, 4):
        expect(page.get_by_text(f"Question {number} of 3")).to_be_visible()
        expect(page.locator("[data-countdown-display]")).to_have_text(re.compile(r"^[23]:\d\d$"))
        box = page.get_by_label("Your answer")
        box.fill(GOOD if number != 2 else "Only the forget gate decides what to erase.")
        expect(page.locator("[data-save-state]")).to_have_text(
            re.compile(r"Saved at \d\d:\d\d:\d\d"), timeout=8000
        )
        page.get_by_role("button", name="Submit answer").click()
        expect(
            page.get_by_role("heading", name=re.compile("Key points: . of 3 covered"))
        ).to_be_visible()
        expect(page.locator(".official-answer")).to_contain_text("Official answer")
        page.get_by_role("button", name=re.compile("^Good")).click()

    expect(page.get_by_role("heading", name="Interview report")).to_be_visible()
    expect(page.locator(".report-item")).to_have_count(3)
    expect(page.get_by_text("coverage 3/3 (100%)").first).to_be_visible()
    expect(
        page.get_by_text("Missed Input gate controls what new information is written")
    ).to_be_visible()
    assert page.console_problems == []
    session = PracticeSession.objects.get()
    assert session.status == "finished"
    assert [item.rating for item in session.items.order_by("position")] == [3, 3, 3]


def test_question_left_to_expire_keeps_the_typed_text(page, live_server, alice, topic):
    session = services.interview_create(
        user=alice, topics=[topic], question_count=1, seconds_per_question=3, now=timezone.now()
    )
    log_in(page, live_server)
    page.goto(live_server.url + session.get_absolute_url())
    page.get_by_label("Your answer").fill("typed before the clock ran out")
    expect(page.get_by_role("heading", name="Time is up")).to_be_visible(timeout=10_000)
    page.get_by_role("button", name="Again").click()
    expect(page.get_by_role("heading", name="Interview report")).to_be_visible()
    page.get_by_text("Your answer").click()
    expect(page.get_by_text("typed before the clock ran out")).to_be_visible()
    expect(page.locator(".report-item .badge", has_text="Timed out")).to_be_visible()
    item = SessionItem.objects.get(session=session)
    assert item.status == "timed_out" and item.answer == "typed before the clock ran out"


def test_reload_mid_question_resumes_with_the_remaining_time(page, live_server, alice, topic):
    session = services.interview_create(
        user=alice, topics=[topic], question_count=1, seconds_per_question=120, now=timezone.now()
    )
    services.session_sync(session=session, now=timezone.now() - timedelta(seconds=50))
    log_in(page, live_server)
    page.goto(live_server.url + session.get_absolute_url())
    display = page.locator("[data-countdown-display]")
    expect(display).to_have_text(re.compile(r"^1:(0\d|1[01])$"))  # about 70 s left, not 2:00
    page.get_by_label("Your answer").fill("draft survives a reload")
    expect(page.locator("[data-save-state]")).to_have_text(re.compile("Saved at"), timeout=8000)
    page.reload()
    expect(page.get_by_label("Your answer")).to_have_value("draft survives a reload")
    expect(display).to_have_text(re.compile(r"^1:(0\d|1[01])$"))


@pytest.mark.parametrize("skew", [timedelta(hours=1), timedelta(hours=-1)])
def test_a_wrong_browser_clock_does_not_change_the_countdown(
    browser, live_server, alice, topic, skew
):
    context = browser.new_context()
    page = context.new_page()
    page.clock.install(time=timezone.now() + skew)
    session = services.interview_create(
        user=alice, topics=[topic], question_count=1, seconds_per_question=180, now=timezone.now()
    )
    log_in(page, live_server)
    page.goto(live_server.url + session.get_absolute_url())
    page.clock.run_for(5_000)
    expect(page.locator("[data-countdown-display]")).to_have_text(re.compile(r"^2:5[4-6]$"))
    context.close()


def test_marking_a_point_i_did_cover(page, live_server, alice, topic):
    log_in(page, live_server)
    page.get_by_role("link", name="Start a mock interview").click()
    page.get_by_label("RNN & Sequences").check()
    page.get_by_label("Number of questions").fill("1")
    page.get_by_role("button", name="Start the interview").click()
    # The page's scripts are running (they format the clock) before the answer is typed.
    expect(page.locator("[data-countdown-display]")).to_have_text(re.compile(r"^[23]:\d\d$"))
    page.get_by_label("Your answer").fill(
        "The forget gate decides what to erase from the cell state. "
        "New content is let in by a second sigmoid."
    )
    expect(page.locator("[data-save-state]")).to_have_text(
        re.compile(r"Saved at \d\d:\d\d:\d\d"), timeout=8000
    )
    page.get_by_role("button", name="Submit answer").click()

    expect(page.get_by_role("heading", name="Key points: 1 of 3 covered")).to_be_visible()
    expect(page.get_by_text("This check is automatic")).to_be_visible()
    expect(page.locator("q.evidence")).to_have_text(
        "The forget gate decides what to erase from the cell state."
    )
    expect(page.locator(".suggested")).to_have_text("Hard")
    page.locator("li.missed", has_text="Input gate").get_by_role(
        "button", name="I did cover this"
    ).click()

    expect(
        page.get_by_role("heading", name="Key points: 2 of 3 covered (1 by your own assessment)")
    ).to_be_visible()
    expect(page.locator("li.self-assessed")).to_contain_text("Covered, self-assessed")
    expect(page.locator(".suggested")).to_have_text("Good")
    assert page.url.endswith(f"/interviews/{PracticeSession.objects.get().pk}/")  # htmx swap

    page.get_by_role("button", name=re.compile("^Good")).click()
    expect(page.get_by_role("heading", name="Interview report")).to_be_visible()
    expect(page.get_by_text("coverage 2/3 (67%), 1 self-assessed")).to_be_visible()
    assert page.console_problems == []
    item = SessionItem.objects.get()
    assert (item.coverage_percent, item.self_assessed_points) == (67, 1)


def test_autosave_during_an_outage_says_not_saved_and_retries_until_saved(
    page, live_server, alice, topic
):
    session = services.interview_create(
        user=alice, topics=[topic], question_count=1, seconds_per_question=300, now=timezone.now()
    )
    log_in(page, live_server)
    outage = {"left": 2, "seen": 0}
    sent: list[float] = []

    def restarting(route):
        outage["seen"] += 1
        sent.append(time.monotonic())
        if outage["left"]:
            outage["left"] -= 1
            route.fulfill(status=503, headers={"Retry-After": "5"}, body="restarting")
        else:
            route.continue_()

    page.route(re.compile(r".*/autosave/?$"), restarting)
    page.goto(live_server.url + session.get_absolute_url())
    page.get_by_label("Your answer").fill("kept through the restart")
    state = page.locator("[data-save-state]")
    expect(state).to_have_text("Not saved, retrying…", timeout=8000)
    expect(state).to_have_text(re.compile("Saved at"), timeout=20000)
    assert outage["seen"] == 3
    # The server's Retry-After is honoured (a fixed retry came back after 3 s).
    assert all(later - earlier >= 4.5 for earlier, later in itertools.pairwise(sent))
    item = SessionItem.objects.get(session=session)
    assert item.answer == "kept through the restart"
