"""Load translations of starter-bank topics from `fixtures/translations/<lang>/<topic-slug>.json`.

The rule:
- A file translates one English topic file (`fixtures/starter_bank/<topic-slug>.json`) into one
  language of TRANSLATION_LANGUAGES. It holds only the translatable texts and mirrors the English
  file: the same topic slug (also the file's name), `"language"` equal to its folder, the topic's
  `name`, `description` and `key_concepts` (same count), its `notes` (same count and order,
  `title` and `body`), and every question of the English file in the same order with the same
  slug, each with `prompt`, `instruction`, `context`, `official_answer`, `short_answer`, its
  `key_points` (same count; `text`, `keywords` as a list, `misconceptions` as a list of the same
  count) and its `choices` (same count; `text`, `explanation`).
- A text is required where the English one is not empty, and must stay empty where the English
  one is. Markdown keeps its structure: the same number of code fences and of `$` signs.
- Every problem is named with its file and place (`questions[3].key_points[1].keywords`). A file
  with any problem loads nothing; the other files still load.
- Loading matches the bank by the English file: the topic and its questions by slug, notes by
  their English title, key points and choices by position (their count in the bank must be the
  English file's). It sets that language's texts on those rows (`translations`) and nothing
  else; loading the same files again changes nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from interview.bank.models import Choice, KeyPoint, Question, StudyNote, Topic
from interview.bank.translation import TRANSLATION_LANGUAGES, translation_set

TRANSLATIONS_DIRECTORY = Path(settings.BASE_DIR) / "fixtures" / "translations"
ENGLISH_DIRECTORY = Path(settings.BASE_DIR) / "fixtures" / "starter_bank"

TOPIC_KEYS = {"slug", "language", "name", "description", "key_concepts", "notes", "questions"}
QUESTION_TEXTS = ("prompt", "instruction", "context", "official_answer", "short_answer")
QUESTION_KEYS = {"slug", *QUESTION_TEXTS, "key_points", "choices"}
MARKDOWN_MARKS = ("```", "$")


@dataclass(frozen=True)
class TranslationProblem:
    file: str
    where: str
    message: str

    def __str__(self) -> str:
        place = f" {self.where}" if self.where else ""
        return f"{self.file}:{place}: {self.message}"


@dataclass
class TranslationReport:
    files: int = 0
    loaded: int = 0
    changed: int = 0  # rows whose translations changed
    problems: list[TranslationProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        return (
            f"{self.loaded} of {self.files} translation file(s) loaded, "
            f"{self.changed} text row(s) changed, {len(self.problems)} problem(s)"
        )


def translation_files(directory: Path = TRANSLATIONS_DIRECTORY) -> list[Path]:
    """Every `<lang>/<slug>.json` under `directory` (any folder name: checking says which are
    not a translation language)."""
    if not directory.is_dir():
        return []
    return sorted(path for path in directory.glob("*/*.json") if path.is_file())


class _Checker:
    """Collects the problems of one translation file against its English topic file."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.problems: list[TranslationProblem] = []

    def problem(self, where: str, message: str) -> None:
        self.problems.append(TranslationProblem(self.name, where, message))

    def keys(self, where: str, value: dict[str, Any], allowed: set[str]) -> None:
        missing = sorted(allowed - set(value))
        unknown = sorted(set(value) - allowed)
        if missing:
            self.problem(where, f"missing {', '.join(missing)}")
        if unknown:
            self.problem(where, f"unknown key(s) {', '.join(unknown)}")

    def text(self, where: str, value: Any, english: Any, *, markdown: bool = True) -> None:
        if value is None:
            return  # reported as missing by keys()
        if not isinstance(value, str):
            self.problem(where, "must be text")
            return
        english = english if isinstance(english, str) else ""
        if english.strip() and not value.strip():
            self.problem(where, "is empty but the English is not")
        elif value.strip() and not english.strip():
            self.problem(where, "must stay empty: the English is empty")
        if markdown:
            for mark in MARKDOWN_MARKS:
                if value.count(mark) != english.count(mark):
                    self.problem(
                        where,
                        f"has {value.count(mark)} {mark!r} where the English has "
                        f"{english.count(mark)} (keep code blocks and math as they are)",
                    )

    def text_list(
        self, where: str, value: Any, english: list[Any], *, same_count: bool = True
    ) -> bool:
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            self.problem(where, "must be a list of texts")
            return False
        if same_count and len(value) != len(english):
            self.problem(where, f"has {len(value)} item(s) where the English has {len(english)}")
            return False
        for index, item in enumerate(value):
            if not item.strip():
                self.problem(f"{where}[{index}]", "is empty")
        return True

    def object_list(self, where: str, value: Any, english: list[Any]) -> bool:
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            self.problem(where, "must be a list of objects")
            return False
        if len(value) != len(english):
            self.problem(where, f"has {len(value)} item(s) where the English has {len(english)}")
            return False
        return True


