"""What each format reads, how imports update the bank, and what they never touch."""

import io
import json
import zipfile
from pathlib import Path

import pytest

from interview.bank.models import KeyPoint, Question, Topic
from interview.bank.search import question_search
from interview.bank.transfer import (
    ExportError,
    ImportFile,
    ImportMode,
    bank_export,
    bank_import,
    import_files_from_paths,
    import_files_from_upload,
)
from interview.bank.transfer.csv_format import slug_for_key
from interview.bank.transfer.html_convert import html_to_markdown
from interview.practice.models import PracticeSession, SessionItem
from tests.factories import (
    KeyPointFactory,
    QuestionFactory,
    TopicFactory,
    UserFactory,
    multiple_choice_question,
)

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures" / "transfer"


@pytest.fixture
def statistics():
    return TopicFactory(slug="statistics", name="Statistics")


def import_fixture(*names: str, **options):
    files, problems = import_files_from_paths(paths=[FIXTURES / name for name in names])
    report = bank_import(files=files, problems=problems, **options)
    assert report.ok, report.problems
    return report


def csv_file(text: str, name: str = "questions.csv") -> ImportFile:
    return ImportFile(name=name, data=text.encode(), format=name.rsplit(".", 1)[-1])


# CSV / TSV


def test_anki_notes_export_with_html_is_converted_and_sanitized(statistics):
    report = import_fixture("anki_notes.txt")
    assert report.created["question"] == 2
    question = Question.objects.get(slug=slug_for_key("Ow7+k!J>3f"))
    # deck "Data Science::Statistics": no topic has the path, the one named "Statistics" is used
    assert question.topic == statistics
    assert question.prompt == "What is a **p-value**?"
    answer = question.official_answer
    assert answer.startswith("The probability of data at least as extreme,\nassuming *H0*.")
    assert "[that](https://example.com/p)" in answer
    assert "<" not in answer and "script" not in answer and "alert" not in answer
    assert "javascript" not in answer and "onclick" not in answer
    assert sorted(question.tags.values_list("name", flat=True)) == ["inference", "stats"]
    assert question.status == Question.Status.DRAFT  # CSV/Markdown imports start as drafts


def test_spreadsheet_with_a_header_row_and_multiple_choice_columns(statistics):
    import_fixture("spreadsheet.csv")
    open_question = Question.objects.get(prompt="What is a p-value?")
    assert open_question.kind == Question.Kind.OPEN
    assert [(p.text, p.keywords) for p in open_question.key_points.all()] == [
        ("Assumes H0 is true", "null hypothesis, H0"),
        ("Not the probability that H0 is true", ""),
        ("Compared with a significance level ; e.g. 0.05", ""),
    ]
    mcq = Question.objects.get(prompt="Which estimators are unbiased?")
    assert mcq.kind == Question.Kind.MULTIPLE_CHOICE and mcq.difficulty == "easy"
    assert [(c.text, c.is_correct, c.explanation) for c in mcq.choices.all()] == [
        ("The sample mean", True, "Its expectation is the population mean."),
        ("The sample variance with n - 1", True, "Bessel's correction removes the bias."),
        ("The sample maximum", False, "It never exceeds the population maximum."),
    ]


def test_rows_without_a_slug_get_a_stable_key(statistics):
    first = import_fixture("spreadsheet.csv")
    again = import_fixture("spreadsheet.csv")
    assert first.created["question"] == 2
    assert again.unchanged["question"] == 2 and not again.changed
    assert Question.objects.count() == 2


def test_anki_headers_deck_tags_and_separator(statistics):
    text = (
        "#separator:Semicolon\n#html:false\n#deck:Statistics\n#tags:imported anki\n"
        "# a comment line\n"
        'What is a z-score?;"How many standard deviations; from the mean."\n'
    )
    report = bank_import(files=[csv_file(text)])
    assert report.ok, report.problems
    question = Question.objects.get()
    assert question.topic == statistics
    assert question.official_answer == "How many standard deviations; from the mean."
    assert sorted(question.tags.values_list("name", flat=True)) == ["anki", "imported"]


def test_columns_header_names_the_columns(statistics):
    text = (
        "#separator:tab\n#columns:Slug\tTopic\tFront\tBack\tStatus\n"
        "q-z\tstatistics\tZ?\tA z.\tpublished\n"
    )
    report = bank_import(files=[csv_file(text, "notes.tsv")])
    assert report.ok, report.problems
    assert Question.objects.get(slug="q-z").status == "published"


def test_fields_past_front_and_back_go_to_the_context(statistics):
    report = bank_import(files=[csv_file("front,back,colour\nQ,A,red\n")], topic="Statistics")
    assert report.ok, report.problems
    assert Question.objects.get().context == "**colour:** red"
    report = bank_import(files=[csv_file("#deck:Statistics\nQ2,A,extra\n")])
    assert report.ok, report.problems
    assert Question.objects.get(prompt="Q2").context == "**Field 3:** extra"


