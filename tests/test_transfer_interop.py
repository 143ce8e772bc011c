"""GIFT, Moodle XML, Anki plain text of any shape, content detection, topics from file names.

The real files under tests/data/interop/ are listed with their source and licence in
tests/data/interop_sources.md; each test says how many items the file holds, how many import,
and what is lost.
"""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from django.core.management import call_command

from interview.bank.cloze import cloze_blanks
from interview.bank.models import BankMedia, Question, Topic
from interview.bank.transfer import ImportFile, bank_import, import_files_from_paths
from interview.bank.transfer.detect import detect_format

pytestmark = pytest.mark.django_db
REAL = Path(__file__).parent / "data" / "interop"
QTI_NS = 'xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1"'


def import_real(*names: str, **options):
    files, problems = import_files_from_paths(paths=[REAL / name for name in names])
    options.setdefault("create_topics", True)
    return bank_import(files=files, problems=problems, **options)


def text_file(name: str, text: str) -> ImportFile:
    return ImportFile(name=name, data=text.encode(), format=None)


# Real files


def test_moodle_gift_fixture_all_items_import():
    # 9 questions: essay, matching, 2 multiple choice, numerical, short answer, 3 true/false
    # (the last two are the same question twice: one is left out and said).
    report = import_real("moodle/questions.gift.txt")
    assert report.ok, report.problems
    assert report.created["question"] == 8
    assert any("exact repeat" in note for note in report.notes)
    assert any("taken from the file name" in note for note in report.notes)
    colours = Question.objects.get(slug__startswith="colours-")
    assert colours.kind == Question.Kind.MULTIPLE_CHOICE
    assert [c.is_correct for c in colours.choices.all()] == [True, False, True, False]
    q1 = Question.objects.get(slug__startswith="q1-")
    assert [(c.text, c.is_correct) for c in q1.choices.all()] == [("True", False), ("False", True)]
    assert "Hitchiker" in q1.official_answer
    matching = Question.objects.get(prompt="Match the **activity** to the description.")
    assert matching.kind == Question.Kind.OPEN
    assert "- An activity supporting asynchronous discussions. → Forum" in (
        matching.official_answer
    )
    assert Question.objects.get(slug__startswith="q5-").official_answer == "3 (± 2)"
    assert Topic.objects.get().name == "Questions gift"


def test_moodle_gift_examples_every_question_type():
    # 43 questions in the file, 8 of them exact repeats: 35 distinct questions import.
    report = import_real("moodle/examples.gift.txt", topic="GIFT examples")
    assert report.ok, report.problems
    assert report.created["question"] == 35
    hometown = Question.objects.get(prompt="Jesus Christ was from _____.", kind="multiple_choice")
    assert hometown.prompt == "Jesus Christ was from _____."
    # partial credit is not "correct" when a full-credit answer exists
    assert [c.text for c in hometown.choices.filter(is_correct=True)] == ["Nazareth"]
    control = Question.objects.get(slug__startswith="gift-control-characters-")
    assert [c.text for c in control.choices.filter(is_correct=True)] == ["\\"]
    assert "{" in [c.text for c in control.choices.all()]
    again = import_real("moodle/examples.gift.txt", topic="GIFT examples")
    assert again.unchanged["question"] == 35 and not again.changed


def test_moodle_xml_nested_categories_keep_their_path():
    # 5 questions (4 true/false, 1 essay) in 4 nested categories: all import.
    report = import_real("moodle/nested_categories_with_questions.xml")
    assert report.ok, report.problems
    assert report.created["question"] == 5
    assert set(Topic.objects.values_list("name", flat=True)) == {
        "Iota", "Iota / Kappa", "Iota / Kappa / Lambda", "Iota / Mu",
    }  # fmt: skip
    lam = Question.objects.get(prompt="Testing Lambda Question")
    assert lam.topic.name == "Iota / Kappa / Lambda"
    assert [(c.text, c.is_correct) for c in lam.choices.all()] == [("True", True), ("False", False)]


def test_moodle_xml_cloze_becomes_a_cloze_question_images_are_said():
    # 1 cloze question with 5 embedded answers and 3 images: the question imports as a cloze
    # question (an embedded multiple choice lists its options as the hint), the images are
    # dropped and counted.
    report = import_real("moodle/multianswer.xml")
    assert report.ok, report.problems
    question = Question.objects.get()
    assert question.kind == "cloze"
    assert "* Tucson: {{c2::Arizona::California / Arizona}}" in question.prompt
    assert "The capital of France is {{c5::Paris}}." in question.prompt
    flag = BankMedia.objects.get(name__endswith="-california-state-flag.png")
    assert f"![California flag](/media/bank/{flag.name})" in question.prompt
    assert [blank.answers for blank in cloze_blanks(question.prompt)] == [
        ("California",),
        ("Arizona",),
        ("California",),
        ("Arizona",),
        ("Paris",),
    ]
    assert any("3 embedded image(s) stored" in note for note in report.notes)
    assert BankMedia.objects.count() == 3


def test_moodle_cloze_with_an_unwritable_blank_stays_open_with_numbered_blanks():
    text = (
        '<?xml version="1.0"?><quiz><question type="cloze"><name><text>c</text></name>'
        '<questiontext format="html"><text><![CDATA[<p>Pick {1:MULTICHOICE:=a|b~c} and '
        "{1:SHORTANSWER:=Paris}</p>]]></text></questiontext></question></quiz>"
    )
    report = bank_import(files=[text_file("c.xml", text)], topic="Geo", create_topics=True)
    assert report.ok, report.problems
    question = Question.objects.get()
    assert question.kind == "open"
    assert question.prompt == "Pick _____ (1) and _____ (2)"
    assert question.official_answer == "1. a|b\n2. Paris"


# GIFT and Moodle XML details


