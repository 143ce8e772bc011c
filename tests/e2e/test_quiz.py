import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from interview.practice.models import PracticeSession
from interview.practice.quizzes import services as quizzes
from tests.e2e.test_interview import log_in
from tests.factories import TopicFactory, quiz_question

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def topic(transactional_db):
    topic = TopicFactory(name="Statistics", slug="stats")
    for n in range(4):
        quiz_question(topic=topic, prompt=f"Single answer question {n}?", correct=(0,))
    quiz_question(topic=topic, prompt="Multiple answer question?", correct=(1, 2))
    return topic


def choose(page, *texts):
    for text in texts:
        page.get_by_label(text, exact=True).check()
        expect(page.locator("#selection-state")).to_contain_text("Saved at")
        page.wait_for_load_state("networkidle")


def correct_texts(session, position):
    item = session.items.get(position=position)
    return [c["text"] for c in item.choices if c["is_correct"]]


def test_five_question_quiz_with_feedback_at_the_end(page, live_server, alice, topic):
    log_in(page, live_server)
    page.goto(live_server.url + "/quizzes/new/")
    page.get_by_label("Statistics").check()
    page.get_by_label("Number of questions").fill("5")
    page.get_by_label("At the end").check()
    page.get_by_role("button", name="Start the quiz").click()
    expect(page.get_by_text("Question 1 of 5")).to_be_visible()
    page.wait_for_load_state("load")  # htmx is ready to save selections
    session = PracticeSession.objects.get()

    for position in range(5):
        item = session.items.get(position=position)
        if position == 1:  # leave it unanswered but flagged, to revisit later
            page.get_by_role("button", name="Flag for review").click()
            expect(page.get_by_role("button", name="Remove flag")).to_be_visible()
        else:
            if item.multiple_answers:
                expect(page.get_by_text("Select all that apply")).to_be_visible()
            choose(page, *correct_texts(session, position))
        body = page.locator("#quiz-step").inner_text()
        assert "Explanation" not in body and "Correct option" not in body
        if position < 4:
            page.get_by_role("link", name="Next →").click()
            expect(page.get_by_text(f"Question {position + 2} of 5")).to_be_visible()

    navigator = page.get_by_role("navigation", name="Questions")
    flagged = navigator.get_by_role("link", name=re.compile(r"^2 .*flagged"))
    expect(flagged).to_have_class(re.compile("flagged"))
    flagged.click()
    expect(page.get_by_text("Question 2 of 5")).to_be_visible()
    choose(page, *correct_texts(session, 1))
    page.get_by_role("button", name="Remove flag").click()
    expect(page.get_by_role("button", name="Flag for review")).to_be_visible()

    page.reload()  # a reload loses nothing
    expect(page.get_by_label(correct_texts(session, 1)[0], exact=True)).to_be_checked()
    page.get_by_role("button", name="Finish quiz").click()
    expect(page.get_by_role("heading", name="Quiz review")).to_be_visible()
    expect(page.get_by_text("5 / 5 (100%)")).to_be_visible()
    expect(page.get_by_text("All or nothing")).to_be_visible()
    expect(page.locator(".report-item")).to_have_count(5)
    assert page.console_problems == []


def test_quiz_with_immediate_feedback(page, live_server, alice, topic):
    session = quizzes.quiz_create(
        user=alice,
        topics=[topic],
        question_count=2,
        time_limit_seconds=600,
        feedback="immediate",
        now=timezone.now(),
    )
    log_in(page, live_server)
    page.goto(live_server.url + session.get_absolute_url())
    wrong = next(c["text"] for c in session.items.get(position=0).choices if not c["is_correct"])
    choose(page, wrong)
    page.get_by_role("button", name="Check").click()
    expect(page.get_by_text("Not quite.")).to_be_visible()
    expect(page.get_by_text("This answer is now locked")).to_be_visible()
    expect(page.get_by_text("Correct option").first).to_be_visible()
    expect(page.locator(".explanation").first).to_be_visible()
    expect(page.get_by_label(wrong, exact=True)).to_be_disabled()
    page.get_by_role("link", name="Next →").click()
    expect(page.get_by_text("Question 2 of 2")).to_be_visible()
    expect(page.get_by_text("Correct option")).to_have_count(0)
    assert page.console_problems == []


