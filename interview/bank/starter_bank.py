"""Load the starter question bank from `fixtures/starter_bank/*.json`, idempotently.

Every topic and question carries a stable slug, so loading a newer bank over an older one
updates what changed, creates what is new and leaves everything else (including anything
editors added, and every user's attempts) alone. Loading the same files twice changes nothing.
The files are in the JSON import format, and loading them is a JSON import
(`interview.bank.transfer`): all or nothing, with every problem named.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from interview.bank.transfer import ImportFile, ImportMode, ImportReport, bank_import

DEFAULT_DIRECTORY = Path(settings.BASE_DIR) / "fixtures" / "starter_bank"
# Runnable exercises (SQL, Python) and code reviews, in the same JSON format with an
# "exercise" object per runnable question; loaded after the starter bank. Each file is named
# after the syllabus topic it adds questions to (`{"slug": ..., "questions": [...]}`).
EXERCISES_DIRECTORY = Path(settings.BASE_DIR) / "fixtures" / "exercises"

LoadReport = ImportReport


class BankFileError(ValueError):
    """A starter-bank file that cannot be loaded; the message names the file and the field."""


def starter_bank_files(*directories: Path) -> list[Path]:
    """The JSON files of the given folders (default: the starter bank and the exercises)."""
    folders = directories or (DEFAULT_DIRECTORY, EXERCISES_DIRECTORY)
    return [path for folder in folders for path in sorted(folder.glob("*.json"))]


def exercise_bank_files() -> list[Path]:
    """What loading the exercises needs: they add to the syllabus topics, whose questions refer
    to questions of other topics, so the whole starter bank comes first."""
    return starter_bank_files()


def starter_bank_load(*, paths: list[Path]) -> LoadReport:
    """Create or update every topic, note and question in `paths`; all or nothing."""
    files = [ImportFile(name=path.name, data=path.read_bytes(), format="json") for path in paths]
    report = bank_import(files=files, format="json", mode=ImportMode.UPDATE)
    if not report.ok:
        raise BankFileError("; ".join(str(problem) for problem in report.problems))
    return report