def test_gift_categories_and_markdown_and_html_text():
    text = (
        "$CATEGORY: $course$/top/Statistics/Tests\n\n"
        "::t1::[html]<p>What does a <b>t-test</b> compare?</p>{=means ~variances}\n\n"
        "::t2::[markdown]Is $p < 0.05$ **significant**?{T}\n"
    )
    report = bank_import(files=[text_file("t.gift", text)], create_topics=True)
    assert report.ok, report.problems
    assert Question.objects.get(slug__startswith="t1-").prompt == "What does a **t-test** compare?"
    assert Question.objects.get(slug__startswith="t2-").prompt == "Is $p < 0.05$ **significant**?"
    assert Topic.objects.get().name == "Statistics / Tests"


def test_unsupported_items_are_a_problem_unless_skipped():
    text = (
        '<?xml version="1.0"?><quiz>'
        '<question type="ordering"><name><text>d</text></name>'
        "<questiontext><text>order</text></questiontext></question>"
        '<question type="shortanswer"><name><text>s</text></name>'
        '<questiontext format="html"><text>Capital of France?</text></questiontext>'
        '<answer fraction="100"><text>Paris</text></answer></question></quiz>'
    )
    report = bank_import(files=[text_file("bank.xml", text)], topic="Geo", create_topics=True)
    assert [p.field for p in report.problems] == ["type"]
    assert "ordering x1" in report.problems[0].message
    assert "--skip-unsupported" in report.problems[0].message
    report = bank_import(
        files=[text_file("bank.xml", text)], topic="Geo", create_topics=True,
        skip_unsupported=True,
    )  # fmt: skip
    assert report.ok, report.problems
    assert report.created["question"] == 1 and report.skipped["question"] == 1
    assert Question.objects.get().short_answer == "Paris"


def test_xml_with_entities_is_refused():
    text = '<?xml version="1.0"?><!DOCTYPE quiz [<!ENTITY a "aaaa">]><quiz></quiz>'
    report = bank_import(files=[text_file("bomb.xml", text)], topic="X")
    assert "refused" in report.problems[0].message


# Anki plain text


def test_anki_note_type_fields_of_any_count():
    text = (
        "#separator:tab\n#html:true\n#notetype:Vocab\n#deck:Languages::Spanish\n"
        "#columns:English\tSpanish\tExample\tNotes\n"
        "dog\tperro\t<b>El perro</b> ladra.\t\n"
    )
    report = bank_import(files=[text_file("vocab.txt", text)], create_topics=True)
    assert report.ok, report.problems
    question = Question.objects.get()
    assert (question.prompt, question.official_answer) == ("dog", "perro")
    assert question.context == "**Example:** **El perro** ladra."
    assert question.topic.name == "Languages / Spanish"


def test_anki_cloze_notes_and_a_multi_character_separator():
    text = "#separator:||\n{{c1::Paris}} is the capital of {{c2::France::country}}||Extra\n"
    report = bank_import(files=[text_file("cloze.txt", text)], topic="Geo", create_topics=True)
    assert report.ok, report.problems
    question = Question.objects.get()
    assert question.kind == "cloze"
    assert question.prompt == "{{c1::Paris}} is the capital of {{c2::France::country}}"
    assert question.official_answer == "Extra"


def test_anki_cloze_notes_not_well_formed_stay_open_with_numbered_blanks():
    text = "{{c1::Paris}} is the capital of {{c2::France}\tExtra\n"
    report = bank_import(files=[text_file("cloze.txt", text)], topic="Geo", create_topics=True)
    assert report.ok, report.problems
    question = Question.objects.get()
    assert question.kind == "open"
    assert question.prompt == "_____ (1) is the capital of {{c2::France}"
    assert question.official_answer == "1. Paris\n\nExtra"


def test_gift_missing_word_short_answer_is_a_cloze_question_with_its_alternatives():
    text = (
        "::mw::The {=median =middle value} is robust to outliers.\n\n"
        "::mc::The {=median ~mean} is robust to outliers.\n"
    )
    report = bank_import(files=[text_file("t.gift", text)], topic="Stats", create_topics=True)
    assert report.ok, report.problems
    cloze = Question.objects.get(slug__startswith="mw-")
    assert cloze.kind == "cloze"
    assert cloze.prompt == "The {{c1::median|middle value}} is robust to outliers."
    assert Question.objects.get(slug__startswith="mc-").kind == "multiple_choice"


def test_a_file_naming_no_topic_gets_the_chosen_one_or_its_file_name():
    text = "What is a p-value?\tThe probability...\nWhat is power?\t1 - beta\n"
    report = bank_import(files=[text_file("exports/stats_cards.txt", text)], create_topics=True)
    assert report.ok, report.problems
    assert Topic.objects.get().name == "Stats cards"
    assert [note.split(": ", 1)[1] for note in report.notes] == [
        "2 question(s) name no topic: topic 'Stats cards' taken from the file name "
        "(choose one with --topic)"
    ]


# Detection


@pytest.mark.parametrize(
    ("text", "hint", "expected"),
    [
        ('{"topics": []}', "csv", "json"),
        ("[en] hello\tbonjour\n[en] bye\tau revoir\n", None, "tsv"),
        ("Who?{=me ~you}\n", "tsv", "gift"),
        ("::Q1:: 2+2? {#4}\n", None, "gift"),
        ('<?xml version="1.0"?>\n<quiz>\n</quiz>', "txt", "xml"),
        ("#separator:Comma\nQ,A\n", None, "tsv"),
        ("# Statistics\n\n## What is a p-value?\n\nAnswer.\n", None, "md"),
        ("# Statistics {#stats}\n\n## What is a p-value? {#p-value}\n\nAnswer.\n", None, "md"),
        (f'<assessmentItem {QTI_NS} identifier="i"/>', "txt", "xml"),
        ("front,back\nQ,A\n", None, "csv"),
    ],
)
def test_format_is_told_by_content(text, hint, expected):
    assert detect_format(text, hint=hint) == expected


