import json
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from interview.bank.models import Choice, KeyPoint, Question, StudyNote, Topic
from interview.bank.starter_bank import (
    DEFAULT_DIRECTORY,
    BankFileError,
    starter_bank_files,
    starter_bank_load,
)

pytestmark = pytest.mark.django_db

SEED_QUESTIONS = [
    "dl-vanishing-exploding-only-rnn", "dl-skip-connections", "rnn-vs-feedforward",
    "rnn-hidden-state", "rnn-vanishing-gradient-bptt", "rnn-lstm-gates",
    "rnn-lstm-vs-vanilla-gradients", "dl-exploding-gradients-clipping", "dl-xavier-vs-he-init",
    "dl-activation-functions-gradients", "dl-mcq-activation-vanishing",
    "rnn-mcq-lstm-application", "rnn-gru-vs-lstm", "rnn-transformers-vs-recurrence",
]  # fmt: skip


def counts():
    return tuple(model.objects.count() for model in (Topic, StudyNote, Question, KeyPoint, Choice))


def test_shipped_bank_loads_with_the_seed_questions():
    report = starter_bank_load(paths=starter_bank_files())
    assert report.created["question"] == Question.objects.count() >= 120
    assert Topic.objects.count() >= 10
    assert set(SEED_QUESTIONS) <= set(Question.objects.values_list("slug", flat=True))
    assert not Question.objects.exclude(status="published").exists()
    lstm = Question.objects.get(slug="rnn-lstm-gates")
    assert lstm.topic.slug == "rnn-sequences"
    assert 3 <= lstm.key_points.count() <= 6
    assert lstm.related.exists()


def test_loading_twice_duplicates_nothing_and_changes_nothing():
    call_command("load_starter_bank")
    before = counts()
    stamps = dict(Question.objects.values_list("slug", "updated_at"))
    report = starter_bank_load(paths=starter_bank_files())
    assert counts() == before
    assert not report.changed
    assert dict(Question.objects.values_list("slug", "updated_at")) == stamps


@pytest.fixture
def bank_copy(tmp_path: Path) -> Path:
    for name in ("deep-learning-fundamentals.json", "rnn-sequences.json"):
        shutil.copy(DEFAULT_DIRECTORY / name, tmp_path / name)
    return tmp_path


def _edit(path: Path, change) -> None:
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data))


def _strip_links_outside(directory: Path) -> None:
    """The two seed topics alone: drop follow-up links into topics that are not loaded."""
    files = list(directory.glob("*.json"))
    slugs = {q["slug"] for f in files for q in json.loads(f.read_text())["questions"]}
    for f in files:
        _edit(
            f,
            lambda d: [
                q.update(related=[r for r in q.get("related", []) if r in slugs])
                for q in d["questions"]
            ],
        )


def test_a_newer_bank_updates_in_place_and_keeps_editor_additions(bank_copy):
    _strip_links_outside(bank_copy)
    starter_bank_load(paths=starter_bank_files(bank_copy))
    question = Question.objects.get(slug="rnn-gru-vs-lstm")
    extra_note = StudyNote.objects.create(topic=question.topic, title="Editor's own note", body="x")

    def change(data):
        target = next(q for q in data["questions"] if q["slug"] == "rnn-gru-vs-lstm")
        target["official_answer"] += " One more sentence."
        target["key_points"] = target["key_points"][:3]

    _edit(bank_copy / "rnn-sequences.json", change)
    report = starter_bank_load(paths=starter_bank_files(bank_copy))
    assert report.updated["question"] == 1 and report.created["question"] == 0
    updated = Question.objects.get(slug="rnn-gru-vs-lstm")
    assert updated.pk == question.pk
    assert updated.official_answer.endswith("One more sentence.")
    assert updated.key_points.count() == 3
    assert StudyNote.objects.filter(pk=extra_note.pk).exists()


def test_a_broken_file_loads_nothing(bank_copy):
    _strip_links_outside(bank_copy)
    _edit(
        bank_copy / "rnn-sequences.json",
        lambda d: d["questions"][0].update(related=["no-such-question"]),
    )
    with pytest.raises(CommandError, match="no-such-question"):
        call_command("load_starter_bank", directory=bank_copy)
    assert counts() == (0, 0, 0, 0, 0)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", "invalid JSON"),
        (b'{"name": "caf\xe9"}', "not UTF-8"),  # Latin-1, no byte-order mark
        (b"[]", "top level must be a JSON object"),
        (b'{"slug": "t", "name": "T", "questions": [{"slug": "q"}]}', "'prompt' is missing"),
    ],
)
def test_bad_files_give_a_clear_error(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(BankFileError, match=message):
        starter_bank_load(paths=[path])


def test_multiple_choice_without_a_correct_option_is_refused(tmp_path):
    path = tmp_path / "t.json"
    path.write_text(
        json.dumps(
            {
                "slug": "t",
                "name": "T",
                "questions": [
                    {
                        "slug": "q",
                        "prompt": "Pick",
                        "kind": "multiple_choice",
                        "choices": [
                            {"text": "a", "is_correct": False},
                            {"text": "b", "is_correct": False},
                        ],
                    }
                ],
            }
        )
    )
    with pytest.raises(BankFileError, match="at least one correct option"):
        starter_bank_load(paths=[path])
    assert counts() == (0, 0, 0, 0, 0)


def test_empty_directory_is_a_command_error(tmp_path):
    with pytest.raises(CommandError, match=r"No \*\.json topic files"):
        call_command("load_starter_bank", directory=tmp_path)
