import pytest
from django.db import OperationalError
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_healthz_is_200_when_the_database_answers(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_uses_a_fresh_connection_and_is_503_when_it_fails(client, monkeypatch):
    from django.db import connections

    opened = []

    def broken_connection(alias):
        opened.append(alias)
        connection = original(alias)

        def refuse():
            raise OperationalError("connection refused")

        connection.ensure_connection = refuse
        connection.cursor = lambda: refuse()
        return connection

    original = connections.create_connection
    monkeypatch.setattr(connections, "create_connection", broken_connection)
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"
    assert opened == ["default"]
