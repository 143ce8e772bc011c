"""Exercise rules for editors.

- Shape (`exercise_problems`): a SQL exercise has a data script and at least one case with an
  expected result ({"columns": [...], "rows": [[...]]}); a Python exercise names its function
  and has at least one case, each with "args" (a list) and "expected", or "assert" code. Each
  kind needs at least one visible case (the example "Run" checks) and an official solution.
- Publishing (`exercise_check`): the official solution must pass every case, visible and
  hidden. SQL runs in the DuckDB worker; Python runs the editor's solution in a limited
  process with the same harness the browser uses (a candidate's Python never runs here).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from interview.bank.models import Exercise, Question
from interview.sandbox.compare import results_compare
from interview.sandbox.python_check import python_solution_run
from interview.sandbox.sql import QueryRefused, sql_run


def exercise_problems(*, kind: str, exercise: Exercise) -> list[str]:
    """What is wrong with the exercise's fields, in words an editor can act on."""
    problems = []
    cases = exercise.cases
    if not exercise.solution.strip():
        problems.append(_("An exercise needs an official solution."))
    if not isinstance(cases, list) or not cases:
        return [*problems, _("An exercise needs at least one test case (a JSON list).")]
    if not any(isinstance(c, dict) and not c.get("hidden") for c in cases):
        problems.append(_('At least one case must be visible ("hidden": false): the example.'))
    for number, case in enumerate(cases, start=1):
        if not isinstance(case, dict):
            problems.append(_("Case %(number)s must be a JSON object.") % {"number": number})
            continue
        if kind == Question.Kind.SQL:
            problems.extend(_sql_case_problems(number, case))
        elif kind == Question.Kind.PYTHON:
            problems.extend(_python_case_problems(number, case))
    if kind == Question.Kind.SQL and not exercise.setup_sql.strip():
        problems.append(_("A SQL exercise needs a data script that creates its tables."))
    if kind == Question.Kind.PYTHON and not exercise.function_name.isidentifier():
        problems.append(_("A Python exercise needs the name of the function to write."))
    if exercise.float_tolerance < 0:
        problems.append(_("The float tolerance cannot be negative."))
    return problems


def _sql_case_problems(number: int, case: dict[str, Any]) -> list[str]:
    expected = case.get("expected")
    if not isinstance(case.get("setup", ""), str):
        return [_("Case %(number)s: 'setup' must be SQL text.") % {"number": number}]
    if (
        not isinstance(expected, dict)
        or not isinstance(expected.get("rows"), list)
        or not all(isinstance(row, list) for row in expected["rows"])
    ):
        return [
            _('Case %(number)s: "expected" must be {"columns": [...], "rows": [[...], ...]}.')
            % {"number": number}
        ]
    columns = expected.get("columns")
    if columns is not None and not isinstance(columns, list):
        return [
            _("Case %(number)s: expected 'columns' must be a list of names.") % {"number": number}
        ]
    return []


def _python_case_problems(number: int, case: dict[str, Any]) -> list[str]:
    if "assert" in case:
        if isinstance(case["assert"], str):
            return []
        return [_("Case %(number)s: 'assert' must be code.") % {"number": number}]
    if not isinstance(case.get("args"), list) or "expected" not in case:
        return [
            _('Case %(number)s: give "args" (a list) and "expected", or "assert" code.')
            % {"number": number}
        ]
    return []


def exercise_check(*, question: Question) -> list[str]:
    """Run the official solution against every case; the failures, or [] when all pass."""
    exercise = question.exercise
    problems = exercise_problems(kind=question.kind, exercise=exercise)
    if problems:
        return problems
    if question.kind == Question.Kind.SQL:
        return _sql_check(exercise)
    return _python_check(exercise)


def _sql_check(exercise: Exercise) -> list[str]:
    try:
        run = sql_run(
            setup=exercise.setup_sql,
            cases=[case.get("setup", "") for case in exercise.cases],
            query=exercise.solution,
        )
    except QueryRefused as refusal:
        return [_("The official solution is refused: %(reason)s") % {"reason": refusal}]
    if not run.ok:
        return [_("The official solution did not run: %(error)s") % {"error": run.error}]
    problems = []
    for number, (case, result) in enumerate(zip(exercise.cases, run.cases, strict=True), 1):
        name = case.get("name") or _("Case %(number)s") % {"number": number}
        if result.error:
            problems.append(f"{name}: {result.error}")
            continue
        verdict = results_compare(
            expected_rows=case["expected"]["rows"],
            expected_columns=len(case["expected"]["columns"])
            if case["expected"].get("columns")
            else None,
            rows=result.rows,
            columns=len(result.columns),
            order_matters=exercise.order_matters,
            tolerance=exercise.float_tolerance,
        )
        if not verdict.passed:
            problems.append(
                _("%(case)s: the official solution fails: %(reason)s")
                % {"case": name, "reason": verdict.message}
            )
    return problems


def _python_check(exercise: Exercise) -> list[str]:
    outcome = python_solution_run(
        code=exercise.solution,
        function=exercise.function_name,
        cases=exercise.cases,
        tolerance=exercise.float_tolerance,
    )
    if outcome.get("error"):
        return [_("The official solution did not run: %(error)s") % {"error": outcome["error"]}]
    problems = [
        _("%(case)s: the official solution fails: %(reason)s")
        % {"case": case["name"], "reason": case["message"]}
        for case in outcome.get("cases", [])
        if not case.get("passed")
    ]
    if len(outcome.get("cases", [])) != len(exercise.cases):
        problems.append(_("The official solution stopped before every case ran."))
    return problems
