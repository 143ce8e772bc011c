"""The shipped exercises load, and each official solution passes its own tests."""

import pytest

from interview.bank.exercises import exercise_check
from interview.bank.models import Exercise, Question
from interview.bank.starter_bank import exercise_bank_files, starter_bank_load


@pytest.fixture
def loaded(db):
    return starter_bank_load(paths=exercise_bank_files())


def test_it_loads_the_exercises_idempotently(loaded):
    assert Question.objects.filter(kind=Question.Kind.SQL).count() >= 3
    assert Question.objects.filter(kind=Question.Kind.PYTHON).count() >= 3
    assert Question.objects.filter(tags__slug="code-review").count() >= 2
    assert Exercise.objects.count() == Question.objects.filter(kind__in=["sql", "python"]).count()
    again = starter_bank_load(paths=exercise_bank_files())
    assert not again.changed


@pytest.mark.parametrize("kind", ["sql", "python"])
def test_every_official_solution_passes_its_tests(loaded, kind):
    questions = Question.objects.filter(kind=kind).select_related("exercise")
    assert questions
    for question in questions:
        assert exercise_check(question=question) == [], question.slug
