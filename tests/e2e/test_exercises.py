"""Exercises in Chromium: SQL wrong then right; Python failing then passing a hidden test; an
infinite loop stopped with a message; a mock interview's coding round that times out with the
autosaved code kept, and one whose Python exercise is typed, run in the browser and submitted;
the exercise pages pass axe."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from interview.bank.models import Question
from interview.bank.starter_bank import exercise_bank_files, starter_bank_load
from interview.practice.interviews import services as interviews
from interview.practice.models import ExerciseAttempt
from tests.e2e.test_interview import log_in
from tests.e2e.test_pages import axe_problems

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PYODIDE_READY = 60_000  # loading Pyodide (10 MB of WebAssembly) on a busy machine


@pytest.fixture
def exercises(transactional_db):
    starter_bank_load(paths=exercise_bank_files())


def open_coding_round(page, live_server, user, slug, seconds_per_question):
    """A one-exercise mock interview of `user` on the exercise `slug`, opened in the page."""
    question = Question.objects.get(slug=slug)
    session = interviews.interview_create(
        user=user,
        topics=[question.topic],
        question_count=1,
        seconds_per_question=seconds_per_question,
        now=timezone.now(),
        question_ids=[question.pk],
    )
    log_in(page, live_server)
    page.goto(f"{live_server.url}/interviews/{session.pk}/")
    return question, session


def set_code(page, code):
    """Replace the editor's text, as typing would (CodeMirror keeps the textarea in sync)."""
    page.evaluate(
        "code => { const cm = document.querySelector('.CodeMirror').CodeMirror;"
        " cm.setValue(code); cm.focus(); }",
        code,
    )


def test_sql_exercise_run_wrong_then_right_then_submit(page, live_server, alice, exercises):
    question = Question.objects.get(slug="sqlx-running-revenue")
    log_in(page, live_server)
    page.goto(f"{live_server.url}/exercises/{question.pk}/")
    expect(page.locator(".CodeMirror")).to_be_visible()
    expect(page.get_by_role("heading", name="Tables")).to_be_visible()

    set_code(page, "SELECT ordered_at AS day, 1 AS revenue, 1 AS running_revenue FROM orders")
    page.get_by_role("button", name="Run").click()
    expect(page.locator("#run-result")).to_contain_text("differs from the expected result")
    expect(page.locator("#run-result table")).to_be_visible()

    set_code(page, question.exercise.solution)
    page.keyboard.press("Control+Enter")  # the keyboard shortcut for Run
    expect(page.locator("#run-result")).to_contain_text("matches the expected result")

    page.get_by_role("button", name="Submit").click()
    expect(page.locator("#verdict")).to_contain_text("All 2 tests passed")
    expect(page.locator("#verdict")).to_contain_text("Official solution")
    assert ExerciseAttempt.objects.get().passed
    assert not page.console_problems, page.console_problems


def test_python_exercise_failing_then_passing_a_hidden_test(page, live_server, alice, exercises):
    question = Question.objects.get(slug="pyx-run-length-encoding")
    log_in(page, live_server)
    page.goto(f"{live_server.url}/exercises/{question.pk}/")
    expect(page.get_by_text("Python is ready")).to_be_visible(timeout=PYODIDE_READY)

    # Passes the visible example but not the hidden empty-string case.
    set_code(
        page,
        "def rle(text):\n    runs = [[text[0], 1]]\n    for char in text[1:]:\n"
        "        if char == runs[-1][0]:\n            runs[-1][1] += 1\n"
        "        else:\n            runs.append([char, 1])\n    return runs\n",
    )
    page.get_by_role("button", name="Run").click()
    expect(page.locator("#run-result")).to_contain_text("Example: passed")
    page.get_by_role("button", name="Submit").click()
    verdict = page.locator("#verdict")
    expect(verdict).to_contain_text("3 of 4 tests passed")
    expect(verdict).to_contain_text("IndexError")
    expect(verdict).to_contain_text("Checked in your browser")

    set_code(page, question.exercise.solution)
    page.get_by_role("button", name="Submit").click()
    expect(verdict).to_contain_text("All 4 tests passed")
    attempts = list(ExerciseAttempt.objects.order_by("id").values_list("passed", "checked_in"))
    assert attempts == [(False, "browser"), (True, "browser")]
    assert not page.console_problems, page.console_problems


