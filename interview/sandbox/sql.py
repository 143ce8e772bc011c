"""SQL runs: the candidate's query against an exercise's fixture, in a DuckDB process of its own.

- A query is refused before any process starts when it is empty, holds a NUL byte or is longer
  than SQL_MAX_QUERY_CHARS.
- At most SQL_POOL_SIZE runs of a web process go at once; a further run waits for a free slot
  (at most SQL_QUEUE_SECONDS, then it is refused as busy), so a burst of runs or runaway
  queries cannot hold every core, and a waiting run's own clock has not started.
- Each run is a new process in a new process group: a child forked by the web process's own
  fork server (`duckdb_worker.py --serve`, which has DuckDB loaded and an empty database
  open, so a run starts in a millisecond and skips opening a database), or, when
  SQL_FORK_SERVER is off or the server cannot start, a fresh `python -I duckdb_worker.py`. It
  is limited in address space and CPU seconds, builds each case's database from the fixture
  script in an empty database of its own, locks DuckDB's configuration and runs the one
  SELECT statement it accepts (anything else, COPY, ATTACH, INSTALL, LOAD, PRAGMA, SET,
  several statements, is refused).
- The web process waits at most SQL_TIMEOUT_SECONDS; then the whole process group is killed
  and the run reports the timeout (the next run is a new process again). Results keep at most
  SQL_MAX_ROWS rows and SQL_MAX_BYTES of JSON; the rest is dropped and the run says so.
- Nothing persists: every case of every run starts from the fixture in a fresh in-memory
  database, and the app's own database is never reachable from the worker.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

WORKER = Path(__file__).resolve().with_name("duckdb_worker.py")


class QueryRefused(ValueError):
    """A query that is not run at all; the message says why, for the candidate."""


@dataclass(frozen=True)
class CaseResult:
    """The outcome of the query on one case: a table, or the error DuckDB gave."""

    columns: list[str] = field(default_factory=list)
    rows: list[list[Any]] = field(default_factory=list)
    truncated: str = ""  # "rows" or "bytes" when the result was cut
    error: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "columns": self.columns,
            "rows": self.rows,
            "truncated": self.truncated,
            "error": self.error,
        }


@dataclass(frozen=True)
class SqlRun:
    """A whole run: one result per case, or a reason nothing ran (`error`)."""

    cases: list[CaseResult] = field(default_factory=list)
    error: str = ""
    tables: list[dict[str, Any]] = field(default_factory=list)
    timed_out: bool = False

    @property
    def ok(self) -> bool:
        return not self.error


def query_check(query: str) -> str:
    """The query to run, or QueryRefused: empty, NUL bytes or too long are never run."""
    if "\x00" in query:
        raise QueryRefused(_("The query holds a NUL byte; remove it and run again."))
    if len(query) > settings.SQL_MAX_QUERY_CHARS:
        raise QueryRefused(
            _("The query is %(length)s characters long; the limit is %(limit)s.")
            % {
                "length": formats.number_format(len(query), force_grouping=True),
                "limit": formats.number_format(settings.SQL_MAX_QUERY_CHARS, force_grouping=True),
            }
        )
    if not query.strip():
        raise QueryRefused(_("Write a query first."))
    return query


def _limits() -> dict[str, Any]:
    return {
        "max_rows": settings.SQL_MAX_ROWS,
        "max_bytes": settings.SQL_MAX_BYTES,
        "memory_limit": f"{settings.SQL_MEMORY_MB}MB",
        "address_space_bytes": settings.SQL_ADDRESS_SPACE_MB * 1024 * 1024,
        "cpu_seconds": max(1, int(settings.SQL_TIMEOUT_SECONDS) + 1),
    }


class _ForkServer:
    """This web process's fork server, started on first use and again if it died."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.process: subprocess.Popen[bytes] | None = None
        self.path = ""
        self.owner = 0

    def address(self) -> str | None:
        with self.lock:
            if (
                self.process is not None
                and self.owner == os.getpid()
                and self.process.poll() is None
                and os.path.exists(self.path)
            ):
                return self.path
            self.stop()
            directory = tempfile.mkdtemp(prefix="sql-worker-")
            self.path = os.path.join(directory, "socket")
            self.owner = os.getpid()
            self.process = subprocess.Popen(
                [sys.executable, "-I", str(WORKER), "--serve", self.path],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
                cwd="/",
                env=_worker_env(),
            )
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and self.process.poll() is None:
                if os.path.exists(self.path):
                    return self.path
                time.sleep(0.01)
            self.stop()
            return None

    def stop(self) -> None:
        if self.process is not None and self.owner == os.getpid():
            self.process.kill()
            self.process.wait()
        self.process = None


