"""Anki packages (.apkg current and legacy, .colpkg) made by Anki's own library, read in; and
hostile packages refused with a named problem."""

from __future__ import annotations

import io
import json
import re
import sqlite3
import zipfile
from pathlib import Path

import pytest
import zstandard
from django.core.management import call_command

from interview.bank.models import BankMedia, Question, Topic
from interview.bank.transfer import bank_import, import_files_from_paths
from interview.bank.transfer.reading import ImportFile
from tests.anki_decks import export_packages, names

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def packages(tmp_path_factory) -> dict[str, Path]:
    return export_packages(tmp_path_factory.mktemp("anki"))


def import_path(path: Path, **options):
    files, problems = import_files_from_paths(paths=[path])
    return bank_import(files=files, problems=problems, create_topics=True, **options)


def test_the_packages_are_what_anki_writes(packages):
    assert "collection.anki21b" in names(packages["current"])
    assert "collection.anki21" in names(packages["legacy"])
    assert "collection.anki21b" in names(packages["colpkg"])


@pytest.mark.parametrize("kind", ["current", "legacy", "colpkg"])
def test_every_note_type_lands_with_its_deck_path_tags_and_guid(packages, kind):
    report = import_path(packages[kind])
    assert report.ok, report.problems
    assert report.created["question"] == 4
    assert set(Topic.objects.values_list("name", flat=True)) == {
        "Statistics / Tests",
        "Machine learning",
    }
    basic = Question.objects.get(prompt="What does a **p-value** measure?")
    assert basic.topic.name == "Statistics / Tests"
    assert basic.official_answer.startswith("The probability of data this extreme under H0.")
    image = BankMedia.objects.get()
    assert image.name.endswith("-curve.png") and image.content_type == "image/png"
    assert f"![curve.png](/media/bank/{image.name})" in basic.official_answer
    assert sorted(tag.name for tag in basic.tags.all()) == ["hypothesis-testing", "stats"]
    reversed_note = Question.objects.get(prompt="Type I error")
    assert reversed_note.official_answer == "Rejecting a true null hypothesis"
    cloze = Question.objects.get(kind="cloze")
    assert cloze.prompt == (
        "The {{c1::median}} is robust to outliers; the {{c2::mean::statistic}} is not."
    )
    assert cloze.official_answer == "A single outlier can move the mean arbitrarily far."
    assert cloze.topic.name == "Machine learning"
    custom = Question.objects.get(prompt="Overfitting")
    assert custom.official_answer == "Fitting noise in the training data"
    assert custom.context == "**Example:** A degree-15 polynomial through 16 points"
    assert any("1 image(s) stored" in note for note in report.notes)
    assert any("1 sound(s) dropped" in note for note in report.notes)


def test_importing_the_same_package_again_updates_nothing_and_duplicates_nothing(packages):
    assert import_path(packages["current"]).created["question"] == 4
    again = import_path(packages["legacy"])  # same notes, same GUIDs, older format
    assert again.created["question"] == 0
    assert again.unchanged["question"] == 4
    assert Question.objects.count() == 4


def test_the_command_reads_a_package_in_a_dry_run(packages, capsys):
    call_command("import_questions", str(packages["current"]), "--create-topics", "--dry-run")
    assert "4 created" in capsys.readouterr().out
    assert not Question.objects.exists() and not BankMedia.objects.exists()


# Hostile packages


def package(members: dict[str, bytes]) -> ImportFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return ImportFile(name="hostile.apkg", data=buffer.getvalue())


def only_message(file: ImportFile) -> str:
    report = bank_import(files=[file], create_topics=True)
    assert len(report.problems) == 1, report.problems
    return report.problems[0].message


def test_a_zip_without_a_collection():
    assert "holds no Anki collection" in only_message(package({"notes.txt": b"hello"}))


def test_a_collection_that_is_not_sqlite():
    message = only_message(package({"collection.anki21": b"definitely not a database" * 10}))
    assert message == "the collection is not a SQLite database"


def test_a_sqlite_file_that_is_not_an_anki_collection(tmp_path):
    path = tmp_path / "other.db"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE something (x)")
    connection.commit()
    connection.close()
    message = only_message(package({"collection.anki2": path.read_bytes()}))
    assert "cannot be read as an Anki collection" in message and "notes" in message


