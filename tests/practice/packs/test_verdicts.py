"""The reviewer's verdicts on the real lecture notes (the nine tuning notes and the held-out
ones): one well-formed line per generated item, for documents that exist, so the quality tables
in the README can be recomputed from them."""

import json
from collections import Counter
from pathlib import Path

import pytest

DATA = Path(__file__).parents[2] / "data"
FOLDERS = [DATA / "packs", DATA / "packs_holdout"]
VERDICTS = {"keep", "edit", "drop", "false"}
KINDS = {"card", "cloze", "quiz"}
NOTES = {".md", ".html", ".pdf"}

pytestmark = pytest.mark.parametrize("folder", FOLDERS, ids=lambda folder: folder.name)


def _lines(folder: Path) -> list[dict[str, str]]:
    text = (folder / "verdicts.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_every_verdict_is_well_formed_and_names_a_lecture_of_its_folder(folder):
    lines = _lines(folder)
    assert lines
    lectures = {p.name for p in folder.iterdir() if p.suffix in NOTES} - {"SOURCES.md"}
    for line in lines:
        assert set(line) == {"document", "item", "kind", "text", "verdict", "reason"}, line
        assert line["document"] in lectures, line["document"]
        assert line["verdict"] in VERDICTS, line
        assert line["kind"] in KINDS, line
        assert line["item"].startswith("quiz-" if line["kind"] == "quiz" else "card-"), line
        assert line["text"].strip() and line["reason"].strip(), line


def test_each_item_is_judged_once_and_numbered_without_gaps(folder):
    lines = _lines(folder)
    ids = Counter((line["document"], line["item"]) for line in lines)
    assert max(ids.values()) == 1
    for document in {line["document"] for line in lines}:
        for prefix in ("card-", "quiz-"):
            numbers = sorted(
                int(line["item"].removeprefix(prefix))
                for line in lines
                if line["document"] == document and line["item"].startswith(prefix)
            )
            assert numbers == list(range(1, len(numbers) + 1)), (document, prefix, numbers)