def test_the_python_checks_messages_are_shown_in_the_pages_language(
    page, live_server, alice, exercises
):
    """The check runs in the browser without a catalogue: its English messages are shown in
    the page's language, on the run and on the stored submission."""
    question = Question.objects.get(slug="pyx-run-length-encoding")
    log_in(page, live_server)
    page.goto(f"{live_server.url}/exercises/{question.pk}/")
    page.get_by_label("Language").select_option("fr")
    page.get_by_role("button", name="Change language").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_text("Python est prêt")).to_be_visible(timeout=PYODIDE_READY)

    set_code(page, "import js\n")
    page.locator("button[data-python-run]").click()
    expect(page.locator("#run-result")).to_contain_text(
        "ImportError : importer 'js' n'est pas autorisé dans les exercices. (ligne 1)"
    )
    set_code(page, "def rle(text):\n    return []\n")
    page.locator("button[data-python-submit]").click()
    expect(page.locator("#verdict [data-first-failure]")).to_contain_text(
        "a renvoyé [] ; attendu :"
    )
    assert not page.console_problems, page.console_problems


def test_python_infinite_loop_is_stopped_with_a_message(
    page, live_server, alice, exercises, settings
):
    settings.PYTHON_RUN_TIMEOUT_SECONDS = 2
    question = Question.objects.get(slug="pyx-jaccard-similarity")
    log_in(page, live_server)
    page.goto(f"{live_server.url}/exercises/{question.pk}/")
    expect(page.get_by_text("Python is ready")).to_be_visible(timeout=PYODIDE_READY)

    set_code(page, "def jaccard(a, b):\n    while True:\n        pass\n")
    page.get_by_role("button", name="Run").click()
    expect(page.locator("#run-result")).to_contain_text("ran longer than 2 seconds and was stopped")
    # A fresh Python starts for the next run, which works.
    expect(page.get_by_text("Python is ready")).to_be_visible(timeout=PYODIDE_READY)
    set_code(page, "import js\ndef jaccard(a, b):\n    return 0.5\n")
    page.get_by_role("button", name="Run").click()
    expect(page.locator("#run-result")).to_contain_text("Importing 'js' is not allowed")
    set_code(
        page,
        "def jaccard(a, b):\n    print('x' * 100)\n    while True:\n        print('y' * 1000)\n",
    )
    page.get_by_role("button", name="Run").click()
    expect(page.locator("#run-result")).to_contain_text("printed more than 20,000 characters")
    assert not ExerciseAttempt.objects.exists()


def test_coding_round_times_out_with_the_autosaved_code_kept(page, live_server, alice, exercises):
    question, session = open_coding_round(page, live_server, alice, "sqlx-running-revenue", 8)
    expect(page.locator(".CodeMirror")).to_be_visible()
    set_code(page, question.exercise.solution)
    page.get_by_role("button", name="Run").click()
    expect(page.locator("#run-result")).to_contain_text("matches the expected result")
    expect(page.locator("[data-save-state]").first).to_contain_text("Saved at")
    # The clock runs out: the page submits, the server keeps the code saved in time.
    expect(page.get_by_role("heading", name="Time is up")).to_be_visible(timeout=20_000)
    expect(page.locator("[data-coding-verdict]")).to_contain_text("All tests passed")
    item = session.items.get()
    assert item.status == "timed_out" or item.status == "answered"
    assert item.answer == question.exercise.solution
    assert item.is_correct
    assert not page.console_problems, page.console_problems


def type_code(page, code):
    """Type into the editor key by key (CodeMirror indents after a colon, as for a person)."""
    page.locator(".CodeMirror").click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.type(code)


