"""`manage.py migrate_locked`: migrate once even when several containers start together.

On PostgreSQL the migrations (and, with --load-starter-bank, the starter bank) run while this
process holds an advisory lock: the first container migrates, the others wait and then find
nothing to do. On other databases it simply migrates.
"""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import DEFAULT_DB_ALIAS

from interview.ops.locks import advisory_lock

LOCK_NAME = "interview.ops.migrate_locked"


class Command(BaseCommand):
    help = (
        "Run `migrate` under a PostgreSQL advisory lock so that containers starting together "
        "migrate once; plain `migrate` on other databases."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)
        parser.add_argument(
            "--load-starter-bank",
            action="store_true",
            help="Then, still holding the lock, create or update the starter bank.",
        )

    def handle(self, *args: Any, database: str, load_starter_bank: bool, **options: Any):
        verbosity = options["verbosity"]

        def waiting() -> None:
            self.stdout.write("Another process holds the migration lock; waiting for it.")

        with advisory_lock(LOCK_NAME, using=database, on_wait=waiting) as locked:
            if locked:
                self.stdout.write("Migration lock taken.")
            call_command(
                "migrate",
                database=database,
                interactive=False,
                verbosity=verbosity,
                stdout=self.stdout,
                stderr=self.stderr,
            )
            if load_starter_bank:
                call_command("load_starter_bank", stdout=self.stdout, stderr=self.stderr)
