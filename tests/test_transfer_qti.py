"""QTI 2.1 items and content packages: real files from QTIWorks (tests/data/interop/qti/, sources
in tests/data/interop_sources.md), then the edges: unsupported interactions, other QTI
versions, hostile and broken files."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from interview.bank.cloze import cloze_blanks
from interview.bank.models import BankMedia, Question
from interview.bank.transfer import ImportFile, bank_import, import_files_from_paths
from interview.bank.transfer.reading import import_files_from_upload

pytestmark = pytest.mark.django_db
QTI = Path(__file__).parent / "data" / "interop" / "qti"
NS = 'xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1"'


def import_real(*names: str, **options):
    files, problems = import_files_from_paths(paths=[QTI / name for name in names])
    options.setdefault("create_topics", True)
    return bank_import(files=files, problems=problems, **options)


def item(body: str, declarations: str = "", title: str = "T") -> str:
    return (
        f'<?xml version="1.0"?><assessmentItem {NS} identifier="i" title="{title}" '
        f'adaptive="false" timeDependent="false">{declarations}<itemBody>{body}</itemBody>'
        "</assessmentItem>"
    )


def xml_file(name: str, text: str) -> ImportFile:
    return ImportFile(name=name, data=text.encode(), format="xml")


def package(members: dict[str, str | bytes], name: str = "pack.zip") -> ImportFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for member, data in members.items():
            archive.writestr(member, data)
    (file,), problems = import_files_from_upload(name=name, data=buffer.getvalue())
    assert not problems
    return file


def manifest(*hrefs: str) -> str:
    resources = "".join(
        f'<resource identifier="r{n}" type="imsqti_item_xmlv2p1" href="{href}">'
        f'<file href="{href}"/></resource>'
        for n, href in enumerate(hrefs)
    )
    return (
        '<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" identifier="m">'
        f"<resources>{resources}</resources></manifest>"
    )


CORRECT_A = (
    '<responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier">'
    "<correctResponse><value>A</value></correctResponse></responseDeclaration>"
)
CHOICES = (
    '<choiceInteraction responseIdentifier="RESPONSE" maxChoices="1"><prompt>Pick</prompt>'
    '<simpleChoice identifier="A">a</simpleChoice><simpleChoice identifier="B">b</simpleChoice>'
    "</choiceInteraction>"
)


# Real files


def test_qtiworks_multiple_response_item():
    # 1 item (choiceInteraction, two correct of six): imported, nothing lost.
    report = import_real("choice_multiple.xml")
    assert report.ok, report.problems
    question = Question.objects.get()
    assert question.kind == Question.Kind.MULTIPLE_CHOICE
    assert question.prompt == "Which of the following elements are used to form water?"
    assert [c.text for c in question.choices.filter(is_correct=True)] == ["Hydrogen", "Oxygen"]
    assert question.choices.count() == 6
    assert question.topic.name == "Choice multiple"


def test_qtiworks_text_entry_item_becomes_a_cloze_question():
    # 1 item (textEntryInteraction; 'York' full marks, 'york' half): a cloze question whose
    # blank accepts York (the case-folded repeat adds nothing); the partial score is lost.
    report = import_real("text_entry.xml", topic="Shakespeare")
    assert report.ok, report.problems
    question = Question.objects.get()
    assert question.kind == Question.Kind.CLOZE
    assert "Made glorious summer by this sun of {{c1::York}};" in question.prompt
    assert [blank.answers for blank in cloze_blanks(question.prompt)] == [("York",)]


def test_qtiworks_feedback_item_keeps_inline_and_modal_feedback():
    # 1 item (choice with feedbackInline per choice and two modalFeedbacks): all kept.
    report = import_real("feedback.xml", topic="Quiz")
    assert report.ok, report.problems
    question = Question.objects.get()
    assert [(c.text, c.is_correct) for c in question.choices.all()] == [
        ("George W Bush", False), ("Tony Blair", False), ("Vicente Fox", True),
        ("Ariel Sharon", False),
    ]  # fmt: skip
    assert question.choices.get(text="Tony Blair").explanation == (
        "No, he is the Prime Minister of England."
    )
    assert question.official_answer == (
        "Yes, that is correct.\n\nNo, the correct answer is Vicente Fox."
    )


def test_qtiworks_extended_text_item_is_an_open_question_its_image_said():
    # 1 item (extendedTextInteraction, an image object with fallback text): an open question;
    # the image is not in a package, so it is named and its fallback text kept.
    report = import_real("extended_text.xml", topic="Writing")
    assert report.ok, report.problems
    question = Question.objects.get()
    assert question.kind == Question.Kind.OPEN
    assert question.prompt.startswith("Read this postcard from your English pen-friend, Sam.")
    assert "[image: postcard.png]" in question.prompt
    assert "Where do you go in the evenings?" in question.prompt
    assert question.prompt.endswith(
        "Write Sam a postcard. Answer the questions. Write 25-35 words."
    )
    assert any("'images/postcard.png' not stored" in note for note in report.notes)


def test_a_rubric_for_the_scorer_is_the_answer_of_an_extended_text_item():
    # qti-sdk's copy of the same item with a `rubricBlock view="scorer"`: how to grade it
    report = import_real("qtisdk_extended_text_rubric.xml", topic="Writing")
    assert report.ok, report.problems
    question = Question.objects.get()
    assert question.kind == Question.Kind.OPEN
    assert question.official_answer.startswith("**Scoring Guidelines**\n\n**Max Score:** 3.0")
    assert "Check for gramatical errors" in question.official_answer
    assert "Scoring Guidelines" not in question.prompt


def test_a_rubric_for_candidates_stays_out_of_the_answer():
    body = (
        '<rubricBlock view="candidate"><p>Read carefully.</p></rubricBlock>'
        '<extendedTextInteraction responseIdentifier="R"><prompt>Explain.</prompt>'
        "</extendedTextInteraction>"
    )
    report = bank_import(files=[xml_file("e.xml", item(body))], topic="Q", create_topics=True)
    assert report.ok, report.problems
    assert Question.objects.get().official_answer == ""


def test_qtiworks_content_package_all_nine_items_and_the_image():
    # 9 items listed by the manifest (+ a test, which is structure): 8 choice items (two of
    # them multiple response) and 1 with two inline choices; all 9 import, the image of item 4
    # is stored. Lost: nothing but the test's ordering.
    report = import_real("WebDeveloperTest1.zip")
    assert report.ok, report.problems
    assert report.created["question"] == 9
    assert Question.objects.filter(kind="multiple_choice").count() == 8
    image = BankMedia.objects.get()
    with_image = Question.objects.get(prompt__contains="Look at the website directory below")
    assert f"![File Directory](/media/bank/{image.name})" in with_image.prompt
    gaps = Question.objects.get(kind="cloze")
    assert [blank.answers for blank in cloze_blanks(gaps.prompt)] == [
        ("in lower case",),
        ("underline (_)",),
    ]
    assert "{{c1::in lower case::in upper case / in lower case}}" in gaps.prompt
    two = Question.objects.get(prompt__contains="two main methods")
    assert [c.text for c in two.choices.filter(is_correct=True)] == [
        "Using a Virtual Private Network connection to the server",
        "Using the File Transfer Protocol (FTP)",
    ]
    again = import_real("WebDeveloperTest1.zip")
    assert again.unchanged["question"] == 9 and not again.changed


def test_a_zip_with_a_qti_manifest_is_one_package_not_its_members():
    files, problems = import_files_from_paths(paths=[QTI / "WebDeveloperTest1.zip"])
    assert not problems
    assert [file.name for file in files] == [str(QTI / "WebDeveloperTest1.zip")]


# Edges


def test_an_unsupported_interaction_is_a_problem_unless_skipped():
    order = item(
        '<orderInteraction responseIdentifier="R"><simpleChoice identifier="a">a</simpleChoice>'
        "</orderInteraction>"
    )
    pack = package(
        {
            "imsmanifest.xml": manifest("a.xml", "b.xml"),
            "a.xml": order,
            "b.xml": item(CHOICES, CORRECT_A),
        }
    )
    report = bank_import(files=[pack], topic="Q", create_topics=True)
    assert [p.field for p in report.problems] == ["type"]
    assert "orderInteraction x1" in report.problems[0].message
    report = bank_import(files=[pack], topic="Q", create_topics=True, skip_unsupported=True)
    assert report.ok, report.problems
    assert report.created["question"] == 1 and report.skipped["question"] == 1


def test_mixed_interactions_and_templated_items_have_no_kind_here():
    mixed = item(
        CHOICES + '<extendedTextInteraction responseIdentifier="R2"/>', CORRECT_A, title="M"
    )
    templated = item(CHOICES, '<templateDeclaration identifier="X"/>' + CORRECT_A)
    report = bank_import(files=[xml_file("m.xml", mixed), xml_file("t.xml", templated)], topic="Q")
    messages = " ".join(p.message for p in report.problems)
    assert "choiceInteraction + extendedTextInteraction x1" in messages
    assert "templated item (templateDeclaration) x1" in messages


def test_a_gap_without_an_answer_keeps_the_question_open_with_numbered_blanks():
    text = item(
        '<p>Capital of France: <textEntryInteraction responseIdentifier="R1"/>, of Italy: '
        '<textEntryInteraction responseIdentifier="R2"/></p>',
        '<responseDeclaration identifier="R1" cardinality="single" baseType="string">'
        "<correctResponse><value>Paris</value></correctResponse></responseDeclaration>"
        '<responseDeclaration identifier="R2" cardinality="single" baseType="string"/>',
    )
    report = bank_import(files=[xml_file("gaps.xml", text)], topic="Geo", create_topics=True)
    assert report.ok, report.problems
    question = Question.objects.get()
    assert question.kind == Question.Kind.OPEN
    assert question.prompt == "Capital of France: _____ (1), of Italy: _____ (2)"
    assert question.official_answer == "1. Paris\n2. ?"


def test_a_choice_without_a_key_is_an_unsupported_item():
    # a survey (Likert...) or an item scored by custom rules declares no correct response and
    # no mapping: nothing to check an answer against, so it is listed, or skipped on request
    report = bank_import(files=[xml_file("c.xml", item(CHOICES))], topic="Q")
    (problem,) = report.problems
    assert (problem.file, problem.line, problem.field) == ("c.xml", 1, "type")
    assert "choiceInteraction without a correct response x1" in problem.message
    report = bank_import(files=[xml_file("c.xml", item(CHOICES))], topic="Q", skip_unsupported=True)
    assert report.ok and report.skipped["question"] == 1


def test_a_correct_response_naming_no_choice_is_a_precise_problem():
    declared = (
        '<responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier">'
        "<correctResponse><value>Z</value></correctResponse></responseDeclaration>"
    )
    report = bank_import(files=[xml_file("c.xml", item(CHOICES, declared))], topic="Q")
    (problem,) = report.problems
    assert (problem.file, problem.line, problem.field) == ("c.xml", 1, "itemBody")
    assert problem.message == "the choice interaction has no correct response"


def test_mapping_scores_stand_for_a_missing_correct_response():
    mapped = (
        '<responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier">'
        '<mapping defaultValue="0"><mapEntry mapKey="B" mappedValue="1"/></mapping>'
        "</responseDeclaration>"
    )
    report = bank_import(
        files=[xml_file("c.xml", item(CHOICES, mapped))], topic="Q", create_topics=True
    )
    assert report.ok, report.problems
    assert [c.text for c in Question.objects.get().choices.filter(is_correct=True)] == ["b"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('<questestinterop><item ident="x"/></questestinterop>', "QTI 1.2 is not supported yet"),
        (
            '<qti-assessment-item xmlns="http://www.imsglobal.org/xsd/imsqtiasi_v3p0" '
            'identifier="x"/>',
            "QTI 3.0 is not supported yet",
        ),
        (
            '<!DOCTYPE assessmentItem [<!ENTITY a "aaaa">]><assessmentItem/>',
            "refused for safety",
        ),
        (f"<assessmentItem {NS}><itemBody>", "not well-formed XML"),
    ],
)
def test_other_versions_and_hostile_items_are_refused(text, expected):
    report = bank_import(files=[xml_file("x.xml", text)], topic="Q")
    (problem,) = report.problems
    assert expected in problem.message
    if "not supported" in expected:
        assert "export the questions as QTI 2.1, Moodle XML or GIFT instead" in problem.message


def test_a_package_item_that_is_not_packed_or_escapes_the_package():
    pack = package(
        {
            "imsmanifest.xml": manifest("missing.xml", "a.xml"),
            "a.xml": item('<p><img src="../../etc/passwd.png" alt="x"/></p>' + CHOICES, CORRECT_A),
        }
    )
    report = bank_import(files=[pack], topic="Q", create_topics=True)
    (problem,) = report.problems
    assert problem.line == 1 and "'missing.xml' is listed in the manifest but not packed" in (
        problem.message
    )
    assert any("'../../etc/passwd.png' not stored (not in the package)" in n for n in report.notes)


def test_a_manifest_without_qti_items():
    pack = package({"imsmanifest.xml": manifest().replace("<resources>", "<resources>imsqti_")})
    report = bank_import(files=[pack], topic="Q")
    assert "lists no QTI 2 items" in report.problems[0].message


def test_a_bare_manifest_is_said_not_read(tmp_path):
    (tmp_path / "imsmanifest.xml").write_text(manifest("a.xml"))
    (tmp_path / "a.xml").write_text(item(CHOICES, CORRECT_A))
    report = bank_import(
        files=import_files_from_paths(paths=[tmp_path])[0], topic="Q", create_topics=True
    )
    assert report.ok, report.problems
    assert report.created["question"] == 1
    assert any("content package manifest" in note for note in report.notes)
