"""manage.py grader_eval: figures, predictions file, JSON output and the regression gate."""

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

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
