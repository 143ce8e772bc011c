"""The browser Python check's messages (English, from the harness) in the reader's language, on
the server's pages; static/js/exercise.js applies the same patterns to the page's own runs."""

import importlib.util
import re
from pathlib import Path

from django.utils import translation

from interview.sandbox.check_messages import LINE_ENTRY, PATTERNS, check_message
from interview.sandbox.python_check import HARNESS

spec = importlib.util.spec_from_file_location("exercise_harness", HARNESS)
harness = importlib.util.module_from_spec(spec)
spec.loader.exec_module(harness)


def messages_of(code: str, cases: list[dict]) -> list[str]:
    result = harness.run_cases(code, "f", cases)
    return [result["error"]] if result["error"] else [case["message"] for case in result["cases"]]


def test_every_harness_message_reads_in_french():
    produced = [
        *messages_of("def f(x):\n    return x + 1\n", [{"args": [1], "expected": 3}]),
        *messages_of("x = 1\n", []),
        *messages_of("def f():\n    return 1 / 0\n", [{"args": [], "expected": 1}]),
        *messages_of("def f():\n    return 1\n", [{"assert": "assert f() == 2"}]),
        *messages_of("def f():\n    return 1\n", [{"assert": "assert f() == 2, 'off by one'"}]),
        *messages_of("def f():\n    while True:\n        print('y' * 1000)\n", [{"args": []}]),
        *messages_of("import js\n", []),
        *messages_of("def f():\n    import pyodide\n", [{"args": [], "expected": 1}]),
    ]
    with translation.override("fr"):
        shown = [check_message(message) for message in produced]
    assert shown == [
        "f(1) a renvoyé 2 ; attendu : 3.",
        "Définissez une fonction nommée f.",
        "Exception levée : ZeroDivisionError: division by zero (ligne 2)",
        "Une assertion de test a échoué.",
        "Un test a échoué : off by one",
        "Le code a affiché plus de 20,000 caractères ; l'exécution a été arrêtée.",
        "ImportError : importer 'js' n'est pas autorisé dans les exercices. (ligne 1)",
        "Exception levée : ImportError : importer 'pyodide' n'est pas autorisé dans les exercices."
        " (ligne 2)",
    ]


def test_english_and_unknown_messages_are_shown_as_written():
    assert check_message("f(1) returned 2; expected 3.") == "f(1) returned 2; expected 3."
    with translation.override("de"):
        assert check_message("KeyError: 'x'") == "KeyError: 'x'"
        assert check_message("Case 3") == "Fall 3"


def test_the_page_script_knows_the_same_messages():
    script = (Path(__file__).parents[2] / "static" / "js" / "exercise.js").read_text()
    entries = re.findall(r'gettext\("([^"]+)"\)', script)
    assert {entry for _pattern, entry in PATTERNS} | {LINE_ENTRY} <= set(entries)
