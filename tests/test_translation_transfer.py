"""Import and export carry translations: JSON with full fidelity (round trip), and a bank file
without translations leaves the bank's translations as they are."""

import json
from pathlib import Path

import pytest

from interview.bank.models import Question, StudyNote, Topic
from interview.bank.starter_bank import starter_bank_load
from interview.bank.transfer import ImportFile, bank_import
from interview.bank.translation_files import translation_files, translations_load
from tests.transfer_support import bank_snapshot, empty_the_bank, exported

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data" / "translations"
ENGLISH = DATA / "english" / "gradient-basics.json"


@pytest.fixture
def translated_bank():
    starter_bank_load(paths=[ENGLISH])
    report = translations_load(
        paths=translation_files(DATA / "good"), english_directory=ENGLISH.parent
    )
    assert report.ok, report.problems
    # A second language on some rows only.
    question = Question.objects.get(slug="gradient-basics-learning-rate")
    question.translations["de"] = {"prompt": "Was passiert bei einer zu großen Lernrate?"}
    question.save()


def translations_snapshot() -> dict:
    return {
        "topics": {t.slug: t.translations for t in Topic.objects.all()},
        "notes": {n.title: n.translations for n in StudyNote.objects.all()},
        "questions": {
            q.slug: {
                "self": q.translations,
                "points": [p.translations for p in q.key_points.all()],
                "choices": [c.translations for c in q.choices.all()],
            }
            for q in Question.objects.prefetch_related("key_points", "choices")
        },
    }


def test_json_round_trip_keeps_every_translation(translated_bank):
    before, texts = translations_snapshot(), bank_snapshot()
    assert before["questions"]["gradient-basics-learning-rate"]["points"][0]["fr"]["keywords"]
    files = exported("json")
    empty_the_bank()
    report = bank_import(files=files)
    assert report.ok, report.problems
    assert translations_snapshot() == before
    assert bank_snapshot() == texts
    again = bank_import(files=exported("json"))
    assert again.ok and not again.changed


def test_json_export_writes_lists_where_the_english_is_a_list(translated_bank):
    document = json.loads(exported("json")[0].data)
    topic = document["topics"][0]
    assert topic["translations"]["fr"]["key_concepts"] == [
        "Le gradient indique la direction de la montée",
        "Le taux d'apprentissage fixe la taille du pas",
    ]
    point = topic["questions"][0]["key_points"][0]
    assert point["translations"]["fr"]["keywords"] == ["dépasse le minimum", "dépassement"]
    assert point["translations"]["fr"]["misconceptions"] == [
        "Un grand taux d'apprentissage converge toujours plus vite"
    ]
    assert topic["questions"][0]["translations"]["de"]["prompt"].startswith("Was passiert")


def test_loading_the_english_bank_again_keeps_the_translations(translated_bank):
    before = translations_snapshot()
    starter_bank_load(paths=[ENGLISH])
    assert translations_snapshot() == before


def test_an_import_changes_a_translation_and_says_updated(translated_bank):
    document = json.loads(exported("json")[0].data)
    question = document["topics"][0]["questions"][0]
    question["translations"]["fr"]["prompt"] = (
        "Trop grand taux d'apprentissage : que se passe-t-il ?"
    )
    question["key_points"][1]["translations"] = {}
    data = json.dumps(document).encode()
    report = bank_import(files=[ImportFile(name="bank.json", data=data, format="json")])
    assert report.ok, report.problems
    assert report.updated["question"] == 1
    row = Question.objects.get(slug="gradient-basics-learning-rate")
    assert row.translations["fr"]["prompt"].startswith("Trop grand")
    assert row.key_points.last().translations == {}


@pytest.mark.parametrize(
    ("translations", "message"),
    [
        ({"nl": {"prompt": "x"}}, "unknown translation language 'nl'"),
        ({"fr": {"slug": "x"}}, "translations.fr.slug: not a translatable field"),
        ({"fr": {"prompt": 3}}, "translations.fr.prompt must be text"),
        (["fr"], "translations must be an object keyed by language code"),
    ],
)
def test_bad_translations_in_a_json_file_are_named(db, translations, message):
    document = json.loads(ENGLISH.read_text(encoding="utf-8"))
    document["questions"][0]["translations"] = translations
    data = json.dumps(document).encode()
    report = bank_import(files=[ImportFile(name="bank.json", data=data, format="json")])
    assert not report.ok
    assert any(p.field == "translations" and message in p.message for p in report.problems), [
        str(p) for p in report.problems
    ]
    assert not Question.objects.exists()


