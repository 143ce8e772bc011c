"""The reviewer's verdicts on the real lecture notes: one well-formed line per generated item,
for documents that exist, so the quality table in the README can be recomputed from them."""

import json
from collections import Counter
from pathlib import Path

FOLDER = Path(__file__).parents[2] / "data" / "packs"
VERDICTS = {"keep", "edit", "drop", "false"}
KINDS = {"card", "cloze", "quiz"}


def _lines() -> list[dict[str, str]]:
    text = (FOLDER / "verdicts.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_every_verdict_is_well_formed_and_names_a_real_document():
    lines = _lines()
    assert lines
    for line in lines:
        assert set(line) == {"document", "item", "kind", "text", "verdict", "reason"}, line
        assert (FOLDER / line["document"]).is_file(), line["document"]
        assert line["verdict"] in VERDICTS, line
        assert line["kind"] in KINDS, line
        assert line["item"].startswith("quiz-" if line["kind"] == "quiz" else "card-"), line
        assert line["text"].strip() and line["reason"].strip(), line


def test_each_item_is_judged_once_and_every_lecture_is_covered():
    lines = _lines()
    ids = Counter((line["document"], line["item"]) for line in lines)
    assert max(ids.values()) == 1
    documents = {p.name for p in FOLDER.iterdir() if p.suffix in {".md", ".html", ".pdf"}}
    assert {line["document"] for line in lines} == documents - {"SOURCES.md"}
