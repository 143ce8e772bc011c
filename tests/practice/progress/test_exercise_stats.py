"""Exercise submissions count in progress and item statistics."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from interview.practice.models import ExerciseAttempt
from interview.practice.progress.exercise_stats import exercise_summary, median_times
from interview.practice.progress.item_stats import with_statistics
from tests.factories import QuestionFactory

pytestmark = pytest.mark.django_db


def attempt(user, question, *, passed, ms):
    return ExerciseAttempt.objects.create(
        user=user, question=question, kind="sql", prompt="p", code="SELECT 1", passed=passed,
        cases_passed=1 if passed else 0, cases_total=1, checked_in="server",
        submitted_at=timezone.now(), duration_ms=ms,
    )  # fmt: skip


def test_it_summarises_a_users_submissions(alice, bob):
    first, second = QuestionFactory(kind="sql"), QuestionFactory(kind="sql")
    attempt(alice, first, passed=False, ms=60_000)
    attempt(alice, first, passed=True, ms=120_000)
    attempt(alice, second, passed=False, ms=600_000)
    attempt(bob, second, passed=True, ms=1)
    summary = exercise_summary(user=alice)
    assert (summary.submissions, summary.passed) == (3, 1)
    assert (summary.exercises_tried, summary.exercises_solved) == (2, 1)
    assert summary.pass_rate == pytest.approx(1 / 3)
    assert summary.median_time == timedelta(minutes=2)
    assert median_times(question_ids=[first.pk]) == {first.pk: timedelta(seconds=90)}


def test_item_statistics_count_submissions_as_answers(alice, bob):
    question = QuestionFactory(kind="sql")
    attempt(alice, question, passed=False, ms=1000)
    attempt(bob, question, passed=True, ms=3000)
    stats = with_statistics(type(question).objects.filter(pk=question.pk)).get()
    assert (stats.times_answered, stats.answered_well) == (2, 1)


def test_the_pages_show_the_figures(alice_client, alice, editor):
    question = QuestionFactory(kind="sql")
    attempt(alice, question, passed=True, ms=90_000)
    body = alice_client.get(reverse("practice:progress")).content.decode()
    assert "Exercise submissions" in body and "100 % passed" in body
    assert "median time 1 min 30 s" in body
    alice_client.force_login(editor)
    stats = alice_client.get(reverse("practice:item_statistics")).content.decode()
    assert "exercise median" in stats