_FORK_SERVER = _ForkServer()


def _worker_env() -> dict[str, str]:
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8"}


def _recv_line(conn: socket.socket) -> bytes:
    data = b""
    while not data.endswith(b"\n"):
        chunk = conn.recv(1)
        if not chunk:
            break
        data += chunk
    return data


def _forked_run(
    request: dict[str, Any], *, timeout: float
) -> tuple[dict[str, Any] | None, str] | None:
    """Run through the fork server; None when it is not available (the caller spawns)."""
    path = _FORK_SERVER.address()
    if path is None:
        return None
    deadline = time.monotonic() + timeout
    pid = 0
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
        try:
            conn.settimeout(timeout)
            conn.connect(path)
            pid = int(_recv_line(conn) or b"0")
            conn.sendall(json.dumps(request).encode())
            conn.shutdown(socket.SHUT_WR)
            chunks = []
            while True:
                conn.settimeout(max(0.001, deadline - time.monotonic()))
                chunk = conn.recv(65536)
                if not chunk:
                    break
                chunks.append(chunk)
        except TimeoutError:
            if pid:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(pid, signal.SIGKILL)
            return None, "timeout"
        except (OSError, ValueError):
            if not pid:
                return None  # the server is gone: fall back to a fresh process
            return None, "stopped"
    if not chunks:
        return None, "stopped"  # the child died: CPU time or memory limit
    try:
        return json.loads(b"".join(chunks).decode("utf-8", "replace")), ""
    except ValueError:
        return None, "stopped"


class _Slots:
    """At most SQL_POOL_SIZE runs of this web process at once; the others wait their turn (up
    to SQL_QUEUE_SECONDS), so a burst of runs or a few runaway queries cannot take every core
    and the runs that wait are not charged for it (a run's clock starts with the run)."""

    def __init__(self) -> None:
        self.condition = threading.Condition()
        self.running = 0

    @contextlib.contextmanager
    def slot(self, *, timeout: float) -> Any:
        deadline = time.monotonic() + timeout
        with self.condition:
            free = self.condition.wait_for(
                lambda: self.running < settings.SQL_POOL_SIZE, deadline - time.monotonic()
            )
            if free:
                self.running += 1
        if not free:
            yield False
            return
        try:
            yield True
        finally:
            with self.condition:
                self.running -= 1
                self.condition.notify()


_SLOTS = _Slots()


def _spawn(request: dict[str, Any], *, timeout: float) -> tuple[dict[str, Any] | None, str]:
    """Run the worker when a slot is free; (answer, "") or (None, why it gave none)."""
    with _SLOTS.slot(timeout=settings.SQL_QUEUE_SECONDS) as free:
        if not free:
            return None, "busy"
        return _spawn_now(request, timeout=timeout)


