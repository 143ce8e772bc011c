"""Which format a file is in, from its content (the extension is only a hint).

Rules, in order:
- JSON: the text parses as JSON (or the name says .json and it starts with `{` or `[`).
- XML: an XML document whose root is Moodle's `<quiz>` or a QTI item or manifest (or a .xml
  name); the importer then tells Moodle XML from QTI by the root element.
- Anki "Notes in Plain Text": `#separator:`/`#html:`/`#columns:` header lines: CSV/TSV.
- Markdown: a `# Topic` heading followed by `##` headings (or a .md name).
- GIFT: answer blocks in braces (`{=...}`, `{~...}`, `{T}`, `{#...}`), `::name::` or
  `$CATEGORY:`.
- otherwise CSV or TSV by which separator the first lines use (tab wins), else the name's hint.
"""

from __future__ import annotations

import json
import re
from pathlib import PurePosixPath

from interview.bank.transfer.gift_format import looks_like_gift
from interview.bank.transfer.moodle_xml import looks_like_moodle_xml
from interview.bank.transfer.qti import root_kind

_HEADING_ANCHOR_RE = re.compile(r"^(#{1,6} .*?)\{#[\w-]+\}[ \t]*$", re.MULTILINE)
_ANKI_HEADER_RE = re.compile(r"^#(separator|html|columns|notetype|deck|tags|guid column):", re.I)


def detect_format(text: str, *, hint: str | None) -> str | None:
    stripped = text.lstrip()
    if stripped.startswith(("{", "[")):
        try:
            json.loads(stripped)
            return "json"
        except RecursionError:
            return "json"  # its parser names the nesting as the problem
        except ValueError:
            if hint == "json":
                return "json"  # its parser names the line and column of the error
    if stripped.startswith("<") and (
        looks_like_moodle_xml(stripped) or root_kind(stripped) or hint == "xml"
    ):
        return "xml"
    first_lines = stripped.split("\n", 20)[:20]
    if any(_ANKI_HEADER_RE.match(line) for line in first_lines):
        return hint if hint in {"csv", "tsv"} else "tsv"
    headed = re.match(r"#{1,2} \S", stripped) and re.search(r"^#{2,4} \S", text, re.MULTILINE)
    # `{#slug}` closing a heading is a Markdown anchor, not a GIFT numerical answer
    unanchored = _HEADING_ANCHOR_RE.sub(r"\1", text)
    if hint == "md" or (headed and not looks_like_gift(unanchored)):
        return "md"
    if hint == "gift" or looks_like_gift(text):
        return "gift"
    if hint == "json":
        return "json"
    sample = [line for line in first_lines if line.strip()][:10]
    tabs = sum(line.count("\t") for line in sample)
    commas = sum(line.count(",") for line in sample)
    semicolons = sum(line.count(";") for line in sample)
    if tabs:
        return "tsv"
    if hint in {"csv", "tsv"}:
        return hint
    if commas or semicolons:
        return "csv"
    return hint


def topic_from_file_name(name: str) -> str:
    """`exports/Deep_Learning-cards.txt` -> `Deep Learning cards`."""
    stem = PurePosixPath(name.replace("\\", "/")).stem
    words = re.sub(r"[_\-.]+", " ", stem).strip()
    return (words[:1].upper() + words[1:])[:120] or "Imported"
