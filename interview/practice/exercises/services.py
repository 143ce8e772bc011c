"""Exercises: SQL and Python questions a candidate writes code for.

- Run: SQL runs on the server (DuckDB worker, `interview.sandbox.sql`) against the visible
  cases only; the page shows the first case's result table and what differs from its expected
  result. Python runs in the candidate's browser; the server is not involved.
- Submit: SQL is graded on the server against every case. Python is graded in the browser
  (Pyodide, in a Web Worker): the page posts one verdict per case and the server stores it as
  "checked in your browser", keeping only the verdicts for the exercise's own cases (names and
  visibility come from the bank, never from the page). The server never runs candidate Python.
- Every submission is stored as an attempt with the code, the verdicts, the time from the
  page's signed start to the submission (capped at MAX_DURATION), and counts as a flashcard
  review: Good when every case passed, Again otherwise.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.core import signing
from django.core.cache import cache
from django.db import transaction
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import formats
from django.utils.translation import gettext as _

from interview.bank.models import EXERCISE_KINDS, Exercise, Question
from interview.practice import flashcards
from interview.practice.engine.errors import PracticeError
from interview.practice.engine.items import ItemGrade, item_grader_register
from interview.practice.models import ExerciseAttempt, Rating, ReviewLog, SessionItem
from interview.sandbox.compare import Verdict, results_compare
from interview.sandbox.sql import CaseResult, QueryRefused, sql_describe, sql_run

MAX_DURATION = timedelta(hours=3)
MAX_CODE_CHARS = 50_000
MAX_MESSAGE_CHARS = 1_000
MAX_OUTPUT_CHARS = 20_000
DISPLAY_ROWS = 200
_START_SALT = "exercise-start"


@dataclass
class CaseOutcome:
    name: str
    hidden: bool
    passed: bool
    message: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "hidden": self.hidden,
            "passed": self.passed,
            "message": self.message,
        }


@dataclass
class SqlRunView:
    """What "Run" shows: the first visible case's table and each visible case's verdict."""

    error: str = ""
    columns: list[str] = field(default_factory=list)
    rows: list[list[Any]] = field(default_factory=list)
    row_count: int = 0
    truncated: str = ""
    cases: list[CaseOutcome] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.error and bool(self.cases) and all(case.passed for case in self.cases)


def exercises_visible_to(user: User | AnonymousUser) -> QuerySet[Question]:
    return (
        Question.objects.visible_to(user)
        .filter(kind__in=EXERCISE_KINDS, exercise__isnull=False)
        .select_related("topic", "exercise")
    )


def exercise_get(*, user: User | AnonymousUser, pk: int) -> Question:
    """A published exercise (staff also see drafts); anything else is a 404."""
    return get_object_or_404(exercises_visible_to(user), pk=pk)


def start_token(*, now: datetime) -> str:
    return signing.dumps(now.timestamp(), salt=_START_SALT)


def _started_at(token: str, *, now: datetime) -> datetime | None:
    try:
        stamp = float(signing.loads(token, salt=_START_SALT, max_age=MAX_DURATION))
    except (signing.BadSignature, TypeError, ValueError):
        return None
    started = datetime.fromtimestamp(stamp, tz=now.tzinfo)
    return started if started <= now else None


def fixture_tables(*, exercise: Exercise) -> list[dict[str, Any]]:
    """The SQL fixture's tables as shown to the candidate (schema and sample rows), cached by
    the script's text."""
    key = "exercise-tables:" + hashlib.sha256(exercise.setup_sql.encode()).hexdigest()
    tables = cache.get(key)
    if tables is None:
        tables = sql_describe(setup=exercise.setup_sql)
        if tables:
            cache.set(key, tables, 3600)
    return tables


def _expected(case: dict[str, Any]) -> dict[str, Any]:
    return case.get("expected") or {"rows": []}