def test_the_command_takes_a_topic_and_prints_notes(tmp_path, capsys):
    path = tmp_path / "anything.txt"
    path.write_text("Who's there?{=me}\n")
    call_command("import_questions", str(path), "--topic", "Jokes", "--create-topics")
    assert Question.objects.get().topic.name == "Jokes"


@pytest.mark.parametrize(
    ("name", "items", "imported"),
    [
        # matching, multiple choice with a link to a sound (kept as a link), short answer, T/F
        ("moodle/questions_in_category.gift.txt", 4, 4),
        ("moodle/html_chars_in_idnumbers.xml", 1, 1),  # idnumber "T & F" becomes the slug
        ("moodle/categories_reverse_order.xml", 2, 2),  # essay and short answer
        # Moodle refuses these five broken cloze questions; here each is an open question (the
        # blank with no answers stays as written, a "zero" numerical answer is kept as text).
        ("moodle/broken_cloze_questions.xml", 5, 5),
        ("moodle/category_with_description.xml", 1, 1),
        # multiple answers with HTML options; Moodle refuses the grade 33 (not one of its
        # fractions), here any positive fraction marks a correct option
        ("moodle/error_invalid_grades.xml", 1, 1),
    ],
)
def test_more_moodle_fixtures_import_every_item(name, items, imported):
    report = import_real(name)
    assert report.ok, report.problems
    assert report.created["question"] == imported == items


def test_a_dry_run_over_a_folder_of_mixed_files_says_what_and_why():
    report = import_real("moodle", dry_run=True)
    (problem,) = report.problems  # one problem per file for the items with no kind here
    assert "gapfill with a pattern or optional gap x4" in problem.message
    assert "--skip-unsupported" in problem.message
    report = import_real("moodle", dry_run=True, skip_unsupported=True)
    assert report.ok, report.problems
    # 19 files, 93 questions; nothing is written by a dry run
    assert report.created["question"] == 68 + 1 + 1 + 20 + 3 == 93
    assert report.skipped["question"] == 4
    assert report.created["topic"] == 17
    assert not Question.objects.exists()
    assert any("exact repeat" in note for note in report.notes)
    assert any("embedded image(s) stored" in note for note in report.notes)
    assert not BankMedia.objects.exists()  # a dry run stores nothing


# Writers: GIFT and Moodle XML round trips


@pytest.mark.parametrize("format", ["gift", "xml"])
def test_gift_and_moodle_xml_exports_read_back_as_the_same_questions(format):
    from interview.bank.transfer import bank_export

    text = (
        "#separator:tab\n#deck:Stats::Tests\n#guid column:1\n"
        "t-one\tWhat is a {t}-test? Use $\\bar{x}$ = mean\tCompares: two #means\n"
    )
    assert bank_import(files=[text_file("a.txt", text)], create_topics=True).ok
    mcq = (
        "$CATEGORY: Stats/Tests\n\n::m::Pick = ones{~%50%a#yes ~%50%b ~%0%c#no}\n\n"
        "::s::Pick one{=x ~y#because}\n"
    )
    assert bank_import(files=[text_file("b.gift", mcq)], create_topics=True).ok
    before = {
        q.slug: (q.topic.name, q.kind, q.prompt, q.official_answer,
                 [(c.text, c.is_correct, c.explanation) for c in q.choices.all()])
        for q in Question.objects.all()
    }  # fmt: skip
    files = bank_export(format=format)
    data = files[0].data.decode()
    assert (
        data.startswith("<?xml") if format == "xml" else "$CATEGORY: $course$/Stats/Tests" in data
    )
    Question.objects.all().delete()
    report = bank_import(files=[ImportFile(name=files[0].name, data=files[0].data)])
    assert report.ok, report.problems
    after = {
        q.slug: (q.topic.name, q.kind, q.prompt, q.official_answer,
                 [(c.text, c.is_correct, c.explanation) for c in q.choices.all()])
        for q in Question.objects.all()
    }  # fmt: skip
    assert after == before
    again = bank_import(files=[ImportFile(name=files[0].name, data=files[0].data)])
    assert again.ok and not again.changed


@pytest.mark.parametrize(
    ("name", "items", "topic"),
    [
        ("anki/docker.csv", 21, "Docker"),  # HTML (&nbsp;, <div>) without an #html header
        ("anki/lvm.csv", 14, "Lvm"),  # quoted fields with <font> tags
        ("anki/sqlite.csv", 1, "Sqlite"),
    ],
)
def test_anki_exports_named_csv_but_tab_separated(name, items, topic):
    report = import_real(name)
    assert report.ok, report.problems
    assert report.created["question"] == items
    assert Topic.objects.get().name == topic
    for question in Question.objects.all():
        assert "<" not in question.prompt and "&nbsp;" not in question.official_answer
        assert question.official_answer


def test_moodle_multiple_answers_with_html_options():
    import_real("moodle/error_invalid_grades.xml")
    question = Question.objects.get()
    assert question.prompt == "Select all prime numbers :"
    assert [(c.text, c.is_correct) for c in question.choices.all()] == [
        ("1", False), ("2", True), ("3", True), ("4", False), ("5", True),
    ]  # fmt: skip


def test_anki_html_fields_become_markdown():
    import_real("anki/docker.csv", "anki/lvm.csv")
    assert Question.objects.filter(prompt="What does lsblk do?").exists()
    prune = Question.objects.get(prompt="docker system prune")
    assert prune.official_answer.startswith("Remove all unused containers")