def test_html_conversion_keeps_formatting_and_drops_the_rest():
    html = (
        "<p>Use <code>x[::-1]</code> and <strong>not</strong> <em>this</em></p>"
        "<ul><li>one</li><li>two</li></ul><pre>a = 1\nb = 2</pre>"
        '<img src="x" onerror="alert(1)"><style>p{}</style><iframe src="//evil"></iframe>'
    )
    assert html_to_markdown(html) == (
        "Use `x[::-1]` and **not** *this*\n\n- one\n- two\n\n```\na = 1\nb = 2\n```\n\n![](x)"
    )


# Markdown


def test_markdown_topic_file(statistics):
    report = import_fixture("statistics.md")
    assert report.created["question"] == 3
    p_value = Question.objects.get(slug="stats-p-value")
    assert p_value.status == "published" and p_value.difficulty == "medium"
    assert p_value.instruction == "Define it and say what it is not."
    assert p_value.official_answer.startswith("The probability, **under the null hypothesis**")
    assert [(p.text, p.keywords) for p in p_value.key_points.all()] == [
        ("Computed assuming the null hypothesis is true", "null hypothesis, H0"),
        ("Not the probability that the null hypothesis is true", ""),
    ]
    code = Question.objects.get(slug="stats-mean-code")
    assert code.prompt.startswith("What does this code print?\n\n```python\n# a comment")
    assert code.official_answer == "`2`: the arithmetic mean of 1, 2 and 3."
    mcq = Question.objects.get(slug="stats-unbiased")
    assert mcq.kind == "multiple_choice" and mcq.status == "draft"
    assert [c.is_correct for c in mcq.choices.all()] == [True, True, False]
    assert mcq.choices.last().explanation.endswith("so it is biased low.")
    assert list(mcq.related.values_list("slug", flat=True)) == ["stats-p-value"]
    assert not import_fixture("statistics.md").changed


def test_markdown_creates_its_topic_with_the_description_when_allowed():
    import_fixture("statistics.md", create_topics=True)
    topic = Topic.objects.get(slug="statistics")
    assert topic.name == "Statistics"
    assert topic.description == "Probability, inference and experiments."


def test_markdown_stays_markdown_and_is_sanitized_on_display(client, statistics):
    text = (
        "# Statistics\n\n## Is this safe? {#xss}\n\nStatus: published\n\nAnswer:\n\n"
        '<script>alert(1)</script> [click](javascript:alert(1)) <img src=x onerror="alert(1)">'
        " **bold**\n"
    )
    report = bank_import(files=[ImportFile(name="x.md", data=text.encode(), format="md")])
    assert report.ok, report.problems
    question = Question.objects.get(slug="xss")
    assert question.official_answer.startswith("<script>alert(1)</script>")  # stored as written
    body = client.get(question.get_absolute_url() + "?reveal=1").content.decode()
    assert "<strong>bold</strong>" in body
    assert "<script>alert(1)" not in body and 'href="javascript:' not in body
    assert "<img src=x" not in body and "&lt;img src=x" in body  # shown as text, inert


def test_markdown_export_refuses_what_it_cannot_write(statistics):
    QuestionFactory(topic=statistics, slug="fenced", prompt="```python\nprint(1)\n```")
    with pytest.raises(ExportError, match="fenced: the prompt's first line must be plain text"):
        bank_export(format="md")
    assert bank_export(format="json")


# Updating


def test_update_mode_changes_questions_in_place(statistics):
    question = multiple_choice_question(topic=statistics, slug="q-mcq", prompt="Old prompt")
    KeyPointFactory(question=question, text="old point")
    choice_pks = list(question.choices.values_list("pk", flat=True))
    files = [
        ImportFile(
            name="bank.json",
            format="json",
            data=json.dumps(
                {
                    "slug": "statistics",
                    "name": "Statistics",
                    "questions": [
                        {
                            "slug": "q-mcq",
                            "kind": "multiple_choice",
                            "prompt": "New prompt",
                            "choices": [
                                {"text": "A", "is_correct": False, "explanation": "No."},
                                {"text": "B", "is_correct": True, "explanation": "Yes."},
                                {"text": "C", "is_correct": False, "explanation": "No."},
                            ],
                        }
                    ],
                }
            ).encode(),
        )
    ]
    report = bank_import(files=files)
    assert report.ok and report.updated["question"] == 1
    question.refresh_from_db()
    assert question.prompt == "New prompt"
    assert list(question.choices.values_list("pk", flat=True))[:2] == choice_pks
    assert [c.text for c in question.choices.all()] == ["A", "B", "C"]
    assert not KeyPoint.objects.filter(question=question).exists()


def test_skip_existing_leaves_questions_alone_and_creates_new_ones(statistics):
    QuestionFactory(topic=statistics, slug="q-one", prompt="Kept as it is")
    text = "slug,topic,front,back\nq-one,statistics,Changed,x\nq-two,statistics,New,y\n"
    report = bank_import(files=[csv_file(text)], mode=ImportMode.SKIP_EXISTING)
    assert report.ok
    assert (report.skipped["question"], report.created["question"]) == (1, 1)
    assert Question.objects.get(slug="q-one").prompt == "Kept as it is"
    assert Question.objects.get(slug="q-two").prompt == "New"