def translation_file_check(
    *, name: str, data: Any, english: dict[str, Any], language: str, slug: str
) -> list[TranslationProblem]:
    """Every problem of a parsed translation file `data` against its English topic file."""
    check = _Checker(name)
    if language not in TRANSLATION_LANGUAGES:
        check.problem("", f"folder {language!r} is not one of {', '.join(TRANSLATION_LANGUAGES)}")
        return check.problems
    if not isinstance(data, dict):
        check.problem("", "must be a JSON object")
        return check.problems
    check.keys("", data, TOPIC_KEYS)
    if data.get("slug") != english.get("slug") or slug != english.get("slug"):
        check.problem("slug", f"must be the English topic slug {english.get('slug')!r}")
    if data.get("language") != language:
        check.problem("language", f"must be {language!r} (the folder's language)")
    check.text("name", data.get("name"), english.get("name"), markdown=False)
    check.text("description", data.get("description"), english.get("description", ""))
    if "key_concepts" in data:
        check.text_list("key_concepts", data["key_concepts"], english.get("key_concepts", []))
    english_notes = english.get("notes", [])
    if "notes" in data and check.object_list("notes", data["notes"], english_notes):
        for index, (note, source) in enumerate(zip(data["notes"], english_notes, strict=True)):
            where = f"notes[{index}]"
            check.keys(where, note, {"title", "body"})
            check.text(f"{where}.title", note.get("title"), source.get("title"), markdown=False)
            check.text(f"{where}.body", note.get("body"), source.get("body", ""))
    english_questions = english.get("questions", [])
    questions = data.get("questions")
    if questions is None:
        return check.problems
    if not isinstance(questions, list) or not all(isinstance(q, dict) for q in questions):
        check.problem("questions", "must be a list of objects")
        return check.problems
    slugs = [question.get("slug") for question in questions]
    english_slugs = [question.get("slug") for question in english_questions]
    if slugs != english_slugs:
        missing = [slug for slug in english_slugs if slug not in slugs]
        unknown = [slug for slug in slugs if slug not in english_slugs]
        detail = []
        if missing:
            detail.append(f"missing {', '.join(map(str, missing[:10]))}")
        if unknown:
            detail.append(f"not in the English file {', '.join(map(str, unknown[:10]))}")
        if not detail:
            detail.append("not in the English order")
        check.problem("questions", "must list the English questions in order: " + "; ".join(detail))
        return check.problems
    for index, (question, source) in enumerate(zip(questions, english_questions, strict=True)):
        _check_question(check, f"questions[{index}]", question, source)
    return check.problems


def _check_question(
    check: _Checker, where: str, question: dict[str, Any], source: dict[str, Any]
) -> None:
    check.keys(where, question, QUESTION_KEYS)
    for name in QUESTION_TEXTS:
        check.text(f"{where}.{name}", question.get(name), source.get(name, ""))
    english_points = source.get("key_points", [])
    points = question.get("key_points")
    if points is not None and check.object_list(f"{where}.key_points", points, english_points):
        for index, (point, english) in enumerate(zip(points, english_points, strict=True)):
            place = f"{where}.key_points[{index}]"
            check.keys(place, point, {"text", "keywords", "misconceptions"})
            check.text(f"{place}.text", point.get("text"), english.get("text"), markdown=False)
            if (
                "keywords" in point
                and check.text_list(f"{place}.keywords", point["keywords"], [], same_count=False)
                and not point["keywords"]
            ):
                check.problem(f"{place}.keywords", "is empty: list the words that count")
            if "misconceptions" in point:
                check.text_list(
                    f"{place}.misconceptions",
                    point["misconceptions"],
                    english.get("misconceptions", []),
                )
    english_choices = source.get("choices", [])
    choices = question.get("choices")
    if choices is not None and check.object_list(f"{where}.choices", choices, english_choices):
        for index, (choice, english) in enumerate(zip(choices, english_choices, strict=True)):
            place = f"{where}.choices[{index}]"
            check.keys(place, choice, {"text", "explanation"})
            check.text(f"{place}.text", choice.get("text"), english.get("text"))
            check.text(
                f"{place}.explanation", choice.get("explanation"), english.get("explanation", "")
            )


