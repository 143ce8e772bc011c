"""Import questions into the bank: all or nothing, idempotent, in bulk.

`bank_import` parses every file, checks every record and link, and reports every problem with
file, line and field. Only when there is none does it write, inside one transaction, with a
fixed number of queries per batch of questions. A question is identified by its slug, so
importing the same files again changes nothing. An import only creates and updates: questions
are never deleted, and practice sessions keep their own snapshots, so users' attempts are never
touched.
"""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import Max, Prefetch
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext

from interview.bank.media import media_store
from interview.bank.models import (
    Choice,
    Exercise,
    KeyPoint,
    Question,
    StudyNote,
    Tag,
    Topic,
    TopicAlias,
)
from interview.bank.search import question_refresh_search_vectors
from interview.bank.selectors import topic_counts_forget
from interview.bank.transfer.anki_package import looks_like_anki_package, parse_anki_package
from interview.bank.transfer.csv_format import parse_csv
from interview.bank.transfer.detect import detect_format, topic_from_file_name
from interview.bank.transfer.gift_format import parse_gift
from interview.bank.transfer.json_format import parse_json
from interview.bank.transfer.markdown_format import parse_markdown
from interview.bank.transfer.moodle_xml import parse_moodle_xml
from interview.bank.transfer.qti import (
    looks_like_qti_package,
    parse_qti_item,
    parse_qti_package,
    root_kind,
)
from interview.bank.transfer.reading import (
    FORMATS,
    NOT_READ,
    PACKAGE_EXTENSIONS,
    ZIP_UNPACKED_FACTOR,
    FileProblem,
    ImportFile,
    decode,
    max_file_bytes,
)
from interview.bank.transfer.records import (
    TOPIC_SEPARATOR,
    ImportReport,
    ParsedFile,
    Problem,
    QuestionRecord,
    TopicRecord,
)
from interview.bank.transfer.translated import (
    import_language,
    language_check,
    translations_import,
)
from interview.bank.transfer.validation import question_problems, topic_problems
from interview.lib.figures import number

BATCH_SIZE = 500
_QUESTION_FIELDS = (
    "kind", "prompt", "instruction", "context", "official_answer", "short_answer", "difficulty",
    "source_title", "source_url", "status", "order", "translations",
)  # fmt: skip
_NEW_DEFAULTS = {
    "kind": Question.Kind.OPEN.value,
    "instruction": "",
    "context": "",
    "official_answer": "",
    "short_answer": "",
    "difficulty": Question.Difficulty.MEDIUM.value,
    "source_title": "",
    "source_url": "",
    "status": Question.Status.DRAFT.value,
}


class ImportMode(enum.StrEnum):
    UPDATE = "update"  # questions already in the bank are updated to match the file
    SKIP_EXISTING = "skip"  # questions already in the bank are left alone


