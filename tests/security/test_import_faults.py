"""Hostile archives and JSON uploaded on the admin's import page: each fault is a named problem
on the page (200), nothing is written and no confirmation is offered; the sound members of an
archive are still read."""

from __future__ import annotations

import io
import sqlite3
import tempfile
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from interview.bank.models import Question
from interview.bank.transfer import ImportFile, bank_export, bank_import
from interview.bank.transfer.pending import SESSION_KEY
from tests.factories import QuestionFactory

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/bank/question/import/"
GOOD = b'{"slug": "t", "name": "T", "questions": [{"slug": "q", "prompt": "Fine?"}]}'


def _zip(member: bytes) -> bytearray:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr("bad.json", member)
        archive.writestr("good.json", GOOD)
    return bytearray(buffer.getvalue())


def _patched(data: bytearray, offset: int, value: bytes) -> bytes:
    """The first member's field at `offset` of its local header, set in the central one too."""
    data[offset : offset + len(value)] = value
    central = data.find(b"PK\x01\x02")
    data[central + offset + 2 : central + offset + 2 + len(value)] = value
    return bytes(data)


PAYLOAD = b'{"questions": []}' + b" " * 200
FAULTS = {
    "bad-crc": (lambda: _patched(_zip(PAYLOAD), 14, b"\x00\x00\x00\x00"), "damaged"),
    "lying-size": (lambda: _patched(_zip(PAYLOAD), 22, (40).to_bytes(4, "little")), "damaged"),
    "encrypted": (lambda: _patched(_zip(PAYLOAD), 6, b"\x01\x00"), "encrypted"),
    "unknown-method": (
        lambda: _patched(_zip(PAYLOAD), 8, (99).to_bytes(2, "little")),
        "compression method",
    ),
    "nested-json": (lambda: bytes(_zip(b"[" * 100_000 + b"]" * 100_000)), "nested too deeply"),
}


@pytest.mark.parametrize("fault", list(FAULTS))
def test_a_hostile_upload_is_a_named_problem_on_the_import_page(editor_client, fault):
    make, expected = FAULTS[fault]
    upload = SimpleUploadedFile("hostile.zip", make())
    response = editor_client.post(IMPORT_URL, {"files": upload, "mode": "update", "format": ""})
    body = response.content.decode()
    assert response.status_code == 200
    assert "hostile.zip/bad.json" in body and expected in body
    assert 'name="confirm"' not in body and SESSION_KEY not in editor_client.session
    assert not Question.objects.exists()


def test_deeply_nested_json_alone_is_a_named_problem_on_the_import_page(editor_client):
    upload = SimpleUploadedFile("deep.json", b"[" * 100_000 + b"]" * 100_000)
    response = editor_client.post(IMPORT_URL, {"files": upload, "mode": "update", "format": ""})
    assert response.status_code == 200
    assert "nested too deeply" in response.content.decode()
    assert not Question.objects.exists()


DEEP = "[" * 100_000 + "]" * 100_000


@pytest.mark.parametrize("format", ["csv", "tsv"])
def test_deeply_nested_brackets_declared_as_csv_are_a_named_problem(format):
    report = bank_import(
        files=[ImportFile(name=f"deep.{format}", data=DEEP.encode(), format=format)],
        format=format,
    )
    assert [p.message for p in report.problems] == ["this looks like JSON, not a CSV/TSV file"]


def _anki_package(*, sql: tuple | None = None, media: bytes | None = None) -> bytes:
    """The bank as an older Anki package, its `col` row or its media list replaced."""
    QuestionFactory(prompt="Hello?")
    source = zipfile.ZipFile(io.BytesIO(bank_export(format="apkg")[0].data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target, tempfile.TemporaryDirectory() as tmp:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "collection.anki2" and sql:
                path = f"{tmp}/collection.anki2"
                with open(path, "wb") as handle:
                    handle.write(data)
                with sqlite3.connect(path) as db:
                    assert db.execute(*sql).rowcount == 1
                db.close()
                with open(path, "rb") as handle:
                    data = handle.read()
            if info.filename == "media" and media is not None:
                data = media
            target.writestr(info, data)
    return out.getvalue()


@pytest.mark.parametrize(
    ("table", "value"),
    [
        ("decks", "not json"),
        ("decks", DEEP),
        ("decks", "[1]"),
        ("decks", '{"1": "a deck"}'),
        ("models", "not json"),
        ("models", DEEP),
        ("models", '{"1": {"flds": 7}}'),
    ],
    ids=["decks-garbage", "decks-deep", "decks-list", "decks-str", "models-garbage",
         "models-deep", "models-shape"],
)  # fmt: skip
def test_a_damaged_json_table_in_an_anki_package_is_a_named_problem(table, value):
    data = _anki_package(sql=(f"UPDATE col SET {table} = ?", (value,)))
    report = bank_import(files=[ImportFile(name="x.apkg", data=data, format="apkg")], dry_run=True)
    what = {"decks": "decks", "models": "note types"}[table]
    assert [p.message for p in report.problems] == [f"the collection's table of {what} is damaged"]


@pytest.mark.parametrize("media", [b'{"0": ' + DEEP.encode() + b"}", b'{"0": "a.png"', b"{}]"])
def test_a_damaged_media_list_in_an_anki_package_is_a_named_problem(media):
    data = _anki_package(media=media)
    report = bank_import(files=[ImportFile(name="x.apkg", data=data, format="apkg")], dry_run=True)
    assert [p.message for p in report.problems] == ["the package's media list is damaged"]