# CSV, TSV and Markdown: one language per file.


def _file(data: bytes, name: str, format: str) -> ImportFile:
    return ImportFile(name=name, data=data, format=format)


@pytest.mark.parametrize("format", ["csv", "tsv", "md"])
def test_a_file_exported_in_french_says_so_and_holds_the_french(translated_bank, format):
    [file] = exported(format, language="fr")
    text = file.data.decode()
    assert text.startswith("<!-- language: fr -->" if format == "md" else "#language:fr")
    assert "Que se passe-t-il quand le taux d'apprentissage est trop grand ?" in text
    assert "What happens when the learning rate is too large?" not in text


@pytest.mark.parametrize("format", ["csv", "tsv", "md"])
def test_a_french_file_imported_in_french_changes_only_the_french(translated_bank, format):
    before, english = translations_snapshot(), bank_snapshot()
    [file] = exported(format, language="fr")
    text = file.data.decode().replace(
        "Que se passe-t-il quand le taux d'apprentissage est trop grand ?",
        "Que se passe-t-il avec un taux d'apprentissage trop grand ?",
    )
    report = bank_import(files=[_file(text.encode(), file.name, format)], language="fr")
    assert report.ok, [str(p) for p in report.problems]
    assert report.updated["question"] == 1
    after = translations_snapshot()
    assert after["questions"]["gradient-basics-learning-rate"]["self"]["fr"]["prompt"] == (
        "Que se passe-t-il avec un taux d'apprentissage trop grand ?"
    )
    after["questions"]["gradient-basics-learning-rate"]["self"]["fr"]["prompt"] = before[
        "questions"
    ]["gradient-basics-learning-rate"]["self"]["fr"]["prompt"]
    assert after == before
    assert bank_snapshot() == english
    again = bank_import(files=[_file(text.encode(), file.name, format)], language="fr")
    assert again.ok and not again.changed


def test_a_german_export_carries_english_where_untranslated_and_imports_as_untranslated(
    translated_bank,
):
    [file] = exported("csv", language="de")
    text = file.data.decode()
    assert "Was passiert bei einer zu großen Lernrate?" in text
    assert "In which direction does gradient descent move the weights?" in text  # fallback
    before = translations_snapshot()
    report = bank_import(files=[_file(file.data, file.name, "csv")], language="de")
    assert report.ok and not report.changed
    assert translations_snapshot() == before


def test_a_file_in_a_language_only_translates_questions_in_the_bank(translated_bank):
    [file] = exported("csv", language="fr")
    text = file.data.decode().replace("gradient-basics-direction", "not-in-the-bank")
    report = bank_import(files=[_file(text.encode(), "fr.csv", "csv")], language="fr")
    assert not report.ok
    assert any("no question 'not-in-the-bank' in the bank" in p.message for p in report.problems)
    assert not Question.objects.filter(slug="not-in-the-bank").exists()


def test_json_has_no_language_option(translated_bank):
    from interview.bank.transfer import ExportError, bank_export

    with pytest.raises(ExportError, match="JSON carries every language"):
        bank_export(format="json", language="fr")
    report = bank_import(files=exported("json"), format="json", language="fr")
    assert any("JSON carries every language" in p.message for p in report.problems)


def test_the_commands_take_a_language(translated_bank, tmp_path):
    from django.core.management import call_command

    out = tmp_path / "fr.csv"
    call_command("export_questions", str(out), "--language", "fr")
    assert out.read_text(encoding="utf-8").startswith("#language:fr")
    call_command("import_questions", str(out), "--language", "fr")


