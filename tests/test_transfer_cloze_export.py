"""Exports for other tools: Anki notes with HTML fields, and cloze questions in GIFT and Moodle
XML, each read back here; the admin's export actions for them."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from interview.bank.models import Question
from interview.bank.transfer import ImportFile, bank_export, bank_import
from tests.factories import ChoiceFactory, QuestionFactory, TagFactory, TopicFactory
from tests.test_transfer_interop import text_file

pytestmark = pytest.mark.django_db

CLOZE = "The {{c1::median|middle value::statistic}} resists outliers; {{c2::the mean}} does not."
ONE_BLANK = "A {{c1::p-value|p value}} is computed under the null."


@pytest.fixture
def bank():
    topic = TopicFactory(name="Statistics / Tests", slug="stats-tests")
    basic = QuestionFactory(
        topic=topic, slug="p-value", prompt="What is a **p-value**?", short_answer="",
        official_answer="The probability of data at least as extreme, under H0.",
    )  # fmt: skip
    basic.tags.add(TagFactory(name="hypothesis testing"))
    choice = QuestionFactory(
        topic=topic, slug="unbiased", kind="multiple_choice", prompt="Which is unbiased?",
        official_answer="", short_answer="",
    )  # fmt: skip
    ChoiceFactory(question=choice, order=0, text="The sample mean", is_correct=True)
    ChoiceFactory(question=choice, order=1, text="The sample maximum", is_correct=False)
    QuestionFactory(
        topic=topic, slug="median-cloze", kind="cloze", prompt=CLOZE, official_answer="Robust."
    )
    QuestionFactory(topic=topic, slug="one-blank", kind="cloze", prompt=ONE_BLANK)
    return topic


def exported(fmt: str) -> str:
    [file] = bank_export(format=fmt, questions=Question.objects.all())
    return file.data.decode()


def test_anki_notes_have_html_fields_note_types_guids_and_deck_paths(bank):
    text = exported("anki")
    lines = text.splitlines()
    assert lines[:7] == [
        "#separator:tab",
        "#html:true",
        "#notetype column:1",
        "#guid column:2",
        "#deck column:3",
        "#tags column:4",
        "#columns:Notetype\tGUID\tDeck\tTags\tFront\tBack",
    ]
    rows = {row[1]: row for row in csv.reader(io.StringIO("\n".join(lines[7:])), delimiter="\t")}
    assert rows["p-value"][:5] == [
        "Basic", "p-value", "Statistics::Tests", "hypothesis_testing",
        "<p>What is a <strong>p-value</strong>?</p>",
    ]  # fmt: skip
    assert rows["p-value"][5] == "<p>The probability of data at least as extreme, under H0.</p>"
    assert (
        '<ol type="A"><li>The sample mean</li><li>The sample maximum</li></ol>'
        in (rows["unbiased"][4])
    )
    assert rows["unbiased"][5] == "A. The sample mean"
    assert rows["median-cloze"][0] == "Cloze"
    assert rows["median-cloze"][4] == (
        "<p>The {{c1::median::statistic}} resists outliers; {{c2::the mean}} does not.</p>"
    )


def test_anki_notes_read_back_update_the_same_questions(bank):
    text = exported("anki")
    report = bank_import(files=[text_file("deck.txt", text)])
    assert report.ok, report.problems
    assert report.created["question"] == 0
    assert Question.objects.count() == 4
    Question.objects.all().delete()
    report = bank_import(files=[text_file("deck.txt", text)], create_topics=True)
    assert report.ok, report.problems
    assert Question.objects.get(slug="p-value").prompt == "What is a **p-value**?"
    cloze = Question.objects.get(slug="median-cloze")
    assert cloze.kind == "cloze"
    assert (
        cloze.prompt == "The {{c1::median::statistic}} resists outliers; {{c2::the mean}} does not."
    )
    assert cloze.topic.name == "Statistics / Tests"


def test_moodle_xml_writes_cloze_questions_that_read_back_with_every_alternative(bank):
    xml = exported("xml")
    assert '<question type="cloze">' in xml
    assert "{1:SHORTANSWER:=median~=middle value}" in xml
    assert "median" not in xml.split('<question type="cloze">')[1].split("</name>")[0]
    Question.objects.all().delete()
    report = bank_import(files=[text_file("bank.xml", xml)], create_topics=True)
    assert report.ok, report.problems
    cloze = Question.objects.get(slug="median-cloze")
    assert cloze.kind == "cloze"
    assert cloze.prompt == (
        "The {{c1::median|middle value}} resists outliers; {{c2::the mean}} does not."
    )  # hints have no place in Moodle's cloze


def test_gift_writes_one_blank_as_missing_word_and_several_as_an_essay(bank):
    gift = exported("gift")
    assert "::A […] is computed under the null.::[markdown]A {=p-value =p value ####" in gift
    assert "_____ (1\\: statistic)" in gift and "1. median (also accepted" in gift
    Question.objects.all().delete()
    report = bank_import(files=[text_file("bank.gift", gift)], create_topics=True)
    assert report.ok, report.problems
    one = Question.objects.get(slug="one-blank")
    assert (one.kind, one.prompt) == ("cloze", ONE_BLANK)
    assert Question.objects.get(slug="median-cloze").kind == "open"


@pytest.mark.parametrize(
    ("action", "content_type", "marker"),
    [
        ("export_anki", "text/plain; charset=utf-8", "#notetype column:1"),
        ("export_gift", "text/plain; charset=utf-8", "$CATEGORY: $course$/Statistics/Tests"),
        ("export_moodle_xml", "application/xml", '<question type="cloze">'),
    ],
)
def test_admin_export_actions(editor_client, bank, action, content_type, marker):
    response = editor_client.post(
        reverse("admin:bank_question_changelist"),
        {"action": action, "_selected_action": list(Question.objects.values_list("pk", flat=True))},
    )
    assert response["Content-Type"] == content_type
    assert marker in response.content.decode()


def test_a_gift_answer_with_paragraphs_stays_one_question():
    topic = TopicFactory(name="Stats", slug="stats")
    QuestionFactory(topic=topic, slug="two-paras", official_answer="First.\n\nSecond.")
    gift = exported("gift")
    Question.objects.all().delete()
    report = bank_import(files=[text_file("bank.gift", gift)], create_topics=True)
    assert report.ok, report.problems
    assert Question.objects.get(slug="two-paras").official_answer == "First.\n\nSecond."


def test_markdown_writes_cloze_questions_that_read_back_with_every_alternative(bank):
    markdown = exported("md")
    heading = f"## {CLOZE} {{#median-cloze}}\n\nDifficulty: medium\nStatus: published\nKind: cloze"
    assert heading in markdown
    Question.objects.all().delete()
    report = bank_import(files=[text_file("stats.md", markdown)], create_topics=True)
    assert report.ok, report.problems
    median = Question.objects.get(slug="median-cloze")
    assert (median.kind, median.prompt, median.official_answer) == ("cloze", CLOZE, "Robust.")
    assert Question.objects.get(slug="one-blank").kind == "cloze"
    assert Question.objects.get(slug="unbiased").kind == "multiple_choice"
    again = bank_import(files=[text_file("stats.md", markdown)], create_topics=True)
    assert again.unchanged["question"] == 4 and not again.changed


def test_markdown_blanks_without_a_kind_line_make_a_cloze_question():
    text = (
        "# Statistics\n\n## The {{c1::median}} resists outliers.\n\n"
        "## Is {{c1::this}} a blank? {{c2::broken}\nNo.\n"
    )
    report = bank_import(files=[text_file("stats.md", text)], create_topics=True)
    assert report.ok, report.problems
    assert Question.objects.get(prompt__startswith="The").kind == "cloze"
    assert Question.objects.get(prompt__startswith="Is").kind == "open"  # not well formed


def test_markdown_kind_cloze_without_blanks_is_a_precise_problem():
    text = "# Statistics\n\n## No blank here {#no-blank}\nKind: cloze\n\nAnswer:\nNothing.\n"
    file = ImportFile(name="stats.md", data=text.encode(), format="md")
    report = bank_import(files=[file], create_topics=True)
    (problem,) = report.problems
    assert (problem.file, problem.line) == ("stats.md", 3)
    assert "blank" in problem.message
