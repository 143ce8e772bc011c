"""Translation files (`fixtures/translations/<lang>/<topic-slug>.json`): the loader checks their
structure against the English topic file, names every problem and loads the right ones."""

import json
import re
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from interview.bank.models import Question, StudyNote, Topic
from interview.bank.starter_bank import starter_bank_load
from interview.bank.translation import localized
from interview.bank.translation_files import (
    ENGLISH_DIRECTORY,
    TRANSLATIONS_DIRECTORY,
    translation_files,
    translation_files_check,
    translations_load,
)

DATA = Path(__file__).parent / "data" / "translations"
ENGLISH = DATA / "english"
GOOD = DATA / "good"
BAD = DATA / "bad"


@pytest.fixture
def english_bank(db):
    starter_bank_load(paths=[ENGLISH / "gradient-basics.json"])


def test_the_good_file_has_no_problem():
    good, problems = translation_files_check(
        paths=translation_files(GOOD), english_directory=ENGLISH
    )
    assert problems == [] and len(good) == 1


def test_the_bad_file_names_every_problem_with_its_place():
    _, problems = translation_files_check(paths=translation_files(BAD), english_directory=ENGLISH)
    found = {(problem.where, problem.message) for problem in problems}
    assert ("language", "must be 'fr' (the folder's language)") in found
    assert ("key_concepts", "has 1 item(s) where the English has 2") in found
    assert any(where == "notes[0].body" and "'```'" in message for where, message in found)
    assert any(where == "notes[0].body" and "'$'" in message for where, message in found)
    assert ("questions[0].key_points[0].keywords", "must be a list of texts") in found
    assert ("questions[0].official_answer", "is empty but the English is not") in found
    assert ("questions[0].context", "must stay empty: the English is empty") in found
    assert ("questions[1].choices", "has 1 item(s) where the English has 2") in found
    assert all(str(problem).startswith("fr/gradient-basics.json: ") for problem in problems)


def _write(tmp_path: Path, language: str, data) -> Path:
    folder = tmp_path / language
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "gradient-basics.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def _good() -> dict:
    return json.loads((GOOD / "fr" / "gradient-basics.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("change", "where", "message"),
    [
        (lambda d: d["questions"].reverse(), "questions", "not in the English order"),
        (lambda d: d["questions"].pop(), "questions", "missing gradient-basics-direction"),
        (lambda d: d.update(extra=1), "", "unknown key(s) extra"),
        (lambda d: d.pop("notes"), "", "missing notes"),
        (lambda d: d.update(name=""), "name", "is empty but the English is not"),
        (lambda d: d.update(slug="other"), "slug", "must be the English topic slug"),
        (
            lambda d: d["questions"][0]["key_points"][0].update(misconceptions=[]),
            "questions[0].key_points[0].misconceptions",
            "has 0 item(s) where the English has 1",
        ),
        (
            lambda d: d["questions"][0]["key_points"][1].update(keywords=[]),
            "questions[0].key_points[1].keywords",
            "is empty",
        ),
        (lambda d: d.update(questions={}), "questions", "must be a list of objects"),
        (lambda d: d["notes"][0].update(title=7), "notes[0].title", "must be text"),
    ],
)
def test_each_structural_problem_is_named(tmp_path, change, where, message):
    data = _good()
    change(data)
    path = _write(tmp_path, "fr", data)
    _, problems = translation_files_check(paths=[path], english_directory=ENGLISH)
    assert any(p.where == where and message in p.message for p in problems), problems


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("{not json", "is not valid JSON (line 1"),
        (b"\xff\xfe{}", "is not UTF-8 text"),
        ("[]", "must be a JSON object"),
    ],
)
def test_unreadable_files_are_named(tmp_path, raw, message):
    folder = tmp_path / "fr"
    folder.mkdir()
    path = folder / "gradient-basics.json"
    path.write_bytes(raw if isinstance(raw, bytes) else raw.encode())
    _, problems = translation_files_check(paths=[path], english_directory=ENGLISH)
    assert any(message in problem.message for problem in problems), problems


def test_a_language_folder_that_is_not_a_translation_language_is_refused(tmp_path):
    path = _write(tmp_path, "nl", _good())
    _, problems = translation_files_check(paths=[path], english_directory=ENGLISH)
    assert "folder 'nl' is not one of fr, de, es, pt, it" in problems[0].message