def _read_json(path: Path, check: _Checker) -> Any:
    try:
        return json.loads(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError as error:
        check.problem("", f"is not UTF-8 text (byte {error.start})")
    except json.JSONDecodeError as error:
        check.problem(
            "", f"is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"
        )
    except OSError as error:
        check.problem("", f"cannot be read ({error.strerror})")
    return None


def translation_files_check(
    *, paths: list[Path], english_directory: Path = ENGLISH_DIRECTORY, base: Path | None = None
) -> tuple[list[tuple[Path, dict[str, Any], dict[str, Any]]], list[TranslationProblem]]:
    """The files that are right (with their data and English file) and every problem."""
    good: list[tuple[Path, dict[str, Any], dict[str, Any]]] = []
    problems: list[TranslationProblem] = []
    for path in paths:
        name = _display_name(path, base)
        check = _Checker(name)
        language, slug = path.parent.name, path.stem
        english_path = english_directory / f"{slug}.json"
        if not english_path.is_file():
            check.problem("", f"no English topic file {slug}.json to translate")
            problems.extend(check.problems)
            continue
        english = _read_json(english_path, _Checker(english_path.name))
        data = _read_json(path, check)
        if check.problems or not isinstance(english, dict):
            problems.extend(check.problems)
            continue
        found = translation_file_check(
            name=name, data=data, english=english, language=language, slug=slug
        )
        if found:
            problems.extend(found)
        else:
            good.append((path, data, english))
    return good, problems


def _display_name(path: Path, base: Path | None) -> str:
    try:
        return str(path.relative_to(base)) if base else f"{path.parent.name}/{path.name}"
    except ValueError:
        return str(path)


def translations_load(
    *,
    paths: list[Path],
    english_directory: Path = ENGLISH_DIRECTORY,
    dry_run: bool = False,
) -> TranslationReport:
    """Check every file, then load each right one (each file all or nothing)."""
    good, problems = translation_files_check(paths=paths, english_directory=english_directory)
    report = TranslationReport(files=len(paths), problems=problems)
    for path, data, english in good:
        check = _Checker(_display_name(path, None))
        with transaction.atomic():
            changed = _apply(check, language=path.parent.name, data=data, english=english)
            if check.problems or dry_run:
                transaction.set_rollback(True)
        if check.problems:
            report.problems.extend(check.problems)
            continue
        report.loaded += 1
        report.changed += changed
    return report


def _by_position(
    check: _Checker,
    where: str,
    label: str,
    rows: list[KeyPoint] | list[Choice],
    given: list[dict[str, Any]],
) -> list[tuple[dict[str, Any], KeyPoint | Choice]]:
    """The file's key points or options (`given`) paired by position with the bank's `rows`;
    none, and a problem at `where`, when the counts differ."""
    if len(rows) != len(given):
        check.problem(
            where, f"the bank has {len(rows)} {label}(s) for this question, the file {len(given)}"
        )
        return []
    return list(zip(given, rows, strict=True))


def _apply(check: _Checker, *, language: str, data: dict[str, Any], english: dict[str, Any]) -> int:
    """Set `language`'s texts on the rows the file translates; the number of rows changed."""
    topic = Topic.objects.public().filter(slug=english["slug"]).first()
    if topic is None:
        check.problem("slug", f"topic {english['slug']!r} is not in the bank (load it first)")
        return 0
    pending: dict[Any, list[Any]] = {}

    def put(obj: Any, values: dict[str, str]) -> None:
        if translation_set(obj, language=language, values=values):
            pending.setdefault(type(obj), []).append(obj)

    put(
        topic,
        {
            "name": data["name"],
            "description": data["description"],
            "key_concepts": "\n".join(data["key_concepts"]),
        },
    )
    notes = {note.title: note for note in StudyNote.objects.filter(topic=topic)}
    for index, (note, source) in enumerate(
        zip(data["notes"], english.get("notes", []), strict=True)
    ):
        note_row = notes.get(source.get("title"))
        if note_row is None:
            check.problem(f"notes[{index}]", f"note {source.get('title')!r} is not in the bank")
            continue
        put(note_row, {"title": note["title"], "body": note["body"]})
    slugs = [question["slug"] for question in data["questions"]]
    rows = {
        question.slug: question
        for question in Question.objects.filter(slug__in=slugs).prefetch_related(
            "key_points", "choices"
        )
    }
    for index, question in enumerate(data["questions"]):
        where = f"questions[{index}]"
        row = rows.get(question["slug"])
        if row is None:
            check.problem(where, f"question {question['slug']!r} is not in the bank")
            continue
        put(row, {name: question[name] for name in QUESTION_TEXTS})
        points = list(row.key_points.all())
        for values, obj in _by_position(
            check, f"{where}.key_points", "key point", points, question["key_points"]
        ):
            put(
                obj,
                {
                    "text": values["text"],
                    "keywords": ", ".join(word.strip() for word in values["keywords"]),
                    "misconceptions": "\n".join(values["misconceptions"]),
                },
            )
        choices = list(row.choices.all())
        for values, obj in _by_position(
            check, f"{where}.choices", "option", choices, question["choices"]
        ):
            put(obj, {"text": values["text"], "explanation": values["explanation"]})
    for model, objs in pending.items():
        model.objects.bulk_update(objs, ["translations"], batch_size=200)
    return sum(len(objs) for objs in pending.values())
