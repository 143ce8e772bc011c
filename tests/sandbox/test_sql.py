"""The DuckDB worker: every hostile query is refused or bounded, with a clear message, and
nothing persists between runs."""

import time

import pytest
from django.utils import translation

from interview.sandbox.sql import (
    QueryRefused,
    fixture_check,
    query_check,
    sql_describe,
    sql_run,
)


@pytest.fixture(autouse=True, params=["fork-server", "one-process-per-run"])
def worker_mode(request, settings):
    """Every case holds for both ways of starting a run."""
    settings.SQL_FORK_SERVER = request.param == "fork-server"
    return request.param


SETUP = "CREATE TABLE t (a INTEGER, b VARCHAR); INSERT INTO t VALUES (1, 'x'), (2, 'y');"


def run(query, *, cases=("",), setup=SETUP):
    return sql_run(setup=setup, cases=list(cases), query=query)


def test_it_runs_a_select_on_a_fresh_fixture():
    result = run("SELECT a, b FROM t ORDER BY a")
    assert result.ok
    assert result.cases[0].columns == ["a", "b"]
    assert result.cases[0].rows == [[1, "x"], [2, "y"]]


def test_each_case_starts_from_the_fixture_plus_its_own_script():
    result = run("SELECT count(*) FROM t", cases=["", "INSERT INTO t VALUES (3, 'z')", ""])
    assert [case.rows for case in result.cases] == [[[2]], [[3]], [[2]]]


def test_reading_a_file_is_refused():
    result = run("SELECT * FROM read_csv('/etc/passwd')")
    assert "disabled by configuration" in result.cases[0].error
    assert not result.cases[0].rows


@pytest.mark.parametrize(
    "query",
    [
        "COPY t TO '/tmp/leak.csv'",
        "COPY (SELECT 1) TO '/tmp/leak.parquet' (FORMAT parquet)",
        "ATTACH '/tmp/other.db' AS other",
        "INSTALL httpfs",
        "LOAD httpfs",
        "PRAGMA enable_external_access",
        "SET enable_external_access = true",
        "SET threads = 8",
        "RESET lock_configuration",
        "CREATE TABLE keep AS SELECT 1",
        "DROP TABLE t",
        "SELECT 1; SELECT 2",
    ],
)
def test_anything_but_one_select_is_refused_before_it_runs(query):
    with pytest.raises(QueryRefused) as refusal:
        run(query)
    assert "nothing was run" in str(refusal.value) or "one query at a time" in str(refusal.value)


def test_the_configuration_is_locked_and_external_access_off():
    result = run(
        "SELECT current_setting('enable_external_access'), current_setting('lock_configuration'),"
        " current_setting('threads')"
    )
    assert result.cases[0].rows == [[False, True, 1]]


def test_a_table_made_in_one_run_is_gone_in_the_next():
    with pytest.raises(QueryRefused):
        run("CREATE TABLE leftover (x INTEGER)")
    assert "leftover" in run("SELECT * FROM leftover").cases[0].error


def test_an_infinite_recursive_cte_is_stopped_by_the_clock(settings):
    settings.SQL_TIMEOUT_SECONDS = 2
    started = time.monotonic()
    result = run(
        "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT max(n) FROM r"
    )
    assert time.monotonic() - started < 6
    assert not result.ok
    assert "stopped" in result.error


def test_a_cross_join_of_millions_of_rows_is_bounded(settings):
    settings.SQL_TIMEOUT_SECONDS = 2
    started = time.monotonic()
    result = run("SELECT * FROM range(100000) a, range(100000) b")
    assert time.monotonic() - started < 6
    case = result.cases[0] if result.ok else None
    assert (case is not None and case.truncated == "rows" and len(case.rows) == 1000) or (
        "stopped" in result.error
    )


def test_a_10_mb_result_is_cut_at_the_byte_cap(settings):
    settings.SQL_MAX_ROWS = 1_000_000
    result = run("SELECT repeat('x', 1000) AS s FROM range(10000)")
    case = result.cases[0]
    assert case.truncated == "bytes"
    assert sum(len(row[0]) for row in case.rows) <= settings.SQL_MAX_BYTES


def test_memory_is_capped(settings):
    settings.SQL_TIMEOUT_SECONDS = 4
    result = run("SELECT list(range) FROM range(200000000)")
    failed = result.error or result.cases[0].error
    assert failed
    assert "memory" in failed.lower() or "stopped" in failed.lower()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "Write a query first"),
        ("   \n\t ", "Write a query first"),
        ("SELECT 1" + " " * 1_000_000, "the limit is"),
        ("SELECT 1\x00; DROP TABLE t", "NUL byte"),
    ],
)
def test_empty_huge_and_nul_queries_are_refused_before_any_process_starts(
    query, message, monkeypatch
):
    import subprocess

    def no_spawn(*args, **kwargs):
        raise AssertionError("no process may start")

    monkeypatch.setattr(subprocess, "Popen", no_spawn)
    with pytest.raises(QueryRefused, match=message):
        query_check(query)
    with pytest.raises(QueryRefused, match=message):
        run(query)


def test_a_syntax_error_is_reported():
    with pytest.raises(QueryRefused, match="does not parse"):
        run("SELEC 1")


def test_it_describes_the_fixture_tables():
    tables = sql_describe(setup=SETUP)
    assert tables == [
        {
            "name": "t",
            "columns": [["a", "INTEGER"], ["b", "VARCHAR"]],
            "rows": [[1, "x"], [2, "y"]],
            "row_count": 2,
        }
    ]


def test_the_fork_server_is_started_again_when_it_died(settings):
    from interview.sandbox import sql

    settings.SQL_FORK_SERVER = True
    assert run("SELECT 1").ok
    sql._FORK_SERVER.process.kill()
    sql._FORK_SERVER.process.wait()
    assert run("SELECT 2").cases[0].rows == [[2]]


def test_the_workers_messages_are_shown_in_the_pages_language():
    """The worker runs without Django: it sends its messages in English with their values, and
    the web process translates them (DuckDB's own error text stays as DuckDB wrote it)."""
    with translation.override("fr"), pytest.raises(QueryRefused) as several:
        run("SELECT 1; SELECT 2")
    assert str(several.value).startswith("Exécutez une seule requête à la fois")
    with translation.override("de"), pytest.raises(QueryRefused) as insert:
        run("INSERT INTO t VALUES (3, 'z')")
    assert "nicht INSERT: Es wurde nichts ausgeführt" in str(insert.value)
    with translation.override("it"):
        problem = fixture_check(setup="CREATE TABL broken (a INTEGER)")
    assert problem.startswith("Lo script dei dati non è riuscito: ")
    assert "syntax error" in problem.lower()
    with pytest.raises(QueryRefused) as english:
        run("SELECT 1; SELECT 2")
    assert str(english.value).startswith("Run one query at a time")
