"""A cloze question in a quiz, in a browser: labelled inputs, autosave while typing, a reload
keeps the text, the review marks each blank; no serious axe-core violation on the step or the
review."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from interview.bank.models import Question
from interview.practice.quizzes import services as quizzes
from tests.e2e.test_pages import axe_problems, log_in
from tests.factories import QuestionFactory, TopicFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def quiz(transactional_db):
    alice = UserFactory(username="alice")
    topic = TopicFactory(name="Statistics", slug="stats")
    question = QuestionFactory(
        topic=topic,
        kind=Question.Kind.CLOZE,
        status="published",
        prompt="A {{c1::p-value::probability}} below {{c2::alpha|significance level}} rejects H0.",
    )
    return quizzes.quiz_create(
        user=alice, topics=[topic], question_count=1, time_limit_seconds=600,
        feedback="end", now=timezone.now(), question_ids=[question.pk],
    )  # fmt: skip


def test_fill_the_blanks_autosave_reload_and_review(phone, live_server, quiz):
    page = phone
    log_in(page, live_server)
    page.goto(live_server.url + quiz.get_absolute_url())
    page.wait_for_load_state("load")
    assert axe_problems(page, "quiz step") == []
    with page.expect_response(lambda r: "/select/" in r.url and r.ok):
        page.get_by_label("Blank 1 (probability)").fill("P-Value")  # saved while typing
    expect(page.locator("#selection-state")).to_contain_text("Saved at")
    with page.expect_response(lambda r: "blanks=beta" in (r.request.post_data or "") and r.ok):
        page.get_by_label("Blank 2").fill("beta")
    page.reload()
    expect(page.get_by_label("Blank 2")).to_have_value("beta")
    expect(page.get_by_label("Blank 1 (probability)")).to_have_value("P-Value")
    page.get_by_role("button", name="Finish quiz").click()
    dialog = page.get_by_role("dialog")
    if dialog.is_visible():
        dialog.get_by_role("button", name="Finish quiz").click()
    expect(page.get_by_role("heading", name="Quiz review")).to_be_visible()
    expect(page.get_by_text("Blank 1: right")).to_be_visible()
    expect(page.get_by_text("Blank 2: wrong")).to_be_visible()
    expect(page.get_by_text("0 / 1 (0%)")).to_be_visible()
    assert axe_problems(page, "quiz review") == []
