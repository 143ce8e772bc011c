import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from interview.bank.transfer import ExportError, bank_export, export_archive
from interview.bank.transfer.exporter import EXPORT_FORMATS
from interview.bank.transfer.reading import format_for_name
from interview.bank.translation import CONTENT_LANGUAGES


class Command(BaseCommand):
    help = (
        "Export the question bank (or some topics) as JSON, CSV, TSV, Markdown, GIFT, Moodle "
        "XML, Anki notes (--format anki) or an Anki package (--format apkg). OUTPUT is a "
        "file ('-' for standard output); for Markdown, a folder (one file per topic) or a .zip."
    )

    def add_arguments(self, parser):
        parser.add_argument("output", metavar="OUTPUT")
        parser.add_argument(
            "--format",
            choices=EXPORT_FORMATS,
            help="Default: from OUTPUT's extension (a folder: md). 'anki': Anki's Notes in "
            "Plain Text with HTML fields; 'apkg': an Anki package with the images the notes show.",
        )
        parser.add_argument(
            "--topic",
            action="append",
            default=[],
            metavar="SLUG",
            help="Export only this topic (repeatable).",
        )
        parser.add_argument(
            "--language",
            choices=CONTENT_LANGUAGES,
            default="en",
            help="Write the texts in this language, English where not translated, and name it "
            "in the file (CSV, TSV and Markdown; JSON carries every language).",
        )

    def handle(self, *args, output, format, topic, language="en", **options):
        target = Path(output)
        suffix = target.suffix.lower()
        fmt = (
            format
            or format_for_name(output)
            or {"": "md", ".zip": "md", ".apkg": "apkg"}.get(suffix)
        )
        if fmt is None or (output == "-" and not format):
            raise CommandError("Cannot tell the format from OUTPUT; pass --format.")
        try:
            files = bank_export(format=fmt, topic_slugs=topic, language=language)
        except ExportError as error:
            raise CommandError(f"Nothing was exported: {error}") from error
        if output == "-":
            if len(files) != 1:
                raise CommandError("Markdown gives one file per topic: write to a folder or .zip.")
            sys.stdout.buffer.write(files[0].data)
            return
        if fmt == "md" and target.suffix.lower() == ".zip":
            target.write_bytes(export_archive(files))
        elif fmt == "md":
            target.mkdir(parents=True, exist_ok=True)
            for file in files:
                (target / file.name).write_bytes(file.data)
        else:
            target.write_bytes(files[0].data)
        self.stdout.write(self.style.SUCCESS(f"Exported {len(files)} file(s) to {target}."))
