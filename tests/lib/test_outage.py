"""A database outage answers 503 "restarting" with Retry-After; slow SQL is cut by a timeout."""

import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse

from interview.bank import selectors

pytestmark = pytest.mark.django_db


def _home_raising(monkeypatch, error: Exception):
    def fail(**kwargs):
        raise error

    monkeypatch.setattr(selectors, "question_of_the_day", fail)
    return Client(raise_request_exception=False).get(reverse("bank:home"))


def test_database_unreachable_gives_the_restarting_page_with_retry_after(monkeypatch):
    response = _home_raising(monkeypatch, OperationalError("connection refused"))
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "no-store" in response["Cache-Control"]
    body = response.content.decode()
    assert "The service is restarting" in body and "last saved answer is safe" in body


def test_other_errors_keep_the_generic_error_page(monkeypatch):
    response = _home_raising(monkeypatch, RuntimeError("bug"))
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def test_a_query_cancelled_by_the_statement_timeout_is_not_an_outage(monkeypatch):
    import psycopg

    error = OperationalError("canceling statement due to statement timeout")
    error.__cause__ = psycopg.errors.QueryCanceled("timeout")
    assert _home_raising(monkeypatch, error).status_code == 500


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_postgresql_connections_carry_a_statement_timeout(settings):
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "20s"
        cursor.execute("SET LOCAL statement_timeout = 50")
        with pytest.raises(OperationalError, match="statement timeout"):
            cursor.execute("SELECT pg_sleep(1)")