def default_batch_size() -> int:
    """Questions per batch: each batch inserts a table's rows in one query where the database
    allows (SQLite caps the parameters per query)."""
    limit = connection.features.max_query_params
    if not limit:
        return BATCH_SIZE
    return max(1, min(BATCH_SIZE, limit // len(Question._meta.concrete_fields)))


def parse_file(*, file: ImportFile, declared: str | None, topic: str = "") -> ParsedFile:
    """Parse one file in the declared format, else the one its content shows (the extension
    decides only when the content is ambiguous). Questions that name no topic get `topic`, or
    one from the file name (said in the file's notes)."""
    fmt = declared or file.format
    suffix = PurePosixPath(file.name).suffix.lower()
    limit = ZIP_UNPACKED_FACTOR * max_file_bytes()
    if (suffix in PACKAGE_EXTENSIONS and not declared) or looks_like_anki_package(file.data):
        parsed = parse_anki_package(name=file.name, data=file.data, limit=limit)
        _default_topic(parsed, topic)
        return parsed
    if looks_like_qti_package(file.data):
        parsed = parse_qti_package(name=file.name, data=file.data, limit=limit)
        _default_topic(parsed, topic)
        return parsed
    not_read = NOT_READ.get(suffix)
    if not_read and not declared:
        return ParsedFile(
            name=file.name, problems=[Problem(file.name, None, "format", gettext(not_read))]
        )
    try:
        text = decode(file, declared=fmt if fmt in FORMATS else "csv")
    except FileProblem as error:
        return ParsedFile(name=file.name, problems=[error.problem])
    if not declared:
        fmt = detect_format(text, hint=file.format)
    if fmt not in FORMATS:
        parsed = ParsedFile(name=file.name)
        parsed.problem(
            None,
            "format",
            gettext(
                "cannot tell the format from the content or the file name: choose json, csv, "
                "tsv, md, gift or xml"
            ),
        )
        return parsed
    if fmt == "json":
        parsed = parse_json(name=file.name, text=text)
    elif fmt == "md":
        parsed = parse_markdown(name=file.name, text=text)
    elif fmt == "gift":
        parsed = parse_gift(name=file.name, text=text)
    elif fmt == "xml" and root_kind(text):
        parsed = parse_qti_item(name=file.name, text=text)
    elif fmt == "xml":
        parsed = parse_moodle_xml(name=file.name, text=text)
    else:
        parsed = parse_csv(name=file.name, text=text, separator="\t" if fmt == "tsv" else ",")
    _default_topic(parsed, topic)
    return parsed


def _default_topic(parsed: ParsedFile, topic: str) -> None:
    """Questions with no topic take the chosen one, else one named after the file."""
    missing = [record for record in parsed.questions if not record.topic.strip()]
    if not missing:
        return
    chosen = topic.strip()
    if not chosen:
        chosen = topic_from_file_name(parsed.name)
        parsed.notes.append(
            gettext(
                "%(count)s question(s) name no topic: topic %(topic)s taken from the file name "
                "(choose one with --topic)"
            )
            % {"count": number(len(missing)), "topic": repr(chosen)}
        )
    for record in missing:
        record.topic = chosen


def bank_import(
    *,
    files: Sequence[ImportFile],
    format: str | None = None,
    mode: ImportMode = ImportMode.UPDATE,
    create_topics: bool = False,
    dry_run: bool = False,
    problems: Sequence[Problem] = (),
    batch_size: int | None = None,
    topic: str = "",
    skip_unsupported: bool = False,
    language: str | None = None,
) -> ImportReport:
    """Import `files` (all or nothing). With problems or `dry_run`, report and write nothing.

    `topic` is given to questions whose file names none (else the file name is used). Items of
    types with no kind here are a problem unless `skip_unsupported`, which skips and counts them.
    `language` is the language of the files' texts; without one the files say it (see
    `translated`).
    """
    batch_size = batch_size or default_batch_size()
    report = ImportReport(dry_run=dry_run, problems=list(problems))
    parsed = [parse_file(file=file, declared=format, topic=topic) for file in files]
    for file in parsed:
        _unsupported(file, report, skip=skip_unsupported)
        report.notes.extend(f"{file.name}: {note}" for note in file.notes)
    if not files and not problems:
        report.problems.append(Problem("(no files)", None, "file", gettext("no files to import")))
    language, language_problems = import_language(parsed=parsed, given=language)
    report.problems.extend(language_problems)
    if language != "en":
        # A file in one language translates the bank's questions (see `translated`).
        problem = language_check(language=language, format=format)
        if problem:
            report.problems.append(Problem("(language)", None, "language", problem))
        for file in parsed:
            report.problems.extend(file.problems)
        if report.ok:
            translations_import(parsed=parsed, report=report, language=language, dry_run=dry_run)
        report.problems.sort(key=lambda p: (p.file, p.line or 0))
        return report
    try:
        with transaction.atomic():
            _Import(parsed, report, mode=mode, create_topics=create_topics).run(
                write=not dry_run, batch_size=batch_size
            )
            if report.ok and not dry_run:
                media_store(files=[image for file in parsed for image in file.media])
            if not report.ok:
                transaction.set_rollback(True)
    except IntegrityError as error:
        report.problems.append(
            Problem(
                "(database)",
                None,
                "-",
                gettext("the bank changed during the import: %(error)s") % {"error": error},
            )
        )
    report.problems.sort(key=lambda p: (p.file, p.line or 0))
    return report


def _unsupported(parsed: ParsedFile, report: ImportReport, *, skip: bool) -> None:
    """One message per file for its items with no kind here: skipped and counted on request."""
    if not parsed.unsupported:
        return
    counts: dict[str, int] = defaultdict(int)
    for _, kind in parsed.unsupported:
        counts[kind] += 1
    listed = ", ".join(f"{kind} x{count}" for kind, count in sorted(counts.items()))
    total = len(parsed.unsupported)
    if skip:
        report.skipped["question"] += total
        note = gettext("%(count)s item(s) skipped, no kind here: %(kinds)s") % {
            "count": number(total),
            "kinds": listed,
        }
        report.notes.append(f"{parsed.name}: {note}")
    else:
        first = parsed.unsupported[0][0]
        report.problems.append(
            Problem(
                parsed.name,
                first,
                "type",
                gettext(
                    "%(count)s item(s) of types with no kind here (%(kinds)s): import with "
                    "--skip-unsupported to leave them out"
                )
                % {"count": number(total), "kinds": listed},
            )
        )


@dataclass
class _TopicPlan:
    slug: str
    name: str
    record: TopicRecord | None  # a defining record (JSON), or the Markdown heading, or None
    existing: Topic | None
    defines: bool


@dataclass
class _Batch:
    created: list[Question] = field(default_factory=list)
    updated: list[Question] = field(default_factory=list)
    tags: dict[str, list[str]] = field(default_factory=dict)  # slug -> tag slugs to set
    key_points: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    choices: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    exercises: dict[str, dict[str, Any]] = field(default_factory=dict)  # slug -> fields


class _Import:
    def __init__(
        self,
        parsed: list[ParsedFile],
        report: ImportReport,
        *,
        mode: ImportMode,
        create_topics: bool,
    ) -> None:
        self.report = report
        self.mode = mode
        self.create_topics = create_topics
        self.topic_records = [topic for file in parsed for topic in file.topics]
        self.records = [question for file in parsed for question in file.questions]
        self.tag_slugs = {name: slug for file in parsed for name, slug in file.tag_slugs.items()}
        for file in parsed:
            report.problems.extend(file.problems)
        self.rejected: set[int] = set()

    def reject(self, record: QuestionRecord, problem: Problem) -> None:
        self.report.problems.append(problem)
        self.rejected.add(id(record))

    # Checking

    def run(self, *, write: bool, batch_size: int) -> None:
        for record in self.records:
            for problem in question_problems(record):
                self.reject(record, problem)
        for topic in self.topic_records:
            self.report.problems.extend(topic_problems(topic))
        self._check_duplicates()
        self.topics = self._plan_topics()
        self.tags = self._plan_tags()
        in_bank = self._check_related()
        write = write and self.report.ok
        records = [record for record in self.records if id(record) not in self.rejected]
        self._write_topics(write=write)
        self._next_order = self._next_orders()
        slug_to_pk = dict(in_bank)
        related_changes: dict[str, list[str]] = {}
        for start in range(0, len(records), batch_size):
            batch = records[start : start + batch_size]
            self._batch(batch, write=write, slug_to_pk=slug_to_pk, related=related_changes)
        if write:
            self._write_related(related_changes, slug_to_pk, batch_size)
        self.report.rejected = len(self.rejected)

    def _check_duplicates(self) -> None:
        first: dict[str, QuestionRecord] = {}
        for record in self.records:
            if not record.slug:
                continue
            if record.slug in first:
                seen = first[record.slug]
                self.reject(
                    record,
                    record.problem(
                        "slug",
                        gettext("duplicate key %(slug)s: the same question is also at %(place)s")
                        % {"slug": repr(record.slug), "place": f"{seen.file}:{seen.line}"},
                    ),
                )
            else:
                first[record.slug] = record
        defined: dict[str, TopicRecord] = {}
        for topic in self.topic_records:
            if not topic.defines or not topic.slug:
                continue
            if topic.slug in defined:
                seen_topic = defined[topic.slug]
                self.report.problems.append(
                    Problem(
                        topic.file,
                        topic.line,
                        "slug",
                        gettext("duplicate topic %(slug)s: also at %(place)s")
                        % {
                            "slug": repr(topic.slug),
                            "place": f"{seen_topic.file}:{seen_topic.line}",
                        },
                    )
                )
            defined.setdefault(topic.slug, topic)

    def _plan_topics(self) -> dict[str, _TopicPlan]:
        """Resolve every question's topic; returns plans by topic slug."""
        existing = list(Topic.objects.public().prefetch_related("tags", "notes", "aliases"))
        by_slug = {topic.slug: topic for topic in existing}
        by_alias = {alias.slug: topic for topic in existing for alias in topic.aliases.all()}
        by_name = {topic.name.casefold(): topic for topic in existing}
        plans: dict[str, _TopicPlan] = {}
        names: dict[str, str] = {topic.name.casefold(): topic.slug for topic in existing}
        for record in self.topic_records:
            if record.defines and record.slug and record.name:
                plan = _TopicPlan(
                    record.slug,
                    record.name,
                    record,
                    _defined_topic(record, by_slug, by_alias),
                    defines=True,
                )
                plans.setdefault(record.slug, plan)
                owner = names.get(record.name.casefold())
                if owner and owner != record.slug:
                    self.report.problems.append(
                        Problem(
                            record.file,
                            record.line,
                            "name",
                            gettext("topic name %(name)s is already used by topic %(topic)s")
                            % {"name": repr(record.name), "topic": repr(owner)},
                        )
                    )
                names[record.name.casefold()] = record.slug
        headings = {}
        for record in self.topic_records:
            if not record.defines:
                headings[record.slug or record.name] = record
        for record in self.records:  # rejected rows too: report every problem of a row
            plan = self._resolve_topic(record, plans, by_slug, by_name, headings)
            if plan is None:
                continue
            record.topic = plan.slug
        return plans

    def _resolve_topic(
        self,
        record: QuestionRecord,
        plans: dict[str, _TopicPlan],
        by_slug: dict[str, Topic],
        by_name: dict[str, Topic],
        headings: dict[str, TopicRecord],
    ) -> _TopicPlan | None:
        """The topic a question names: in the import, in the bank, or (if allowed) a new one."""
        ref = record.topic.strip()
        if not ref:
            self.reject(
                record,
                record.problem("topic", gettext("no topic: add a topic column or a #deck: header")),
            )
            return None
        if ref in plans:
            return plans[ref]
        heading = headings.get(ref)
        keys = [ref, heading.name] if heading else [ref]
        if TOPIC_SEPARATOR in ref:  # a deck path: an existing topic named like its last part
            keys.append(ref.rsplit(TOPIC_SEPARATOR, 1)[-1].strip())
        for key in keys:
            topic = by_slug.get(key) or by_name.get(key.casefold()) or by_slug.get(slugify(key))
            if topic is not None:
                plans[ref] = plans.setdefault(
                    topic.slug, _TopicPlan(topic.slug, topic.name, None, topic, defines=False)
                )
                return plans[ref]
        if not self.create_topics:
            self.reject(
                record,
                record.problem(
                    "topic",
                    gettext(
                        "unknown topic %(topic)s: create it first, or allow creating topics "
                        "(--create-topics)"
                    )
                    % {"topic": repr(ref)},
                ),
            )
            return None
        slug = (heading.slug if heading else "") or slugify(ref)
        if not slug:
            self.reject(
                record,
                record.problem(
                    "topic",
                    gettext("topic %(topic)s has no letters or digits") % {"topic": repr(ref)},
                ),
            )
            return None
        name = heading.name if heading else ref
        plans[ref] = plans.get(slug) or _TopicPlan(slug, name, heading, None, defines=False)
        plans.setdefault(slug, plans[ref])
        return plans[ref]

    def _plan_tags(self) -> dict[str, Tag]:
        """Every tag named in the import, by name: existing tags, or new (unsaved) ones."""
        existing = list(Tag.objects.all())
        by_name = {tag.name: tag for tag in existing}
        by_folded = {tag.name.casefold(): tag for tag in existing}
        by_slug = {tag.slug: tag for tag in existing}
        names = {name for topic in self.topic_records for name in topic.tags}
        names |= {name for record in self.records for name in record.tags or []}
        names |= set(self.tag_slugs)  # a whole-bank JSON export lists every tag
        resolved: dict[str, Tag] = {}
        for name in sorted(names):
            clean = name.strip()
            slug = self.tag_slugs.get(name) or slugify(clean)
            if not slug:
                continue
            if name in self.tag_slugs:  # the file gives the slug: never another tag's slug
                tag = by_slug.get(slug) or by_name.get(clean) or by_folded.get(clean.casefold())
            else:
                tag = (
                    by_name.get(clean)
                    or by_folded.get(clean.casefold())
                    or by_slug.get(clean)
                    or by_slug.get(slug)
                )
            if tag is None:
                tag = Tag(name=clean[:60], slug=slug[:60])
                by_slug[tag.slug] = by_name[clean] = by_folded[clean.casefold()] = tag
            resolved[name] = tag
        return resolved

    def _check_related(self) -> dict[str, int]:
        """Related links must point into the import or the bank; returns the bank's targets."""
        inside = {record.slug for record in self.records}
        wanted = {
            slug for record in self.records for slug in record.related or [] if slug not in inside
        }
        outside: dict[str, int] = {}
        ordered = sorted(wanted)
        for start in range(0, len(ordered), BATCH_SIZE):
            chunk = ordered[start : start + BATCH_SIZE]
            outside.update(Question.objects.filter(slug__in=chunk).values_list("slug", "pk"))
        for record in self.records:
            missing = [slug for slug in record.related or [] if slug not in inside | outside.keys()]
            if missing:
                self.reject(
                    record,
                    record.problem(
                        "related",
                        gettext(
                            "related question(s) not found in the import or the bank: %(slugs)s"
                        )
                        % {"slugs": missing},
                    ),
                )
        return outside

    # Writing

    def _write_topics(self, *, write: bool) -> None:
        new_tags = list({tag.slug: tag for tag in self.tags.values() if not tag.pk}.values())
        self.report.created["tag"] += len(new_tags)
        if write and new_tags:
            Tag.objects.bulk_create(new_tags)
        plans: dict[int, _TopicPlan] = {}
        for plan in self.topics.values():
            plans.setdefault(id(plan), plan)
        for plan in plans.values():
            self._write_topic(plan, write=write)

    def _tag_slugs(self, names: list[str]) -> set[str]:
        return {self.tags[name].slug for name in names if name in self.tags}

    def _write_topic(self, plan: _TopicPlan, *, write: bool) -> None:
        """Create a new topic; update one the file defines (JSON). Named topics stay as they are."""
        record = plan.record
        defined = record if record is not None and record.defines else None
        if plan.existing is None:
            self.report.created["topic"] += 1
            if write:
                values = _topic_values(defined) if defined else {}
                if record is not None and defined is None and record.description:
                    values["description"] = record.description
                plan.existing = Topic.objects.create(slug=plan.slug, name=plan.name, **values)
                if defined:
                    slugs = self._tag_slugs(defined.tags)
                    plan.existing.tags.set([t for t in self.tags.values() if t.slug in slugs])
            if defined:
                self._write_aliases(plan.existing, defined, write=write)
                self._write_notes(plan.existing, defined, skip=False, write=write)
            return
        if defined is None:
            return
        topic = plan.existing
        if self.mode == ImportMode.SKIP_EXISTING:
            self.report.skipped["topic"] += 1
            self._write_notes(topic, defined, skip=True, write=write)
            return
        changed = _assign(
            topic, {"slug": defined.slug, "name": defined.name, **_topic_values(defined)}
        )
        if changed and write:
            topic.save()
        if self._write_aliases(topic, defined, write=write):
            changed = True
        wanted = self._tag_slugs(defined.tags)
        if {tag.slug for tag in topic.tags.all()} != wanted:
            changed = True
            if write:
                topic.tags.set([tag for tag in self.tags.values() if tag.slug in wanted])
        (self.report.updated if changed else self.report.unchanged)["topic"] += 1
        self._write_notes(topic, defined, skip=False, write=write)

    def _write_aliases(self, topic: Topic | None, record: TopicRecord, *, write: bool) -> bool:
        """Keep the topic's former slugs as aliases (old links redirect); True when any is new."""
        wanted = {slug for slug in record.former_slugs if slug and slug != record.slug}
        have = {alias.slug for alias in topic.aliases.all()} if topic and topic.pk else set()
        missing = wanted - have
        if missing and write and topic is not None:
            TopicAlias.objects.filter(slug__in=missing).delete()
            TopicAlias.objects.bulk_create(TopicAlias(slug=slug, topic=topic) for slug in missing)
        return bool(missing)

    def _write_notes(
        self, topic: Topic | None, record: TopicRecord, *, skip: bool, write: bool
    ) -> None:
        """Notes are matched by title: created or updated, never deleted."""
        existing = {note.title: note for note in topic.notes.all()} if topic else {}
        for order, item in enumerate(record.notes):
            note = existing.get(item.title)
            values: dict[str, Any] = {"body": item.body, "order": order}
            if item.translations is not None:
                values["translations"] = item.translations
            if note is None:
                self.report.created["note"] += 1
                if write:
                    StudyNote.objects.create(topic=topic, title=item.title, **values)
            elif skip:
                self.report.skipped["note"] += 1
            elif _assign(note, values):
                self.report.updated["note"] += 1
                if write:
                    note.save()
            else:
                self.report.unchanged["note"] += 1

    def _next_orders(self) -> dict[str, int]:
        rows = Question.objects.values("topic__slug").annotate(last=Max("order")).order_by()
        return defaultdict(int, {row["topic__slug"]: row["last"] + 1 for row in rows})

    def _batch(
        self,
        records: list[QuestionRecord],
        *,
        write: bool,
        slug_to_pk: dict[str, int],
        related: dict[str, list[str]],
    ) -> None:
        existing = {
            question.slug: question
            for question in Question.objects.filter(slug__in=[r.slug for r in records])
            .select_related("topic", "exercise")
            .prefetch_related(
                "tags",
                "key_points",
                "choices",
                Prefetch("related", queryset=Question.objects.only("id", "slug").order_by()),
            )
            .order_by()
        }
        batch = _Batch()
        now = timezone.now()
        for record in records:
            question = existing.get(record.slug)
            if question is not None:
                slug_to_pk[record.slug] = question.pk
            if question is not None and self.mode == ImportMode.SKIP_EXISTING:
                self._outcome(record, "skipped")
                continue
            changed = self._plan_question(record, question, batch, now)
            if record.related is not None:
                current = {other.slug for other in question.related.all()} if question else set()
                if set(record.related) != current:
                    related[record.slug] = record.related
                    changed = True
            if question is None:
                self._outcome(record, "created")
            else:
                self._outcome(record, "updated" if changed else "unchanged")
        if write:
            self._write_batch(batch, slug_to_pk)

    def _outcome(self, record: QuestionRecord, outcome: str) -> None:
        getattr(self.report, outcome)["question"] += 1
        self.report.questions[outcome].append(record.slug)

    def _plan_question(
        self, record: QuestionRecord, question: Question | None, batch: _Batch, now: Any
    ) -> bool:
        """Fill `batch` with what `record` changes; True when anything differs."""
        plan = self.topics[record.topic]
        values: dict[str, Any] = {"prompt": record.prompt}
        for name, default in _NEW_DEFAULTS.items():
            given = getattr(record, name)
            values[name] = given if given is not None else getattr(question, name, default)
        if record.translations is not None:
            values["translations"] = record.translations
        if record.order is not None:
            values["order"] = record.order
        elif question is not None:
            values["order"] = question.order
        else:
            values["order"] = self._next_order[plan.slug]
            self._next_order[plan.slug] += 1
        changed = False
        if question is None:
            question = Question(slug=record.slug, **values)
            question._topic_plan = plan  # type: ignore[attr-defined]
            batch.created.append(question)
            changed = True
        else:
            if question.topic.slug != plan.slug:
                question._topic_plan = plan  # type: ignore[attr-defined]
                changed = True
            if _assign(question, values):
                changed = True
            if changed:
                question.updated_at = now
                batch.updated.append(question)
        current_tags = {tag.slug for tag in question.tags.all()} if question.pk else set()
        if record.tags is not None:
            wanted = sorted({self.tags[name].slug for name in record.tags if name in self.tags})
            if set(wanted) != current_tags:
                batch.tags[record.slug] = wanted
                changed = True
        for name, attr, rows in (
            ("key_points", "key_points", _key_point_rows(record)),
            ("choices", "choices", _choice_rows(record)),
        ):
            if rows is None:
                continue
            current = (
                [
                    _child_row(child, rows[index] if index < len(rows) else None)
                    for index, child in enumerate(getattr(question, attr).all())
                ]
                if question.pk
                else []
            )
            if rows != current:
                getattr(batch, name)[record.slug] = rows
                changed = True
        if record.exercise is not None:
            current_exercise = _exercise_row(question) if question.pk else None
            wanted_exercise = {**(current_exercise or _EXERCISE_DEFAULTS), **record.exercise}
            if wanted_exercise != current_exercise:
                batch.exercises[record.slug] = wanted_exercise
                changed = True
        return changed

    def _write_batch(self, batch: _Batch, slug_to_pk: dict[str, int]) -> None:
        for question in batch.created + batch.updated:
            plan = getattr(question, "_topic_plan", None)
            if plan is not None:
                question.topic = plan.existing
        topic_counts_forget()
        if batch.created:
            Question.objects.bulk_create(batch.created)
        if batch.updated:
            Question.objects.bulk_update(
                batch.updated, fields=[*_QUESTION_FIELDS, "topic", "updated_at"]
            )
        for question in batch.created:
            slug_to_pk[question.slug] = question.pk
        if batch.tags:
            through = Question.tags.through
            ids = [slug_to_pk[slug] for slug in batch.tags]
            through.objects.filter(question_id__in=ids).delete()
            tag_pks = {tag.slug: tag.pk for tag in self.tags.values()}
            through.objects.bulk_create(
                through(question_id=slug_to_pk[slug], tag_id=tag_pks[tag])
                for slug, tags in batch.tags.items()
                for tag in tags
            )
        self._write_children(
            KeyPoint,
            batch.key_points,
            slug_to_pk,
            ("text", "keywords", "misconceptions", "translations"),
        )
        self._write_children(
            Choice, batch.choices, slug_to_pk, ("text", "is_correct", "explanation", "translations")
        )
        for slug, values in batch.exercises.items():
            Exercise.objects.update_or_create(question_id=slug_to_pk[slug], defaults=values)
        touched = [question.pk for question in batch.created + batch.updated]
        if touched:  # tags, key points and options are not part of the search document
            question_refresh_search_vectors(questions=Question.objects.filter(pk__in=touched))

    def _write_children(
        self,
        model: type[KeyPoint] | type[Choice],
        wanted: dict[str, list[dict[str, Any]]],
        slug_to_pk: dict[str, int],
        fields: tuple[str, ...],
    ) -> None:
        """Make each question's key points (or options) equal the rows, position by position."""
        if not wanted:
            return
        by_question: dict[int, list[Any]] = defaultdict(list)
        ids = [slug_to_pk[slug] for slug in wanted]
        for child in model.objects.filter(question_id__in=ids).order_by("order", "id"):
            by_question[child.question_id].append(child)
        updates, creates, deletes = [], [], []
        for slug, rows in wanted.items():
            pk = slug_to_pk[slug]
            current = by_question[pk]
            for order, row in enumerate(rows):
                if order < len(current):
                    child = current[order]
                    if _assign(child, {**row, "order": order}):
                        updates.append(child)
                else:
                    creates.append(model(question_id=pk, order=order, **row))
            deletes.extend(child.pk for child in current[len(rows) :])
        if updates:
            model.objects.bulk_update(updates, fields=[*fields, "order"])
        if creates:
            model.objects.bulk_create(creates)
        if deletes:
            model.objects.filter(pk__in=deletes).delete()

    def _write_related(
        self, related: dict[str, list[str]], slug_to_pk: dict[str, int], batch_size: int
    ) -> None:
        through = Question.related.through
        items = list(related.items())
        for start in range(0, len(items), batch_size):
            chunk = items[start : start + batch_size]
            ids = [slug_to_pk[slug] for slug, _ in chunk]
            through.objects.filter(from_question_id__in=ids).delete()
            through.objects.bulk_create(
                through(from_question_id=slug_to_pk[slug], to_question_id=slug_to_pk[other])
                for slug, others in chunk
                for other in dict.fromkeys(others)
            )


def _defined_topic(
    record: TopicRecord, by_slug: dict[str, Topic], by_alias: dict[str, Topic]
) -> Topic | None:
    """The bank's topic a defining record updates: by slug, else by a former slug (a rename)."""
    if record.slug in by_slug:
        return by_slug[record.slug]
    for former in record.former_slugs:
        topic = by_slug.get(former) or by_alias.get(former)
        if topic is not None:
            return topic
    return by_alias.get(record.slug)


def _assign(obj: Any, values: dict[str, Any]) -> bool:
    """Set the attributes that differ; True when anything changed."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def _topic_values(record: TopicRecord) -> dict[str, Any]:
    values: dict[str, Any] = {
        "description": record.description,
        "key_concepts": "\n".join(record.key_concepts),
    }
    if record.translations is not None:
        values["translations"] = record.translations
    if record.order is not None:
        values["order"] = record.order
    return values


def _key_point_rows(record: QuestionRecord) -> list[dict[str, Any]] | None:
    if record.key_points is None:
        return None
    return [
        {
            "text": point.text.strip(),
            "keywords": ", ".join(k.strip() for k in point.keywords if k.strip()),
            "misconceptions": "\n".join(m.strip() for m in point.misconceptions if m.strip()),
            **({} if point.translations is None else {"translations": point.translations}),
        }
        for point in record.key_points
    ]


def _choice_rows(record: QuestionRecord) -> list[dict[str, Any]] | None:
    if record.choices is None:
        return None
    return [
        {
            "text": c.text,
            "is_correct": c.is_correct,
            "explanation": c.explanation,
            **({} if c.translations is None else {"translations": c.translations}),
        }
        for c in record.choices
    ]


_EXERCISE_DEFAULTS: dict[str, Any] = {
    "setup_sql": "",
    "function_name": "",
    "starter_code": "",
    "solution": "",
    "cases": [],
    "order_matters": False,
    "float_tolerance": 1e-6,
}


def _exercise_row(question: Question) -> dict[str, Any] | None:
    try:
        exercise = question.exercise
    except Exercise.DoesNotExist:
        return None
    return {name: getattr(exercise, name) for name in _EXERCISE_DEFAULTS}


def _child_row(child: KeyPoint | Choice, wanted: dict[str, Any] | None = None) -> dict[str, Any]:
    """A key point's (or option's) row, with its translations when the wanted row has them."""
    row: dict[str, Any]
    if isinstance(child, KeyPoint):
        row = {
            "text": child.text,
            "keywords": child.keywords,
            "misconceptions": child.misconceptions,
        }
    else:
        row = {"text": child.text, "is_correct": child.is_correct, "explanation": child.explanation}
    if wanted is not None and "translations" in wanted:
        row["translations"] = child.translations
    return row
