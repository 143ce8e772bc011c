"""The Python exercise harness: runs a candidate's code and an exercise's test cases.

The same file runs in the candidate's browser (Pyodide, in a Web Worker) and, for an editor's
official solution only, on the server in a limited process (`python -I harness.py`, a JSON
request on stdin). Standard library only.

- The code runs in a fresh namespace; `print` output is kept up to OUTPUT_LIMIT characters,
  after which the run is stopped with a message.
- Importing the browser bridges (`js`, `pyodide`, `pyodide_js`) is refused while the code and
  the tests run: the outcome is the harness's, not something the code posts itself. This is a
  self-practice check, not proctoring.
- A case is {"args": [...], "expected": value} (the function is called with the arguments and
  its return value compared with `expected`: numbers within the tolerance, tuples as lists) or
  {"assert": code} (run with the candidate's names in scope; passes when nothing is raised).
"""

import io
import json
import math
import sys
import traceback

OUTPUT_LIMIT = 20_000
BLOCKED = ("js", "pyodide", "pyodide_js", "_pyodide")


class OutputLimit(Exception):
    pass


class _Capped(io.StringIO):
    def __init__(self, limit):
        super().__init__()
        self.limit = limit

    def write(self, text):
        if self.tell() + len(text) > self.limit:
            super().write(text[: max(0, self.limit - self.tell())])
            raise OutputLimit(
                f"The code printed more than {self.limit:,} characters; the run was stopped."
            )
        return super().write(text)


class _Blocker:
    """Refuses the browser bridges while candidate code runs."""

    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ImportError(f"Importing {name!r} is not allowed in exercises.")
        return None


def _plain(value):
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def equal(expected, actual, tolerance):
    if isinstance(expected, bool) or isinstance(actual, bool):
        return type(expected) is type(actual) and expected == actual
    if isinstance(expected, int | float) and isinstance(actual, int | float):
        if isinstance(expected, float) and math.isnan(expected):
            return isinstance(actual, float) and math.isnan(actual)
        return abs(expected - actual) <= tolerance + 1e-12 * max(abs(expected), abs(actual))
    if isinstance(expected, list) and isinstance(actual, list):
        return len(expected) == len(actual) and all(
            equal(e, a, tolerance) for e, a in zip(expected, actual, strict=False)
        )
    if isinstance(expected, dict) and isinstance(actual, dict):
        return expected.keys() == actual.keys() and all(
            equal(expected[key], actual[key], tolerance) for key in expected
        )
    return type(expected) is type(actual) and expected == actual


def _short(value, limit=300):
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _error(error):
    frames = traceback.extract_tb(error.__traceback__)
    line = next((f.lineno for f in reversed(frames) if f.filename == "<exercise>"), None)
    where = f" (line {line})" if line else ""
    return f"{type(error).__name__}: {error}{where}"


def run_cases(code, function_name, cases, tolerance=1e-6, output_limit=OUTPUT_LIMIT):
    """Run `code`, then each case. Returns {"error", "output", "cases": [...]} as plain JSON."""
    output = _Capped(output_limit)
    blocker = _Blocker()
    saved = {
        name: sys.modules.pop(name) for name in list(sys.modules) if name.split(".")[0] in BLOCKED
    }
    sys.meta_path.insert(0, blocker)
    stdout, stderr = sys.stdout, sys.stderr
    sys.stdout = sys.stderr = output
    result: dict = {"error": "", "output": "", "cases": []}
    try:
        namespace = {"__name__": "__exercise__"}
        try:
            exec(compile(code, "<exercise>", "exec"), namespace)
        except OutputLimit as error:
            result["error"] = str(error)
            return result
        except BaseException as error:
            if isinstance(error, KeyboardInterrupt):
                raise
            result["error"] = _error(error)
            return result
        function = namespace.get(function_name) if function_name else None
        if function_name and not callable(function):
            result["error"] = f"Define a function named {function_name}."
            return result
        for number, case in enumerate(cases, start=1):
            result["cases"].append(
                _case(number, case, function, function_name, namespace, tolerance)
            )
            if result["cases"][-1].get("stopped"):
                break
    finally:
        sys.stdout, sys.stderr = stdout, stderr
        if blocker in sys.meta_path:
            sys.meta_path.remove(blocker)
        sys.modules.update(saved)
        result["output"] = output.getvalue()
    return result


def _case(number, case, function, function_name, namespace, tolerance):
    name = case.get("name") or f"Case {number}"
    outcome: dict = {
        "name": name,
        "hidden": bool(case.get("hidden")),
        "passed": False,
        "message": "",
    }
    try:
        if "assert" in case:
            exec(compile(case["assert"], "<test>", "exec"), dict(namespace))
            outcome["passed"] = True
            return outcome
        args = case.get("args", [])
        got = _plain(function(*args))
        if equal(case.get("expected"), got, tolerance):
            outcome["passed"] = True
        else:
            shown = ", ".join(_short(arg, 120) for arg in args)
            outcome["message"] = (
                f"{function_name}({shown}) returned {_short(got)}; expected "
                f"{_short(case.get('expected'))}."
            )
    except OutputLimit as error:
        outcome["message"] = str(error)
        outcome["stopped"] = True
    except AssertionError as error:
        outcome["message"] = f"A test failed: {error}" if str(error) else "A test assertion failed."
    except BaseException as error:
        if isinstance(error, KeyboardInterrupt):
            raise
        outcome["message"] = f"Raised {_error(error)}"
    return outcome


def main():
    """Server side (an editor's official solution): limits first, then the run, as JSON."""
    import resource

    request = json.loads(sys.stdin.read())
    memory = int(request.get("address_space_bytes", 512 * 1024 * 1024))
    seconds = int(request.get("cpu_seconds", 5))
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds))
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
    outcome = run_cases(
        request["code"],
        request.get("function", ""),
        request.get("cases", []),
        float(request.get("tolerance", 1e-6)),
    )
    sys.stdout.write(json.dumps(outcome, default=repr))


if __name__ == "__main__":
    main()
