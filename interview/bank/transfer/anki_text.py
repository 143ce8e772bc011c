"""Questions written as Anki "Notes in Plain Text" that Anki imports as they are.

- Tab-separated, `#html:true`: the fields are the rendered (sanitized) HTML of the Markdown, as
  Anki stores them; code is highlighted, math is MathML.
- Columns: note type, GUID (the slug), deck (the topic path `A / B` as `A::B`), tags, then the
  note's fields: `Basic` notes get Front (the prompt; for multiple choice, the options follow as
  a list A, B, ...) and Back (the correct options, then the short or official answer); cloze
  questions are `Cloze` notes: Text (the prompt with each blank in Anki's syntax, the first
  accepted answer) and Back Extra (the official answer).
- The header lines tell Anki which column is which, so the GUID makes a second import update
  the notes instead of duplicating them; this app reads the file back the same way.
"""

from __future__ import annotations

import csv
import io
import re

from interview.bank.cloze import cloze_for_anki
from interview.bank.markdown import render_inline, render_markdown
from interview.bank.models import Question
from interview.bank.transfer.records import TOPIC_SEPARATOR
from interview.lib.csv_cells import csv_safe_cell

COLUMNS = ["Notetype", "GUID", "Deck", "Tags", "Front", "Back"]
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _html(text: str) -> str:
    return render_markdown(text).strip()


def anki_fields(question: Question) -> tuple[str, str, str]:
    if question.is_cloze:
        return "Cloze", _html(cloze_for_anki(question.prompt)), _html(question.official_answer)
    front = _html(question.prompt)
    back_parts = []
    choices = list(question.choices.all())
    if choices:
        items = "".join(f"<li>{render_inline(choice.text)}</li>" for choice in choices)
        front += f'<ol type="A">{items}</ol>'
        correct = [
            f"{LETTERS[index % 26]}. {render_inline(choice.text)}"
            for index, choice in enumerate(choices)
            if choice.is_correct
        ]
        back_parts.append("<br>".join(correct))
    answer = question.short_answer or question.official_answer
    if answer:
        back_parts.append(_html(answer))
    return "Basic", front, "<hr>".join(part for part in back_parts if part)


def write_anki_notes(*, questions: list[Question]) -> bytes:
    out = io.StringIO()
    out.write("#separator:tab\n#html:true\n")
    out.write("#notetype column:1\n#guid column:2\n#deck column:3\n#tags column:4\n")
    out.write("#columns:" + "\t".join(COLUMNS) + "\n")
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    for question in questions:
        notetype, front, back = anki_fields(question)
        tags = [re.sub(r"\s+", "_", tag.name) for tag in question.tags.all()]
        deck = "::".join(question.topic.name.split(TOPIC_SEPARATOR))
        row = [notetype, question.slug, deck, " ".join(tags), front, back]
        writer.writerow([csv_safe_cell(cell) for cell in row])
    return out.getvalue().encode("utf-8")
