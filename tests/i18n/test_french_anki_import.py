"""A damaged or hostile Anki package is reported in the editor's language, with its figures
written the French way."""

import io
import zipfile

import pytest
from django.utils import translation

from interview.bank.transfer import bank_import
from interview.bank.transfer.reading import ImportFile

pytestmark = pytest.mark.django_db


def problem_in_french(data: bytes) -> str:
    with translation.override("fr"):
        report = bank_import(files=[ImportFile(name="deck.apkg", data=data)], create_topics=True)
    assert len(report.problems) == 1, report.problems
    return report.problems[0].message


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_anki_package_problems_in_french(settings):
    message = problem_in_french(zipped({"notes.txt": b"hello"}))
    assert message == (
        "l'archive ne contient aucune collection Anki (collection.anki21b, .anki21 ou .anki2)"
    )
    message = problem_in_french(zipped({"collection.anki21": b"not a database" * 10}))
    assert message == "la collection n'est pas une base de données SQLite"
    settings.BANK_IMPORT_MAX_FILE_BYTES = 100_000  # a package may unpack to 5 x this
    message = problem_in_french(zipped({"collection.anki21": b"\0" * 2_000_000}))
    assert "'collection.anki21' se décompresse en plus de 500\xa0000 octets" in message
    assert "bytes" not in message


def test_damaged_zstd_data_in_french():
    message = problem_in_french(zipped({"collection.anki21b": b"\x28\xb5\x2f\xfd" + b"junk" * 10}))
    assert message.startswith("'collection.anki21b' contient des données zstd endommagées (")
