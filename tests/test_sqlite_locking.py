"""SQLite (the default database of `make run`): two requests writing at once wait for each
other instead of failing with "database is locked" (a transaction that read first and then
writes while another one is writing was refused at once)."""

import threading

import pytest
from django.conf import settings
from django.db import connection, transaction

from interview.bank.models import Tag

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="SQLite's locking only",
)
def test_a_transaction_that_reads_then_writes_waits_for_another_writer():
    errors: list[Exception] = []
    reading = threading.Event()
    other_started = threading.Event()

    def other_request():
        try:
            reading.wait(5)
            other_started.set()
            with transaction.atomic():
                Tag.objects.create(name="other", slug="other")
        except Exception as error:  # reported by the test below
            errors.append(error)
        finally:
            connection.close()

    other = threading.Thread(target=other_request)
    other.start()
    try:
        with transaction.atomic():
            assert Tag.objects.count() == 0  # read first
            reading.set()
            other_started.wait(5)
            other.join(0.5)  # the other request writes (or waits for this one) meanwhile
            Tag.objects.create(name="mine", slug="mine")  # then write
    except Exception as error:
        errors.append(error)
    other.join(10)
    assert errors == []
    assert set(Tag.objects.values_list("slug", flat=True)) == {"mine", "other"}
