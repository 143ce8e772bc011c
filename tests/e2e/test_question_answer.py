"""Answering a question on its page in the browser: feedback swapped in place, focus on it,
then the rating and the next question; axe finds nothing serious."""

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.e2e.test_pages import axe_problems
from tests.factories import QuestionFactory, TopicFactory, UserFactory, open_question_with_points

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def questions(transactional_db):
    UserFactory(username="alice")
    topic = TopicFactory(name="Recurrent networks", slug="rnn")
    first = open_question_with_points(topic=topic, order=1, prompt="What are the gates of an LSTM?")
    second = QuestionFactory(topic=topic, order=2, prompt="Why do GRUs train faster?")
    return first, second


@pytest.fixture
def page(browser):
    # axe is injected as a script: the page's CSP would refuse it
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.console_problems = problems
    yield page
    context.close()


def test_answer_a_question_on_its_page(page, live_server, questions):
    first, _second = questions
    page.goto(live_server.url + "/accounts/login/?next=" + first.get_absolute_url())
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Answer it yourself")).to_be_visible()
    assert axe_problems(page, first.get_absolute_url()) == []

    page.get_by_label("Your answer").fill(
        "The forget gate decides what to erase. The input gate controls what is written."
    )
    page.get_by_label("Your answer").press("Tab")
    page.keyboard.press("Enter")  # the focused "Check my answer" button
    heading = page.get_by_role("heading", name="Key points: 2 of 3 covered")
    expect(heading).to_be_focused()
    expect(page.locator(".coverage li.missed")).to_contain_text("Output gate")
    assert page.url.endswith(first.get_absolute_url())  # swapped in place, no navigation
    assert axe_problems(page, "feedback") == []

    page.get_by_role("button", name="Good").click()
    expect(page.get_by_role("status")).to_contain_text("You rated this answer Good")
    page.get_by_role("link", name="Next question in this topic").click()
    expect(page.locator(".prompt")).to_contain_text("Why do GRUs train faster?")
    assert page.console_problems == []
