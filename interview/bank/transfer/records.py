"""What a parsed import file holds: format-neutral records, problems and reports.

Parsers turn bytes into `TopicRecord`s and `QuestionRecord`s. A `None` field means "the file
does not say": an existing question keeps its value and a new one gets the default. Every record
remembers where it came from, so a problem can name the file, the line and the field.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext

from interview.bank.media import MediaFile
from interview.lib.figures import number

TOPIC_SEPARATOR = " / "  # a deck or category path kept in a topic name: "Maths / Algebra"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an import, located as precisely as the format allows."""

    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.field}: {self.message}"


# `translations` (JSON only): the stored translations of the item, by language and field (see
# `interview.bank.translation`); None when the file does not say (the bank's are kept).


@dataclass
class KeyPointRecord:
    text: str
    keywords: list[str] = field(default_factory=list)
    misconceptions: list[str] = field(default_factory=list)
    translations: dict | None = None


@dataclass
class ChoiceRecord:
    text: str
    is_correct: bool
    explanation: str = ""
    translations: dict | None = None


@dataclass
class NoteRecord:
    title: str
    body: str
    line: int | None = None
    translations: dict | None = None


@dataclass
class TopicRecord:
    """A topic named in a file. `defines` topics (JSON) are created or updated from the file;
    the others (CSV, Markdown) only name a topic and are created when topics may be created."""

    file: str
    line: int | None
    slug: str
    name: str
    defines: bool
    description: str = ""
    tags: list[str] = field(default_factory=list)
    key_concepts: list[str] = field(default_factory=list)
    order: int | None = None
    notes: list[NoteRecord] = field(default_factory=list)
    former_slugs: list[str] = field(default_factory=list)  # old slugs that keep working
    translations: dict | None = None


@dataclass
class QuestionRecord:
    file: str
    line: int | None
    slug: str
    topic: str  # a topic slug or name; resolved by the importer
    prompt: str
    official_answer: str | None = None
    short_answer: str | None = None
    kind: str | None = None
    difficulty: str | None = None
    status: str | None = None
    instruction: str | None = None
    context: str | None = None
    source_title: str | None = None
    source_url: str | None = None
    tags: list[str] | None = None
    key_points: list[KeyPointRecord] | None = None
    choices: list[ChoiceRecord] | None = None
    related: list[str] | None = None
    order: int | None = None
    exercise: dict | None = None  # SQL and Python exercises: the Exercise fields (JSON only)
    translations: dict | None = None
    # Where each field is in the file and what the file calls it (e.g. CSV "front" for prompt).
    lines: dict[str, int] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)

    def problem(self, name: str, message: str) -> Problem:
        return Problem(
            self.file, self.lines.get(name, self.line), self.labels.get(name, name), message
        )


@dataclass
class ParsedFile:
    name: str
    topics: list[TopicRecord] = field(default_factory=list)
    questions: list[QuestionRecord] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    tag_slugs: dict[str, str] = field(default_factory=dict)  # tag name -> slug (JSON exports)
    # Items the file holds that have no kind here (matching, drag and drop...): (line, type).
    unsupported: list[tuple[int | None, str]] = field(default_factory=list)
    # What the reader chose or dropped (a topic from the file name, sounds, duplicates...).
    notes: list[str] = field(default_factory=list)
    media: list[MediaFile] = field(default_factory=list)  # images the questions show
    # The language the file says its texts are in (`#language:fr`, `<!-- language: fr -->`),
    # and the line saying it; "" when it names none.
    language: str = ""
    language_line: int | None = None

    def problem(self, line: int | None, name: str, message: str) -> None:
        self.problems.append(Problem(self.name, line, name, message))


@dataclass
class ImportReport:
    """What an import did (or, for a dry run or a refused import, would have done)."""

    dry_run: bool = False
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)
    problems: list[Problem] = field(default_factory=list)
    rejected: int = 0  # questions refused because of a problem
    notes: list[str] = field(default_factory=list)  # what the readers chose or dropped, per file
    # Question slugs by outcome, in file order, for the admin's dry-run page.
    questions: dict[str, list[str]] = field(
        default_factory=lambda: {"created": [], "updated": [], "unchanged": [], "skipped": []}
    )

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def written(self) -> bool:
        return self.ok and not self.dry_run

    @property
    def changed(self) -> bool:
        return bool(sum(self.created.values()) or sum(self.updated.values()))

    def summary(self) -> str:
        parts = []
        kinds = {
            "topic": gettext("topics"),
            "note": gettext("notes"),
            "question": gettext("questions"),
        }
        for kind, label in kinds.items():
            counts = {
                "kind": label,
                "created": number(self.created[kind]),
                "updated": number(self.updated[kind]),
                "unchanged": number(self.unchanged[kind]),
                "skipped": number(self.skipped[kind]),
            }
            if self.skipped[kind]:
                text = gettext(
                    "%(kind)s: %(created)s created, %(updated)s updated, %(unchanged)s unchanged, "
                    "%(skipped)s skipped"
                )
            else:
                text = gettext(
                    "%(kind)s: %(created)s created, %(updated)s updated, %(unchanged)s unchanged"
                )
            parts.append(text % counts)
        if self.created["tag"]:
            parts.append(
                gettext("tags: %(created)s created") % {"created": number(self.created["tag"])}
            )
        return "; ".join(parts)


def _fingerprint(record: QuestionRecord) -> tuple:
    choices = tuple((c.text, c.is_correct) for c in record.choices or [])
    return (
        record.topic, record.prompt, record.official_answer, record.short_answer, record.kind,
        record.context, tuple(record.tags or ()), choices,
    )  # fmt: skip


def drop_exact_repeats(parsed: ParsedFile) -> None:
    """Leave out a question that repeats an earlier one of the same file exactly (same key and
    content), and say how many; questions sharing a key with other content stay (the import
    names the clash)."""
    seen: dict[str, tuple] = {}
    kept: list[QuestionRecord] = []
    repeats = 0
    for record in parsed.questions:
        fingerprint = _fingerprint(record)
        if record.slug and seen.get(record.slug) == fingerprint:
            repeats += 1
            continue
        seen.setdefault(record.slug, fingerprint)
        kept.append(record)
    parsed.questions = kept
    if repeats:
        parsed.notes.append(
            gettext("%(count)s exact repeat(s) of a question in the same file left out")
            % {"count": number(repeats)}
        )
