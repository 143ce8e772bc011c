"""CSV and TSV in the shape Anki users know: front/back columns plus optional ones.

Anki's header lines are read at the top of the file: `#separator:` (comma, semicolon, tab,
space, pipe, colon or the character itself), `#html:true|false`, `#tags:` (space-separated tags
for every row), `#deck:` (the topic of every row), `#columns:` (column names), and
`#guid column:N`, `#deck column:N`, `#tags column:N` (1-based). `#language:fr` names the
language of the texts (see `translated`). `#notetype...` and `#if matches:` are accepted and
ignored; other lines starting with `#` are comments.

Notes of any field count: named columns that are not ours (a note type's own fields, such as
`English` or `Extra`) and unnamed columns past front and back are kept: when no column is the
front, the first such field is; when none is the back, the next one is; the rest go to the
question's context as `**Field:** value`. A deck path `A::B::C` names the topic `A / B / C`
(an existing topic named like the last part is used when the bank has no topic with the path).
A note with Anki cloze deletions (`{{c1::answer::hint}}`) becomes a cloze question (its prompt
keeps the deletions; the back, Anki's "Back Extra", is the official answer) unless a kind
column says otherwise; deletions that are not well formed leave numbered blanks `_____ (1)` in
an open question whose answers are listed first in the official answer. A separator may be
several characters. A note whose first field is empty is no note (Anki skips it too): listed as
unsupported, skipped with `--skip-unsupported`, unless a header row names the columns (a
spreadsheet: the empty prompt is a problem of its row).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.text import slugify
from django.utils.translation import gettext

from interview.bank.cloze import cloze_problems
from interview.bank.models import Question, split_keywords
from interview.bank.transfer.html_convert import html_to_markdown
from interview.bank.transfer.records import (
    TOPIC_SEPARATOR,
    ChoiceRecord,
    KeyPointRecord,
    ParsedFile,
    QuestionRecord,
    drop_exact_repeats,
)
from interview.lib import figures
from interview.lib.csv_cells import csv_cell_value, csv_safe_cell

SEPARATORS = {
    "comma": ",", "semicolon": ";", "tab": "\t", "space": " ", "pipe": "|", "colon": ":",
}  # fmt: skip
_SEPARATOR_NAMES = {value: name for name, value in SEPARATORS.items()}
_HEADER_RE = re.compile(r"^#\s*([a-z ]+?)\s*:(.*)$", re.IGNORECASE)
_HEADERS = {
    "separator", "html", "tags", "deck", "columns", "guid column", "deck column", "tags column",
    "notetype", "notetype column", "if matches", "language",
}  # fmt: skip
_COLUMN_HEADERS = {
    "guid column": "slug", "deck column": "topic", "tags column": "tags",
    "notetype column": "ignored",
}  # fmt: skip
_ALIASES = {
    "front": "prompt", "prompt": "prompt", "question": "prompt",
    "back": "official_answer", "answer": "official_answer", "officialanswer": "official_answer",
    "slug": "slug", "id": "slug", "guid": "slug", "key": "slug", "externalid": "slug",
    "topic": "topic", "deck": "topic", "tags": "tags", "difficulty": "difficulty",
    "status": "status", "kind": "kind", "keypoints": "key_points",
    "instruction": "instruction", "context": "context", "source": "source_title",
    "sourcetitle": "source_title", "sourceurl": "source_url", "url": "source_url",
    "related": "related", "correct": "correct", "notetype": "ignored",
}  # fmt: skip
# Header rows written in the app's other languages and by other tools: the prompt and answer
# columns (Quizlet's term/definition, Anki's translated Basic fields Vorderseite/Recto/Anverso/
# Fronte/Frente and their backs), the topic (or subject, or Anki's deck) and the difficulty.
# Keys are compared without accents, so `Réponse` and `Reponse` are the same column.
_FOREIGN_ALIASES = {
    "prompt": (
        "frage", "pregunta", "domanda", "pergunta", "term", "terme", "begriff", "termino",
        "termine", "termo", "vorderseite", "recto", "anverso", "fronte", "frente",
        "questiontext", "fragetext",
    ),
    "official_answer": (
        "antwort", "reponse", "respuesta", "risposta", "resposta", "definition", "definicion",
        "definizione", "definicao", "ruckseite", "verso", "reverso", "retro",
    ),
    "topic": (
        "thema", "sujet", "theme", "tema", "topico", "argomento", "category", "kategorie",
        "categorie", "categoria", "fach", "matiere", "materia", "subject",
        # Anki's deck in its translations
        "stapel", "paquet", "mazo", "mazzo", "baralho",
    ),
    "difficulty": ("schwierigkeit", "difficulte", "dificultad", "difficolta", "dificuldade"),
}  # fmt: skip
for _role, _names in _FOREIGN_ALIASES.items():
    for _name in _names:
        _ALIASES.setdefault(_name, _role)
_NUMBERED_RE = re.compile(r"^(choice|option|explanation)(\d+)$")
_MARKDOWN_FIELDS = {"prompt", "official_answer", "instruction", "context"}
_KIND_ALIASES = {
    "open": Question.Kind.OPEN.value, "multiplechoice": Question.Kind.MULTIPLE_CHOICE.value,
    "mcq": Question.Kind.MULTIPLE_CHOICE.value, "choice": Question.Kind.MULTIPLE_CHOICE.value,
    "cloze": Question.Kind.CLOZE.value, "fillintheblanks": Question.Kind.CLOZE.value,
}  # fmt: skip
_SLUG_RE = re.compile(r"^[-a-zA-Z0-9_]+$")
_KEYWORDS_RE = re.compile(r"\s*\(keywords:\s*(.*)\)\s*$", re.IGNORECASE)
# Front and Back first, named as Anki's Basic note type names its fields, so Anki's default
# mapping puts the prompt and the answer on the card; the slug is Anki's GUID column.
EXPORT_COLUMNS = [
    "Front", "Back", "slug", "topic", "kind", "difficulty", "status", "tags", "key_points",
    "instruction", "context", "source_title", "source_url", "related", "correct",
]  # fmt: skip


def column_key(name: str) -> str:
    """A column name compared without case, spaces, `_`, `-` and accents (`Réponse` = `reponse`)."""
    decomposed = unicodedata.normalize("NFKD", name.strip().lower())
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return re.sub(r"[\s_\-]+", "", bare)


def column_role(name: str) -> str | None:
    """The record field a column fills ("choice:2" for numbered ones), None if unknown."""
    key = column_key(name)
    numbered = _NUMBERED_RE.match(key)
    if numbered:
        kind = "explanation" if numbered.group(1) == "explanation" else "choice"
        return f"{kind}:{int(numbered.group(2))}"
    return _ALIASES.get(key)


def slug_for_key(key: str) -> str:
    """A stable slug for an external id (e.g. an Anki guid) that is not a slug already."""
    key = key.strip()
    if _SLUG_RE.match(key) and len(key) <= 120:
        return key
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]
    base = slugify(key)[:60].strip("-")
    return f"{base}-{digest}" if base else f"q-{digest}"


def slug_for_prompt(prompt: str) -> str:
    """A stable slug derived from the prompt, for rows without a slug/id column."""
    normalized = " ".join(prompt.split()).casefold()
    digest = hashlib.sha1(normalized.encode("utf-8")).hexdigest()[:8]
    base = slugify(normalized)[:60].strip("-")
    return f"{base}-{digest}" if base else f"q-{digest}"


def split_list(value: str) -> list[str]:
    """Split on `;` (a literal semicolon is written `\\;`)."""
    parts = re.split(r"(?<!\\);", value)
    return [part.replace("\\;", ";").strip() for part in parts if part.strip()]


def parse_key_point(text: str) -> KeyPointRecord:
    """`text (keywords: a, b)` -> a key point with keywords."""
    match = _KEYWORDS_RE.search(text)
    if not match:
        return KeyPointRecord(text=text.strip())
    keywords = split_keywords(match.group(1))
    return KeyPointRecord(text=text[: match.start()].strip(), keywords=keywords)


def format_key_point(text: str, keywords: list[str]) -> str:
    return f"{text} (keywords: {', '.join(keywords)})" if keywords else text


def split_tags(value: str) -> list[str]:
    """Tags are separated by spaces (as in Anki), or by `;` when a tag has spaces."""
    return split_list(value) if ";" in value else value.split()


_HTML_HINT_RE = re.compile(
    r"<(?:br|div|p|b|i|u|span|font|ul|ol|li|img|sub|sup)\b[^>]*>|&nbsp;", re.I
)


@dataclass
class _Layout:
    separator: str
    html: bool = False
    html_declared: bool = False
    tags: list[str] = field(default_factory=list)
    deck: str = ""
    names: list[str] | None = None
    names_line: int = 0
    special: dict[int, str] = field(default_factory=dict)  # 0-based column -> role
    header_lines: int = 0
    separator_declared: bool = False
    sounds: int = 0  # `[sound:...]` tags dropped
    images: set[str] = field(default_factory=set)  # `<img>` files the text names


# A text file carries no media: an image is named, `[image: name]`, and a sound dropped.
ANKI_SOUND_RE = re.compile(r"\[sound:[^\]]*\]")
ANKI_IMG_RE = re.compile(
    r"""<img\b[^>]*?\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^"'>\s]+))[^>]*>""", re.IGNORECASE
)
ANKI_ALT_RE = re.compile(r'\balt\s*=\s*"([^"]*)"', re.IGNORECASE)