def test_dry_run_reports_and_writes_nothing(statistics):
    QuestionFactory(topic=statistics, slug="q-one", prompt="Before")
    text = "slug,topic,front,back\nq-one,statistics,After,x\nq-two,statistics,New,y\n"
    report = bank_import(files=[csv_file(text)], dry_run=True)
    assert report.ok and not report.written
    assert report.questions["updated"] == ["q-one"] and report.questions["created"] == ["q-two"]
    assert list(Question.objects.values_list("prompt", flat=True)) == ["Before"]


def test_columns_left_out_keep_the_current_values(statistics):
    question = QuestionFactory(topic=statistics, slug="q-one", status="published")
    KeyPointFactory(question=question, text="kept")
    question.tags.create(name="kept", slug="kept")
    report = bank_import(files=[csv_file("slug,topic,front\nq-one,statistics,New prompt\n")])
    assert report.ok and report.updated["question"] == 1
    question.refresh_from_db()
    assert question.prompt == "New prompt" and question.status == "published"
    assert question.official_answer == "The **official** answer explains the idea clearly."
    assert [p.text for p in question.key_points.all()] == ["kept"]
    assert list(question.tags.values_list("slug", flat=True)) == ["kept"]


def test_attempts_and_questions_missing_from_the_file_are_never_touched(statistics):
    question = QuestionFactory(topic=statistics, slug="q-one", prompt="What users saw")
    other = QuestionFactory(topic=statistics, slug="q-other")
    session = PracticeSession.objects.create(
        user=UserFactory(), kind=PracticeSession.Kind.INTERVIEW, question_count=1
    )
    item = SessionItem.objects.create(
        session=session,
        position=0,
        question=question,
        topic_name="Statistics",
        topic_slug="statistics",
        prompt="What users saw",
        answer="My answer",
        key_points=[{"text": "a point", "keywords": []}],
    )
    report = bank_import(files=[csv_file("slug,topic,front\nq-one,statistics,Reworded\n")])
    assert report.ok
    item.refresh_from_db()
    assert (item.question_id, item.prompt) == (question.pk, "What users saw")
    assert item.answer == "My answer"
    assert item.key_points == [{"text": "a point", "keywords": []}]
    assert Question.objects.filter(pk=other.pk).exists()


def test_a_zip_of_markdown_files_is_imported(statistics):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.write(FIXTURES / "statistics.md", "bank/statistics.md")
        archive.writestr("__MACOSX/._statistics.md", b"\x00\x01")
    files, problems = import_files_from_upload(name="bank.zip", data=buffer.getvalue())
    assert not problems and [f.name for f in files] == ["bank.zip/bank/statistics.md"]
    assert bank_import(files=files).created["question"] == 3


def test_export_one_topic(statistics):
    QuestionFactory(topic=statistics, slug="in-topic")
    QuestionFactory(slug="elsewhere")
    data = json.loads(bank_export(format="json", topic_slugs=["statistics"])[0].data)
    assert [t["slug"] for t in data["topics"]] == ["statistics"]
    assert [q["slug"] for q in data["topics"][0]["questions"]] == ["in-topic"]
    with pytest.raises(ExportError, match="unknown topic"):
        bank_export(format="json", topic_slugs=["nope"])


def test_imported_questions_are_searchable(statistics):
    import_fixture("statistics.md")
    found = question_search(query="arithmetic mean", questions=Question.objects.all())
    assert [q.slug for q in found] == ["stats-mean-code"]
    text = "slug,topic,front,back\nstats-mean-code,statistics,What is a median?,The middle value.\n"
    assert bank_import(files=[csv_file(text)]).ok
    found = question_search(query="middle value", questions=Question.objects.all())
    assert [q.slug for q in found] == ["stats-mean-code"]


def _readme_block(fence: str, language: str) -> str:
    """The first `language` code block in the README's "Import and export" section."""
    readme = (Path(__file__).parent.parent / "README.md").read_text()
    section = readme.split("## Import and export", 1)[1]
    return section.split(f"{fence}{language}\n", 1)[1].split(f"\n{fence}\n", 1)[0]


def test_the_readme_examples_import_as_documented(statistics):
    markdown = _readme_block("````", "markdown")
    csv = _readme_block("```", "csv")
    report = bank_import(
        files=[
            ImportFile(name="README.md", data=markdown.encode(), format="md"),
            ImportFile(name="README.csv", data=csv.encode(), format="csv"),
        ]
    )
    assert report.ok, report.problems
    assert report.created["question"] == 5
    code = Question.objects.get(slug="stats-mean-code")
    assert code.prompt.endswith("```") and code.official_answer.startswith("`2`")
    mcq = Question.objects.get(prompt="Which estimator is unbiased?")
    assert [c.is_correct for c in mcq.choices.all()] == [True, False]
