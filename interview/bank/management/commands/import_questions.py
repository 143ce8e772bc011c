from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from interview.bank.transfer import (
    FORMATS,
    ImportMode,
    bank_import,
    import_files_from_paths,
    max_file_bytes,
)
from interview.bank.translation import CONTENT_LANGUAGES


class Command(BaseCommand):
    help = (
        "Import questions from JSON, CSV/TSV (Anki notes in plain text), Anki packages, "
        "Markdown, GIFT, Moodle XML or QTI 2.1 files, folders or zip archives. All or nothing: "
        "any problem is reported with file, line and field and nothing is written. "
        "Idempotent: questions are matched by slug (or id column)."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
        parser.add_argument(
            "--format",
            choices=FORMATS,
            help="Format of every file (default: each file's content, the extension as a hint).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and report; write nothing."
        )
        mode = parser.add_mutually_exclusive_group()
        for flag, const, help in (
            ("--update", ImportMode.UPDATE, "Update questions already in the bank to match "
             "the file (the default)."),
            ("--skip-existing", ImportMode.SKIP_EXISTING, "Leave questions already in the bank "
             "alone; only create new ones."),
        ):  # fmt: skip
            mode.add_argument(flag, dest="mode", action="store_const", const=const, help=help)
        parser.add_argument(
            "--create-topics",
            action="store_true",
            help="Create topics named in the files that are not in the bank yet.",
        )
        parser.add_argument(
            "--topic",
            default="",
            metavar="NAME",
            help="Topic for questions whose file names none (default: from the file name).",
        )
        parser.add_argument(
            "--skip-unsupported",
            action="store_true",
            help="Skip (and count) items of types with no kind here, e.g. drag and drop; "
            "without it they are a problem.",
        )
        parser.add_argument(
            "--language",
            choices=CONTENT_LANGUAGES,
            default=None,
            help="The files are in this language (fr, de, es, pt, it): they translate questions "
            "already in the bank, matched by slug, and change nothing else. CSV, TSV, Markdown. "
            "Default: the language the files name (#language:fr, <!-- language: fr -->), else "
            "English; a file naming another language than this option is refused.",
        )

    def handle(
        self,
        *args,
        paths,
        format,
        dry_run,
        mode,
        create_topics,
        topic,
        skip_unsupported,
        language=None,
        **options,
    ):
        files, problems = import_files_from_paths(paths=paths)
        report = bank_import(
            files=files,
            format=format,
            mode=mode or ImportMode.UPDATE,
            create_topics=create_topics,
            dry_run=dry_run,
            problems=problems,
            topic=topic,
            skip_unsupported=skip_unsupported,
            language=language,
        )
        for note in report.notes:
            self.stdout.write(f"note: {note}")
        if not report.ok:
            for problem in report.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"Nothing was imported: {len(report.problems)} problem(s) in the file(s) above "
                f"(size limit: {max_file_bytes():,} bytes per file)."
            )
        if dry_run:
            self.stdout.write(f"Dry run, nothing was written. Would import: {report.summary()}")
        else:
            self.stdout.write(self.style.SUCCESS(f"Imported. {report.summary()}"))