def test_csv_export_puts_front_and_back_first_for_anki_and_keeps_the_deck_path():
    from interview.bank.transfer import bank_export

    text = "#separator:tab\n#deck:Stats::Tests\n#guid column:1\nt-one\tWhat is a t-test?\tMeans\n"
    assert bank_import(files=[text_file("a.txt", text)], create_topics=True).ok
    data = bank_export(format="csv")[0].data.decode()
    assert "#guid column:3\n#deck column:4\n" in data
    assert "#columns:Front,Back,slug,topic," in data
    assert "\nWhat is a t-test?,Means,t-one,Stats::Tests," in data
    again = bank_import(files=[ImportFile(name="q.csv", data=data.encode())])
    assert again.ok and not again.changed


def test_gift_questions_written_without_blank_lines_between_them():
    text = (
        "::Question 1::Colour of the sky? {\n=Blue#Right\n~Red#Wrong\n}\n"
        "::Question 2::Is the Earth round? {\nTRUE#Right\n}\n"
        "::Question 3::Describe photosynthesis.\n"
        "::Question 4::7 times 6? {#42}\n"
    )
    report = bank_import(files=[text_file("q.gift", text)], topic="T", create_topics=True)
    assert [p.message for p in report.problems] == [
        "1 item(s) of types with no kind here (description (text with no answers) x1): "
        "import with --skip-unsupported to leave them out"
    ]
    report = bank_import(
        files=[text_file("q.gift", text)], topic="T", create_topics=True, skip_unsupported=True
    )
    assert report.ok and report.created["question"] == 3 and report.skipped["question"] == 1


# Other Markdown layouts


def test_markdown_with_questions_as_level_four_headings():
    text = (
        "# Data Science Interview Questions\n\nA collection.\n\n## Statistics\n\n"
        "#### 1. What is a p-value?\nThe probability...<br/>under H0.\n\n"
        "#### 2. What is power?\n1 - beta.\n\n##### Note\nDetails.\n\n"
        "## Machine Learning\n\n#### What is overfitting?\nLearning noise.\n"
    )
    report = bank_import(files=[text_file("ds.md", text)], create_topics=True)
    assert report.ok, report.problems
    assert report.created["question"] == 3
    assert set(Topic.objects.values_list("name", flat=True)) == {"Statistics", "Machine Learning"}
    power = Question.objects.get(prompt="2. What is power?")
    assert power.official_answer == "1 - beta.\n\n**Note**\nDetails."
    assert Question.objects.get(prompt="1. What is a p-value?").official_answer == (
        "The probability...\nunder H0."
    )
    assert any("level-4 headings" in note for note in report.notes)


def test_markdown_with_bold_questions_under_section_headings():
    text = (
        "# Theoretical questions\n\nIntro.\n\n## Table of contents\n\n- [Basics](#basics)\n\n"
        "## Supervised\xa0learning\n\n**What is supervised learning? 👶**\n\nLearning from "
        "labels.\n\n**What is a label? ‍⭐️**\n\nThe target.\n\n## Validation\n\n"
        "**What is cross-validation?**\n\nRotating the held-out fold.\n\n"
        "**Why hold out a test set?**\n\nAn unbiased estimate.\n"
    )
    file = ImportFile(name="theory.md", data=text.encode(), format="md")
    report = bank_import(files=[file], create_topics=True)
    assert report.ok, report.problems
    assert report.created["question"] == 4
    assert set(Topic.objects.values_list("name", flat=True)) == {
        "Supervised learning",
        "Validation",
    }
    assert Question.objects.get(prompt="What is a label? ‍⭐️").official_answer == "The target."
    assert any("bold lines under section headings" in note for note in report.notes)


def test_markdown_question_headings_at_another_level_and_long_linked_sections():
    section = "Questions from [a long list of interviews](https://example.org/list) " + "x" * 90
    text = (
        "# 65 questions\n\n### Recently added: [NLP questions](https://example.org/nlp)\n\n"
        f"## {section}\n\n#### 1) What is bias? [[src](https://example.org/a)]\nError from "
        "assumptions.\n\n#### 2) What is variance? [[src]](https://example.org/b)\nSpread.\n\n"
        "### 3) What are RCNNs? [[src]](https://example.org/c)\nRegion-based CNNs.\n"
    )
    file = ImportFile(name="ml.md", data=text.encode(), format="md")
    report = bank_import(files=[file], create_topics=True)
    assert report.ok, report.problems
    assert report.created["question"] == 3
    (topic,) = Topic.objects.all()
    assert topic.name == "Questions from a long list of interviews…"  # links to text, cut
    assert len(topic.name) <= 120 and topic.name.endswith("…")
    assert Question.objects.get(prompt__startswith="3) What are RCNNs?").topic == topic


def test_markdown_opening_with_a_link_is_not_taken_for_json():
    text = "[Source](https://example.org/notes)\n\n## 1. What is a p-value?\nThe probability.\n"
    file = ImportFile(name="faq.md", data=text.encode(), format="md")
    report = bank_import(files=[file], create_topics=True)
    assert report.ok, report.problems
    assert Question.objects.get().official_answer == "The probability."


def test_markdown_with_questions_as_bold_lines():
    text = "**1. What is a p-value?**\nThe probability.\n\n**2. What is power?**\n1 - beta.\n"
    file = ImportFile(name="stats_faq.md", data=text.encode(), format="md")
    report = bank_import(files=[file], create_topics=True)
    assert report.ok, report.problems
    assert report.created["question"] == 2
    assert Topic.objects.get().name == "Stats faq"


