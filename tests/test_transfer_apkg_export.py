"""Anki package export (.apkg): opened by Anki's own library, and read back by this app."""

from __future__ import annotations

import datetime as dt
import io
import json
import sqlite3
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from interview.bank.media import media_prepare, media_store
from interview.bank.models import BankMedia, Question, Tag
from interview.bank.transfer import ImportFile, bank_export, bank_import
from tests.anki_decks import PNG
from tests.factories import ChoiceFactory, QuestionFactory, TopicFactory, UserFactory

anki_collection = pytest.importorskip("anki.collection", reason="Anki's library is not installed")

pytestmark = pytest.mark.django_db


@pytest.fixture
def bank() -> dict[str, Question]:
    stats = TopicFactory(name="Statistics / Tests", slug="statistics-tests")
    ml = TopicFactory(name="Machine learning", slug="machine-learning")
    image = media_prepare(original="curve.png", data=PNG)
    assert not isinstance(image, str)
    media_store(files=[image])
    basic = QuestionFactory(
        topic=stats,
        slug="p-value",
        prompt="What does a **p-value** measure?",
        short_answer="",
        official_answer=f"The probability of data this extreme under H0.\n\n![curve]({image.url})",
    )
    basic.tags.add(Tag.objects.create(name="hypothesis testing", slug="hypothesis-testing"))
    cloze = QuestionFactory(
        topic=ml,
        slug="robust-median",
        kind=Question.Kind.CLOZE,
        prompt="The {{c1::median}} is robust to outliers; the {{c2::mean::statistic}} is not.",
        short_answer="",
        official_answer="A single outlier can move the mean arbitrarily far.",
    )
    choice = QuestionFactory(
        topic=ml,
        slug="overfitting-sign",
        kind=Question.Kind.MULTIPLE_CHOICE,
        prompt="Which one is a sign of overfitting?",
        short_answer="",
        official_answer="",
    )
    ChoiceFactory(question=choice, text="Low training error, high test error", is_correct=True)
    ChoiceFactory(question=choice, text="High training error", is_correct=False)
    return {"basic": basic, "cloze": cloze, "choice": choice, "image": image}


def export(tmp_path: Path, name: str = "bank") -> Path:
    (file,) = bank_export(format="apkg", name=name)
    path = tmp_path / file.name
    path.write_bytes(file.data)
    return path


def anki_import(folder: Path, package: Path):
    """A fresh (or existing) Anki collection in `folder` with `package` imported into it."""
    from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

    col = Collection(str(folder / "collection.anki2"))
    col.import_anki_package(
        ImportAnkiPackageRequest(
            package_path=str(package),
            options=ImportAnkiPackageOptions(with_scheduling=False, with_deck_configs=False),
        )
    )
    return col


def test_the_package_is_a_legacy_collection_with_its_media(bank, tmp_path):
    archive = zipfile.ZipFile(export(tmp_path))
    assert sorted(archive.namelist()) == ["0", "collection.anki2", "media"]
    assert json.loads(archive.read("media")) == {"0": bank["image"].name}
    assert archive.read("0") == PNG
    path = tmp_path / "collection.anki2"
    path.write_bytes(archive.read("collection.anki2"))
    connection = sqlite3.connect(path)
    assert connection.execute("SELECT ver FROM col").fetchone() == (11,)
    guids = {row[0] for row in connection.execute("SELECT guid FROM notes")}
    assert guids == {"p-value", "robust-median", "overfitting-sign"}
    connection.close()


def test_anki_imports_every_note_with_its_guid_deck_tags_type_and_image(bank, tmp_path):
    package = export(tmp_path)
    (tmp_path / "anki").mkdir()
    col = anki_import(tmp_path / "anki", package)
    try:
        notes = {col.get_note(nid).guid: col.get_note(nid) for nid in col.find_notes("")}
        assert set(notes) == {"p-value", "robust-median", "overfitting-sign"}
        basic = notes["p-value"]
        assert basic.note_type()["name"] == "Basic (interview practice)"
        assert basic["Front"] == "<p>What does a <strong>p-value</strong> measure?</p>"
        assert f'<img src="{bank["image"].name}"' in basic["Back"]
        assert basic.tags == ["hypothesis_testing"]
        assert col.decks.name(basic.cards()[0].did) == "Statistics::Tests"
        assert {"Statistics", "Statistics::Tests"} <= {
            d.name for d in col.decks.all_names_and_ids()
        }
        assert (Path(col.media.dir()) / bank["image"].name).read_bytes() == PNG
        cloze = notes["robust-median"]
        assert cloze.note_type()["name"] == "Cloze (interview practice)"
        assert "{{c2::mean::statistic}}" in cloze["Text"]
        assert sorted(card.ord for card in cloze.cards()) == [0, 1]
        assert col.decks.name(cloze.cards()[0].did) == "Machine learning"
        choice = notes["overfitting-sign"]
        assert "<li>High training error</li>" in choice["Front"]
        assert "A. Low training error, high test error" in choice["Back"]
        assert col.card_count() == 4
    finally:
        col.close()