def _image_labels(value: str, layout: _Layout) -> str:
    def label(match: re.Match[str]) -> str:
        source = match.group(1) or match.group(2) or match.group(3) or ""
        layout.images.add(source)
        alt = ANKI_ALT_RE.search(match.group(0))
        name = re.sub(r"[\[\]()<>]", "", (alt.group(1) if alt else "") or source)
        return f" \ue010{name}\ue011 "

    return ANKI_IMG_RE.sub(label, value)


def _without_images(text: str) -> str:
    text = re.sub("(?m)^ (?=\ue010)", "", text)
    return re.sub("\ue010(.*?)\ue011", lambda m: f"[image: {m.group(1)}]", text).strip()


def _semicolons(body: str) -> bool:
    """A CSV without `#separator:` whose rows split evenly on `;` and not on `,`: the CSV that
    spreadsheets write where the comma is the decimal mark (French, German, Italian...)."""
    sample = "\n".join([line for line in body.split("\n") if line.strip()][:20])

    def widths(separator: str) -> set[int]:
        try:
            rows = list(csv.reader(io.StringIO(sample), delimiter=separator))
        except csv.Error:
            return set()
        return {len(row) for row in rows[:-1] or rows}  # the last row may be cut short

    by_semicolon, by_comma = widths(";"), widths(",")

    def even(widths: set[int]) -> bool:
        return len(widths) == 1 and min(widths) >= 2

    return even(by_semicolon) and not even(by_comma)


