"""The Python exercise harness (the file the browser runs in Pyodide), run here in CPython,
and the server-side check of an editor's solution in a limited process."""

import importlib.util
from pathlib import Path

import pytest

from interview.sandbox.python_check import HARNESS, python_solution_run

spec = importlib.util.spec_from_file_location("exercise_harness", HARNESS)
harness = importlib.util.module_from_spec(spec)
spec.loader.exec_module(harness)

CASES = [
    {"name": "Example", "args": [[1, 2, 3]], "expected": 6},
    {"name": "Hidden", "hidden": True, "args": [[]], "expected": 0},
]


def test_it_runs_each_case_and_reports_the_first_difference():
    result = harness.run_cases("def total(xs):\n    return sum(xs) + 1\n", "total", CASES[:2])
    assert [case["passed"] for case in result["cases"]] == [False, False]
    assert result["cases"][0]["message"] == "total([1, 2, 3]) returned 7; expected 6."
    assert result["cases"][1]["hidden"] is True


def test_floats_within_the_tolerance_and_tuples_as_lists_pass():
    code = "def f():\n    return (0.1 + 0.2, [1, 2])\n"
    cases = [{"args": [], "expected": [0.3, [1, 2]]}]
    assert harness.run_cases(code, "f", cases, 1e-9)["cases"][0]["passed"]


def test_an_assert_case_runs_with_the_candidates_names():
    code = "def total(xs):\n    return sum(xs)\n"
    cases = [
        {"name": "A", "assert": "assert total([1, 2]) == 3"},
        {"assert": "assert total([]) == 1"},
    ]
    result = harness.run_cases(code, "total", cases)
    assert [case["passed"] for case in result["cases"]] == [True, False]
    assert result["cases"][1]["message"] == "A test assertion failed."


def test_errors_name_the_line():
    result = harness.run_cases("def f():\n    return 1 / 0\n", "f", [{"args": [], "expected": 1}])
    assert result["cases"][0]["message"] == "Raised ZeroDivisionError: division by zero (line 2)"
    broken = harness.run_cases("def f(:\n", "f", [])
    assert broken["error"].startswith("SyntaxError")
    missing = harness.run_cases("x = 1\n", "f", [])
    assert missing["error"] == "Define a function named f."


def test_huge_output_stops_the_run():
    code = "def f():\n    while True:\n        print('y' * 1000)\n"
    result = harness.run_cases(code, "f", [{"args": [], "expected": None}])
    assert "printed more than 20,000 characters" in result["cases"][0]["message"]
    assert len(result["output"]) == 20_000


@pytest.mark.parametrize("code", ["import js", "import pyodide", "from pyodide_js import x"])
def test_the_browser_bridges_cannot_be_imported(code):
    result = harness.run_cases(code + "\ndef f():\n    return 1\n", "f", [])
    assert "is not allowed in exercises" in result["error"]


def test_the_server_check_runs_the_solution_in_a_limited_process():
    outcome = python_solution_run(
        code="def total(xs):\n    return sum(xs)\n", function="total", cases=CASES[:2], tolerance=0
    )
    assert [case["passed"] for case in outcome["cases"]] == [True, True]


def test_the_server_check_stops_an_endless_solution(settings):
    settings.PYTHON_CHECK_TIMEOUT_SECONDS = 2
    outcome = python_solution_run(
        code="def total(xs):\n    while True:\n        pass\n", function="total",
        cases=CASES[:1], tolerance=0,
    )  # fmt: skip
    assert "stopped" in outcome["error"] or "too long" in outcome["error"]


def test_the_harness_is_served_as_a_static_file():
    from django.contrib.staticfiles import finders

    assert Path(finders.find("sandbox/harness.py")).resolve() == HARNESS.resolve()