def test_a_dry_run_of_every_real_file_refuses_none():
    # 43 files (19 Moodle XML and GIFT, 4 GIFT, 8 Anki, 9 QTI, 3 Markdown), each on its own,
    # skipping what has no kind here: the sound-only Anki note, the Anki row with an empty first
    # field, 4 Gapfill questions with regular-expression or optional gaps, 2 QTI choices with no
    # key. (The GIFT files repeat some of Moodle's own examples: imported together, the same
    # question in two files is a duplicate key, as it should be.)
    skipped = 0
    paths = sorted(path for path in REAL.rglob("*") if path.is_file())
    assert len(paths) == 43
    for path in paths:
        report = import_real(str(path.relative_to(REAL)), dry_run=True, skip_unsupported=True)
        assert report.ok, report.problems
        skipped += report.skipped["question"]
    assert skipped == 8


# General causes found in real files from other tools


def test_gift_short_answer_without_an_equals_sign():
    # Moodle reads `{One}` (no `=`) as a short answer; text before the first `~` is a wrong option
    text = "How is 1 written? {One}\n\nPick one {a ~b =c}\n"
    file = ImportFile(name="n.gift", data=text.encode(), format="gift")
    report = bank_import(files=[file], topic="Numbers", create_topics=True)
    assert report.ok, report.problems
    short = Question.objects.get(prompt="How is 1 written?")
    assert (short.kind, short.short_answer) == (Question.Kind.OPEN, "One")
    choice = Question.objects.get(prompt="Pick one")
    assert [(c.text, c.is_correct) for c in choice.choices.order_by("order")] == [
        ("a", False),
        ("b", False),
        ("c", True),
    ]


def moodle_quiz(question: str) -> ImportFile:
    return text_file("q.xml", f'<?xml version="1.0"?><quiz>{question}</quiz>')


@pytest.mark.parametrize(
    ("qtype", "option"), [("ddwtos", "dragbox"), ("gapselect", "selectoption")]
)
def test_moodle_drag_and_select_missing_words_become_cloze(qtype, option):
    options = "".join(
        f"<{option}><text>{word}</text><group>{group}</group></{option}>"
        for word, group in [("cat", 1), ("sat", 2), ("dog", 1), ("ran", 2)]
    )
    question = (
        f'<question type="{qtype}"><name><text>Cat</text></name><questiontext format="html">'
        "<text><![CDATA[<p>The [[1]] [[2]] on the mat.</p>]]></text></questiontext>"
        f"{options}</question>"
    )
    report = bank_import(files=[moodle_quiz(question)], topic="Words", create_topics=True)
    assert report.ok, report.problems
    question = Question.objects.get()
    assert question.kind == Question.Kind.CLOZE
    assert question.prompt == "The {{c1::cat::cat / dog}} {{c2::sat::sat / ran}} on the mat."


def gapfill(text: str, answers: list[str], **settings: str) -> str:
    options = {"delimitchars": "[]", "answerdisplay": "gapfill", "disableregex": "0"} | settings
    return (
        '<question type="gapfill"><name><text>G</text></name><questiontext format="html">'
        f"<text><![CDATA[{text}]]></text></questiontext>"
        + "".join(f"<{key}>{value}</{key}>" for key, value in options.items())
        + "".join(
            f'<answer fraction="{fraction}"><text>{value}</text></answer>'
            for value, fraction in [
                (value.lstrip("-"), 0 if value[0] == "-" else 100) for value in answers
            ]
        )
        + "</question>"
    )


def test_moodle_gapfill_gaps_become_cloze_blanks():
    typed = gapfill("<p>The [cat|kitten] sat on the [mat].</p>", ["cat|kitten", "mat"])
    dragged = gapfill(
        "<p>A {dog} barks.</p>", ["dog", "-cow"], delimitchars="{}", answerdisplay="dragdrop"
    )
    report = bank_import(files=[moodle_quiz(typed + dragged)], topic="Words", create_topics=True)
    assert report.ok, report.problems
    assert sorted(Question.objects.values_list("prompt", flat=True)) == [
        "A {{c1::dog::dog / cow}} barks.",
        "The {{c1::cat|kitten}} sat on the {{c2::mat}}.",
    ]
    assert set(Question.objects.values_list("kind", flat=True)) == {Question.Kind.CLOZE}


def test_moodle_gapfill_gaps_that_are_patterns_or_optional_are_unsupported():
    pattern = gapfill("<p>[colou?r]</p>", ["colou?r"])
    optional = gapfill("<p>[dog|!!]</p>", ["dog|!!"])
    literal = gapfill("<p>[a+b]</p>", ["a+b"], disableregex="1")
    report = bank_import(
        files=[moodle_quiz(pattern + optional + literal)], topic="W", create_topics=True
    )
    (problem,) = report.problems
    assert "gapfill with a pattern or optional gap x2" in problem.message
    report = bank_import(
        files=[moodle_quiz(pattern + optional + literal)],
        topic="W",
        create_topics=True,
        skip_unsupported=True,
    )
    assert report.ok and report.skipped["question"] == 2
    assert Question.objects.get().prompt == "{{c1::a+b}}"


def test_anki_note_with_an_empty_first_field_is_skipped_on_request():
    text = "#separator:tab\n#html:false\ndog\tperro\n\tgato\ncat\tgato\n"
    file = ImportFile(name="spanish.txt", data=text.encode(), format=None)
    report = bank_import(files=[file], topic="Spanish", create_topics=True)
    (problem,) = report.problems
    assert problem.line == 4 and "note with an empty first field x1" in problem.message
    report = bank_import(files=[file], topic="Spanish", create_topics=True, skip_unsupported=True)
    assert report.ok and report.skipped["question"] == 1
    assert report.created["question"] == 2


def test_spreadsheet_row_without_a_prompt_stays_a_problem_of_its_row():
    # a header row names the columns: an empty prompt is a mistake to fix, not a note to skip
    text = "front,back\n,An answer\nWhat is power?,1 - beta\n"
    file = ImportFile(name="q.csv", data=text.encode(), format=None)
    report = bank_import(files=[file], topic="S", create_topics=True, skip_unsupported=True)
    assert [(p.line, p.message) for p in report.problems] == [(2, "'prompt' is missing or empty")]


