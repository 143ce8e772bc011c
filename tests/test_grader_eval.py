"""manage.py grader_eval: figures, predictions file, JSON output and the regression gate."""

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from interview.practice.grading.evaluation import half_of, question_of, read_records

DEV = Path(__file__).parent / "data" / "grader" / "dev.jsonl"


def test_prints_the_figures(capsys):
    call_command("grader_eval", str(DEV))
    out = capsys.readouterr().out
    assert "records 60, key-point pairs 330" in out
    assert "precision" in out and "F1" in out
    assert "parrot + misconception answers scoring >= 50 %" in out


def test_json_and_predictions(tmp_path, capsys):
    predictions = tmp_path / "predictions.jsonl"
    call_command("grader_eval", str(DEV), "--json", "--predictions", str(predictions))
    figures = json.loads(capsys.readouterr().out)
    assert figures["records"] == 60 and figures["pairs"] == 330
    assert set(figures["mean_coverage"]) == {
        "strong", "partial", "terse_correct", "parrot", "misconception", "offtopic_jargon"
    }  # fmt: skip
    lines = [json.loads(line) for line in predictions.read_text().splitlines()]
    records = [json.loads(line) for line in DEV.read_text().splitlines()]
    assert [line["id"] for line in lines] == [r["id"] for r in records]
    for line, record in zip(lines, records, strict=True):
        assert len(line["covered"]) == len(record["key_points"])


def test_gate_fails_below_the_thresholds():
    call_command("grader_eval", str(DEV), "--json", "--min-f1", "0.5", "--max-wrong", "0.5")
    with pytest.raises(CommandError, match=r"F1 .* < 0.990"):
        call_command("grader_eval", str(DEV), "--json", "--min-f1", "0.99")


def test_missing_or_unreadable_file(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("grader_eval", str(tmp_path / "none.jsonl"))
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x"}\n')
    with pytest.raises(CommandError, match="not a labelled set"):
        call_command("grader_eval", str(bad))


def test_halves_split_the_set_by_question(capsys):
    records = read_records(DEV)
    first, second = half_of(records, 1), half_of(records, 2)
    assert len(first) + len(second) == len(records)
    questions = sorted({question_of(r) for r in records})
    assert {question_of(r) for r in first} == set(questions[0::2])
    assert {question_of(r) for r in second} == set(questions[1::2])
    call_command("grader_eval", str(DEV), "--json", "--half", "2")
    assert json.loads(capsys.readouterr().out)["records"] == len(second)
    with pytest.raises(ValueError, match="half must be 1 or 2"):
        half_of(records, 3)


def test_question_of_falls_back_on_the_id():
    assert question_of({"id": "stat-sd-vs-se--strong"}) == "stat-sd-vs-se"
    assert question_of({"id": "x--strong", "slug": "other"}) == "other"