def test_coding_round_python_exercise_typed_run_and_submitted(page, live_server, alice, exercises):
    _question, session = open_coding_round(page, live_server, alice, "pyx-jaccard-similarity", 600)
    expect(page.get_by_text("Python is ready")).to_be_visible(timeout=PYODIDE_READY)

    type_code(page, "def jaccard(a, b):\nreturn len(set(a) & set(b))")
    page.get_by_role("button", name="Run").click()
    expect(page.locator("#run-result")).to_contain_text("Example: failed.")

    type_code(
        page,
        "def jaccard(a, b):\na, b = set(a), set(b)\n"
        "return len(a & b) / len(a | b) if a | b else 0.0",
    )
    page.get_by_role("button", name="Run").click()
    expect(page.locator("#run-result")).to_contain_text("Example: passed.")
    page.get_by_role("button", name="Submit answer").click()

    verdict = page.locator("[data-coding-verdict]")
    expect(verdict).to_contain_text("All tests passed")
    step = page.locator("#interview-step")
    expect(step).to_contain_text("Checked in your browser")
    expect(step).to_contain_text("Official solution")
    expect(step.locator(".case-list li.correct")).to_have_count(5)
    item = session.items.get()
    assert item.status == "answered"
    assert item.is_correct
    assert item.coverage["exercise"]["checked_in"] == "browser"
    assert item.answer.splitlines() == [
        "def jaccard(a, b):",
        "    a, b = set(a), set(b)",
        "    return len(a & b) / len(a | b) if a | b else 0.0",
    ]
    assert not page.console_problems, page.console_problems


def test_exercise_pages_pass_axe_and_fit_a_phone(phone, live_server, alice, exercises):
    """The SQL and Python exercise pages, before and after a run and a submission, and a coding
    round's step, in light and dark: no serious or critical axe violation, no sideways scroll."""
    page = phone
    sql_question = Question.objects.get(slug="sqlx-running-revenue")
    python_question = Question.objects.get(slug="pyx-run-length-encoding")
    session = interviews.interview_create(
        user=alice,
        topics=[sql_question.topic],
        question_count=1,
        seconds_per_question=600,
        now=timezone.now(),
        question_ids=[sql_question.pk],
    )
    log_in(page, live_server)
    problems: list[str] = []

    def check(label):
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            problems.extend(f"[{scheme}] {p}" for p in axe_problems(page, label))
            extra = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            if extra > 0:
                problems.append(f"[{scheme}] {label}: {extra} px wider than the screen")

    page.goto(f"{live_server.url}/exercises/{sql_question.pk}/")
    expect(page.locator(".CodeMirror")).to_be_visible()
    check("SQL exercise")
    set_code(page, "SELECT ordered_at AS day, 1 AS revenue FROM orders")
    page.get_by_role("button", name="Run").click()
    expect(page.locator("#run-result")).to_contain_text("differs from the expected result")
    check("SQL exercise, a wrong run")
    set_code(page, sql_question.exercise.solution)
    page.get_by_role("button", name="Submit").click()
    expect(page.locator("#verdict")).to_contain_text("Official solution")
    check("SQL exercise, submitted")

    page.goto(f"{live_server.url}/exercises/{python_question.pk}/")
    expect(page.get_by_text("Python is ready")).to_be_visible(timeout=PYODIDE_READY)
    check("Python exercise")
    set_code(page, "def rle(text):\n    return text[0]\n")
    page.get_by_role("button", name="Submit").click()
    expect(page.locator("#verdict")).to_contain_text("tests passed")
    check("Python exercise, submitted with failures")

    page.goto(f"{live_server.url}/interviews/{session.pk}/")
    expect(page.locator(".CodeMirror")).to_be_visible()
    check("coding round step")
    assert not problems, "\n".join(problems)


def test_coding_round_python_item_closed_by_the_clock_keeps_its_code(
    page, live_server, alice, exercises
):
    _question, session = open_coding_round(page, live_server, alice, "pyx-jaccard-similarity", 15)
    expect(page.locator(".CodeMirror")).to_be_visible()
    code = "def jaccard(a, b):\n    return 0.5  # not finished\n"
    set_code(page, code)
    expect(page.locator("[data-save-state]").first).to_contain_text("Saved at")
    # The clock runs out before the candidate runs the tests: the code saved in time is kept,
    # shown, and not run (candidate Python only runs in the browser).
    expect(page.get_by_role("heading", name="Time is up")).to_be_visible(timeout=30_000)
    step = page.locator("#interview-step")
    expect(step.locator("pre.code")).to_contain_text("return 0.5  # not finished")
    expect(step).to_contain_text("Not run: the time ran out before your browser ran the tests.")
    expect(page.locator("[data-coding-verdict]")).to_contain_text("0 % of the tests passed")
    item = session.items.get()
    assert item.timed_out
    assert item.answer == code
    assert not item.is_correct
    assert not page.console_problems, page.console_problems