def _verdict(exercise: Exercise, case: dict[str, Any], result: CaseResult) -> Verdict:
    if result.error:
        return Verdict(False, result.error)
    if result.truncated:
        return Verdict(False, _("The result was too large to compare (see the limits)."))
    expected = _expected(case)
    return results_compare(
        expected_rows=expected["rows"],
        expected_columns=len(expected["columns"]) if expected.get("columns") else None,
        rows=result.rows,
        columns=len(result.columns),
        order_matters=exercise.order_matters,
        tolerance=exercise.float_tolerance,
    )


def _case_name(case: dict[str, Any], number: int) -> str:
    return str(case.get("name") or _("Case %(number)s") % {"number": number})


def sql_exercise_run(*, exercise: Exercise, query: str) -> SqlRunView:
    """Run the query on the visible cases (the examples). Hostile or broken queries come back
    as an error message; nothing is stored."""
    visible = exercise.visible_cases
    try:
        run = sql_run(
            setup=exercise.setup_sql,
            cases=[case.get("setup", "") for case in visible],
            query=query,
        )
    except QueryRefused as refusal:
        return SqlRunView(error=str(refusal))
    if not run.ok:
        return SqlRunView(error=run.error)
    first = run.cases[0]
    view = SqlRunView(
        error=first.error,
        columns=first.columns,
        rows=first.rows[:DISPLAY_ROWS],
        row_count=len(first.rows),
        truncated=first.truncated,
    )
    for number, (case, result) in enumerate(zip(visible, run.cases, strict=True), start=1):
        verdict = _verdict(exercise, case, result)
        view.cases.append(
            CaseOutcome(_case_name(case, number), False, verdict.passed, verdict.message)
        )
    return view


def _sql_grade(*, exercise: Exercise, query: str) -> tuple[list[CaseOutcome], str]:
    """One verdict per case (all of them), or a reason nothing ran."""
    try:
        run = sql_run(
            setup=exercise.setup_sql,
            cases=[case.get("setup", "") for case in exercise.cases],
            query=query,
        )
    except QueryRefused as refusal:
        raise PracticeError(str(refusal)) from refusal
    outcomes = []
    for number, case in enumerate(exercise.cases, start=1):
        name, hidden = _case_name(case, number), bool(case.get("hidden"))
        if not run.ok:
            outcomes.append(CaseOutcome(name, hidden, False, run.error))
            continue
        verdict = _verdict(exercise, case, run.cases[number - 1])
        outcomes.append(CaseOutcome(name, hidden, verdict.passed, verdict.message))
    return outcomes, run.error


def _browser_outcomes(*, exercise: Exercise, reported: Any) -> tuple[list[CaseOutcome], str, str]:
    """The page's report of a Python run, kept only as far as it fits the exercise's cases."""
    if not isinstance(reported, dict):
        raise PracticeError(_("The browser's report of the run could not be read; submit again."))
    error = str(reported.get("error") or "")[:MAX_MESSAGE_CHARS]
    output = str(reported.get("output") or "")[:MAX_OUTPUT_CHARS]
    verdicts = reported.get("cases")
    if not isinstance(verdicts, list):
        verdicts = []
    if not error and len(verdicts) != len(exercise.cases):
        raise PracticeError(_("The browser's report does not cover every test case; submit again."))
    outcomes = []
    for number, case in enumerate(exercise.cases, start=1):
        verdict = verdicts[number - 1] if number <= len(verdicts) else {}
        if not isinstance(verdict, dict):
            verdict = {}
        passed = not error and verdict.get("passed") is True
        message = error or str(verdict.get("message") or "")[:MAX_MESSAGE_CHARS]
        if not passed and not message:
            message = _("Not run: the code stopped before this case.")
        outcomes.append(
            CaseOutcome(_case_name(case, number), bool(case.get("hidden")), passed, message)
        )
    return outcomes, error, output