def test_a_zip_bomb_collection_is_stopped_at_the_limit(settings):
    settings.BANK_IMPORT_MAX_FILE_BYTES = 100_000  # packages may unpack to 5 x this
    bomb = b"\0" * 2_000_000  # deflates to a few kilobytes
    message = only_message(package({"collection.anki21": bomb}))
    assert "unpacks to more than 500,000 bytes" in message


def test_a_zstd_bomb_collection_is_stopped_at_the_limit(settings):
    settings.BANK_IMPORT_MAX_FILE_BYTES = 100_000
    bomb = zstandard.ZstdCompressor().compress(b"\0" * 5_000_000)
    message = only_message(package({"collection.anki21b": bomb}))
    assert "unpacks to more than 500,000 bytes" in message


def test_damaged_zstd_data():
    message = only_message(package({"collection.anki21b": b"\x28\xb5\x2f\xfd" + b"junk" * 10}))
    assert "damaged zstd data" in message


def test_path_traversal_member_names_are_never_written_anywhere(packages, tmp_path):
    original = zipfile.ZipFile(packages["legacy"])
    members = {name: original.read(name) for name in original.namelist()}
    members["../../etc/evil.png"] = b"x"
    members["/abs/evil"] = b"x"
    report = bank_import(files=[package(members)], create_topics=True)
    assert report.ok, report.problems
    assert report.created["question"] == 4
    assert not (tmp_path / "etc").exists() and not Path("/abs/evil").exists()


def test_a_truncated_package():
    data = package({"collection.anki21": b"SQLite format 3\0" + bytes(200)}).data[:50]
    message = only_message(ImportFile(name="cut.apkg", data=data))
    assert "not an Anki package" in message


def test_stored_images_are_served_with_their_type_and_long_caching(client, packages):
    import_path(packages["current"])
    image = BankMedia.objects.get()
    response = client.get(f"/media/bank/{image.name}")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert bytes(response.content) == bytes(image.data)
    assert client.get("/media/bank/missing.png").status_code == 404
    question = Question.objects.get(prompt="What does a **p-value** measure?")
    question.status = "published"
    question.save()
    page = client.get(question.get_absolute_url(), {"reveal": "1"}).content.decode()
    assert f'<img src="/media/bank/{image.name}" alt="curve.png"' in page


def test_an_image_that_is_not_an_image_or_too_big_is_not_stored(packages, settings):
    original = zipfile.ZipFile(packages["legacy"])
    members = {name: original.read(name) for name in original.namelist()}
    media = json.loads(members["media"])
    members[next(k for k, v in media.items() if v == "curve.png")] = b"<svg onload=alert(1)>"
    report = bank_import(files=[package(members)], create_topics=True)
    assert report.ok, report.problems
    assert not BankMedia.objects.exists()
    assert any(
        "'curve.png' not stored (not a PNG, JPEG, GIF or WebP image)" in n for n in report.notes
    )
    answer = Question.objects.get(prompt="What does a **p-value** measure?").official_answer
    assert "[image: curve.png]" in answer
    Question.objects.all().delete()
    settings.BANK_MEDIA_MAX_BYTES = 10
    report = import_path(packages["current"])
    assert any("more than 10 bytes" in note for note in report.notes)
    assert not BankMedia.objects.exists()


def test_a_hostile_image_name_is_sanitized(packages):
    original = zipfile.ZipFile(packages["legacy"])
    members = {name: original.read(name) for name in original.namelist()}
    members["media"] = json.dumps({"0": "../../etc/x y<>.png"}).encode()
    import sqlite3 as sql
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".anki2") as handle:
        handle.write(members["collection.anki21"])
        handle.flush()
        connection = sql.connect(handle.name)
        connection.execute(
            "UPDATE notes SET flds = replace(flds, 'curve.png', '../../etc/x y&lt;&gt;.png')"
        )
        connection.commit()
        connection.close()
        members["collection.anki21"] = Path(handle.name).read_bytes()
    report = bank_import(files=[package(members)], create_topics=True)
    assert report.ok, report.problems
    name = BankMedia.objects.get().name
    assert re.fullmatch(r"[0-9a-f]{12}-x-y\.png", name), name