def _read_headers(parsed: ParsedFile, lines: list[str], default_separator: str) -> _Layout:
    layout = _Layout(separator=default_separator)
    raw_columns = None
    for number, line in enumerate(lines, start=1):
        if not line.startswith("#"):
            break
        layout.header_lines = number
        match = _HEADER_RE.match(line)
        if not match or match.group(1).lower() not in _HEADERS:
            continue  # a comment
        key, value = match.group(1).lower(), match.group(2).strip()
        if key == "separator":
            separator = SEPARATORS.get(value.lower(), value or None)
            if separator is None:
                parsed.problem(
                    number,
                    "#separator",
                    gettext(
                        "unknown separator %(separator)s: use comma, semicolon, tab, space, "
                        "pipe, colon or a single character"
                    )
                    % {"separator": repr(value)},
                )
            else:
                layout.separator = separator
                layout.separator_declared = True
        elif key == "html":
            if value.lower() not in {"true", "false"}:
                parsed.problem(
                    number,
                    "#html",
                    gettext("%(value)s must be true or false") % {"value": repr(value)},
                )
            layout.html = value.lower() == "true"
            layout.html_declared = True
        elif key == "tags":
            layout.tags = value.split()
        elif key == "deck":
            layout.deck = value
        elif key == "language":
            parsed.language, parsed.language_line = value.lower(), number
        elif key == "columns":
            raw_columns = (number, match.group(2))
        elif key in _COLUMN_HEADERS:
            if not value.isdigit() or int(value) < 1:
                parsed.problem(
                    number,
                    f"#{key}",
                    gettext("%(value)s must be a column number (1, 2, ...)")
                    % {"value": repr(value)},
                )
            else:
                layout.special[int(value) - 1] = _COLUMN_HEADERS[key]
    if raw_columns:
        number, value = raw_columns
        layout.names_line = number
        layout.names = next(csv.reader([value.strip()], delimiter=layout.separator), [])
        if not layout.names:
            parsed.problem(number, "#columns", gettext("no column names"))
    return layout


