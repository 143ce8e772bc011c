"""One SQL run in its own process: `python -I duckdb_worker.py`, a JSON request on stdin, a
JSON answer on stdout. Standard library and DuckDB only (it runs outside the app).

Two ways to run: one process per run (a request on stdin), or a fork server (`--serve PATH`)
that imports DuckDB once and forks a fresh child per connection, so a run does not pay for
starting Python and loading DuckDB. Either way each run is its own process.

The process limits itself first (address space, CPU seconds, no file writes, no new
processes), then for each case builds a fresh in-memory database from the fixture script,
locks the configuration (no external access, no extension installed or loaded, one thread, a
memory cap; `lock_configuration` set last) and only then runs the candidate's query, keeping
at most `max_rows` rows and `max_bytes` of JSON. Nothing persists between cases or runs.
"""

import contextlib
import datetime
import decimal
import json
import resource
import sys
import uuid


def _limit(memory_bytes, cpu_seconds):
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


def _connect(duckdb, setup, memory_limit):
    con = duckdb.connect(
        ":memory:",
        config={
            "threads": 1,
            "memory_limit": memory_limit,
            "max_temp_directory_size": "0KiB",
            "autoinstall_known_extensions": False,
            "autoload_known_extensions": False,
            "allow_community_extensions": False,
            "enable_external_access": False,
        },
    )
    if setup.strip():
        con.execute(setup)
    con.execute("SET lock_configuration = true")
    return con


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


def _refusal(duckdb, query):
    """Why the query is not run, or None: one SELECT statement (WITH ... SELECT included)."""
    try:
        statements = duckdb.extract_statements(query)
    except duckdb.Error as error:
        return f"The query does not parse: {error}"
    if not statements:
        return "Write a query first."
    if len(statements) > 1:
        return "Run one query at a time (one SELECT statement, no semicolon-separated list)."
    if statements[0].type != duckdb.StatementType.SELECT:
        kind = str(statements[0].type).rsplit(".", 1)[-1]
        return (
            f"Only a SELECT query (WITH ... SELECT included) is run here, not {kind}: "
            "nothing was run."
        )
    return None


def handle(duckdb, request):
    """The answer to one request (the process is already limited)."""
    answer: dict = {"cases": []}
    if request.get("cases"):
        refusal = _refusal(duckdb, request["query"])
        if refusal:
            return {"refused": refusal}
    try:
        if request.get("describe"):
            try:
                con = _connect(duckdb, request["setup"], request["memory_limit"])
                answer["tables"] = _describe(con, request.get("sample_rows", 5))
                con.close()
            except duckdb.Error as error:
                answer["error"] = f"The data script failed: {error}"
        for extra in request.get("cases", []):
            try:
                con = _connect(duckdb, request["setup"] + "\n" + extra, request["memory_limit"])
            except duckdb.Error as error:
                answer["cases"].append({"fixture_error": str(error)})
                continue
            try:
                answer["cases"].append(
                    _run_query(con, request["query"], request["max_rows"], request["max_bytes"])
                )
            except duckdb.Error as error:
                answer["cases"].append({"error": f"{type(error).__name__}: {error}"})
            except MemoryError:
                answer["cases"].append({"error": "The query ran out of memory."})
            finally:
                con.close()
    except MemoryError:
        answer = {"error": "The query ran out of memory."}
    return answer


def main():
    """One run: a request on stdin, the answer on stdout, then the process ends."""
    request = json.loads(sys.stdin.read())
    _limit(int(request["address_space_bytes"]), int(request["cpu_seconds"]))
    import duckdb

    sys.stdout.write(json.dumps(handle(duckdb, request), ensure_ascii=False))


def serve(path):
    """A fork server: DuckDB is imported once, then every connection on the Unix socket `path`
    is served by a new child process (its own session and process group, limited like a
    one-shot run) that answers one request and exits. The server holds no database and runs
    no query itself; it exits when the process that started it is gone."""
    import os
    import signal
    import socket

    import duckdb

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
                    answer = handle(duckdb, request)
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