def exercise_submit(
    *,
    user: User,
    question: Question,
    code: str,
    now: datetime,
    start: str = "",
    browser_report: Any = None,
    session_item: SessionItem | None = None,
) -> ExerciseAttempt:
    """Grade and store a submission (SQL on the server, Python as the browser reported it)."""
    if len(code) > MAX_CODE_CHARS:
        raise PracticeError(
            _("The code is longer than %(count)s characters.")
            % {"count": formats.number_format(MAX_CODE_CHARS, force_grouping=True)}
        )
    exercise = question.exercise
    output = ""
    if question.kind == Question.Kind.SQL:
        outcomes, _error = _sql_grade(exercise=exercise, query=code)
        checked_in = ExerciseAttempt.CheckedIn.SERVER
    else:
        if isinstance(browser_report, str):
            try:
                browser_report = json.loads(browser_report)
            except ValueError:
                browser_report = None
        outcomes, _error, output = _browser_outcomes(exercise=exercise, reported=browser_report)
        checked_in = ExerciseAttempt.CheckedIn.BROWSER
    started_at = _started_at(start, now=now)
    passed_count = sum(1 for outcome in outcomes if outcome.passed)
    passed = bool(outcomes) and passed_count == len(outcomes)
    with transaction.atomic():
        attempt = ExerciseAttempt.objects.create(
            user=user,
            question=question,
            session_item=session_item,
            kind=question.kind,
            prompt=question.prompt,
            code=code,
            passed=passed,
            cases_passed=passed_count,
            cases_total=len(outcomes),
            results=[outcome.to_dict() for outcome in outcomes],
            output=output,
            checked_in=checked_in,
            started_at=started_at,
            submitted_at=now,
            duration_ms=int((now - started_at).total_seconds() * 1000) if started_at else None,
        )
        if session_item is None:
            flashcards.cards_review_from_practice(
                user_id=user.pk,
                source=ReviewLog.Source.EXERCISE,
                answers=[(attempt, int(Rating.GOOD if passed else Rating.AGAIN))],
                now=now,
            )
    return attempt


def attempts_of(*, user: User, question: Question | None = None) -> QuerySet[ExerciseAttempt]:
    attempts = ExerciseAttempt.objects.filter(user=user)
    if question is not None:
        attempts = attempts.filter(question=question)
    return attempts.order_by("-submitted_at", "-id")


def python_cases_for_browser(*, exercise: Exercise) -> list[dict[str, Any]]:
    """The cases the browser runs: the same list, in order (hidden ones are not shown)."""
    return [
        {
            key: value
            for key, value in case.items()
            if key in {"name", "hidden", "args", "expected", "assert"}
        }
        for case in exercise.cases
    ]


def exercise_item_grade(item: SessionItem, *, report: Any) -> ItemGrade:
    """A coding-round item of a mock interview, graded on its tests when it closes (submitted,
    or closed by the clock with the code saved in time). SQL runs on the server; Python keeps
    the browser's report sent with the submission, and a Python item closed by the clock (no
    report) has its code kept but no test run. The submission is stored as an attempt of the
    item; the flashcard review comes from the interview's self-rating, not from here."""
    question = item.question
    assert question is not None
    try:
        attempt = exercise_submit(
            user=item.session.user,
            question=question,
            code=item.answer[:MAX_CODE_CHARS],
            now=item.finished_at or item.session.created_at,
            browser_report=report,
            session_item=item,
        )
        results = attempt.results
        passed = attempt.passed
        checked_in = attempt.checked_in
    except PracticeError as error:
        message = str(error)
        if question.kind == Question.Kind.PYTHON and report is None:
            message = _("Not run: the time ran out before your browser ran the tests.")
        results = [
            CaseOutcome(_case_name(case, n), bool(case.get("hidden")), False, message).to_dict()
            for n, case in enumerate(question.exercise.cases, start=1)
        ]
        passed = False
        checked_in = ""
    count = sum(1 for case in results if case["passed"])
    percent = round(100 * count / len(results)) if results else 0
    return ItemGrade(
        coverage={
            "points": [],
            "exercise": {
                "results": results,
                "passed": passed,
                "checked_in": checked_in,
                "solution": question.exercise.solution,
            },
        },
        percent=percent,
        is_correct=passed,
    )


item_grader_register(Question.Kind.SQL, exercise_item_grade)
item_grader_register(Question.Kind.PYTHON, exercise_item_grade)
