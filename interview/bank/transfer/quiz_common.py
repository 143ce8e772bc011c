"""What the quiz-format readers (GIFT, Moodle XML) share: text formats, categories, slugs.

Rules:
- A question's text becomes Markdown: HTML is cleaned and converted, Markdown and plain text are
  kept as written (LaTeX delimiters included).
- A Moodle category path (`$course$/Statistics/Tests`) becomes a topic name that keeps the path
  (`Statistics / Tests`); the `$course$`-style prefix and Moodle's `top` are dropped.
- Each question gets a stable slug from its name (or its text when it has none). Two questions
  with the same slug in one file: an exact repeat is dropped (and said), a different question
  gets a numbered slug (`name-2`), so re-importing the same file still changes nothing.
"""

from __future__ import annotations

import hashlib
import re

from django.utils.text import slugify

from interview.bank.transfer.csv_format import slug_for_key
from interview.bank.transfer.html_convert import html_to_markdown
from interview.bank.transfer.records import TOPIC_SEPARATOR, ParsedFile, drop_exact_repeats

_CONTEXT_PREFIX = re.compile(r"^\$[a-z0-9]+\$/?", re.IGNORECASE)


def text_to_markdown(text: str, text_format: str | None) -> str:
    """A question text in Moodle's `html`, `markdown`, `plain_text` or `moodle_auto_format`."""
    fmt = (text_format or "html").lower()
    if fmt in {"markdown", "plain_text", "plain", "moodle_auto_format", "moodle"}:
        return text.strip()
    return html_to_markdown(text)


def category_topic(path: str) -> str:
    """`$course$/top/Statistics/Tests` -> `Statistics / Tests` (empty for the course's top)."""
    path = _CONTEXT_PREFIX.sub("", path.strip())
    parts = [part.strip() for part in re.split(r"(?<!/)/(?!/)", path) if part.strip()]
    if parts and parts[0].lower() == "top":
        parts = parts[1:]
    parts = [part.replace("//", "/") for part in parts]
    return TOPIC_SEPARATOR.join(parts)[:120].strip()


def question_slug(name: str, prompt: str, *, key: str = "") -> str:
    """A stable slug: an explicit key (Moodle's idnumber) as it is; else the name followed by
    a digest of name and text, since names such as "Q1" repeat from file to file."""
    if key.strip():
        return slug_for_key(key)
    name = name.strip()
    if not prompt.strip() and not name:
        return ""
    digest = hashlib.sha1(f"{name}\n{' '.join(prompt.split())}".encode()).hexdigest()[:8]
    base = slugify(name or " ".join(prompt.split()))[:60].strip("-")
    return f"{base}-{digest}" if base else f"q-{digest}"


def settle_slugs(parsed: ParsedFile) -> None:
    """Drop exact repeats inside the file and number distinct questions that share a slug."""
    drop_exact_repeats(parsed)
    seen: set[str] = set()
    for record in parsed.questions:
        if not record.slug:
            continue
        if record.slug in seen:
            number = 2
            while f"{record.slug[:110]}-{number}" in seen:
                number += 1
            record.slug = f"{record.slug[:110]}-{number}"
        seen.add(record.slug)
