"""CSV/TSV and Markdown in one language: a file per language, for translators.

The rule:
- Exporting in a language (`language="fr"`) writes each text in that language where it is
  translated and in English where it is not, and names the language in the file (`#language:fr`
  in the CSV header lines, `<!-- language: fr -->` above a Markdown file's first topic). JSON
  carries every language at once, so a language applies to CSV, TSV and Markdown only.
- Importing a file in a language only translates questions already in the bank, matched by
  slug: the prompt, instruction, context, official answer, key points (text and keywords, by
  position) and options (text and explanation, by position) become that language's texts. A
  text equal to the English one is taken as "not translated" (an exported file carries the
  English where nothing was translated). Nothing else changes: no question, topic or English
  text is created or edited. A question that is not in the bank, or whose key points or
  options do not have the bank's count, is a problem; with any problem nothing is written.
- The language of an import is the one given (the `--language` option, the admin's "Language of
  the files"); without one, the one the files name (English when they name none). A file that
  names another language than the one given, or files naming different languages, are a
  problem of each such file: nothing is imported, rather than French texts landing in the
  English fields.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from interview.bank.models import Question, Topic
from interview.bank.selectors import topic_counts_forget
from interview.bank.transfer.records import ImportReport, ParsedFile, Problem, QuestionRecord
from interview.bank.translation import (
    SOURCE_LANGUAGE,
    TRANSLATION_LANGUAGES,
    localized_text,
    translation_set,
)
from interview.lib.figures import number

LANGUAGE_FORMATS = ("csv", "tsv", "md")
_QUESTION_TEXTS = ("prompt", "instruction", "context", "official_answer", "short_answer")


def language_check(*, language: str | None, format: str | None) -> str | None:
    """The problem with exporting or importing `format` in `language`, or None."""
    if not language or language == SOURCE_LANGUAGE:
        return None
    if language not in TRANSLATION_LANGUAGES:
        return gettext("unknown language %(language)s: choose one of %(languages)s") % {
            "language": repr(language),
            "languages": ", ".join((SOURCE_LANGUAGE, *TRANSLATION_LANGUAGES)),
        }
    if format is not None and format not in LANGUAGE_FORMATS:
        return gettext(
            "a language applies to CSV, TSV and Markdown files; JSON carries every language at once"
        )
    return None


def import_language(
    *, parsed: Sequence[ParsedFile], given: str | None
) -> tuple[str, list[Problem]]:
    """The language of an import of `parsed` (see the module's rule), with the problems of the
    files whose language line disagrees with it or names no language this bank offers."""

    def language_problem(file: ParsedFile, message: str) -> Problem:
        return Problem(file.name, file.language_line, "language", message)

    problems = []
    for file in parsed:
        problem = language_check(language=file.language, format=None) if file.language else None
        if problem:
            problems.append(language_problem(file, problem))
    if given:
        problems += [
            language_problem(
                file,
                gettext(
                    "the file says its texts are in %(file)s, the import is in %(given)s: "
                    "import it in %(file)s or correct its language line"
                )
                % {"file": repr(file.language), "given": repr(given)},
            )
            for file in parsed
            if file.language and file.language != given
        ]
        return given, problems
    named = sorted({file.language or SOURCE_LANGUAGE for file in parsed})
    if len(named) > 1:
        problems += [
            language_problem(
                file,
                gettext(
                    "this file is in %(language)s but the files are in %(languages)s: "
                    "import one language at a time"
                )
                % {
                    "language": repr(file.language or SOURCE_LANGUAGE),
                    "languages": ", ".join(map(repr, named)),
                },
            )
            for file in parsed
        ]
    return (named[0] if len(named) == 1 else SOURCE_LANGUAGE), problems


def localize_for_export(
    *, questions: Sequence[Question], topics: Sequence[Topic], language: str
) -> None:
    """Put `language`'s texts (else the English) in the fields of these unsaved, prefetched
    objects, for a writer to write. Never save them."""
    for topic in [*topics, *(question.topic for question in questions)]:
        topic.name = localized_text(topic, "name", language)
        topic.description = localized_text(topic, "description", language)
    for question in questions:
        for name in _QUESTION_TEXTS:
            setattr(question, name, localized_text(question, name, language))
        for point in question.key_points.all():
            for name in ("text", "keywords", "misconceptions"):
                setattr(point, name, localized_text(point, name, language))
        for choice in question.choices.all():
            for name in ("text", "explanation"):
                setattr(choice, name, localized_text(choice, name, language))


def language_header(*, format: str, language: str) -> bytes:
    if format == "md":
        return f"<!-- language: {language} -->\n\n".encode()
    return f"#language:{language}\n".encode()


def translations_import(
    *, parsed: list[ParsedFile], report: ImportReport, language: str, dry_run: bool
) -> None:
    """Set `language`'s texts of the questions the files name (see the module's rule)."""
    records = [record for file in parsed for record in file.questions]
    slugs = [record.slug for record in records]
    bank = {
        question.slug: question
        for question in Question.objects.filter(slug__in=slugs).prefetch_related(
            "key_points", "choices"
        )
    }
    changed_rows: list[Any] = []
    for record in records:
        question = bank.get(record.slug)
        if question is None:
            report.problems.append(
                record.problem(
                    "slug",
                    gettext(
                        "no question %(slug)s in the bank: a file in a language only "
                        "translates questions already there"
                    )
                    % {"slug": repr(record.slug)},
                )
            )
            continue
        rows = _apply(record, question, language, report)
        if rows is None:
            continue
        changed_rows.extend(rows)
        outcome = "updated" if rows else "unchanged"
        getattr(report, outcome)["question"] += 1
        report.questions[outcome].append(record.slug)
    if not report.ok or dry_run:
        return
    with transaction.atomic():
        for row in changed_rows:
            type(row).objects.filter(pk=row.pk).update(translations=row.translations)
        topic_counts_forget()  # update() sends no signal: pages cached in any language go


def _text(value: str | None, english: str) -> str:
    """The translation a file gives: nothing where it repeats the English."""
    value = (value or "").strip()
    return "" if value == english.strip() else value


def _apply(
    record: QuestionRecord, question: Question, language: str, report: ImportReport
) -> list[Any] | None:
    """The rows whose translations this record changes (None when it cannot be applied)."""
    changed: list[Any] = []
    values = {
        name: _text(getattr(record, name), getattr(question, name))
        for name in _QUESTION_TEXTS
        if getattr(record, name) is not None
    }
    if values and translation_set(question, language=language, values=values):
        changed.append(question)
    for records, rows, label, fields in (
        (record.key_points, list(question.key_points.all()), "key_points", ("text", "keywords")),
        (record.choices, list(question.choices.all()), "choices", ("text", "explanation")),
    ):
        if records is None or (not records and not rows):
            continue
        if len(records) != len(rows):
            report.problems.append(
                record.problem(
                    label,
                    gettext(
                        "has %(count)s item(s) where the bank's question has %(bank)s: "
                        "translate them in the same order"
                    )
                    % {"count": number(len(records)), "bank": number(len(rows))},
                )
            )
            return None
        for item, row in zip(records, rows, strict=True):
            given: dict[str, str] = {"text": _text(item.text, row.text)}
            if "keywords" in fields:
                keywords = ", ".join(item.keywords)  # type: ignore[union-attr]
                given["keywords"] = _text(keywords, row.keywords)
            else:
                given["explanation"] = _text(item.explanation, row.explanation)  # type: ignore[union-attr]
            if translation_set(row, language=language, values=given):
                changed.append(row)
    return changed