def test_the_admin_imports_a_file_in_a_language(translated_bank, editor_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from interview.bank.transfer.pending import SESSION_KEY

    [file] = exported("csv", language="fr")
    text = file.data.decode().replace(
        "Dans quelle direction la descente de gradient déplace-t-elle les poids ?",
        "Vers où la descente de gradient déplace-t-elle les poids ?",
    )
    url = "/admin/bank/question/import/"
    body = editor_client.get(url).content.decode()
    assert 'name="language"' in body and "French (fr)" in body
    data = {
        "files": SimpleUploadedFile("fr.csv", text.encode()),
        "mode": "update",
        "format": "",
        "language": "fr",
    }
    response = editor_client.post(url, data)
    assert response.status_code == 200
    token = editor_client.session[SESSION_KEY]["token"]
    question = Question.objects.get(slug="gradient-basics-direction")
    assert question.translations["fr"]["prompt"].startswith("Dans quelle")  # dry run
    editor_client.post(url, {"confirm": "1", "token": token})
    question.refresh_from_db()
    assert question.translations["fr"]["prompt"].startswith("Vers où")
    assert question.prompt == "In which direction does gradient descent move the weights?"


# The language a file names is read back.

RENAMED = (
    "Que se passe-t-il quand le taux d'apprentissage est trop grand ?",
    "Que se passe-t-il avec un taux d'apprentissage trop grand ?",
)


def _renamed_french(format: str) -> ImportFile:
    [file] = exported(format, language="fr")
    return _file(file.data.decode().replace(*RENAMED).encode(), file.name, format)


@pytest.mark.parametrize("format", ["csv", "tsv", "md"])
def test_a_french_export_imported_without_a_language_option_translates_in_french(
    translated_bank, format
):
    english = bank_snapshot()
    report = bank_import(files=[_renamed_french(format)])
    assert report.ok, [str(p) for p in report.problems]
    assert report.updated["question"] == 1
    question = Question.objects.get(slug="gradient-basics-learning-rate")
    assert question.translations["fr"]["prompt"] == RENAMED[1]
    assert bank_snapshot() == english


@pytest.mark.parametrize("format", ["csv", "tsv", "md"])
@pytest.mark.parametrize("given", ["de", "en"])
def test_a_file_naming_another_language_than_the_option_is_refused(translated_bank, format, given):
    before, english = translations_snapshot(), bank_snapshot()
    file = _renamed_french(format)
    report = bank_import(files=[file], language=given)
    assert not report.ok
    [problem] = [p for p in report.problems if p.field == "language"]
    assert (problem.file, problem.line) == (file.name, 1)
    assert f"the file says its texts are in 'fr', the import is in '{given}'" in problem.message
    assert translations_snapshot() == before
    assert bank_snapshot() == english


def test_files_naming_different_languages_are_refused(translated_bank):
    before, english = translations_snapshot(), bank_snapshot()
    [german] = exported("csv", language="de")
    files = [_renamed_french("csv"), _file(german.data, "de.csv", "csv")]
    report = bank_import(files=files)
    assert not report.ok
    problems = [p for p in report.problems if p.field == "language"]
    assert {p.file for p in problems} == {files[0].name, "de.csv"}
    assert all("import one language at a time" in p.message for p in problems)
    assert translations_snapshot() == before
    assert bank_snapshot() == english


def test_a_language_this_bank_does_not_offer_is_named(translated_bank):
    [file] = exported("csv", language="fr")
    text = file.data.decode().replace("#language:fr", "#language:nl", 1)
    report = bank_import(files=[_file(text.encode(), "nl.csv", "csv")])
    assert not report.ok
    [problem] = [p for p in report.problems if p.file == "nl.csv"]
    assert problem.line == 1 and "unknown language 'nl'" in problem.message


def test_the_admin_exports_csv_and_markdown_in_the_chosen_language(translated_bank, editor_client):
    ids = [str(pk) for pk in Question.objects.values_list("pk", flat=True)]
    url = "/admin/bank/question/"
    assert 'name="language"' in editor_client.get(url).content.decode()
    for action, marker in [
        ("export_csv", "#language:fr"),
        ("export_markdown", "<!-- language: fr -->"),
    ]:
        data = {"action": action, "_selected_action": ids, "language": "fr"}
        text = editor_client.post(url, data).content.decode()
        assert text.startswith(marker), action
        assert RENAMED[0] in text
        back = bank_import(
            files=[_file(text.encode(), "back", "csv" if action == "export_csv" else "md")]
        )
        assert back.ok and not back.changed
    english = editor_client.post(url, {"action": "export_csv", "_selected_action": ids}).content
    assert not english.decode().startswith("#language")
    as_json = editor_client.post(
        url, {"action": "export_json", "_selected_action": ids, "language": "fr"}
    )
    assert as_json.status_code == 200 and as_json["Content-Type"].startswith("application/json")


def test_the_admin_import_reads_the_language_from_the_file(translated_bank, editor_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from interview.bank.transfer.pending import SESSION_KEY

    file = _renamed_french("csv")
    url = "/admin/bank/question/import/"
    data = {"files": SimpleUploadedFile("fr.csv", file.data), "mode": "update", "language": ""}
    assert editor_client.post(url, data).status_code == 200
    token = editor_client.session[SESSION_KEY]["token"]
    editor_client.post(url, {"confirm": "1", "token": token})
    question = Question.objects.get(slug="gradient-basics-learning-rate")
    assert question.translations["fr"]["prompt"] == RENAMED[1]
    assert question.prompt == "What happens when the learning rate is too large?"