def _roles_from_names(
    parsed: ParsedFile, names: list[str], line: int, special: dict[int, str]
) -> list[str | None]:
    roles: list[str | None] = []
    for index, name in enumerate(names):
        role = special.get(index) or column_role(name) or f"extra:{name.strip() or index + 1}"
        roles.append(role)
    seen: dict[str, int] = {}
    for index, role in enumerate(roles):
        if role and role != "ignored" and not role.startswith("extra:"):
            if role in seen:
                parsed.problem(
                    line,
                    names[index],
                    gettext("column %(column)s repeats column %(first)s (%(role)s)")
                    % {"column": index + 1, "first": seen[role] + 1, "role": role},
                )
            seen.setdefault(role, index)
    _fields_to_roles(roles, seen)
    if "prompt" not in seen:
        parsed.problem(line, "front", gettext("no front/prompt column"))
    return roles


def _fields_to_roles(roles: list[str | None], seen: dict[str, int]) -> None:
    """A note type's own fields: the first is the front and the next the back, unless named."""
    for wanted in ("prompt", "official_answer"):
        if wanted in seen:
            continue
        for index, role in enumerate(roles):
            if role and role.startswith("extra:"):
                roles[index] = wanted
                seen[wanted] = index
                break


def _looks_like_header(row: list[str]) -> bool:
    keys = {column_role(cell) for cell in row if cell.strip()}
    return "prompt" in keys


def _positional_roles(width: int, special: dict[int, str]) -> list[str | None]:
    roles: list[str | None] = []
    free = iter(["prompt", "official_answer"])
    for index in range(width):
        roles.append(special.get(index) or next(free, None) or f"extra:Field {index + 1}")
    return roles


