"""Checking an editor's official Python solution against its tests, on the server.

Only editor code runs here (a staff member's official solution, when an exercise is saved in
the admin); a candidate's Python never runs on the server. It runs in a process of its own,
`python -I harness.py` (the same harness the browser uses), limited in address space and CPU
seconds and killed with its process group after PYTHON_CHECK_TIMEOUT_SECONDS.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

from django.conf import settings

HARNESS = Path(__file__).resolve().parent / "browser" / "harness.py"


def python_solution_run(
    *, code: str, function: str, cases: list[dict[str, Any]], tolerance: float
) -> dict[str, Any]:
    """The harness's outcome ({"error", "output", "cases"}) for the solution on the cases."""
    request = {
        "code": code,
        "function": function,
        "cases": cases,
        "tolerance": tolerance,
        "address_space_bytes": settings.SQL_ADDRESS_SPACE_MB * 1024 * 1024,
        "cpu_seconds": max(1, int(settings.PYTHON_CHECK_TIMEOUT_SECONDS)),
    }
    process = subprocess.Popen(
        [sys.executable, "-I", str(HARNESS)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        cwd="/",
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8"},
    )
    try:
        stdout, _stderr = process.communicate(
            json.dumps(request).encode(), timeout=settings.PYTHON_CHECK_TIMEOUT_SECONDS
        )
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        return {"error": "The solution ran too long and was stopped.", "cases": []}
    try:
        return dict(json.loads(stdout.decode("utf-8", "replace")))
    except ValueError:
        return {"error": "The solution could not be run (the checker stopped).", "cases": []}
