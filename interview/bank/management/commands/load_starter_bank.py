from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from interview.bank.starter_bank import (
    BankFileError,
    starter_bank_files,
    starter_bank_load,
)


class Command(BaseCommand):
    help = (
        "Create or update the starter question bank from fixtures/starter_bank/*.json. "
        "Idempotent: running it again changes nothing; users' attempts are never touched."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--directory",
            type=Path,
            default=None,
            help="Folder with one JSON file per topic (default: the shipped starter bank and "
            "exercises).",
        )

    def handle(self, *args, directory: Path | None, **options):
        paths = starter_bank_files(directory) if directory else starter_bank_files()
        if not paths:
            raise CommandError(f"No *.json topic files found in {directory}")
        try:
            report = starter_bank_load(paths=paths)
        except BankFileError as error:
            raise CommandError(f"Nothing was loaded: {error}") from error
        self.stdout.write(self.style.SUCCESS(f"Starter bank loaded. {report.summary()}"))
