"""`manage.py ensure_superuser`: create the admin named in the environment unless it exists.

Reads DJANGO_SUPERUSER_USERNAME, DJANGO_SUPERUSER_EMAIL and DJANGO_SUPERUSER_PASSWORD (the
variables `createsuperuser --noinput` reads). An existing account is never changed, so a
password changed in the admin stays changed across restarts.
"""

from __future__ import annotations

import os
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, IntegrityError


class Command(BaseCommand):
    help = "Create the superuser from DJANGO_SUPERUSER_* unless that username already exists."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args: Any, database: str, **options: Any) -> None:
        username = os.environ.get("DJANGO_SUPERUSER_USERNAME", "").strip()
        if not username:
            raise CommandError("DJANGO_SUPERUSER_USERNAME is not set: no admin to create.")
        if self._exists(username, database):
            self.stdout.write(f"Superuser {username!r} already exists; left unchanged.")
            return
        if not os.environ.get("DJANGO_SUPERUSER_PASSWORD"):
            raise CommandError(f"Set DJANGO_SUPERUSER_PASSWORD to create the admin {username!r}.")
        os.environ.setdefault("DJANGO_SUPERUSER_EMAIL", "")
        try:
            call_command(
                "createsuperuser",
                interactive=False,
                database=database,
                verbosity=0,
                **{get_user_model().USERNAME_FIELD: username},
            )
        except (CommandError, IntegrityError):
            # Another container may have created it a moment ago.
            if not self._exists(username, database):
                raise
            self.stdout.write(f"Superuser {username!r} was created by another process.")
            return
        self.stdout.write(self.style.SUCCESS(f"Superuser {username!r} created."))

    @staticmethod
    def _exists(username: str, database: str) -> bool:
        user_model = get_user_model()
        lookup = {user_model.USERNAME_FIELD: username}
        return user_model._default_manager.db_manager(database).filter(**lookup).exists()
