"""The SQL worker pool: runs at once are bounded, a runaway query holds one slot only until the
clock kills it, a killed worker is replaced, and no run sees what an earlier one built."""

import os
import threading
import time
from pathlib import Path

import pytest

from interview.sandbox import sql
from interview.sandbox.sql import sql_run

RUNAWAY = "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT max(n) FROM r"


@pytest.fixture(autouse=True, params=["fork-server", "one-process-per-run"])
def worker_mode(request, settings):
    settings.SQL_FORK_SERVER = request.param == "fork-server"
    # A worker killed by an earlier test may take a moment to go: the counts start from none.
    assert no_workers_left()
    return request.param


def running_workers() -> list[int]:
    """The pids of the SQL runs going on now: worker processes started by this process or by
    its fork server (the server itself and finished processes left out)."""
    server = sql._FORK_SERVER.process
    server_pid = server.pid if server is not None and server.poll() is None else None
    parents = {os.getpid(), server_pid}
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == server_pid:
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        state, ppid = stat.rsplit(")", 1)[1].split()[:2]
        if int(ppid) in parents and state != "Z" and b"duckdb_worker" in cmdline:
            pids.append(int(entry.name))
    return pids


def wait_for_workers(count: int, seconds: float = 10) -> list[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        pids = running_workers()
        if len(pids) >= count:
            return pids
        time.sleep(0.01)
    raise AssertionError(f"{count} SQL worker(s) never started")


def no_workers_left(seconds: float = 5) -> bool:
    """Whether every worker is gone within `seconds` (one exits just after it answers)."""
    deadline = time.monotonic() + seconds
    while running_workers():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def in_background(query: str) -> tuple[threading.Thread, list]:
    results: list = []
    thread = threading.Thread(
        target=lambda: results.append(sql_run(setup="", cases=[""], query=query))
    )
    thread.start()
    return thread, results


def test_a_timed_out_worker_is_killed_and_the_next_run_has_a_new_one(settings):
    settings.SQL_TIMEOUT_SECONDS = 2
    thread, results = in_background(RUNAWAY)
    wait_for_workers(1)
    thread.join()
    assert results[0].timed_out
    assert no_workers_left()  # the runaway was killed

    result = sql_run(setup="", cases=[""], query="SELECT 42")
    assert result.cases[0].rows == [[42]]
    assert no_workers_left()


def test_a_worker_runs_one_thread(settings):
    settings.SQL_TIMEOUT_SECONDS = 2
    thread, _results = in_background(RUNAWAY)
    [worker] = wait_for_workers(1)
    time.sleep(0.3)  # the query is running
    threads = len(os.listdir(f"/proc/{worker}/task"))
    thread.join()
    assert threads == 1


def test_a_run_never_sees_a_previous_runs_tables_or_settings(settings):
    settings.SQL_MEMORY_MB = 64
    first = sql_run(
        setup="CREATE TABLE secret AS SELECT 1 AS x; CREATE MACRO twice(v) AS v * 2;",
        cases=["CREATE TABLE case_only AS SELECT 2 AS y", ""],
        query="SELECT (SELECT x FROM secret), twice(3), current_setting('memory_limit')",
    )
    assert [case.rows for case in first.cases] == [[[1, 6, "61.0 MiB"]]] * 2
    assert (
        "case_only"
        in sql_run(setup="", cases=["", ""], query="SELECT * FROM case_only").cases[0].error
    )

    settings.SQL_MEMORY_MB = 256
    second = sql_run(
        setup="CREATE TABLE other (z INTEGER);",
        cases=["", ""],
        query="SELECT table_name FROM information_schema.tables ORDER BY 1",
    )
    assert [case.rows for case in second.cases] == [[["other"]], [["other"]]]
    assert "twice" in sql_run(setup="", cases=[""], query="SELECT twice(1)").cases[0].error
    setting = sql_run(setup="", cases=[""], query="SELECT current_setting('memory_limit')")
    assert setting.cases[0].rows == [["244.1 MiB"]]


def test_concurrent_runs_are_bounded_by_the_pool_size(settings):
    settings.SQL_POOL_SIZE = 2
    settings.SQL_TIMEOUT_SECONDS = 2
    started = time.monotonic()
    runs = [in_background(RUNAWAY) for _ in range(4)]
    most = 0
    while any(thread.is_alive() for thread, _ in runs):
        most = max(most, len(running_workers()))
        time.sleep(0.02)
    elapsed = time.monotonic() - started
    assert most == 2
    assert all(results[0].timed_out for _, results in runs)
    assert elapsed >= 3.5  # two turns of two runs, each stopped by the 2-second clock


def test_a_runaway_query_holds_one_slot_and_the_others_run(settings):
    settings.SQL_POOL_SIZE = 2
    settings.SQL_TIMEOUT_SECONDS = 4
    thread, results = in_background(RUNAWAY)
    wait_for_workers(1)
    started = time.monotonic()
    quick = sql_run(setup="", cases=[""], query="SELECT 7")
    waited = time.monotonic() - started
    assert quick.cases[0].rows == [[7]]
    assert thread.is_alive()  # the runaway is still going
    assert waited < 3
    thread.join()
    assert results[0].timed_out


def test_with_every_slot_taken_a_run_waits_for_the_runaway_to_be_stopped(settings):
    settings.SQL_POOL_SIZE = 1
    settings.SQL_TIMEOUT_SECONDS = 2
    thread, results = in_background(RUNAWAY)
    wait_for_workers(1)
    quick = sql_run(setup="", cases=[""], query="SELECT 7")
    assert results and results[0].timed_out  # it ran only once the runaway was killed
    assert quick.cases[0].rows == [[7]]
    thread.join()


def test_a_run_that_cannot_get_a_slot_in_time_is_refused_as_busy(settings):
    settings.SQL_POOL_SIZE = 1
    settings.SQL_TIMEOUT_SECONDS = 4
    settings.SQL_QUEUE_SECONDS = 1
    thread, results = in_background(RUNAWAY)
    wait_for_workers(1)
    started = time.monotonic()
    busy = sql_run(setup="", cases=[""], query="SELECT 7")
    assert time.monotonic() - started < 3
    assert not busy.ok
    assert "Too many queries are running" in busy.error
    assert not busy.timed_out
    thread.join()
    assert results[0].timed_out


def test_a_run_yields_the_cpu_to_the_web_processs_requests():
    """A worker lowers its priority before it runs anything (pages stay quick during a burst
    of runs; make bench-sql measures it)."""
    import os

    from interview.sandbox import duckdb_worker

    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child
        duckdb_worker._limit(4 * 1024**3, 5)
        os._exit(0 if os.nice(0) >= duckdb_worker.RUN_NICENESS else 1)
    _pid, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0