def parse_csv(*, name: str, text: str, separator: str) -> ParsedFile:
    parsed = ParsedFile(name=name)
    stripped = text.lstrip()
    if (stripped.startswith("{") and not ANKI_CLOZE_RE.match(stripped)) or (
        stripped.startswith("[") and _is_json(stripped)
    ):  # a note that opens with a cloze deletion `{{c1::...}}` is not JSON
        parsed.problem(1, "format", gettext("this looks like JSON, not a CSV/TSV file"))
        return parsed
    if re.match(r"#{1,2} \S", stripped) and re.search(r"^## \S", text, re.MULTILINE):
        parsed.problem(1, "format", gettext("this looks like Markdown, not a CSV/TSV file"))
        return parsed
    lines = text.split("\n")
    layout = _read_headers(parsed, lines, separator)
    body = "\n".join(lines[layout.header_lines :])
    if layout.separator == "," and not layout.separator_declared and _semicolons(body):
        layout.separator = ";"
    if not layout.html_declared and _HTML_HINT_RE.search(text):
        layout.html = True  # an Anki export without headers: its fields are HTML
    rows = _read_rows(parsed, layout, "\n".join(lines[layout.header_lines :]))
    if rows is None:
        return parsed
    # Notes as Anki writes and reads them (fields by position or named by `#columns:`): a row
    # whose first field is empty is no note, as for Anki, which skips it ("empty first field").
    # A spreadsheet with a header row keeps a missing prompt as a problem of its row.
    anki_notes = layout.names is not None
    if layout.names is not None:
        roles = _roles_from_names(parsed, layout.names, layout.names_line, layout.special)
    elif rows and _looks_like_header(rows[0][1]):
        line, header = rows.pop(0)
        roles = _roles_from_names(parsed, header, line, layout.special)
    else:
        roles = _positional(parsed, layout, rows)
        anki_notes = True
    if parsed.problems:
        return parsed
    if not rows:
        parsed.problem(None, "file", gettext("no question rows in the file"))
        return parsed
    for line, row in rows:
        if anki_notes and _empty_first_field(roles, row):
            prompt = row[roles.index("prompt")] if roles.index("prompt") < len(row) else ""
            sound_only = bool(ANKI_SOUND_RE.search(prompt))
            kind = (
                gettext("sound-only note")
                if sound_only
                else gettext("note with an empty first field")
            )
            parsed.unsupported.append((line, kind))
            continue
        _parse_row(parsed, layout, roles, line, row)
    drop_exact_repeats(parsed)
    if layout.sounds:
        parsed.notes.append(
            gettext("%(count)s sound(s) dropped") % {"count": figures.number(layout.sounds)}
        )
    if layout.images:
        parsed.notes.append(
            gettext(
                "%(count)s image(s) named but not in a text file, shown as [image: name] "
                "(import the deck's .apkg package to keep them)"
            )
            % {"count": figures.number(len(layout.images))}
        )
    return parsed


def _empty_first_field(roles: list[str | None], row: list[str]) -> bool:
    """The note's first field (the prompt) is empty while another field is not."""
    if "prompt" not in roles:
        return False
    index = roles.index("prompt")
    prompt = ANKI_SOUND_RE.sub("", row[index] if index < len(row) else "")
    return not html_to_markdown(prompt).strip() and any(cell.strip() for cell in row)


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except RecursionError:
        return True  # brackets nested beyond any CSV cell: JSON, too deep to read
    except ValueError:
        return False
    return True


def _read_rows(
    parsed: ParsedFile, layout: _Layout, body: str
) -> list[tuple[int, list[str]]] | None:
    """Non-blank rows with the line each starts on; None when the CSV cannot be read."""
    separator = layout.separator
    if len(separator) > 1:  # csv reads one-character separators: stand in a unit separator
        body, separator = body.replace(separator, "\x1f"), "\x1f"
    reader = csv.reader(io.StringIO(body), delimiter=separator)
    rows: list[tuple[int, list[str]]] = []
    previous = 0
    try:
        for row in reader:
            start = layout.header_lines + previous + 1
            previous = reader.line_num
            if any(cell.strip() for cell in row):
                rows.append((start, [csv_cell_value(cell) for cell in row]))
    except csv.Error as error:
        parsed.problem(
            layout.header_lines + reader.line_num,
            "format",
            gettext("not valid CSV/TSV: %(error)s") % {"error": error},
        )
        return None
    return rows


def _positional(
    parsed: ParsedFile, layout: _Layout, rows: list[tuple[int, list[str]]]
) -> list[str | None]:
    """No column names: the columns are front and back (besides Anki's numbered columns)."""
    width = max((len(row) for _, row in rows), default=0)
    if width == 1:
        other = "," if layout.separator == "\t" else "\t"
        if any(other in row[0] for _, row in rows):
            name = _SEPARATOR_NAMES.get(layout.separator, repr(layout.separator))
            parsed.problem(
                rows[0][0],
                "format",
                gettext("no %(separator)s-separated columns found: is this a %(format)s file?")
                % {"separator": name, "format": "CSV" if other == "," else "TSV"},
            )
    return _positional_roles(width, layout.special)


