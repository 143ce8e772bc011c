"""Bad input: every error class is reported with file, line and field, and nothing is written."""

import io
import zipfile
from pathlib import Path

import pytest

from interview.bank.models import Choice, KeyPoint, Question, Tag, Topic
from interview.bank.transfer import (
    ImportFile,
    ImportReport,
    Problem,
    bank_import,
    import_files_from_paths,
    import_files_from_upload,
)
from tests.factories import TopicFactory

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures" / "transfer"


@pytest.fixture(autouse=True)
def statistics():
    return TopicFactory(slug="statistics", name="Statistics")


def import_fixture(*names: str, **options) -> ImportReport:
    files, problems = import_files_from_paths(paths=[FIXTURES / name for name in names])
    return bank_import(files=files, problems=problems, **options)


def nothing_written() -> bool:
    return (
        Question.objects.count() == 0
        and Topic.objects.count() == 1
        and KeyPoint.objects.count() == Choice.objects.count() == Tag.objects.count() == 0
    )


def only_problem(report: ImportReport) -> Problem:
    assert not report.ok and len(report.problems) == 1, report.problems
    assert nothing_written()
    return report.problems[0]


def test_missing_prompt():
    problem = only_problem(import_fixture("missing_prompt.csv"))
    assert problem.file.endswith("missing_prompt.csv")
    assert (problem.line, problem.field) == (3, "front")
    assert "'prompt' is missing or empty" in problem.message


def test_unknown_topic_without_auto_create():
    report = import_fixture("unknown_topic.tsv")
    assert [(p.line, p.field) for p in report.problems] == [(4, "topic"), (5, "topic")]
    assert "unknown topic 'No Such Topic'" in report.problems[0].message
    assert "--create-topics" in report.problems[0].message
    assert nothing_written()


def test_unknown_topic_is_created_when_allowed():
    report = import_fixture("unknown_topic.tsv", create_topics=True)
    assert report.ok, report.problems
    topic = Topic.objects.get(name="No Such Topic")
    assert topic.slug == "no-such-topic" and topic.questions.count() == 2


def test_multiple_choice_without_a_correct_option():
    problem = only_problem(import_fixture("mcq_without_correct.md"))
    assert (problem.line, problem.field) == (7, "choices")
    assert "at least one correct option" in problem.message


def test_invalid_difficulty():
    problem = only_problem(import_fixture("invalid_difficulty.csv"))
    assert (problem.line, problem.field) == (2, "difficulty")
    assert "invalid difficulty 'extreme': use easy, medium, hard" in problem.message


def test_duplicate_key_inside_the_file():
    problem = only_problem(import_fixture("duplicate_key.csv"))
    assert (problem.line, problem.field) == (4, "slug")
    assert "duplicate key 'q-one'" in problem.message
    assert "duplicate_key.csv:2" in problem.message


def test_related_link_to_nothing():
    problem = only_problem(import_fixture("related_to_nothing.json"))
    assert (problem.line, problem.field) == (6, "related")
    assert "stats-no-such-question" in problem.message


def test_related_link_to_a_question_already_in_the_bank_is_fine(statistics):
    Question.objects.create(topic=statistics, slug="stats-no-such-question", prompt="Exists")
    report = import_fixture("related_to_nothing.json")
    assert report.ok, report.problems
    linked = Question.objects.get(slug="stats-p-value").related.get()
    assert linked.slug == "stats-no-such-question"


def test_bad_encoding():
    problem = only_problem(import_fixture("bad_encoding.csv"))
    assert (problem.line, problem.field) == (2, "encoding")
    assert "not UTF-8 text: byte 0xe9 at line 2" in problem.message


def test_utf16_with_its_byte_order_mark_is_read():
    # a spreadsheet's "Unicode text": tab-separated UTF-16 with a byte-order mark
    data = "front\tback\nWhat is é?\tA letter\n".encode("utf-16")
    file = ImportFile(name="excel.txt", data=data, format=None)
    report = bank_import(files=[file], topic="Letters", create_topics=True)
    assert report.ok, report.problems
    assert Question.objects.get().prompt == "What is é?"


def test_broken_utf16_is_named():
    data = "front,back\nq,a\n".encode("utf-16") + b"\x00"  # an odd byte out
    report = bank_import(files=[ImportFile(name="excel.csv", data=data, format="csv")])
    assert "UTF-16" in report.problems[0].message


@pytest.mark.parametrize(
    ("name", "declared", "message"),
    [
        ("not_json.json", None, "invalid JSON at line 1"),
        ("related_to_nothing.json", "csv", "looks like JSON, not a CSV/TSV file"),
        ("related_to_nothing.json", "md", "looks like JSON, not a Markdown file"),
        ("mcq_without_correct.md", "tsv", "looks like Markdown, not a CSV/TSV file"),
        ("missing_prompt.csv", "md", "no '# Topic' heading"),
        ("missing_prompt.csv", "tsv", "no tab-separated columns found: is this a CSV file?"),
    ],
)
def test_not_the_declared_format(name, declared, message):
    problem = only_problem(import_fixture(name, format=declared))
    assert problem.field == "format"
    assert message in problem.message