def test_moodle_embedded_files_that_are_not_images_are_counted_not_stored():
    svg = base64.b64encode(b"<svg onload='alert(1)'></svg>").decode()
    text = (
        '<?xml version="1.0"?><quiz><question type="essay"><name><text>e</text></name>'
        '<questiontext format="html"><text><![CDATA[<p>See <img src="@@PLUGINFILE@@/x.svg" '
        f'alt="drawing"></p>]]></text><file name="x.svg" encoding="base64">{svg}</file>'
        "</questiontext></question></quiz>"
    )
    report = bank_import(files=[text_file("e.xml", text)], topic="Geo", create_topics=True)
    assert report.ok, report.problems
    assert Question.objects.get().prompt == "See [image: drawing]"
    assert not BankMedia.objects.exists()
    assert any("1 embedded svg file(s) dropped" in note for note in report.notes)


def test_csv_with_semicolons_as_spreadsheets_write_it_where_the_comma_is_a_decimal_mark():
    text = "question;answer\nWhat is 1,5 + 1?;2,5\nWhat is pi to two places?;3,14\n"
    file = ImportFile(name="maths.csv", data=text.encode(), format="csv")
    report = bank_import(files=[file], topic="Maths", create_topics=True)
    assert report.ok, report.problems
    assert dict(Question.objects.values_list("prompt", "official_answer")) == {
        "What is 1,5 + 1?": "2,5",
        "What is pi to two places?": "3,14",
    }


def test_csv_with_commas_stays_comma_separated_when_each_row_also_has_a_semicolon():
    text = (
        "front,back\nWhat is a tuple; a list?,Immutable; mutable\n"
        "What is a set?,Unique; unordered\n"
    )
    file = ImportFile(name="py.csv", data=text.encode(), format="csv")
    report = bank_import(files=[file], topic="Python", create_topics=True)
    assert report.ok, report.problems
    assert Question.objects.get(prompt="What is a set?").official_answer == "Unique; unordered"


def test_markdown_questions_as_headings_in_numbered_list_items():
    # a layout of popular collections: `1. ### Question` with the answer indented under it, a
    # table of contents and "back to top" links, and a section of numbered exercises
    text = (
        "# JavaScript questions\n\n### Table of Contents\n\n| 1 | [Hoisting](#hoisting) |\n\n"
        "1. ### What is hoisting\n\n    Declarations move to the top of their scope.\n\n"
        "    #### Example\n\n    ```javascript\n    console.log(x); // undefined\n    var x = 1;\n"
        "    ```\n\n    **[⬆ Back to Top](#table-of-contents)**\n\n"
        "2. ### What is a closure\n\n  A function with the scope it was declared in.\n\n"
        "### Coding Exercise\n\n#### 1. What is the output of `typeof null`\n\n`object`\n\n"
        "#### 2. What is the output of `0.1 + 0.2 === 0.3`\n\n`false`\n"
    )
    file = ImportFile(name="js.md", data=text.encode(), format=None)
    report = bank_import(files=[file], create_topics=True)
    assert report.ok, report.problems
    answers = dict(Question.objects.values_list("prompt", "official_answer"))
    assert answers == {
        "What is hoisting": "Declarations move to the top of their scope.\n\n**Example**\n\n"
        "```javascript\nconsole.log(x); // undefined\nvar x = 1;\n```",
        "What is a closure": "A function with the scope it was declared in.",
        "1. What is the output of `typeof null`": "`object`",
        "2. What is the output of `0.1 + 0.2 === 0.3`": "`false`",
    }
    assert sorted(Topic.objects.values_list("name", flat=True)) == [
        "Coding Exercise",
        "JavaScript questions",
    ]


def test_markdown_numbered_tasks_with_a_bold_label_under_sections():
    text = (
        "# Technical questions\n\n## SQL\n\nThe schema: Ads(ad_id, status).\n\n"
        "**1)** The number of active ads.\n\n```sql\nSELECT count(*) FROM Ads;\n```\n\n"
        "**2)** All active campaigns.\n\nSELECT DISTINCT campaign_id ...\n\n"
        "## Coding\n\n**1) FizzBuzz**. Print numbers from 1 to 100.\n\nA loop with modulo.\n"
    )
    file = ImportFile(name="tech.md", data=text.encode(), format=None)
    report = bank_import(files=[file], create_topics=True)
    assert report.ok, report.problems
    assert sorted(Question.objects.values_list("topic__name", "prompt")) == [
        ("Coding", "FizzBuzz. Print numbers from 1 to 100."),
        ("SQL", "All active campaigns."),
        ("SQL", "The number of active ads."),
    ]


def test_a_multiple_choice_without_a_right_answer_is_unsupported_not_a_refused_file():
    # a poll (every fraction 0) has nothing to check an answer against: listed, or skipped
    xml = moodle_quiz(
        '<question type="multichoice"><name><text>Poll</text></name><questiontext><text>'
        "Tea or coffee?</text></questiontext>"
        '<answer fraction="0"><text>Tea</text></answer>'
        '<answer fraction="0"><text>Coffee</text></answer></question>'
        '<question type="truefalse"><name><text>T</text></name><questiontext><text>'
        'Water is wet.</text></questiontext><answer fraction="100"><text>true</text></answer>'
        '<answer fraction="0"><text>false</text></answer></question>'
    )
    gift = ImportFile(
        name="poll.gift", data=b"Tea or coffee? {~Tea ~Coffee}\n\nIs water wet? {T}\n", format=None
    )
    for file in (xml, gift):
        report = bank_import(files=[file], topic="Drinks", create_topics=True)
        (problem,) = report.problems
        assert "multichoice without a right answer x1" in problem.message
        report = bank_import(
            files=[file], topic="Drinks", create_topics=True, skip_unsupported=True, dry_run=True
        )
        assert report.ok and report.skipped["question"] == 1
        assert report.created["question"] == 1


