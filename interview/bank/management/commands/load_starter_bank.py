from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from interview.bank.starter_bank import (
    BankFileError,
    starter_bank_files,
    starter_bank_load,
)
from interview.bank.translation_files import (
    ENGLISH_DIRECTORY,
    TRANSLATIONS_DIRECTORY,
    translation_files,
    translations_load,
)


class Command(BaseCommand):
    help = (
        "Create or update the starter question bank from fixtures/starter_bank/*.json. "
        "Idempotent: running it again changes nothing; users' attempts are never touched. "
        "Then loads the translations in fixtures/translations/<lang>/<topic-slug>.json."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--directory",
            type=Path,
            default=None,
            help="Folder with one JSON file per topic (default: the shipped starter bank and "
            "exercises).",
        )
        parser.add_argument(
            "--translations",
            type=Path,
            default=None,
            help="Folder of translation files, one sub-folder per language (default: "
            "fixtures/translations; with --directory, none unless given).",
        )

    def handle(self, *args, directory: Path | None, translations: Path | None, **options):
        paths = starter_bank_files(directory) if directory else starter_bank_files()
        if not paths:
            raise CommandError(f"No *.json topic files found in {directory}")
        try:
            report = starter_bank_load(paths=paths)
        except BankFileError as error:
            raise CommandError(f"Nothing was loaded: {error}") from error
        self.stdout.write(self.style.SUCCESS(f"Starter bank loaded. {report.summary()}"))
        if translations is None and directory is not None:
            return
        folder = translations or TRANSLATIONS_DIRECTORY
        english = directory or ENGLISH_DIRECTORY
        result = translations_load(paths=translation_files(folder), english_directory=english)
        for problem in result.problems:
            self.stderr.write(f"problem: {problem}")
        if not result.ok:
            raise CommandError(
                f"Translation files with problems were not loaded ({result.summary()})."
            )
        self.stdout.write(self.style.SUCCESS(f"Translations: {result.summary()}."))