def test_quiz_whose_time_runs_out_keeps_the_answers_given(page, live_server, alice, topic):
    log_in(page, live_server)  # the quiz's clock starts when it is created: log in first
    session = quizzes.quiz_create(
        user=alice,
        topics=[topic],
        question_count=3,
        time_limit_seconds=5,
        feedback="end",
        now=timezone.now(),
    )
    page.goto(live_server.url + session.get_absolute_url())
    first = correct_texts(session, 0)[0]
    choose(page, first)
    page.get_by_role("link", name="Next →").click()
    expect(page.get_by_text("Question 2 of 3")).to_be_visible()
    second = next(c["text"] for c in session.items.get(position=1).choices if not c["is_correct"])
    choose(page, second)
    expect(page.get_by_role("heading", name="Quiz review")).to_be_visible(timeout=15_000)
    items = page.locator(".report-item")
    expect(items.nth(0).locator("li.selected")).to_contain_text(first)
    expect(items.nth(1).locator("li.selected")).to_contain_text(second)
    expect(items.nth(2)).to_contain_text("Not answered")
    session.refresh_from_db()
    assert session.status == "finished"
    assert [i.selected != [] for i in session.items.order_by("position")] == [True, True, False]


def test_finish_waits_for_a_selection_still_being_saved(page, live_server, alice):
    single = TopicFactory(name="Probability", slug="probability")
    quiz_question(topic=single, prompt="One answer only?", correct=(0,))
    log_in(page, live_server)
    session = quizzes.quiz_create(
        user=alice,
        topics=[single],
        question_count=1,
        time_limit_seconds=600,
        feedback="end",
        now=timezone.now(),
    )
    page.goto(live_server.url + session.get_absolute_url())
    held = []
    page.route("**/select/", lambda route: held.append(route))  # hold the save for now
    right = correct_texts(session, 0)[0]
    page.get_by_label(right, exact=True).check()
    page.wait_for_timeout(300)
    assert len(held) == 1
    page.get_by_role("button", name="Finish quiz").click()
    page.wait_for_timeout(700)
    session.refresh_from_db()
    assert session.status == "active"  # the finish is queued behind the save
    held[0].continue_()
    expect(page.get_by_role("heading", name="Quiz review")).to_be_visible()
    expect(page.get_by_text("1 / 1 (100%)")).to_be_visible()


def test_finishing_with_questions_open_asks_first(page, live_server, alice, topic):
    log_in(page, live_server)
    session = quizzes.quiz_create(
        user=alice,
        topics=[topic],
        question_count=3,
        time_limit_seconds=600,
        feedback="end",
        now=timezone.now(),
    )
    page.goto(live_server.url + session.get_absolute_url())
    page.wait_for_load_state("load")
    page.get_by_role("button", name="Flag for review").click()
    expect(page.get_by_role("button", name="Remove flag")).to_be_visible()
    page.get_by_role("button", name="Finish quiz").click()
    dialog = page.get_by_role("dialog", name="Finish the quiz?")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Questions not answered: 3")
    expect(dialog).to_contain_text("Questions flagged for review: 1")
    expect(dialog.get_by_role("button", name="Keep answering")).to_be_focused()
    page.keyboard.press("Enter")  # keep answering: nothing changes
    expect(dialog).to_be_hidden()
    session.refresh_from_db()
    assert session.status == "active"
    page.get_by_role("button", name="Finish quiz").click()
    dialog.get_by_role("button", name="Finish quiz").click()
    expect(page.get_by_role("heading", name="Quiz review")).to_be_visible()
    session.refresh_from_db()
    assert session.status == "finished"


def test_focus_follows_next_flag_and_the_title_follows_the_question(
    page, live_server, alice, topic
):
    log_in(page, live_server)
    session = quizzes.quiz_create(
        user=alice,
        topics=[topic],
        question_count=2,
        time_limit_seconds=600,
        feedback="end",
        now=timezone.now(),
    )
    page.goto(live_server.url + session.get_absolute_url())
    page.wait_for_load_state("load")
    page.get_by_role("button", name="Flag for review").click()
    expect(page.get_by_role("button", name="Remove flag")).to_be_focused()
    page.get_by_role("link", name="Next →").click()
    expect(page.get_by_text("Question 2 of 2")).to_be_visible()
    expect(page).to_have_title(re.compile("^Question 2 of 2"))
    expect(page.locator(".selection-form input[name=selected]").first).to_be_focused()