def test_moodle_images_in_answers_are_stored_like_those_of_the_text():
    png = (
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5E"
        "rkJggg=="
    )
    xml = moodle_quiz(
        '<question type="multichoice"><name><text>Cat</text></name><questiontext><text>'
        'Pick the cat</text></questiontext><answer fraction="100" format="html"><text>'
        '<![CDATA[<p><img src="@@PLUGINFILE@@/cat.png" alt="a cat"></p>]]></text>'
        f'<file name="cat.png" encoding="base64">{png}</file></answer>'
        '<answer fraction="0"><text>A dog</text></answer></question>'
    )
    report = bank_import(files=[xml], topic="Pets", create_topics=True)
    assert report.ok, report.problems
    (right,) = Question.objects.get().choices.filter(is_correct=True)
    assert right.text.startswith("![a cat](/media/bank/") and right.text.endswith("-cat.png)")
    assert BankMedia.objects.count() == 1


def test_anki_text_export_drops_sounds_and_names_images_it_cannot_carry():
    text = (
        "#separator:tab\n#html:true\n#tags column:3\n"
        '<b>taberu</b>[sound:taberu.mp3]\tto eat<br><img src="eat.jpg">\tverbs\n'
        "[sound:only.mp3]\ta note that is only a sound\t\n"
    )
    file = ImportFile(name="japanese.txt", data=text.encode(), format=None)
    report = bank_import(files=[file], topic="Japanese", create_topics=True)
    (problem,) = report.problems
    assert problem.line == 5 and "sound-only note x1" in problem.message
    report = bank_import(files=[file], topic="Japanese", create_topics=True, skip_unsupported=True)
    assert report.ok, report.problems
    question = Question.objects.get()
    assert (question.prompt, question.official_answer) == ("**taberu**", "to eat\n[image: eat.jpg]")
    assert any("1 sound(s) dropped" in note for note in report.notes)
    assert any("1 image(s) named but not in a text file" in note for note in report.notes)


def test_gift_answers_and_feedback_take_the_question_format():
    # Moodle's own GIFT export writes `[html]` once, before the text; the answers are HTML too
    text = (
        "// question: 1234  name: Mean\n::Mean::[html]<p>What is the <b>mean</b> of 1, 2, 3?</p>{\n"
        "\t=<p>2</p>#<p>Right.</p>\n\t~<p>3</p>#<p>That is the maximum.</p>\n"
        "\t####<p>Sum divided by count.</p>\n}\n"
    )
    file = ImportFile(name="stats.gift", data=text.encode(), format=None)
    report = bank_import(files=[file], topic="Stats", create_topics=True)
    assert report.ok, report.problems
    question = Question.objects.get()
    assert question.official_answer == "Sum divided by count."
    assert [(c.text, c.explanation) for c in question.choices.order_by("order")] == [
        ("2", "Right."),
        ("3", "That is the maximum."),
    ]


def test_markdown_questions_as_q_and_a_lines():
    text = (
        "# Python\n\n**Q: What is a list?**\n\nA: A mutable sequence.\n\n"
        "Q: What is a tuple?\nA: An immutable one.\n"
    )
    file = ImportFile(name="py.md", data=text.encode(), format="md")
    report = bank_import(files=[file], create_topics=True)
    assert report.ok, report.problems
    assert dict(Question.objects.values_list("prompt", "official_answer")) == {
        "What is a list?": "A mutable sequence.",
        "What is a tuple?": "An immutable one.",
    }
    assert any("questions read from 'Q:' lines" in note for note in report.notes)


def test_markdown_details_blocks_are_questions_or_unwrapped_answers():
    # a summary that asks is a question; one that says "Answer" only hides the answer (raw HTML
    # would be shown escaped)
    text = (
        "# Python\n\n<details>\n<summary>What is a list?</summary>\n\nA mutable sequence.\n"
        "</details>\n\n## What is a tuple?\n\n<details><summary><b>Answer</b></summary>\n<p>\n\n"
        "An immutable sequence.\n\n</p>\n</details>\n"
    )
    file = ImportFile(name="py.md", data=text.encode(), format="md")
    report = bank_import(files=[file], create_topics=True)
    assert report.ok, report.problems
    assert dict(Question.objects.values_list("prompt", "official_answer")) == {
        "What is a list?": "A mutable sequence.",
        "What is a tuple?": "An immutable sequence.",
    }


def test_markdown_numbered_questions_with_nested_answers():
    # `1. What is X?` with the answer as nested bullets or an indented paragraph; an intro
    # before the list and a section without questions are left out, a fenced block in an answer
    # stays code
    text = (
        "# Python interview questions\n\nA few questions I was asked.\n\n"
        "## Basics\n\n"
        "1. What is a list comprehension?\n"
        "   - A compact way to build a list\n"
        "   - `[x * 2 for x in xs]`\n\n"
        "2. What does `is` compare?\n\n"
        "   Identity, not equality.\n\n"
        "   ```python\n   a = []\n   b = []\n   print(a is b)  # False\n   ```\n\n"
        "## Types\n\n"
        "1. Is a tuple mutable?\n"
        "\t- No.\n\n"
        "## License\n\nMIT\n"
    )
    report = bank_import(files=[text_file("python.md", text)], create_topics=True)
    assert report.ok, report.problems
    answers = dict(Question.objects.values_list("prompt", "official_answer"))
    assert answers == {
        "What is a list comprehension?": "- A compact way to build a list\n- `[x * 2 for x in xs]`",
        "What does `is` compare?": (
            "Identity, not equality.\n\n```python\na = []\nb = []\nprint(a is b)  # False\n```"
        ),
        "Is a tuple mutable?": "- No.",
    }
    assert set(Topic.objects.values_list("name", flat=True)) == {"Basics", "Types"}
    assert any("list items with the answer nested" in note for note in report.notes)