def test_a_file_without_its_english_topic_is_refused(tmp_path):
    folder = tmp_path / "fr"
    folder.mkdir()
    path = folder / "unknown-topic.json"
    path.write_text("{}", encoding="utf-8")
    _, problems = translation_files_check(paths=[path], english_directory=ENGLISH)
    assert problems[0].message == "no English topic file unknown-topic.json to translate"


def test_loading_sets_the_translations_and_is_idempotent(english_bank):
    report = translations_load(paths=translation_files(GOOD), english_directory=ENGLISH)
    assert report.ok and report.loaded == 1
    # topic, note, 2 questions, 2 key points, 2 options
    assert report.changed == 8
    topic = Topic.objects.get(slug="gradient-basics")
    assert topic.name == "Gradient basics"
    assert localized(topic, "name", "fr").text == "Bases du gradient"
    assert localized(topic, "key_concepts", "fr").text.splitlines()[1] == (
        "Le taux d'apprentissage fixe la taille du pas"
    )
    note = StudyNote.objects.get(topic=topic)
    assert localized(note, "title", "fr").text == "Idées principales"
    question = Question.objects.get(slug="gradient-basics-learning-rate")
    point = question.key_points.first()
    assert point.translations["fr"] == {
        "text": "Les mises à jour dépassent le minimum",
        "keywords": "dépasse le minimum, dépassement",
        "misconceptions": "Un grand taux d'apprentissage converge toujours plus vite",
    }
    choice = Question.objects.get(slug="gradient-basics-direction").choices.last()
    assert localized(choice, "text", "fr").text == "Dans le sens du gradient"
    again = translations_load(paths=translation_files(GOOD), english_directory=ENGLISH)
    assert again.ok and again.changed == 0


def test_a_bad_file_loads_nothing_and_the_good_ones_still_load(english_bank, tmp_path):
    shutil.copytree(GOOD / "fr", tmp_path / "fr")
    bad = _good()
    bad["language"] = "de"
    bad["questions"][0]["key_points"].pop()
    _write(tmp_path, "de", bad)
    report = translations_load(paths=translation_files(tmp_path), english_directory=ENGLISH)
    assert report.loaded == 1
    assert [problem.where for problem in report.problems] == ["questions[0].key_points"]
    topic = Topic.objects.get(slug="gradient-basics")
    assert set(topic.translations) == {"fr"}


def test_a_bank_that_differs_from_the_english_file_is_refused_for_that_file(english_bank):
    Question.objects.get(slug="gradient-basics-learning-rate").key_points.last().delete()
    report = translations_load(paths=translation_files(GOOD), english_directory=ENGLISH)
    assert report.loaded == 0
    assert [str(p) for p in report.problems] == [
        "fr/gradient-basics.json: questions[0].key_points: the bank has 1 key point(s) for this "
        "question, the file 2"
    ]
    assert Topic.objects.get(slug="gradient-basics").translations == {}


def test_a_bank_question_with_other_options_is_refused_for_that_file(english_bank):
    question = Question.objects.filter(choices__isnull=False).distinct().first()
    count = question.choices.count()
    question.choices.last().delete()
    report = translations_load(paths=translation_files(GOOD), english_directory=ENGLISH)
    assert report.loaded == 0
    [problem] = report.problems
    assert re.fullmatch(r"questions\[\d+\]\.choices", problem.where)
    assert problem.message == (
        f"the bank has {count - 1} option(s) for this question, the file {count}"
    )
    assert Topic.objects.get(slug="gradient-basics").translations == {}


def test_load_starter_bank_loads_translations_and_reports_problems(db, capsys):
    call_command("load_starter_bank", "--directory", str(ENGLISH), "--translations", str(GOOD))
    out = capsys.readouterr().out
    assert "Translations: 1 of 1 translation file(s) loaded" in out
    assert Topic.objects.get(slug="gradient-basics").translations["fr"]
    with pytest.raises(CommandError, match="Translation files with problems were not loaded"):
        call_command("load_starter_bank", "--directory", str(ENGLISH), "--translations", str(BAD))
    assert "problem: fr/gradient-basics.json: language: must be 'fr'" in capsys.readouterr().err


def test_every_shipped_translation_file_matches_its_english_topic():
    """Same slugs, counts and Markdown marks as the English file, for every file shipped."""
    paths = translation_files(TRANSLATIONS_DIRECTORY)
    _, problems = translation_files_check(paths=paths, english_directory=ENGLISH_DIRECTORY)
    assert [str(problem) for problem in problems] == []
