"""Export questions as JSON (the whole bank, full fidelity), CSV/TSV, Markdown, GIFT, Moodle
XML, Anki "Notes in Plain Text" (`anki`: HTML fields, note types, GUIDs) or Anki package
(`apkg`: the same notes with their images) files."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext

from interview.bank.models import EXERCISE_KINDS, Question, Tag, Topic
from interview.bank.transfer.anki_package_writer import write_anki_package
from interview.bank.transfer.anki_text import write_anki_notes
from interview.bank.transfer.csv_format import write_csv
from interview.bank.transfer.json_format import write_json
from interview.bank.transfer.markdown_format import (
    markdown_file_name,
    markdown_problems,
    write_markdown,
)
from interview.bank.transfer.quiz_writers import write_gift, write_moodle_xml
from interview.bank.transfer.reading import FORMATS
from interview.bank.transfer.translated import (
    language_check,
    language_header,
    localize_for_export,
)

CONTENT_TYPES = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "gift": "text/plain; charset=utf-8",
    "xml": "application/xml",
    "zip": "application/zip",
    "txt": "text/plain; charset=utf-8",
    "apkg": "application/octet-stream",
}
EXPORT_FORMATS = (*FORMATS, "anki", "apkg")


@dataclass(frozen=True)
class ExportFile:
    name: str
    data: bytes

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.name.rsplit(".", 1)[-1]]


class ExportError(ValueError):
    """The export cannot be written; the message says why (e.g. which questions)."""


def _questions(queryset: QuerySet[Question]) -> list[Question]:
    return list(
        queryset.select_related("topic", "exercise")
        .prefetch_related(
            "tags",
            "key_points",
            "choices",
            Prefetch("related", queryset=Question.objects.only("id", "slug").order_by()),
        )
        .order_by("topic__order", "topic__name", "order", "id")
    )


def bank_export(
    *,
    format: str,
    questions: QuerySet[Question] | None = None,
    topic_slugs: Sequence[str] = (),
    name: str = "questions",
    language: str = "en",
) -> list[ExportFile]:
    """Export `questions` (default: the whole bank, or the topics in `topic_slugs`).

    JSON, CSV/TSV, GIFT and Moodle XML give one file; Markdown gives one file per topic. SQL
    and Python exercises (their data, tests and solution) travel in JSON only: the other
    formats leave them out.
    """
    if format not in EXPORT_FORMATS:
        raise ExportError(
            gettext("unknown format %(format)s: choose one of %(formats)s")
            % {"format": repr(format), "formats": ", ".join(EXPORT_FORMATS)}
        )
    problem = language_check(language=language, format=format)
    if problem:
        raise ExportError(problem)
    files = _export(
        format=format, questions=questions, topic_slugs=topic_slugs, name=name, language=language
    )
    if language and language != "en":
        header = language_header(format=format, language=language)
        files = [ExportFile(file.name, header + file.data) for file in files]
    return files


def _export(
    *,
    format: str,
    questions: QuerySet[Question] | None,
    topic_slugs: Sequence[str],
    name: str,
    language: str,
) -> list[ExportFile]:
    whole_bank = questions is None
    # The bank's topics; a user's private study pack only when its questions are given.
    base = Topic.objects.all() if questions is not None else Topic.objects.public()
    topics = base.prefetch_related("tags", "notes", "aliases").order_by("order", "name")
    if topic_slugs:
        found = set(base.filter(slug__in=topic_slugs).values_list("slug", flat=True))
        missing = sorted(set(topic_slugs) - found)
        if missing:
            raise ExportError(
                gettext("unknown topic(s): %(topics)s") % {"topics": ", ".join(missing)}
            )
        topics = topics.filter(slug__in=topic_slugs)
    if questions is None:
        questions = Question.objects.filter(topic__in=topics)
    elif topic_slugs:
        questions = questions.filter(topic__slug__in=topic_slugs)
    if format != "json":
        questions = questions.exclude(kind__in=EXERCISE_KINDS)
    selected = _questions(questions)
    if not whole_bank:
        topics = topics.filter(pk__in={question.topic_id for question in selected})
    by_topic: dict[int, list[Question]] = {}
    for question in selected:
        by_topic.setdefault(question.topic_id, []).append(question)
    grouped = [(topic, by_topic.get(topic.pk, [])) for topic in topics]
    if language and language != "en":
        localize_for_export(
            questions=selected, topics=[topic for topic, _ in grouped], language=language
        )

    if format == "json":
        all_tags = list(Tag.objects.all()) if whole_bank and not topic_slugs else None
        return [ExportFile(f"{name}.json", write_json(topics=grouped, all_tags=all_tags))]
    if format in {"csv", "tsv"}:
        separator = "\t" if format == "tsv" else ","
        return [ExportFile(f"{name}.{format}", write_csv(questions=selected, separator=separator))]
    if format == "anki":
        return [ExportFile(f"{name}.anki.txt", write_anki_notes(questions=selected))]
    if format == "apkg":
        return [ExportFile(f"{name}.apkg", write_anki_package(questions=selected))]
    if format == "gift":
        return [ExportFile(f"{name}.gift", write_gift(questions=selected))]
    if format == "xml":
        return [ExportFile(f"{name}.xml", write_moodle_xml(questions=selected))]
    problems = [
        f"{question.slug}: {problem}"
        for question in selected
        for problem in markdown_problems(question)
    ]
    if problems:
        raise ExportError(
            gettext(
                "these questions cannot be written as Markdown without changing them "
                "(export them as JSON instead): %(problems)s"
            )
            % {"problems": "; ".join(problems)}
        )
    return [
        ExportFile(markdown_file_name(topic), write_markdown(topic=topic, questions=questions))
        for topic, questions in grouped
        if questions
    ]


def export_archive(files: Sequence[ExportFile]) -> bytes:
    """Several exported files as one zip archive."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for file in files:
            archive.writestr(file.name, file.data)
    return buffer.getvalue()