def test_markdown_bold_list_questions_without_headings_take_the_file_name():
    # bold items that do not all end with `?` are questions when bold is the file's style; an
    # item that neither asks nor is bold stays in the answer above it
    text = (
        "Notes for the exam.\n\n"
        "- **Bias-variance trade-off**\n"
        "  Simple models underfit, complex ones overfit.\n"
        "- **What is regularisation?**\n"
        "  - A penalty on large weights\n"
        "  - L1 gives sparse weights\n"
        "- **Cross-validation**\n"
        "    Rotate the held-out fold.\n"
    )
    file = ImportFile(name="ml_notes.md", data=text.encode(), format="md")
    report = bank_import(files=[file], create_topics=True)
    assert report.ok, report.problems
    assert dict(Question.objects.values_list("prompt", "official_answer")) == {
        "Bias-variance trade-off": "Simple models underfit, complex ones overfit.",
        "What is regularisation?": "- A penalty on large weights\n- L1 gives sparse weights",
        "Cross-validation": "Rotate the held-out fold.",
    }
    assert Topic.objects.get().name == "Ml notes"
    assert any("taken from the file name" in note for note in report.notes)


def test_markdown_lists_inside_answers_of_question_headings_stay_answers():
    text = (
        "# Stats\n\n## How do mean and median differ?\n\n"
        "1. Which resists outliers?\n   The median.\n"
        "2. Which uses every value?\n   The mean.\n\n## Variance\n\nThe mean squared deviation.\n"
    )
    report = bank_import(files=[text_file("stats.md", text)], create_topics=True)
    assert report.ok, report.problems
    assert Question.objects.count() == 2
    question = Question.objects.get(prompt="How do mean and median differ?")
    assert question.official_answer.startswith("1. Which resists outliers?")


def test_markdown_in_our_layout_with_a_heading_that_does_not_ask_keeps_its_list_answer():
    text = (
        "# Stats\n\n## Explain the median\n\nDifficulty: easy\n\n"
        "1. Why does it resist outliers?\n   It depends on order only.\n"
        "2. When is it the mean?\n   In a symmetric distribution.\n"
    )
    report = bank_import(files=[text_file("stats.md", text)], create_topics=True)
    assert report.ok, report.problems
    question = Question.objects.get()
    assert (question.prompt, question.difficulty) == ("Explain the median", "easy")
    assert question.official_answer.startswith("1. Why does it resist outliers?")


@pytest.mark.parametrize(
    ("header", "separator"),
    [
        ("Frage;Antwort", ";"),
        ("Question;Réponse", ";"),
        ("Pregunta,Respuesta", ","),
        ("Domanda,Risposta", ","),
        ("Pergunta\tResposta", "\t"),
        ("Term,Definition", ","),
        ("Vorderseite;Rückseite", ";"),
        ("Recto,Verso", ","),
    ],
)
def test_csv_header_rows_in_other_languages_and_tools_are_column_names(header, separator):
    rows = [("What is 2 + 2?", "4"), ("What is the capital of Peru?", "Lima")]
    text = header + "\n" + "".join(f"{q}{separator}{a}\n" for q, a in rows)
    name = "cards.tsv" if separator == "\t" else "cards.csv"
    report = bank_import(files=[text_file(name, text)], topic="Quiz", create_topics=True)
    assert report.ok, report.problems
    assert dict(Question.objects.values_list("prompt", "official_answer")) == dict(rows)


def test_csv_header_row_names_topic_and_difficulty_in_german():
    text = "Thema;Frage;Antwort;Schwierigkeit\nMathe;Was ist 2 + 2?;4;easy\n"
    report = bank_import(files=[text_file("karten.csv", text)], create_topics=True)
    assert report.ok, report.problems
    question = Question.objects.get()
    assert question.topic.name == "Mathe"
    assert (question.prompt, question.official_answer, question.difficulty) == (
        "Was ist 2 + 2?", "4", "easy",
    )  # fmt: skip


def test_csv_header_row_with_a_translated_deck_column_and_an_unknown_one():
    # a German flashcard app's export: the deck ("Stapel") is the topic, an unknown column
    # ("Gemeistert", mastered) goes to the context
    text = "Frage;Antwort;Stapel;Gemeistert\nWas ist Active Recall?;Aktives Abrufen;Lernen;ja\n"
    report = bank_import(files=[text_file("karten.csv", text)], create_topics=True)
    assert report.ok, report.problems
    question = Question.objects.get()
    assert (question.topic.name, question.official_answer) == ("Lernen", "Aktives Abrufen")
    assert "Gemeistert" in question.context


def test_markdown_numbered_questions_in_the_file_style_and_unindented_answers():
    # most numbered items ask, so one that does not ("Name three...") is a question too; an
    # answer may follow a numbered question as top-level bullets; `<br>` between items is a gap
    text = (
        "# CSS\n\n"
        "1. What is the box model?\n   Content, padding, border, margin.\n\n<br>\n\n"
        "2. Name three display values\n   - block\n   - inline\n   - flex\n\n<br>\n\n"
        "3. What does `z-index` order?\n\n- Stacking of positioned elements.\n\n"
        "4. What is specificity?\n   Which rule wins.\n"
    )
    file = ImportFile(name="css.md", data=text.encode(), format="md")
    report = bank_import(files=[file], create_topics=True)
    assert report.ok, report.problems
    assert dict(Question.objects.values_list("prompt", "official_answer")) == {
        "What is the box model?": "Content, padding, border, margin.",
        "Name three display values": "- block\n- inline\n- flex",
        "What does `z-index` order?": "- Stacking of positioned elements.",
        "What is specificity?": "Which rule wins.",
    }