def _parse_row(
    parsed: ParsedFile, layout: _Layout, roles: list[str | None], line: int, row: list[str]
) -> None:
    if len(row) > len(roles) and any(cell.strip() for cell in row[len(roles) :]):
        parsed.problem(
            line,
            "row",
            gettext("the row has %(fields)s fields but the file has %(columns)s columns")
            % {"fields": len(row), "columns": len(roles)},
        )
        return
    cells = {role: cell for role, cell in zip(roles, row, strict=False) if role}
    present = {role for role in roles if role}

    def text(role: str) -> str | None:
        if role not in present:
            return None
        value = cells.get(role, "")
        if role in _MARKDOWN_FIELDS or ":" in role:
            layout.sounds += len(ANKI_SOUND_RE.findall(value))
            value = ANKI_SOUND_RE.sub("", value)
            if layout.html:
                return _without_images(html_to_markdown(_image_labels(value, layout)))
        return value.strip()

    prompt = text("prompt") or ""
    key = cells.get("slug", "").strip()
    slug = slug_for_key(key) if key else slug_for_prompt(prompt) if prompt.strip() else ""
    deck = cells.get("topic", "").strip() or layout.deck
    topic = TOPIC_SEPARATOR.join(part.strip() for part in deck.split("::") if part.strip())
    tags = None
    if "tags" in present or layout.tags:
        tags = layout.tags + split_tags(cells.get("tags", ""))
    answer = text("official_answer")
    cloze_kind = False
    if ANKI_CLOZE_RE.search(prompt):
        if not cloze_problems(prompt) and _kind(text("kind")) in (None, "cloze"):
            cloze_kind = True
        else:
            prompt, listed = anki_cloze_blanks(prompt)
            answer = "\n\n".join(part for part in (listed, answer) if part)
    context = text("context")
    extras = [
        f"**{role.split(':', 1)[1]}:** {value}"
        for role in roles
        if role and role.startswith("extra:") and (value := text(role) or "")
    ]
    if extras:
        context = "\n\n".join(part for part in (context, *extras) if part)
    record = QuestionRecord(
        file=parsed.name,
        line=line,
        slug=slug,
        topic=topic,
        prompt=prompt,
        official_answer=answer,
        kind=Question.Kind.CLOZE.value if cloze_kind else _kind(text("kind")),
        difficulty=(text("difficulty") or "").lower() or None,
        status=(text("status") or "").lower() or None,
        instruction=text("instruction"),
        context=context,
        source_title=text("source_title"),
        source_url=text("source_url"),
        tags=tags,
        key_points=(
            [parse_key_point(item) for item in split_list(cells.get("key_points", ""))]
            if "key_points" in present
            else None
        ),
        related=(
            [item for item in re.split(r"[;,\s]+", cells.get("related", "")) if item]
            if "related" in present
            else None
        ),
        labels={"prompt": "front", "official_answer": "back", "slug": "slug" if key else "front"},
    )
    numbers = sorted(
        {
            int(role.split(":")[1])
            for role in present
            if role.startswith(("choice:", "explanation:"))
        }
    )
    if numbers:
        record.choices = _choices(parsed, line, numbers, text, cells.get("correct", ""))
        if record.kind is None:
            record.kind = (
                Question.Kind.MULTIPLE_CHOICE.value if record.choices else Question.Kind.OPEN.value
            )
    elif cells.get("correct", "").strip():
        parsed.problem(
            line,
            "correct",
            gettext("a correct option is named but there are no option columns"),
        )
    parsed.questions.append(record)


ANKI_CLOZE_RE = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.DOTALL)


