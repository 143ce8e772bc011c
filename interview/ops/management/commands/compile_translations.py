"""Compile the translation catalogues of LOCALE_PATHS without system gettext (see
interview.lib.catalogues); `make`, the tests and the Docker build run it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from interview.lib.catalogues import catalogues_compile


class Command(BaseCommand):
    help = "Compile locale/<lang>/LC_MESSAGES/*.po to .mo (pure Python, no msgfmt needed)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="Compile even up-to-date files.")

    def handle(self, *args: Any, **options: Any) -> None:
        written = catalogues_compile(
            locale_dirs=[Path(path) for path in settings.LOCALE_PATHS], force=options["force"]
        )
        for path in written:
            self.stdout.write(f"Compiled {path}")
        if options["verbosity"] > 0 and not written:
            self.stdout.write("Translation catalogues are up to date.")
