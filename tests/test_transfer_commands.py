"""manage.py import_questions and export_questions."""

import io
import json
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from interview.bank.models import Question
from tests.factories import QuestionFactory, TopicFactory, multiple_choice_question
from tests.transfer_support import bank_snapshot, empty_the_bank

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures" / "transfer"


@pytest.fixture
def statistics():
    return TopicFactory(slug="statistics", name="Statistics")


def run(*args, **options) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


def test_import_then_import_again(statistics):
    out = run("import_questions", str(FIXTURES / "statistics.md"))
    assert "questions: 3 created, 0 updated, 0 unchanged" in out
    out = run("import_questions", str(FIXTURES / "statistics.md"))
    assert "questions: 0 created, 0 updated, 3 unchanged" in out


def test_dry_run_writes_nothing(statistics):
    out = run("import_questions", str(FIXTURES / "statistics.md"), "--dry-run")
    assert "Dry run, nothing was written" in out and "3 created" in out
    assert not Question.objects.exists()


def test_problems_are_listed_and_the_command_fails(statistics):
    err = io.StringIO()
    with pytest.raises(CommandError, match=r"Nothing was imported: 6 problem\(s\)"):
        call_command(
            "import_questions",
            str(FIXTURES / "many_problems.csv"),
            stdout=io.StringIO(),
            stderr=err,
        )
    lines = err.getvalue().splitlines()
    assert len(lines) == 6
    assert lines[0].endswith("many_problems.csv:5: front: 'prompt' is missing or empty")
    assert not Question.objects.exists()


def test_content_decides_when_the_extension_says_nothing(statistics, tmp_path):
    path = tmp_path / "cards.data"
    path.write_text("#deck:Statistics\nWhat is a p-value?\tAn answer\n")
    run("import_questions", str(path))
    assert Question.objects.get().prompt == "What is a p-value?"


def test_format_option_overrides_the_content(statistics, tmp_path):
    path = tmp_path / "cards.data"
    path.write_text("What is a p-value?{=An answer}\n")
    with pytest.raises(CommandError):
        run("import_questions", str(path), "--format", "json")
    run("import_questions", str(path), "--topic", "Statistics")
    assert Question.objects.get().prompt == "What is a p-value?"


def test_skip_existing_and_update_are_exclusive(statistics):
    with pytest.raises(CommandError):
        run("import_questions", str(FIXTURES / "statistics.md"), "--update", "--skip-existing")
    QuestionFactory(topic=statistics, slug="stats-p-value", prompt="Mine")
    out = run("import_questions", str(FIXTURES / "statistics.md"), "--skip-existing")
    assert "1 skipped" in out
    assert Question.objects.get(slug="stats-p-value").prompt == "Mine"


def test_create_topics_option(tmp_path):
    run("import_questions", str(FIXTURES / "unknown_topic.tsv"), "--create-topics")
    assert Question.objects.filter(topic__name="No Such Topic").count() == 2


def test_a_folder_is_imported(statistics, tmp_path):
    (tmp_path / "a.md").write_bytes((FIXTURES / "statistics.md").read_bytes())
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    out = run("import_questions", str(tmp_path))
    assert "3 created" in out


def test_export_json_and_import_into_an_empty_bank(statistics, tmp_path):
    multiple_choice_question(topic=statistics, slug="mcq")
    QuestionFactory(topic=TopicFactory(slug="other"), slug="elsewhere")
    before = bank_snapshot()
    out = run("export_questions", str(tmp_path / "bank.json"))
    assert "Exported 1 file(s)" in out
    empty_the_bank()
    run("import_questions", str(tmp_path / "bank.json"))
    assert bank_snapshot() == before


def test_export_one_topic_as_csv(statistics, tmp_path):
    QuestionFactory(topic=statistics, slug="in-topic")
    QuestionFactory(slug="elsewhere")
    run("export_questions", str(tmp_path / "stats.csv"), "--topic", "statistics")
    text = (tmp_path / "stats.csv").read_text()
    assert text.startswith("#separator:comma\n#html:false\n")
    assert "in-topic" in text and "elsewhere" not in text


def test_export_markdown_to_a_folder_and_a_zip(statistics, tmp_path):
    QuestionFactory(topic=statistics, slug="in-topic")
    QuestionFactory(topic=TopicFactory(slug="other"), slug="elsewhere")
    run("export_questions", str(tmp_path / "md"), "--format", "md")
    assert sorted(p.name for p in (tmp_path / "md").iterdir()) == ["other.md", "statistics.md"]
    run("export_questions", str(tmp_path / "bank.zip"))
    names = zipfile.ZipFile(tmp_path / "bank.zip").namelist()
    assert sorted(names) == ["other.md", "statistics.md"]


def test_export_to_standard_output(statistics, capsysbinary):
    QuestionFactory(topic=statistics, slug="in-topic")
    call_command("export_questions", "-", "--format", "json")
    data = json.loads(capsysbinary.readouterr().out)
    assert data["topics"][0]["questions"][0]["slug"] == "in-topic"


def test_export_errors(tmp_path):
    with pytest.raises(CommandError, match="unknown topic"):
        run("export_questions", str(tmp_path / "x.json"), "--topic", "nope")
    with pytest.raises(CommandError, match="pass --format"):
        run("export_questions", str(tmp_path / "x.xlsx"))