def anki_cloze_blanks(text: str) -> tuple[str, str]:
    """`{{c1::Paris::city}}` -> `_____ (1: city)`; returns the text and the numbered answers."""
    answers: dict[int, list[str]] = {}

    def blank(match: re.Match[str]) -> str:
        number = int(match.group(1))
        answers.setdefault(number, []).append(match.group(2).strip())
        hint = f": {match.group(3).strip()}" if match.group(3) else ""
        return f"_____ ({number}{hint})"

    prompt = ANKI_CLOZE_RE.sub(blank, text)
    listed = "\n".join(
        f"{number}. {', '.join(values)}" for number, values in sorted(answers.items())
    )
    return prompt, listed


def _kind(value: str | None) -> str | None:
    if not value:
        return None
    return _KIND_ALIASES.get(column_key(value), value)


def _choices(
    parsed: ParsedFile, line: int, numbers: list[int], text, correct_cell: str
) -> list[ChoiceRecord]:
    texts = {n: text(f"choice:{n}") or "" for n in numbers}
    explanations = {n: text(f"explanation:{n}") or "" for n in numbers}
    for number, explanation in explanations.items():
        if explanation and not texts[number]:
            parsed.problem(
                line,
                f"explanation{number}",
                gettext("an explanation for empty option %(number)s") % {"number": number},
            )
    correct: set[int] = set()
    for item in re.split(r"[;,\s]+", correct_cell.strip()):
        if not item:
            continue
        number = int(item) if item.isdigit() else ord(item.upper()) - 64 if len(item) == 1 else 0
        if not texts.get(number):
            parsed.problem(
                line,
                "correct",
                gettext("%(item)s does not name a filled option (choice1, choice2, ...)")
                % {"item": repr(item)},
            )
        correct.add(number)
    return [
        ChoiceRecord(text=texts[n], is_correct=n in correct, explanation=explanations[n])
        for n in numbers
        if texts[n]
    ]


def write_csv(*, questions: list[Question], separator: str) -> bytes:
    """Questions (relations prefetched, topic selected) as CSV/TSV with Anki header lines."""
    width = max((len(question.choices.all()) for question in questions), default=0)
    columns = EXPORT_COLUMNS + [f"choice{n}" for n in range(1, width + 1)]
    columns += [f"explanation{n}" for n in range(1, width + 1)]
    out = io.StringIO()
    name = _SEPARATOR_NAMES[separator]
    out.write(f"#separator:{name}\n#html:false\n")
    out.write(f"#guid column:{columns.index('slug') + 1}\n")
    out.write(f"#deck column:{columns.index('topic') + 1}\n")
    out.write(f"#tags column:{columns.index('tags') + 1}\n")
    writer = csv.writer(out, delimiter=separator, lineterminator="\n")
    header = io.StringIO()
    csv.writer(header, delimiter=separator, lineterminator="").writerow(columns)
    out.write(f"#columns:{header.getvalue()}\n")
    for question in questions:
        choices = list(question.choices.all())
        tags = [
            tag.name if not re.search(r"\s", tag.name) else tag.slug for tag in question.tags.all()
        ]
        row = [
            question.prompt,
            question.official_answer,
            question.slug,
            "::".join(question.topic.name.split(TOPIC_SEPARATOR)),  # Anki's deck path
            question.kind,
            question.difficulty,
            question.status,
            " ".join(tags),
            "; ".join(
                format_key_point(point.text, point.keyword_list).replace(";", "\\;")
                for point in question.key_points.all()
            ),
            question.instruction,
            question.context,
            question.source_title,
            question.source_url,
            " ".join(sorted(other.slug for other in question.related.all())),
            ";".join(str(n) for n, choice in enumerate(choices, start=1) if choice.is_correct),
        ]
        row += [choice.text for choice in choices] + [""] * (width - len(choices))
        row += [choice.explanation for choice in choices] + [""] * (width - len(choices))
        writer.writerow([csv_safe_cell(cell) for cell in row])
    return out.getvalue().encode("utf-8")
