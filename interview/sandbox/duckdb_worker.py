"""One SQL run in its own process: `python -I duckdb_worker.py`, a JSON request on stdin, a
JSON answer on stdout. Standard library and DuckDB only (it runs outside the app).

Two ways to run: one process per run (a request on stdin), or a fork server (`--serve PATH`)
that imports DuckDB once, opens one empty in-memory database (the template, on which it runs
nothing but `SELECT 1`) and forks a fresh child per connection, so a run pays neither for
starting Python and loading DuckDB nor for opening a database (most of a run's CPU time).
Either way each run is its own process, and each case gets an empty database of its own: with
the fork server, a forked copy of the template (its changes die with the copy); without it, a
new connection.

The process limits itself first (address space, CPU seconds, no file writes), then for each
case builds the fixture in that empty database, locks the configuration (no external access,
no extension installed or loaded, one thread and no I/O threads, a memory cap;
`lock_configuration` set last) and only then runs the candidate's query, keeping at most
`max_rows` rows and `max_bytes` of JSON. Nothing persists between cases or runs.
"""

import contextlib
import datetime
import decimal
import functools
import json
import os
import re
import resource
import sys
import uuid

# A run yields the CPU to the web process's requests: with the runs as busy as the cores, pages
# would otherwise wait their turn behind them (make bench-sql measures a page meanwhile).
RUN_NICENESS = 10


def _limit(memory_bytes, cpu_seconds):
    os.nice(max(0, RUN_NICENESS - os.nice(0)))
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds))
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _value(value):
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return str(value)
        return value
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return (
            value.isoformat(sep=" ") if isinstance(value, datetime.datetime) else value.isoformat()
        )
    if isinstance(value, datetime.timedelta):
        return str(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_value(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _value(item) for key, item in value.items()}
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).hex()
    return str(value)


CONFIG = {
    "threads": 1,
    "async_threads": 0,  # no background I/O threads: one thread, and safe to fork
    "max_temp_directory_size": "0KiB",
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "allow_community_extensions": False,
    "enable_external_access": False,
}


def _open(duckdb):
    """A new empty in-memory database, locked down except for its memory cap and the final
    configuration lock (both set per case by `_build`)."""
    try:
        return duckdb.connect(":memory:", config=CONFIG)
    except duckdb.Error:
        # A DuckDB without the async_threads option (before 1.4) has no I/O threads to stop.
        return duckdb.connect(
            ":memory:", config={k: v for k, v in CONFIG.items() if k != "async_threads"}
        )


def _build(con, setup, memory_limit):
    """The case's database: memory cap, the fixture script, then the configuration locked."""
    if not re.fullmatch(r"[0-9]{1,7}MB", memory_limit):
        raise ValueError(f"bad memory limit {memory_limit!r}")
    con.execute(f"SET memory_limit = '{memory_limit}'")
    # A copied database would repeat its parent's random numbers; every case draws its own.
    con.execute("SELECT setseed(?)", [int.from_bytes(os.urandom(4), "big") / 2**32])
    if setup.strip():
        con.execute(setup)
    con.execute("SET lock_configuration = true")
    return con


def _single_threaded():
    """Whether this process runs one thread (forking a multi-threaded one is unsafe)."""
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:
        return False


def _in_copy(work):
    """work()'s JSON-able answer, computed in a forked copy of this process: whatever it does
    to the database it inherited dies with the copy. None when the copy died without answering
    (CPU time or memory limit)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(read)
            data = json.dumps(work(), ensure_ascii=False).encode()
            with os.fdopen(write, "wb") as out:
                out.write(data)
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as source:
        data = source.read()
    os.waitpid(pid, 0)
    return json.loads(data) if data else None


def _describe(con, sample_rows):
    tables = []
    names = con.execute(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = 'main' ORDER BY table_name"
    ).fetchall()
    for (name,) in names:
        columns = con.execute(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = 'main' AND table_name = ? ORDER BY ordinal_position",
            [name],
        ).fetchall()
        quoted = '"' + name.replace('"', '""') + '"'
        rows = con.execute(f"SELECT * FROM {quoted} LIMIT {int(sample_rows)}").fetchall()
        count = con.execute(f"SELECT count(*) FROM {quoted}").fetchone()[0]
        tables.append(
            {
                "name": name,
                "columns": [[column, kind] for column, kind in columns],
                "rows": [[_value(v) for v in row] for row in rows],
                "row_count": count,
            }
        )
    return tables


def _run_query(con, query, max_rows, max_bytes):
    cursor = con.execute(query)
    columns = [column[0] for column in cursor.description or []]
    rows: list = []
    size = 2 + len(json.dumps(columns))
    truncated = ""
    while True:
        batch = cursor.fetchmany(200)
        if not batch:
            break
        for row in batch:
            if len(rows) >= max_rows:
                truncated = "rows"
                break
            converted = [_value(v) for v in row]
            size += len(json.dumps(converted, ensure_ascii=False)) + 1
            if size > max_bytes:
                truncated = "bytes"
                break
            rows.append(converted)
        if truncated:
            break
    return {"columns": columns, "rows": rows, "truncated": truncated}


def gettext_noop(message):
    """Marks a message for the translation catalogue; this process has no language (it runs
    without Django), so it sends the English text and its values and the web process shows it
    in the page's language (interview.sandbox.sql)."""
    return message


def _message(text, **params):
    return {"text": text, "params": params}


