"""The shipped exercises load, and each official solution passes its own tests; they live in
the syllabus topics and cover what the exercises issue asks for."""

import json

import pytest

from interview.bank.exercises import exercise_check
from interview.bank.models import Exercise, Question
from interview.bank.starter_bank import (
    DEFAULT_DIRECTORY,
    EXERCISES_DIRECTORY,
    exercise_bank_files,
    starter_bank_files,
    starter_bank_load,
)


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
def test_every_official_solution_passes_its_tests(loaded, kind, settings):
    # Correctness, not speed: a loaded machine must not turn a slow start into a failure (the
    # time limits have tests of their own).
    settings.SQL_TIMEOUT_SECONDS = 60
    settings.PYTHON_CHECK_TIMEOUT_SECONDS = 60
    questions = Question.objects.filter(kind=kind).select_related("exercise")
    assert questions
    for question in questions:
        assert exercise_check(question=question) == [], question.slug


def _exercise_questions() -> list[tuple[str, dict]]:
    return [
        (path.stem, question)
        for path in starter_bank_files(EXERCISES_DIRECTORY)
        for question in json.loads(path.read_text(encoding="utf-8"))["questions"]
    ]


def test_each_file_adds_to_the_syllabus_topic_it_is_named_after():
    for path in starter_bank_files(EXERCISES_DIRECTORY):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert set(data) == {"slug", "questions"}, path.name  # a reference, not a new topic
        assert data["slug"] == path.stem
        assert (DEFAULT_DIRECTORY / path.name).exists(), f"{path.stem} is not a syllabus topic"


def test_the_shipped_exercises_cover_the_issue():
    questions = _exercise_questions()
    sql = [q for _, q in questions if q["kind"] == "sql"]
    python = [q for _, q in questions if q["kind"] == "python"]
    reviews = [q for _, q in questions if "code-review" in q.get("tags", [])]
    assert len(sql) >= 30 and len(python) >= 20 and len(reviews) >= 10
    assert sum("sql-business" in q["tags"] for q in sql) >= 30
    for question in sql + python:
        cases = question["exercise"]["cases"]
        assert any(not case["hidden"] for case in cases), question["slug"]
        assert any(case["hidden"] for case in cases), question["slug"]
        assert question["short_answer"] and question["official_answer"], question["slug"]
    for question in reviews:
        assert 3 <= len(question["key_points"]) <= 6, question["slug"]
        assert "norun" in question["prompt"], question["slug"]  # the snippet is read, not run
    assert {q["difficulty"] for q in sql + python} == {"easy", "medium", "hard"}
