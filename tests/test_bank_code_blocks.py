"""Every runnable code block in the starter bank runs, and prints what the text says it prints.

The rule (which blocks run, how output is stated) is in `interview/bank/codeblocks.py`. Python
blocks run here with the standard library, NumPy and pandas; SQL blocks run on SQLite and, when
the suite runs on PostgreSQL, on PostgreSQL too (inside a transaction that is rolled back).
"""

from __future__ import annotations

import contextlib
import io
import json
import sqlite3
import threading
import warnings
from pathlib import Path

import pytest
from django.db import connection, transaction

from interview.bank.codeblocks import (
    CodeBlock,
    format_sql_result,
    python_output_matches,
    question_code_blocks,
    sql_output_matches,
    text_code_blocks,
    topic_code_blocks,
)
from interview.bank.models import EXERCISE_KINDS
from interview.bank.starter_bank import starter_bank_files


def _revised(topic: dict) -> bool:
    """Topics are checked once revised for the 31-topic bank (every question has a short answer);
    files still in the older shape follow when their revision lands."""
    questions = topic.get("questions") or []
    return bool(questions) and all(q.get("short_answer") for q in questions)


def _starter_blocks() -> list[CodeBlock]:
    blocks: list[CodeBlock] = []
    for path in starter_bank_files():
        topic = json.loads(path.read_text(encoding="utf-8"))
        if _revised(topic):
            # Exercises' solutions run against their own tests in the exercise checks.
            kept = [q for q in topic.get("questions") or [] if q.get("kind") not in EXERCISE_KINDS]
            blocks.extend(topic_code_blocks({**topic, "questions": kept}))
    return blocks


STARTER_BLOCKS = _starter_blocks()
PYTHON_BLOCKS = [block for block in STARTER_BLOCKS if block.language == "python"]
SQL_BLOCKS = [block for block in STARTER_BLOCKS if block.language == "sql"]


def run_python(code: str) -> str:
    """Run one block as a script in a fresh namespace, on a thread of its own (so a block may
    start its own asyncio event loop even when the test runner's thread has one); its output."""
    result: dict[str, object] = {}

    def target() -> None:
        try:
            result["output"] = _run_python_here(code)
        except BaseException as error:  # re-raised in the test's thread
            result["error"] = error

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if "error" in result:
        raise result["error"]  # type: ignore[misc]
    return str(result["output"])


def _run_python_here(code: str) -> str:
    out = io.StringIO()
    namespace = {"__name__": "__main__"}
    with contextlib.redirect_stdout(out), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        exec(compile(code, "<bank block>", "exec"), namespace)
    try:
        import pandas

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            pandas.reset_option("all")
    except ImportError:  # pragma: no cover - pandas is a dev dependency
        pass
    return out.getvalue()


def _statements(script: str) -> list[str]:
    statements, current = [], ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    if current.strip():
        statements.append(current.strip())
    return [statement for statement in statements if statement.rstrip(";").strip()]


def run_sqlite(code: str) -> str:
    db = sqlite3.connect(":memory:")
    try:
        result = ""
        for statement in _statements(code):
            cursor = db.execute(statement)
            if cursor.description:
                columns = [column[0] for column in cursor.description]
                result = format_sql_result(columns, cursor.fetchall())
        return result
    finally:
        db.close()


class _Rollback(Exception):
    pass


def run_postgres(code: str) -> str:
    result = ""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("CREATE SCHEMA bank_block; SET LOCAL search_path TO bank_block")
            for statement in _statements(code):
                cursor.execute(statement)
                if cursor.description:
                    columns = [column[0] for column in cursor.description]
                    result = format_sql_result(columns, cursor.fetchall())
            raise _Rollback
    except _Rollback:
        pass
    return result


@pytest.mark.parametrize("block", PYTHON_BLOCKS, ids=[b.where for b in PYTHON_BLOCKS])
def test_python_block_runs_and_prints_what_it_states(block):
    output = run_python(block.code)
    if block.expected_output is not None:
        assert python_output_matches(actual=output, expected=block.expected_output), output


@pytest.mark.parametrize("block", SQL_BLOCKS, ids=[b.where for b in SQL_BLOCKS])
def test_sql_block_runs_on_sqlite(block):
    if "sqlite" not in block.dialects:
        pytest.skip("PostgreSQL-only block")
    output = run_sqlite(block.code)
    if block.expected_output is not None:
        assert sql_output_matches(actual=output, expected=block.expected_output), output


@pytest.mark.django_db
@pytest.mark.parametrize("block", SQL_BLOCKS, ids=[b.where for b in SQL_BLOCKS])
def test_sql_block_runs_on_postgres(block):
    if connection.vendor != "postgresql":
        pytest.skip("the suite runs on SQLite; CI runs it on PostgreSQL too")
    if "postgres" not in block.dialects:
        pytest.skip("SQLite-only block")
    output = run_postgres(block.code)
    if block.expected_output is not None:
        assert sql_output_matches(actual=output, expected=block.expected_output), output


# The rule itself.


def test_blocks_pair_with_the_output_after_them_and_norun_is_skipped():
    markdown = (
        "```python\nprint(1 + 1)\n```\n\n```output\n2\n```\n\n"
        "```python norun\nbroken(\n```\n\n```sql postgres\nSELECT 1 AS x\n```\n"
    )
    blocks = text_code_blocks(where="t", markdown=markdown)
    assert [(b.language, b.expected_output, b.dialects) for b in blocks] == [
        ("python", "2\n", ()),
        ("sql", None, ("postgres",)),
    ]


def test_an_answer_output_without_code_states_the_prompts_output():
    blocks = question_code_blocks(
        slug="q",
        fields={
            "prompt": "What prints?\n\n```python\nprint('hi')\n```\n",
            "official_answer": "It prints:\n\n```output\nhi\n```\n",
        },
    )
    assert [b.expected_output for b in blocks] == [None, "hi\n"]
    assert blocks[1].code == "print('hi')\n"


def test_a_wrong_stated_output_is_caught():
    assert not python_output_matches(actual=run_python("print(3)"), expected="4\n")
    assert not sql_output_matches(actual=run_sqlite("SELECT 2 AS n"), expected="n\n3")


def test_sql_numbers_compare_with_rounding_noise_and_booleans_either_way():
    assert sql_output_matches(actual="x | ok\n2.5000000001 | 1", expected="x | ok\n2.5 | true")
    assert not sql_output_matches(actual="x\n2.51", expected="x\n2.5")


def test_notes_blocks_are_found():
    topic = {"slug": "t", "notes": [{"title": "N", "body": "```python\nprint(5)\n```"}]}
    assert [b.where for b in topic_code_blocks(topic)] == ["topic t, note 'N', block 1"]


def test_starter_bank_files_exist():
    assert all(Path(path).exists() for path in starter_bank_files())


def test_a_block_may_run_its_own_event_loop_inside_a_running_one():
    import asyncio

    result: dict[str, str] = {}

    async def outer() -> str:
        return run_python("import asyncio\nasync def f():\n    return 7\nprint(asyncio.run(f()))")

    def caller() -> None:  # a thread of its own: the suite's thread may already run a loop
        result["output"] = asyncio.run(outer())

    thread = threading.Thread(target=caller)
    thread.start()
    thread.join()
    assert result["output"] == "7\n"
