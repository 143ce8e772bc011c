"""Text the database cannot store (a NUL, a lone surrogate) in any import format, in any field
a question carries, is a named problem in the dry run and is never written: nothing reaches
PostgreSQL, which would refuse it with an error instead of a report."""

from __future__ import annotations

import io
import sqlite3
import tempfile
import zipfile

import pytest

from interview.bank.models import Question, Tag, Topic
from interview.bank.transfer import ImportFile, bank_export, bank_import
from interview.bank.transfer.reading import import_files_from_upload
from tests.factories import (
    ChoiceFactory,
    KeyPointFactory,
    QuestionFactory,
    TagFactory,
    TopicFactory,
)
from tests.transfer_support import empty_the_bank

pytestmark = pytest.mark.django_db

MARK = "zqmarkzq"
FIELDS = (
    "prompt", "official_answer", "short_answer", "instruction", "context", "key_point", "choice",
)  # fmt: skip
# What each format carries of those fields (GIFT and Moodle XML have no place for the others).
CARRIED = {
    "json": set(FIELDS),
    "csv": set(FIELDS) - {"short_answer"},
    "tsv": set(FIELDS) - {"short_answer"},
    "md": set(FIELDS) - {"short_answer"},
    "gift": {"prompt", "official_answer", "choice"},
    "xml": {"prompt", "official_answer", "choice"},
}
CASES = [(format, field) for format, fields in CARRIED.items() for field in sorted(fields)]


def _question_marked(field: str) -> None:
    """One multiple-choice question with the marker in `field` only."""
    topic = TopicFactory(slug="hostile", name="Hostile input")
    values = {name: f"Plain {name} text." for name in FIELDS if name not in {"key_point", "choice"}}
    if field in values:
        values[field] = f"Before {MARK} after."
    question = QuestionFactory(
        topic=topic, slug="hostile-question", kind=Question.Kind.MULTIPLE_CHOICE, **values
    )
    right = f"Right {MARK} option" if field == "choice" else "Right option"
    ChoiceFactory(question=question, text=right, is_correct=True, order=0)
    ChoiceFactory(question=question, text="Wrong option", is_correct=False, order=1)
    question.tags.add(TagFactory(name="plain-tag"))
    text = f"Point {MARK} here" if field == "key_point" else "A plain key point"
    KeyPointFactory(question=question, text=text, keywords="plain keyword")


def _exported_with(format: str, bad: str) -> list[ImportFile]:
    """The bank exported in `format` with the marker replaced by the unstorable text."""
    files = []
    for file in bank_export(format=format):
        if format == "json":  # JSON carries both as escapes: \u0000, \ud800
            escaped = "\\u0000" if bad == "\x00" else "\\ud800"
            data = file.data.replace(MARK.encode(), escaped.encode())
        else:
            data = file.data.replace(MARK.encode(), bad.encode("utf-8"))
        assert data != file.data, f"the marker did not reach the {format} export"
        files.append(ImportFile(name=file.name, data=data, format=format))
    return files


def _bank_unchanged() -> None:
    assert not Question.objects.exists()
    assert not Topic.objects.exists()


@pytest.mark.parametrize(("format", "field"), CASES)
def test_a_nul_in_any_format_and_field_is_named_and_not_written(format, field):
    _question_marked(field)
    files = _exported_with(format, "\x00")
    empty_the_bank()
    dry = bank_import(files=files, format=format, create_topics=True, dry_run=True)
    assert not dry.ok
    assert any("NUL" in problem.message for problem in dry.problems), dry.problems
    real = bank_import(files=files, format=format, create_topics=True)
    assert not real.ok
    _bank_unchanged()


@pytest.mark.parametrize("field", FIELDS)
def test_a_lone_surrogate_in_json_is_named_and_not_written(field):
    _question_marked(field)
    files = _exported_with("json", "\ud800")
    empty_the_bank()
    report = bank_import(files=files, format="json", create_topics=True, dry_run=True)
    assert any("surrogate" in problem.message for problem in report.problems), report.problems
    assert not bank_import(files=files, format="json", create_topics=True).ok
    _bank_unchanged()


@pytest.mark.parametrize("where", ["topic", "tag"])
@pytest.mark.parametrize("bad", ["\\u0000", "\\ud800"], ids=["nul", "surrogate"])
def test_unstorable_topic_and_tag_names_in_json_are_named(where, bad):
    _question_marked("prompt")
    if where == "topic":
        Topic.objects.update(name=f"Hostile {MARK}")
    else:
        Tag.objects.update(name=f"tag {MARK}")
    files = [
        ImportFile(name=f.name, data=f.data.replace(MARK.encode(), bad.encode()), format="json")
        for f in bank_export(format="json")
    ]
    empty_the_bank()
    Tag.objects.all().delete()
    report = bank_import(files=files, format="json", create_topics=True, dry_run=True)
    assert not report.ok, "an unstorable name passed the dry run"
    assert not bank_import(files=files, format="json", create_topics=True).ok
    _bank_unchanged()
    assert not Tag.objects.exists()