def test_binary_file():
    report = bank_import(files=[ImportFile(name="x.csv", data=b"PK\x03\x04\x00\x00", format="csv")])
    assert "a binary file, not CSV text" in report.problems[0].message


def test_unknown_extension_needs_a_declared_format(tmp_path):
    path = tmp_path / "questions.data"
    path.write_bytes(b"just some words\n")
    files, _ = import_files_from_paths(paths=[path])
    report = bank_import(files=files)
    assert "cannot tell the format" in report.problems[0].message


def test_a_workbook_says_what_to_do_instead_a_broken_anki_package_what_is_wrong(tmp_path):
    (tmp_path / "questions.xlsx").write_bytes(b"PK\x03\x04binary")
    (tmp_path / "deck.apkg").write_bytes(b"PK\x03\x04binary")
    files, _ = import_files_from_paths(paths=[tmp_path])
    report = bank_import(files=files)
    messages = sorted(problem.message for problem in report.problems)
    assert len(messages) == 2
    assert "save it as 'CSV UTF-8'" in messages[0]
    assert "not an Anki package: an .apkg or .colpkg is a zip archive" in messages[1]


def test_empty_file():
    problem = only_problem(import_fixture("empty.csv"))
    assert problem.message == "the file is empty"


def test_a_file_with_only_headers_has_no_questions(tmp_path):
    path = tmp_path / "headers.csv"
    path.write_text("#separator:comma\nfront,back\n")
    problem = only_problem(import_fixture(str(path)))
    assert problem.message == "no question rows in the file"


def test_file_over_the_size_limit(settings):
    settings.BANK_IMPORT_MAX_FILE_BYTES = 1024
    problem = only_problem(import_fixture("too_large.csv"))
    assert problem.field == "file"
    assert problem.message == "the file is 3,442 bytes; the limit is 1,024 bytes per file"


def test_every_problem_is_listed_and_nothing_is_written():
    report = import_fixture("many_problems.csv")
    located = [(p.line, p.field) for p in report.problems]
    assert located == [
        (5, "front"),
        (6, "difficulty"),
        (7, "choices"),
        (8, "slug"),
        (9, "related"),
        (10, "topic"),
    ]
    assert report.rejected == 6
    assert nothing_written()
    assert str(report.problems[0]).endswith(
        "many_problems.csv:5: front: 'prompt' is missing or empty"
    )


def test_one_bad_file_stops_the_good_ones(tmp_path):
    good = tmp_path / "good.csv"
    good.write_text("topic,front,back\nstatistics,What is a p-value?,An answer\n")
    report = import_fixture(str(good), "invalid_difficulty.csv")
    assert not report.ok
    assert report.created["question"] == 1  # what would have been created
    assert nothing_written()


def test_a_zip_that_unpacks_too_far_is_refused(settings):
    settings.BANK_IMPORT_MAX_FILE_BYTES = 1000
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for number in range(6):
            archive.writestr(f"part{number}.csv", "x" * 999)
    files, problems = import_files_from_upload(name="bomb.zip", data=buffer.getvalue())
    assert not files
    assert problems[0].message == "the archive unpacks to 5,994 bytes; the limit is 5,000 bytes"


def test_every_problem_of_a_row_is_reported():
    text = "front\tback\ttopic\tdifficulty\n\tAn answer.\tNowhere\tsuper-hard\n"
    report = bank_import(files=[ImportFile(name="row.tsv", data=text.encode(), format="tsv")])
    assert sorted(p.field for p in report.problems) == ["difficulty", "front", "topic"]
    assert nothing_written()


def _zip_with(member_bytes: bytes, *, compression=zipfile.ZIP_STORED) -> bytearray:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        archive.writestr("bank.json", member_bytes)
        archive.writestr("good.json", b'{"questions": []}')
    return bytearray(buffer.getvalue())


def _patch_first_header(data: bytearray, offset: int, value: bytes) -> bytearray:
    """Change a field of the first member in both its local and its central header."""
    data[offset : offset + len(value)] = value
    central = data.find(b"PK\x01\x02")
    data[central + offset + 2 : central + offset + 2 + len(value)] = value
    return data


@pytest.mark.parametrize(
    ("hostile", "expected"),
    [
        ("bad-crc", "damaged"),
        ("lying-size", "damaged"),
        ("encrypted", "encrypted"),
        ("unknown-method", "compression method"),
    ],
)
def test_hostile_zip_members_are_named_problems(hostile, expected):
    payload = b'{"questions": []}' + b" " * 200
    data = _zip_with(payload)
    if hostile == "bad-crc":
        data = _patch_first_header(data, 14, b"\x00\x00\x00\x00")
    elif hostile == "lying-size":
        data = _patch_first_header(data, 22, (40).to_bytes(4, "little"))
    elif hostile == "encrypted":
        data = _patch_first_header(data, 6, b"\x01\x00")
    else:
        data = _patch_first_header(data, 8, (99).to_bytes(2, "little"))
    files, problems = import_files_from_upload(name="hostile.zip", data=bytes(data))
    assert [f.name for f in files] == ["hostile.zip/good.json"]
    assert len(problems) == 1 and problems[0].file == "hostile.zip/bank.json"
    assert expected in problems[0].message
