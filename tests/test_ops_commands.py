"""Start-up commands the container entrypoint runs (interview/ops)."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections

from interview.ops.locks import advisory_lock_key
from interview.ops.management.commands import migrate_locked, wait_for_db

pytestmark = pytest.mark.django_db


def _run(*args: str, **options) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


def test_wait_for_db_returns_at_once_when_the_database_answers():
    output = _run("wait_for_db", "--timeout", "5")
    assert "Database available after" in output
    assert "Waiting" not in output


def test_wait_for_db_retries_until_the_database_answers(monkeypatch):
    answers = iter(["connection refused", "connection refused", None])
    monkeypatch.setattr(wait_for_db, "database_error", lambda alias: next(answers))
    output = _run("wait_for_db", "--timeout", "5", "--interval", "0.01")
    assert "Waiting up to 5 s for the database: connection refused" in output
    assert "Database available after" in output


def test_wait_for_db_fails_with_a_clear_message_after_the_timeout(monkeypatch):
    from django.db import OperationalError

    def refuse(alias):
        fresh = original(alias)

        def broken():
            raise OperationalError('connection to server at "db" failed: Connection refused')

        fresh.cursor = broken
        return fresh

    original = connections.create_connection
    monkeypatch.setattr(connections, "create_connection", refuse)
    with pytest.raises(CommandError) as raised:
        _run("wait_for_db", "--timeout", "0.2", "--interval", "0.05")
    message = str(raised.value)
    assert "did not answer within 0.2 s" in message
    assert "Connection refused" in message


def _lock_is_free_for_another_session() -> bool:
    """Can a second PostgreSQL session take the migration lock right now?"""
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            key = advisory_lock_key(migrate_locked.LOCK_NAME)
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
            (taken,) = cursor.fetchone()
            if taken:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
            return taken
    finally:
        other.close()


def test_migrate_locked_runs_migrate_holding_the_lock_on_postgresql(monkeypatch):
    calls = []

    def fake_call_command(name, *args, **options):
        lock_free = (
            _lock_is_free_for_another_session() if connection.vendor == "postgresql" else None
        )
        calls.append((name, options.get("interactive"), lock_free))

    monkeypatch.setattr(migrate_locked, "call_command", fake_call_command)
    _run("migrate_locked", "--load-starter-bank")
    if connection.vendor == "postgresql":
        assert calls == [("migrate", False, False), ("load_starter_bank", None, False)]
        assert _lock_is_free_for_another_session()
    else:  # SQLite: no lock, simply migrate
        assert calls == [("migrate", False, None), ("load_starter_bank", None, None)]


def test_migrate_locked_on_a_migrated_database_has_nothing_to_apply():
    output = _run("migrate_locked")
    assert "No migrations to apply." in output


def test_ensure_superuser_creates_the_admin_once(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_USERNAME", "admin")
    monkeypatch.setenv("DJANGO_SUPERUSER_EMAIL", "admin@example.com")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-long-admin-password")
    assert "Superuser 'admin' created." in _run("ensure_superuser")
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    assert admin.email == "admin@example.com"
    assert admin.check_password("a-long-admin-password")

    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "another-password")
    assert "already exists; left unchanged" in _run("ensure_superuser")
    admin.refresh_from_db()
    assert admin.check_password("a-long-admin-password")
    assert get_user_model().objects.count() == 1


def test_ensure_superuser_needs_a_password_to_create(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_USERNAME", "admin")
    monkeypatch.delenv("DJANGO_SUPERUSER_PASSWORD", raising=False)
    with pytest.raises(CommandError, match="DJANGO_SUPERUSER_PASSWORD"):
        _run("ensure_superuser")
    assert not get_user_model().objects.exists()
