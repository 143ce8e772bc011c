"""The Python check's messages in the reader's language.

Candidate Python runs in the browser (browser/harness.py, under Pyodide, with no catalogue), so
its messages come in English, are stored with the attempt as written, and are translated where
they are shown: here for the server's pages, and by the same patterns in static/js/exercise.js
for the page's own runs. A message that matches no pattern (Python's own exception text, an
editor's assert message) is shown as it is.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext, gettext_noop

# (English pattern of the harness, catalogue entry with the same named values)
PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(r"Define a function named (?P<name>\S+)\."),
        gettext_noop("Define a function named %(name)s."),
    ),
    (
        re.compile(
            r"The code printed more than (?P<count>[\d,]+) characters; the run was stopped\."
        ),
        gettext_noop("The code printed more than %(count)s characters; the run was stopped."),
    ),
    (
        re.compile(r"ImportError: Importing (?P<name>.+) is not allowed in exercises\."),
        gettext_noop("ImportError: Importing %(name)s is not allowed in exercises."),
    ),
    (
        re.compile(r"(?P<call>.+?) returned (?P<got>.+); expected (?P<expected>.+)\.", re.DOTALL),
        gettext_noop("%(call)s returned %(got)s; expected %(expected)s."),
    ),
    (re.compile(r"A test assertion failed\."), gettext_noop("A test assertion failed.")),
    (
        re.compile(r"A test failed: (?P<error>.+)", re.DOTALL),
        gettext_noop("A test failed: %(error)s"),
    ),
    (re.compile(r"Raised (?P<error>.+)", re.DOTALL), gettext_noop("Raised %(error)s")),
    (re.compile(r"Case (?P<number>\d+)"), gettext_noop("Case %(number)s")),
]


# The harness ends an error's message with the line of the candidate's code it came from.
LINE = re.compile(r"(?P<text>.+) \(line (?P<number>\d+)\)", re.DOTALL)
LINE_ENTRY = gettext_noop("(line %(number)s)")


def check_message(text: str) -> str:
    """`text` in the active language when it is one of the harness's own messages (an error
    carried inside one, as in "Raised ImportError: ...", is translated too)."""
    located = LINE.fullmatch(text)
    if located:
        where = gettext(LINE_ENTRY) % {"number": located["number"]}
        return f"{check_message(located['text'])} {where}"
    for pattern, entry in PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            values = match.groupdict()
            if "error" in values:
                values["error"] = check_message(values["error"])
            return gettext(entry) % values
    return text
