"""Generate a study pack from every document of a folder and write what came out, for review.

    manage.py pack_report tests/data/packs --out pack-review.md

Per document: its format, the modules, key concepts, flashcards (definition and cloze) and
quiz questions generated, then every card and question with its id and the sentence it came
from. Nothing is stored in the database. A reviewer records a verdict per item id (keep, edit
or false) in a file of their own; this command never judges its own output.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from interview.practice.packs.generator import Pack, generate
from interview.practice.packs.reading import FORMATS, ReadError, format_of, read_upload


def _row(cells: list[Any]) -> str:
    return "| " + " | ".join(str(c).replace("|", "\\|").replace("\n", " ") for c in cells) + " |"


def document_report(name: str, pack: Pack, seconds: float) -> list[str]:
    definitions = [c for c in pack.cards if c.kind == "definition"]
    cloze = [c for c in pack.cards if c.kind == "cloze"]
    lines = [
        f"## {name}",
        "",
        f"- Modules ({len(pack.modules)}): " + "; ".join(m.title for m in pack.modules),
        f"- Key concepts ({len(pack.concepts)}): " + "; ".join(pack.concepts),
        f"- Flashcards: {len(pack.cards)} ({len(definitions)} definition, {len(cloze)} cloze)",
        f"- Quiz questions: {len(pack.questions)}",
        f"- Generation time: {seconds:.2f} s",
        "",
    ]
    for number, card in enumerate(pack.cards, start=1):
        lines += [
            f"### {name}#card-{number} ({card.kind}, module {card.module + 1})",
            "",
            f"- Front: {card.front}",
            f"- Back: {card.back}",
            f"- Source: {card.source}",
            "",
        ]
    for number, question in enumerate(pack.questions, start=1):
        options = "; ".join(
            f"**{o}**" if i == question.answer else o for i, o in enumerate(question.options)
        )
        prompt = question.prompt.replace("\n\n> ", " ")
        lines += [
            f"### {name}#quiz-{number} (module {question.module + 1})",
            "",
            f"- Question: {prompt}",
            f"- Options (correct in bold): {options}",
            f"- Source: {question.explanation}",
            "",
        ]
    return lines


class Command(BaseCommand):
    help = "Generate a study pack from each document of a folder and write a review file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path)
        parser.add_argument("--out", type=Path, required=True)

    def handle(self, *args: Any, folder: Path, out: Path, **options: Any) -> None:
        summary = [
            _row(["document", "format", "modules", "key concepts", "cards", "cloze", "quiz"]),
            _row(["---"] * 7),
        ]
        body: list[str] = []
        files = sorted(
            p for p in folder.iterdir() if p.suffix.lower() in FORMATS and p.name != "SOURCES.md"
        )
        for path in files:
            try:
                text = read_upload(name=path.name, data=path.read_bytes())
            except ReadError as error:
                summary.append(_row([path.name, format_of(path.name), f"refused: {error}"]))
                continue
            start = time.perf_counter()
            pack = generate(text, title=path.stem)
            seconds = time.perf_counter() - start
            cloze = sum(1 for c in pack.cards if c.kind == "cloze")
            summary.append(
                _row(
                    [
                        path.name,
                        format_of(path.name),
                        len(pack.modules),
                        len(pack.concepts),
                        len(pack.cards),
                        cloze,
                        len(pack.questions),
                    ]
                )
            )
            body += document_report(path.name, pack, seconds)
        header = [
            "# Study pack review",
            "",
            f"{len(files)} documents from {folder}. Each card and quiz question has an id "
            "(document#card-N, document#quiz-N) for the reviewer's verdicts.",
            "",
        ]
        out.write_text("\n".join([*header, *summary, "", *body]) + "\n", encoding="utf-8")
        self.stdout.write(f"{len(files)} documents, review written to {out}")