def _refusal(duckdb, parser, query):
    """Why the query is not run, or None: one SELECT statement (WITH ... SELECT included).
    `parser` is a connection (parsing changes nothing in it)."""
    try:
        statements = parser.extract_statements(query)
    except duckdb.Error as error:
        return _message(gettext_noop("The query does not parse: %(error)s"), error=str(error))
    if not statements:
        return _message(gettext_noop("Write a query first."))
    if len(statements) > 1:
        return _message(
            gettext_noop(
                "Run one query at a time (one SELECT statement, no semicolon-separated list)."
            )
        )
    if statements[0].type != duckdb.StatementType.SELECT:
        kind = str(statements[0].type).rsplit(".", 1)[-1]
        return _message(
            gettext_noop(
                "Only a SELECT query (WITH ... SELECT included) is run here, not %(kind)s: "
                "nothing was run."
            ),
            kind=kind,
        )
    return None


def _describe_job(duckdb, con, request):
    try:
        _build(con, request["setup"], request["memory_limit"])
        return {"tables": _describe(con, request.get("sample_rows", 5))}
    except duckdb.Error as error:
        return {
            "error": _message(gettext_noop("The data script failed: %(error)s"), error=str(error))
        }
    except MemoryError:
        return {"error": _message(gettext_noop("The query ran out of memory."))}


def _case_job(duckdb, con, request, extra):
    try:
        _build(con, request["setup"] + "\n" + extra, request["memory_limit"])
    except duckdb.Error as error:
        return {"fixture_error": str(error)}
    except MemoryError:
        return {"error": _message(gettext_noop("The query ran out of memory."))}
    try:
        return _run_query(con, request["query"], request["max_rows"], request["max_bytes"])
    except duckdb.Error as error:
        return {"error": f"{type(error).__name__}: {error}"}
    except MemoryError:
        return {"error": _message(gettext_noop("The query ran out of memory."))}


def handle(duckdb, request, template=None):
    """The answer to one request (the process is already limited), or None when a case's copy
    died without answering. With `template` (an empty database this process may consume),
    each case runs in a forked copy of it, the last one in this process; without, each case
    opens a new database."""

    def job(con, extra):  # extra None: describe the tables, else one case's script
        if extra is None:
            return _describe_job(duckdb, con, request)
        return _case_job(duckdb, con, request, extra)

    jobs = ([None] if request.get("describe") else []) + list(request.get("cases", []))
    if request.get("cases"):
        parser = template if template is not None else _open(duckdb)
        refusal = _refusal(duckdb, parser, request["query"])
        if parser is not template:
            parser.close()
        if refusal:
            return {"refused": refusal}
    answer: dict = {"cases": []}
    for index, extra in enumerate(jobs):
        if template is None:
            con = _open(duckdb)
            try:
                result = job(con, extra)
            finally:
                con.close()
        elif index == len(jobs) - 1:
            result = job(template, extra)
        else:
            result = _in_copy(functools.partial(job, template, extra))
            if result is None:
                return None
        if "tables" in result:
            answer["tables"] = result["tables"]
        elif request.get("describe") and index == 0:
            answer["error"] = result["error"]
        else:
            answer["cases"].append(result)
    return answer


def main():
    """One run: a request on stdin, the answer on stdout, then the process ends."""
    request = json.loads(sys.stdin.read())
    _limit(int(request["address_space_bytes"]), int(request["cpu_seconds"]))
    import duckdb

    sys.stdout.write(json.dumps(handle(duckdb, request), ensure_ascii=False))


def serve(path):
    """A fork server: DuckDB is imported and the template database opened once, then every
    connection on the Unix socket `path` is served by a new child process (its own session and
    process group, limited like a one-shot run) that answers one request and exits. The server
    runs no query itself (but `SELECT 1` on the template, once), so every child inherits an
    empty database with nothing created in it and no setting changed; it exits when the
    process that started it is gone."""
    import signal
    import socket

    import duckdb

    template = _open(duckdb)
    # One constant query loads what DuckDB sets up lazily on first use (about 3 ms a run);
    # it creates nothing and changes no setting.
    template.execute("SELECT 1").fetchall()
    if not _single_threaded():  # then a forked copy could inherit a held lock: no template
        template.close()
        template = None
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped automatically
    parent = os.getppid()
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(64)
    listener.settimeout(1.0)
    try:
        while os.getppid() == parent:
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            if os.fork() == 0:
                try:
                    listener.close()
                    signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # it waits for its copies
                    os.setsid()
                    conn.settimeout(None)
                    conn.sendall(f"{os.getpid()}\n".encode())
                    chunks = []
                    while True:
                        chunk = conn.recv(65536)
                        if not chunk:
                            break
                        chunks.append(chunk)
                    request = json.loads(b"".join(chunks))
                    _limit(int(request["address_space_bytes"]), int(request["cpu_seconds"]))
                    answer = handle(duckdb, request, template)
                    if answer is None:
                        os._exit(1)  # a case's copy died: no answer, the caller says why
                    conn.sendall(json.dumps(answer, ensure_ascii=False).encode())
                    conn.close()
                finally:
                    os._exit(0)
            conn.close()
    finally:
        listener.close()
        for leftover in (path, os.path.dirname(path)):
            with contextlib.suppress(OSError):
                (os.remove if leftover == path else os.rmdir)(leftover)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--serve":
        serve(sys.argv[2])
    else:
        main()
