"""The share of real items that import as usable questions with no hand edits, per file and in
total, over every real file under tests/data/interop/ (sources in tests/data/interop_sources.md).

Each file is imported on its own, as an editor would (`--create-topics --skip-unsupported`, no
other option). Items in a file are counted by hand from the file, exact repeats once. A question
is usable when it has a prompt and something to check an answer against: a multiple choice with
two options and a correct one, a cloze text with well-formed blanks, or an open question with an
official or short answer. The figures are quoted in the README ("What real files lose").
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import transaction

from interview.bank.cloze import cloze_problems
from interview.bank.models import Question
from interview.bank.transfer import bank_import, import_files_from_paths

pytestmark = pytest.mark.django_db
REAL = Path(__file__).parent / "data" / "interop"

# file: (items in the file, usable questions imported), with what is lost and why
EXPECTED = {
    "anki/diffmodeltemplates-1.apkg": (1, 1),
    "anki/docker.csv": (21, 21),
    "anki/lvm.csv": (14, 14),
    "anki/media.apkg": (1, 0),  # its one note is only a sound: skipped, said
    "anki/sqlite.csv": (1, 1),
    # a note with an empty first field is skipped and counted (as Anki does); 2 more rows have
    # no answer; one exact repeat is counted once
    "anki/text-2fields.txt": (8, 5),
    "anki/text-tags.txt": (2, 2),
    "anki/update1.apkg": (1, 1),
    "gift/mc5.gift": (4, 4),
    "gift/multiLineFeedback1.gift": (2, 2),
    "gift/numerical1.gift": (10, 10),
    "gift/shortAnswer2.gift": (2, 2),  # `{One}`: a short answer without `=`
    "markdown/data-science-interview-questions-and-answers.md": (33, 33),
    "markdown/data-science-interviews-technical.md": (40, 40),  # `**1)** task` under sections
    # a question written as a title ("Precision-recall trade-off") and one whose bold line
    # ends with a stray letter after its `?` are read as text of the answer before them
    "markdown/data-science-interviews-theory.md": (166, 164),
    "moodle/broken_cloze_questions.xml": (5, 3),  # 2 broken items kept as open, no answer
    "moodle/categories_reverse_order.xml": (2, 1),  # an essay without grader information
    "moodle/category_with_description.xml": (1, 1),
    "moodle/error_invalid_grades.xml": (1, 1),
    "moodle/ddwtos_testquestion.moodle.xml": (1, 1),
    "moodle/essay_testquestion.moodle.xml": (1, 1),
    "moodle/examples.gift.txt": (35, 35),
    # 4 Gapfill questions whose gaps are regular expressions or may stay empty (`!!`): skipped
    "moodle/gapfill_examples_en.xml": (24, 20),
    "moodle/gapfill_examples_fr.xml": (3, 3),
    "moodle/gapselect_testquestion.moodle.xml": (1, 1),
    "moodle/html_chars_in_idnumbers.xml": (1, 1),
    "moodle/match_testquestion.moodle.xml": (1, 1),
    "moodle/multianswer.xml": (1, 1),
    "moodle/multichoice_testquestion.moodle.xml": (1, 1),
    "moodle/nested_categories_with_questions.xml": (5, 4),  # an essay without an answer
    "moodle/questions.gift.txt": (8, 7),  # an essay without an answer
    "moodle/questions_in_category.gift.txt": (4, 4),
    "moodle/shortanswer_testquestion.moodle.xml": (1, 1),
    "moodle/truefalse_testquestion.moodle.xml": (1, 1),
    "qti/WebDeveloperTest1.zip": (9, 9),
    "qti/choice_multiple.xml": (1, 1),
    "qti/extended_text.xml": (1, 0),  # an extended-text item has no answer to keep
    "qti/feedback.xml": (1, 1),
    "qti/qtisdk_choice_multiple_chocolade.xml": (1, 0),  # scored by custom rules, no key
    "qti/qtisdk_extended_text_rubric.xml": (1, 1),  # the scorer's rubric is the answer
    "qti/qtisdk_likert.xml": (1, 0),  # a survey item: no right answer
    "qti/qtisdk_orkney2.xml": (1, 1),
    "qti/text_entry.xml": (1, 1),
}


def usable(question: Question) -> bool:
    if not question.prompt.strip():
        return False
    if question.kind == Question.Kind.MULTIPLE_CHOICE:
        choices = list(question.choices.all())
        return len(choices) >= 2 and any(choice.is_correct for choice in choices)
    if question.kind == Question.Kind.CLOZE:
        return not cloze_problems(question.prompt)
    return bool(question.official_answer.strip() or question.short_answer.strip())


def imported_usable(path: Path) -> int:
    files, problems = import_files_from_paths(paths=[path])
    savepoint = transaction.savepoint()
    bank_import(files=files, problems=problems, create_topics=True, skip_unsupported=True)
    count = sum(usable(question) for question in Question.objects.all())
    transaction.savepoint_rollback(savepoint)
    return count


def test_every_real_file_is_in_the_table():
    found = {str(path.relative_to(REAL)) for path in REAL.rglob("*") if path.is_file()}
    assert found == set(EXPECTED)


def test_usable_share_per_file_and_in_total():
    measured = {name: imported_usable(REAL / name) for name in EXPECTED}
    assert measured == {name: usable for name, (_, usable) in EXPECTED.items()}
    items = sum(count for count, _ in EXPECTED.values())
    assert (items, sum(measured.values())) == (420, 402)  # 95.7 %


def test_anki_sound_only_note_is_an_unsupported_item():
    files, problems = import_files_from_paths(paths=[REAL / "anki/media.apkg"])
    report = bank_import(files=files, problems=problems, create_topics=True)
    (problem,) = report.problems
    assert "sound-only note x1" in problem.message and "--skip-unsupported" in problem.message
    report = bank_import(files=files, create_topics=True, skip_unsupported=True)
    assert report.ok and report.skipped["question"] == 1
    assert any("1 sound(s) dropped" in note for note in report.notes)


def test_anki_text_fixture_repeats_once_and_skips_its_empty_first_field_on_request():
    files, problems = import_files_from_paths(paths=[REAL / "anki/text-2fields.txt"])
    report = bank_import(files=files, problems=problems, create_topics=True, dry_run=True)
    (problem,) = report.problems  # one problem for the file, naming the first such row
    assert problem.line == 10 and "note with an empty first field x1" in problem.message
    assert "--skip-unsupported" in problem.message
    assert any("1 exact repeat(s)" in note for note in report.notes)
    report = bank_import(files=files, create_topics=True, skip_unsupported=True)
    assert report.ok and report.skipped["question"] == 1
    assert report.created["question"] == 7
