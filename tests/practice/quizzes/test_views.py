import random
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from interview.practice.models import PracticeSession, SessionItem
from interview.practice.quizzes import services as quizzes
from interview.practice.quizzes.scoring import SCORING_RULE
from tests.factories import TopicFactory, quiz_question

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]

T0 = datetime(2026, 6, 1, 12, 0, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _grace(settings):
    settings.PRACTICE_GRACE_SECONDS = 10


@pytest.fixture
def topic():
    return TopicFactory(name="Statistics", slug="stats")


@pytest.fixture
def questions(topic):
    return [
        quiz_question(topic=topic, prompt="Single question?", correct=(0,)),
        quiz_question(topic=topic, prompt="Multi question?", correct=(1, 3)),
    ]


def make_quiz(user, questions, *, feedback="end", limit=600, now=T0):
    return quizzes.quiz_create(
        user=user,
        topics=[questions[0].topic],
        question_count=len(questions),
        time_limit_seconds=limit,
        feedback=feedback,
        now=now,
        question_ids=[q.pk for q in questions],
        rng=random.Random(0),
    )


@pytest.fixture
def quiz(alice, questions):
    return make_quiz(alice, questions)


def url(name, session):
    return reverse(f"practice:quiz_{name}", kwargs={"pk": session.pk})


def item(session, position) -> SessionItem:
    return session.items.get(position=position)


def leaks_correctness(body: str) -> bool:
    return any(
        marker in body
        for marker in (
            "Explanation A",
            "Explanation B",
            "Explanation C",
            "Explanation D",
            "Correct option",
            "is_correct",
            "right.",
            "wrong.",
        )
    )


def test_new_quiz_form_defaults(alice_client, topic, questions):
    body = alice_client.get(reverse("practice:quiz_new"), {"topic": "stats"}).content.decode()
    assert 'name="question_count" value="10"' in body
    assert '<option value="600" selected>' in body
    assert 'value="end"' in body and "checked" in body


def test_start_a_quiz(alice_client, topic, questions):
    response = alice_client.post(
        reverse("practice:quiz_new"),
        {
            "topics": [topic.pk],
            "question_count": 10,
            "time_limit": 0,
            "feedback": "immediate",
        },
    )
    session = PracticeSession.objects.get()
    assert response["Location"] == session.get_absolute_url()
    assert session.kind == "quiz" and session.deadline is None and session.question_count == 2


def test_new_quiz_validation(alice_client, topic, questions):
    response = alice_client.post(
        reverse("practice:quiz_new"),
        {
            "topics": [topic.pk],
            "question_count": 999,
            "time_limit": 42,
            "feedback": "never",
        },
    )
    body = response.content.decode()
    assert "less than or equal to 50" in body and "Select a valid choice" in body
    assert not PracticeSession.objects.exists()


def test_quiz_page_shows_question_navigator_countdown_and_no_correctness(alice_client, quiz):
    with time_machine.travel(T0 + timedelta(seconds=100), tick=False):
        response = alice_client.get(url("detail", quiz))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-remaining="500"' in body
    # The clock opens as the script shows it (and as it reads without JavaScript), not "500 s".
    assert "<span data-countdown-display>8:20</span>" in body
    assert 'aria-label="Questions"' in body
    assert 'type="radio"' in body or 'type="checkbox"' in body
    assert "Flag for review" in body
    assert not leaks_correctness(body)


def test_multiple_answer_question_uses_checkboxes(alice_client, quiz):
    multi = next(i for i in quiz.items.all() if i.multiple_answers)
    body = alice_client.get(url("detail", quiz), {"q": multi.number}).content.decode()
    assert "Select all that apply" in body and body.count('type="checkbox"') == 4


@pytest.mark.parametrize("q", ["0", "99", "abc", "-1", ""])
def test_bad_question_numbers_fall_back_to_a_valid_one(alice_client, quiz, q):
    assert alice_client.get(url("detail", quiz), {"q": q}).status_code == 200


def test_navigation_over_htmx_returns_the_step_fragment(alice_client, quiz):
    response = alice_client.get(
        url("detail", quiz), {"q": 2}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="quiz-step"
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="quiz-step"')
    assert "Question <strong>2</strong>" in body and "<html" not in body


def test_selection_over_htmx_saves_and_updates_the_navigator(alice_client, quiz):
    with time_machine.travel(T0 + timedelta(seconds=30), tick=False):
        response = alice_client.post(
            url("select", quiz),
            {"position": 0, "revision": 1, "selected": ["2"]},
            HTTP_HX_REQUEST="true",
        )
    body = response.content.decode()
    assert "Saved at 12:00:30" in body
    assert 'id="quiz-navigator"' in body and 'hx-swap-oob="true"' in body
    assert not leaks_correctness(body)
    assert item(quiz, 0).selected == [2]


def test_selection_without_javascript_redirects_back(alice_client, quiz):
    response = alice_client.post(
        url("select", quiz), {"position": 1, "revision": 1, "selected": ["0"]}
    )
    assert response["Location"] == url("detail", quiz) + "?q=2"


def test_bad_selection_input_is_a_400_or_a_clear_refusal(alice_client, quiz):
    single = next(i for i in quiz.items.all() if not i.multiple_answers)
    assert alice_client.post(url("select", quiz), {"position": "x"}).status_code == 400
    assert (
        alice_client.post(
            url("select", quiz), {"position": 0, "revision": 1, "selected": ["99"]}
        ).status_code
        == 400
    )
    response = alice_client.post(
        url("select", quiz),
        {
            "position": single.position,
            "revision": 1,
            "selected": ["0", "1"],
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 409 and "Choose one option" in response.content.decode()


def test_answering_after_finish_is_refused_with_a_message(alice_client, quiz):
    alice_client.post(url("finish", quiz))
    response = alice_client.post(
        url("select", quiz),
        {"position": 0, "revision": 5, "selected": ["1"]},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 409
    assert "finished" in response.content.decode()


def test_a_refusal_after_the_end_sends_the_client_to_the_review(alice_client, quiz):
    alice_client.post(url("finish", quiz))
    response = alice_client.post(
        url("flag", quiz), {"position": 0, "flagged": "true"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 409
    assert response["HX-Redirect"] == url("review", quiz)
    assert '<ul class="messages"' in response.content.decode()


def test_flag_marks_the_navigator(alice_client, quiz):
    response = alice_client.post(
        url("flag", quiz), {"position": 1, "flagged": "true"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert "Remove flag" in body and "(flagged)" in body
    assert item(quiz, 1).flagged


def test_immediate_feedback_reveals_only_the_checked_question(alice_client, alice, questions):
    session = make_quiz(alice, questions, feedback="immediate")
    alice_client.post(url("select", session), {"position": 0, "revision": 1, "selected": ["0"]})
    before = alice_client.get(url("detail", session), {"q": 1}).content.decode()
    assert not leaks_correctness(before) and ">Check<" in before
    response = alice_client.post(url("check", session), {"position": 0}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "Explanation" in body and "This answer is now locked" in body
    other = alice_client.get(url("detail", session), {"q": 2}).content.decode()
    assert not leaks_correctness(other)


def test_review_before_finishing_redirects_without_revealing(alice_client, quiz):
    response = alice_client.get(url("review", quiz), follow=True)
    body = response.content.decode()
    assert "Finish the quiz to see the review" in body
    assert not leaks_correctness(body)


def test_finish_over_htmx_redirects_the_client_and_twice_is_one_result(alice_client, quiz):
    with time_machine.travel(T0 + timedelta(seconds=90), tick=False):
        response = alice_client.post(url("finish", quiz), HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"] == url("review", quiz)
    with time_machine.travel(T0 + timedelta(seconds=200), tick=False):
        alice_client.post(url("finish", quiz))
    quiz.refresh_from_db()
    assert quiz.finished_at == T0 + timedelta(seconds=90)


def test_review_shows_score_time_rule_selection_correct_options_and_links(
    alice_client, quiz, questions
):
    first = item(quiz, 0)
    correct = [i for i, c in enumerate(first.choices) if c["is_correct"]]
    alice_client.post(
        url("select", quiz), {"position": 0, "revision": 1, "selected": [str(i) for i in correct]}
    )
    with time_machine.travel(T0 + timedelta(seconds=75), tick=False):
        alice_client.post(url("finish", quiz))
    body = alice_client.get(url("review", quiz)).content.decode()
    assert "1 / 2 (50%)" in body
    assert "1 min 15 s" in body
    assert SCORING_RULE in body
    assert "Your choice" in body and "Explanation A" in body and "Explanation D" in body
    assert reverse("bank:question_detail", args=[questions[0].pk]) in body
    assert "/topics/stats/#notes-heading" in body
    assert "Retry the ones I missed" in body


def test_retry_creates_a_quiz_of_the_missed_questions(alice_client, quiz):
    alice_client.post(url("finish", quiz))
    response = alice_client.post(url("retry", quiz))
    retry = PracticeSession.objects.exclude(pk=quiz.pk).get()
    assert response["Location"] == retry.get_absolute_url()
    assert retry.items.count() == 2


def test_expired_quiz_page_goes_to_the_review(alice_client, quiz):
    with time_machine.travel(T0 + timedelta(seconds=611), tick=False):
        response = alice_client.get(url("detail", quiz))
    assert response["Location"] == url("review", quiz)
    quiz.refresh_from_db()
    assert quiz.finished_at == T0 + timedelta(seconds=600)


def test_quiz_list_shows_scores(alice_client, quiz):
    alice_client.post(url("finish", quiz))
    body = alice_client.get(reverse("practice:quiz_list")).content.decode()
    assert "0 / 2 (0%)" in body and url("review", quiz) in body


QUIZ_URLS = [
    ("GET", "detail"),
    ("GET", "review"),
    ("POST", "select"),
    ("POST", "flag"),
    ("POST", "check"),
    ("POST", "finish"),
    ("POST", "retry"),
]


@pytest.mark.parametrize(("method", "name"), QUIZ_URLS)
@pytest.mark.parametrize("htmx", [False, True])
def test_bob_gets_404_on_every_url_of_alices_quiz(client, bob, quiz, method, name, htmx):
    client.force_login(bob)
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    data = {"position": 0, "revision": 3, "selected": ["1"], "flagged": "true"}
    call = client.get if method == "GET" else client.post
    response = call(url(name, quiz), data if method == "POST" else None, **headers)
    assert response.status_code == 404
    quiz.refresh_from_db()
    assert quiz.status == "active"
    assert item(quiz, 0).selected == [] and not item(quiz, 0).flagged


def test_a_quiz_step_issues_a_fixed_number_of_queries(alice_client, alice, topic):
    counts = []
    for size in (3, 40):
        questions = [quiz_question(topic=topic) for _ in range(size)]
        session = make_quiz(alice, questions)
        for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
            with CaptureQueriesContext(connection) as queries:
                assert (
                    alice_client.get(url("detail", session), {"q": 2}, **headers).status_code == 200
                )
            counts.append(len(queries))
        with CaptureQueriesContext(connection) as queries:
            alice_client.post(
                url("select", session),
                {"position": 1, "revision": 1, "selected": ["0"]},
                HTTP_HX_REQUEST="true",
            )
        counts.append(len(queries))
    assert counts[:3] == counts[3:], counts
