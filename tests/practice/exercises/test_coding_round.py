"""A mock interview's coding round: exercises asked after the open questions, on the same
clock rules, graded on their tests (SQL on the server, Python as the browser reported), the
code saved in time kept and graded when the clock closes the item."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from interview.bank.models import Question
from interview.bank.starter_bank import exercise_bank_files, starter_bank_load
from interview.practice.engine.sessions import sessions_close_expired
from interview.practice.interviews import services
from interview.practice.models import ExerciseAttempt, SessionItem

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 5, 4, 9, 0, 0, tzinfo=UTC)


def at(seconds):
    return T0 + timedelta(seconds=seconds)


@pytest.fixture(autouse=True)
def _grace(settings):
    settings.PRACTICE_GRACE_SECONDS = 10


@pytest.fixture
def bank(db):
    starter_bank_load(paths=exercise_bank_files())


def coding_interview(user, slug, now=T0):
    question = Question.objects.get(slug=slug)
    session = services.interview_create(
        user=user,
        topics=[question.topic],
        question_count=1,
        seconds_per_question=300,
        now=now,
        question_ids=[question.pk],
    )
    item = services.session_sync(session=session, now=now)
    return session, item, question


def test_a_coding_round_adds_exercises_after_the_open_questions(alice, bank):
    review = Question.objects.get(slug="review-scaler-leakage")
    session = services.interview_create(
        user=alice,
        topics=[review.topic],
        question_count=1,
        seconds_per_question=300,
        coding_questions=2,
        now=T0,
    )
    assert session.question_count == 3
    kinds = list(Question.objects.filter(pk__in=session.plan[1:]).values_list("kind", flat=True))
    assert set(kinds) <= {"sql", "python"} and len(kinds) == 2
    assert Question.objects.get(pk=session.plan[0]).kind == "open"
    assert session.plan_has_exercises


def test_a_sql_item_is_graded_on_its_tests(alice, bank):
    session, item, question = coding_interview(alice, "sqlx-running-revenue")
    outcome = services.answer_submit(
        session=session, position=0, revision=1, text=question.exercise.solution, now=at(60)
    )
    item = outcome.item
    assert item.status == SessionItem.Status.ANSWERED
    assert item.is_correct and item.coverage_percent == 100
    assert item.coverage["exercise"]["passed"] is True
    attempt = ExerciseAttempt.objects.get()
    assert attempt.session_item == item and attempt.passed and attempt.checked_in == "server"


def test_a_timed_out_sql_item_keeps_and_grades_the_code_saved_in_time(alice, bank):
    session, item, question = coding_interview(alice, "sqlx-running-revenue")
    services.answer_autosave(
        session=session, position=0, revision=3, text=question.exercise.solution, now=at(200)
    )
    late = services.answer_autosave(
        session=session, position=0, revision=4, text="SELECT 1", now=at(400)
    )
    assert not late.applied
    sessions_close_expired(now=at(400))  # the late save already closed it: idempotent
    item.refresh_from_db()
    assert item.status == SessionItem.Status.TIMED_OUT
    assert item.answer == question.exercise.solution
    assert item.finished_at == at(300)
    assert item.is_correct and item.coverage_percent == 100


def test_a_python_item_keeps_the_browsers_report(alice, bank):
    session, item, _question = coding_interview(alice, "pyx-run-length-encoding")
    report = json.dumps(
        {"error": "", "output": "", "cases": [{"passed": True}, {"passed": False, "message": "no"},
                                              {"passed": True}, {"passed": True}]}
    )  # fmt: skip
    item = services.answer_submit(
        session=session, position=0, revision=1, text="def rle(t): ...", now=at(30), report=report
    ).item
    assert item.coverage_percent == 75 and not item.is_correct
    assert item.coverage["exercise"]["checked_in"] == "browser"


def test_a_python_item_closed_by_the_clock_keeps_the_code_without_running_it(alice, bank):
    session, item, _question = coding_interview(alice, "pyx-run-length-encoding")
    services.answer_autosave(session=session, position=0, revision=1, text="def rle(t):", now=at(5))
    sessions_close_expired(now=at(400))
    item.refresh_from_db()
    assert item.timed_out and item.answer == "def rle(t):"
    assert item.coverage_percent == 0
    assert "time ran out" in item.coverage["exercise"]["results"][0]["message"]


def test_the_step_shows_the_editor_the_tables_and_run(alice_client, alice, bank):
    session, _item, question = coding_interview(alice, "sqlx-running-revenue", now=timezone.now())
    body = alice_client.get(reverse("practice:interview_detail", args=[session.pk])).content
    body = body.decode()
    assert "data-code-editor" in body and "<code>orders</code>" in body
    assert reverse("practice:exercise_run", args=[question.pk]) in body
    assert "vendor/codemirror/codemirror.js" in body
    run = alice_client.post(
        reverse("practice:exercise_run", args=[question.pk]),
        {"answer": question.exercise.solution, "position": 0, "revision": 1},
        HTTP_HX_REQUEST="true",
    )
    assert "matches the expected result" in run.content.decode()


def test_the_new_interview_form_offers_a_coding_round(alice_client, bank):
    body = alice_client.get(reverse("practice:interview_new")).content.decode()
    assert "Coding round" in body
