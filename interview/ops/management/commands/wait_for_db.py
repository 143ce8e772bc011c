"""`manage.py wait_for_db`: block until the database answers, for at most --timeout seconds."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections


def database_error(alias: str) -> str | None:
    """None when a brand-new connection runs `SELECT 1`, else the reason it could not."""
    connection = connections.create_connection(alias)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        return str(error).strip() or type(error).__name__
    finally:
        connection.close()
    return None


class Command(BaseCommand):
    help = "Wait until the database accepts connections; fail after --timeout seconds."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--timeout", type=float, default=60.0, help="Seconds (default 60).")
        parser.add_argument(
            "--interval", type=float, default=1.0, help="Seconds between attempts (default 1)."
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args: Any, timeout: float, interval: float, database: str, **options: Any):
        started = time.monotonic()
        deadline = started + timeout
        error = database_error(database)
        if error is not None:
            self.stdout.write(f"Waiting up to {timeout:g} s for the database: {error}")
        while error is not None:
            if time.monotonic() + interval > deadline:
                raise CommandError(
                    f"The database did not answer within {timeout:g} s "
                    f"(check DATABASE_URL and that the server is up): {error}"
                )
            time.sleep(interval)
            error = database_error(database)
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"Database available after {elapsed:.1f} s."))