def _spawn_now(request: dict[str, Any], *, timeout: float) -> tuple[dict[str, Any] | None, str]:
    if settings.SQL_FORK_SERVER:
        forked = _forked_run(request, timeout=timeout)
        if forked is not None:
            return forked
    process = subprocess.Popen(
        [sys.executable, "-I", str(WORKER)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, killed as a whole on timeout
        cwd="/",
        env=_worker_env(),
    )
    try:
        stdout, stderr = process.communicate(json.dumps(request).encode(), timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill(process)
        return None, "timeout"
    if process.returncode != 0:
        if process.returncode in (-signal.SIGXCPU, -signal.SIGKILL):
            return None, "timeout"
        if b"MemoryError" in stderr or b"std::bad_alloc" in stderr or b"memory" in stderr.lower():
            return None, "memory"
        return None, "crash"
    try:
        return json.loads(stdout.decode("utf-8", "replace")), ""
    except ValueError:
        return None, "crash"


def _kill(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.communicate()


_REASONS = {
    "timeout": gettext_noop(
        "The query ran longer than %(seconds)s seconds and was stopped. Look for a join "
        "without a condition or a recursive query that never ends."
    ),
    "memory": gettext_noop(
        "The query needed more memory than a run may use (%(memory)s MB) and was stopped."
    ),
    "crash": gettext_noop("The query could not be run (the SQL worker stopped unexpectedly)."),
    "busy": gettext_noop(
        "Too many queries are running at the moment; nothing was run. Try again in a few seconds."
    ),
    "stopped": gettext_noop(
        "The query was stopped before it finished: it needed more memory (%(memory)s MB) "
        "or CPU time than a run may use."
    ),
}


def _reason(code: str) -> str:
    return _(_REASONS[code]) % {
        "seconds": formats.number_format(settings.SQL_TIMEOUT_SECONDS),
        "memory": settings.SQL_MEMORY_MB,
    }


def sql_run(*, setup: str, cases: list[str], query: str) -> SqlRun:
    """Run `query` once per case on a fresh database built from `setup` plus the case's own
    script. Raises QueryRefused for a query that is never run."""
    query_check(query)
    answer, failure = _spawn(
        {"setup": setup, "cases": cases, "query": query, **_limits()},
        timeout=settings.SQL_TIMEOUT_SECONDS,
    )
    if answer is None:
        return SqlRun(error=_reason(failure), timed_out=failure == "timeout")
    if "refused" in answer:
        raise QueryRefused(worker_message(answer["refused"]))
    if "error" in answer:
        return SqlRun(error=worker_message(answer["error"]))
    results = []
    for case in answer.get("cases", []):
        if "fixture_error" in case:
            results.append(
                CaseResult(
                    error=_("The exercise's data failed to load: %(error)s")
                    % {"error": case["fixture_error"]}
                )
            )
        elif case.get("error"):
            results.append(CaseResult(error=worker_message(case["error"])))
        else:
            results.append(
                CaseResult(
                    columns=case["columns"], rows=case["rows"], truncated=case["truncated"] or ""
                )
            )
    return SqlRun(cases=results)


def worker_message(message: Any) -> str:
    """A message of the worker in the page's language: the worker sends its own messages as
    {"text": English, "params": values} (it runs without Django); DuckDB's error texts come
    as plain strings and stay as DuckDB wrote them."""
    if isinstance(message, dict):
        return _(str(message.get("text", ""))) % dict(message.get("params") or {})
    return str(message)


def sql_describe(*, setup: str, sample_rows: int = 5) -> list[dict[str, Any]]:
    """The fixture's tables as the candidate sees them: columns with types, a few rows and the
    row count. Empty when the fixture cannot be built (the admin check reports that)."""
    answer, _failure = _spawn(
        {"setup": setup, "describe": True, "sample_rows": sample_rows, **_limits()},
        timeout=settings.SQL_TIMEOUT_SECONDS,
    )
    if answer is None or "tables" not in answer:
        return []
    return list(answer["tables"])


def fixture_check(*, setup: str) -> str:
    """An error message when the fixture script does not build, else ""."""
    answer, failure = _spawn(
        {"setup": setup, "describe": True, "sample_rows": 0, **_limits()},
        timeout=settings.SQL_TIMEOUT_SECONDS,
    )
    if answer is None:
        return _reason(failure)
    if "error" in answer:
        return worker_message(answer["error"])
    return ""