def _anki_package_with(bad_json: str, bad_text: str) -> list[ImportFile]:
    """The bank as an Anki package, the marker replaced in the notes' fields and tags (text)
    and in the deck and note type tables (JSON)."""
    package = bank_export(format="apkg")[0]
    source = zipfile.ZipFile(io.BytesIO(package.data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target, tempfile.TemporaryDirectory() as tmp:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "collection.anki2":
                path = f"{tmp}/collection.anki2"
                with open(path, "wb") as handle:
                    handle.write(data)
                with sqlite3.connect(path) as db:
                    for table, column, bad in [
                        ("notes", "flds", bad_text),
                        ("notes", "tags", bad_text),
                        ("col", "decks", bad_json),
                    ]:
                        changed = db.execute(
                            f"UPDATE {table} SET {column} = replace({column}, ?, ?)"
                            f" WHERE instr({column}, ?)",
                            (MARK, bad, MARK),
                        ).rowcount
                        assert changed, f"the marker did not reach {table}.{column}"
                db.close()
                with open(path, "rb") as handle:
                    data = handle.read()
            target.writestr(info, data)
    return [ImportFile(name="hostile.apkg", data=out.getvalue(), format="apkg")]


def _stored_texts() -> list[str]:
    texts = list(Question.objects.values_list("prompt", "official_answer"))
    texts += list(Topic.objects.values_list("name", "slug"))
    texts += list(Tag.objects.values_list("name", "slug"))
    return [text for row in texts for text in row if text]


def test_a_nul_in_an_anki_package_never_reaches_the_database():
    """Anki fields are HTML, whose conversion drops control characters; the tag and the deck
    name (JSON) keep theirs, so they are named problems."""
    _question_marked("prompt")
    Topic.objects.update(name=f"Deck {MARK}")
    Tag.objects.update(name=f"tag{MARK}")
    files = _anki_package_with("\\u0000", "\x00")
    empty_the_bank()
    dry = bank_import(files=files, create_topics=True, dry_run=True)
    real = bank_import(files=files, create_topics=True)
    assert dry.ok == real.ok
    assert not any("\x00" in text for text in _stored_texts())


QTI_ITEM = (
    '<?xml version="1.0"?><assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" '
    'identifier="i" title="{title}" adaptive="false" timeDependent="false">'
    '<responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier">'
    "<correctResponse><value>A</value></correctResponse></responseDeclaration><itemBody>"
    '<choiceInteraction responseIdentifier="RESPONSE" maxChoices="1"><prompt>{prompt}</prompt>'
    '<simpleChoice identifier="A">{choice}</simpleChoice><simpleChoice identifier="B">b'
    "</simpleChoice></choiceInteraction></itemBody></assessmentItem>"
)
QTI_MANIFEST = (
    '<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" identifier="m"><resources>'
    '<resource identifier="r0" type="imsqti_item_xmlv2p1" href="item.xml">'
    '<file href="item.xml"/></resource></resources></manifest>'
)


@pytest.mark.parametrize("where", ["title", "prompt", "choice"])
@pytest.mark.parametrize("packaged", [False, True], ids=["item", "package"])
def test_a_nul_in_a_qti_item_never_reaches_the_database(where, packaged):
    values = {"title": "Water", "prompt": "Pick one", "choice": "a"}
    values[where] += "\x00"
    text = QTI_ITEM.format(**values).encode()
    if packaged:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("imsmanifest.xml", QTI_MANIFEST)
            archive.writestr("item.xml", text)
        files, problems = import_files_from_upload(name="pack.zip", data=buffer.getvalue())
    else:
        files, problems = [ImportFile(name="item.xml", data=text, format="xml")], []
    dry = bank_import(files=files, problems=problems, create_topics=True, dry_run=True)
    assert not dry.ok, "a NUL passed the dry run"
    assert not bank_import(files=files, problems=problems, create_topics=True).ok
    _bank_unchanged()


def test_the_qti_item_of_these_tests_imports_when_clean():
    text = QTI_ITEM.format(title="Water", prompt="Pick one", choice="a").encode()
    report = bank_import(
        files=[ImportFile(name="item.xml", data=text, format="xml")], create_topics=True
    )
    assert report.ok, report.problems
    assert Question.objects.get().prompt == "Pick one"