def test_a_newer_export_updates_the_notes_in_anki_instead_of_duplicating(bank, tmp_path):
    (tmp_path / "anki").mkdir()
    anki_import(tmp_path / "anki", export(tmp_path, "first")).close()
    Question.objects.filter(pk=bank["basic"].pk).update(
        prompt="What does a p-value measure, exactly?",
        updated_at=bank["basic"].updated_at + dt.timedelta(minutes=5),
    )
    col = anki_import(tmp_path / "anki", export(tmp_path, "second"))
    try:
        assert col.note_count() == 3
        (nid,) = [nid for nid in col.find_notes("") if col.get_note(nid).guid == "p-value"]
        assert col.get_note(nid)["Front"] == "<p>What does a p-value measure, exactly?</p>"
    finally:
        col.close()


def test_the_package_reads_back_into_the_same_questions(bank, tmp_path):
    data = export(tmp_path).read_bytes()
    image_name = bank["image"].name
    Question.objects.all().delete()
    BankMedia.objects.all().delete()
    report = bank_import(files=[ImportFile(name="bank.apkg", data=data)], create_topics=True)
    assert report.ok, report.problems
    assert report.created["question"] == 3
    basic = Question.objects.get(slug="p-value")
    assert basic.prompt == "What does a **p-value** measure?"
    assert basic.topic.name == "Statistics / Tests"
    assert basic.official_answer == (
        f"The probability of data this extreme under H0.\n\n![curve](/media/bank/{image_name})"
    )
    assert BankMedia.objects.get().name == image_name
    assert [tag.name for tag in basic.tags.all()] == ["hypothesis_testing"]
    cloze = Question.objects.get(slug="robust-median")
    assert cloze.kind == Question.Kind.CLOZE
    assert cloze.prompt == (
        "The {{c1::median}} is robust to outliers; the {{c2::mean::statistic}} is not."
    )
    assert cloze.official_answer == "A single outlier can move the mean arbitrarily far."
    assert cloze.topic.name == "Machine learning"
    choice = Question.objects.get(slug="overfitting-sign")  # a Basic note: the options are text
    assert (choice.kind, choice.official_answer) == (
        "open",
        "A. Low training error, high test error",
    )
    assert "1. High training error" in choice.prompt


def test_export_of_an_empty_selection_is_a_valid_empty_package(tmp_path):
    (file,) = bank_export(format="apkg", questions=Question.objects.none())
    archive = zipfile.ZipFile(io.BytesIO(file.data))
    assert json.loads(archive.read("media")) == {}
    report = bank_import(files=[ImportFile(name="empty.apkg", data=file.data)], topic="X")
    assert report.ok and not report.created.get("question")


def test_the_command_writes_a_package_from_the_extension(bank, tmp_path, capsys):
    call_command("export_questions", str(tmp_path / "out.apkg"), "--topic", "machine-learning")
    assert "Exported 1 file(s)" in capsys.readouterr().out
    archive = zipfile.ZipFile(tmp_path / "out.apkg")
    assert json.loads(archive.read("media")) == {}  # the image is in the other topic
    (tmp_path / "anki").mkdir()
    col = anki_import(tmp_path / "anki", tmp_path / "out.apkg")
    try:
        assert col.note_count() == 2
    finally:
        col.close()


def test_the_admin_action_downloads_a_package(bank, client):
    client.force_login(UserFactory(username="alice", is_staff=True, is_superuser=True))
    response = client.post(
        reverse("admin:bank_question_changelist"),
        {"action": "export_apkg", "_selected_action": [bank["basic"].pk]},
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.apkg"')
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert json.loads(archive.read("media")) == {"0": bank["image"].name}
