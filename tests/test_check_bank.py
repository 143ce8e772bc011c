import pytest
from django.core.management import CommandError, call_command

from interview.bank.checks import BankShape, bank_check, bank_shape_check
from interview.bank.models import Question
from tests.factories import (
    ChoiceFactory,
    KeyPointFactory,
    QuestionFactory,
    StudyNoteFactory,
    TagFactory,
    multiple_choice_question,
)

pytestmark = pytest.mark.django_db


def good_open_question(**kwargs) -> Question:
    question = QuestionFactory(**kwargs)
    KeyPointFactory.create_batch(3, question=question)
    return question


def rules() -> list[str]:
    return [problem.rule for problem in bank_check()]


def test_shipped_starter_bank_passes(capsys):
    call_command("load_starter_bank", verbosity=0)
    call_command("check_bank")
    assert "No problems in" in capsys.readouterr().out


def test_shipped_starter_bank_has_no_key_point_warnings():
    call_command("load_starter_bank", verbosity=0)
    assert [str(p) for p in bank_check() if p.severity == "warning"] == []


def test_a_clean_bank_has_no_problems():
    good_open_question()
    multiple_choice_question()
    assert bank_check() == []


def test_published_open_question_without_answer():
    question = good_open_question(official_answer="")
    problems = bank_check()
    assert [p.rule for p in problems] == ["missing-answer"]
    assert question.slug in problems[0].where


def test_published_open_question_with_too_few_key_points():
    question = QuestionFactory()
    KeyPointFactory.create_batch(2, question=question)
    assert rules() == ["few-key-points"]


def test_drafts_may_be_unfinished():
    QuestionFactory(status=Question.Status.DRAFT, official_answer="")
    assert bank_check() == []


def test_multiple_choice_without_a_correct_option():
    question = QuestionFactory(kind=Question.Kind.MULTIPLE_CHOICE)
    ChoiceFactory.create_batch(2, question=question, is_correct=False)
    assert rules() == ["no-correct-option"]


def test_multiple_choice_with_a_single_option():
    question = QuestionFactory(kind=Question.Kind.MULTIPLE_CHOICE)
    ChoiceFactory(question=question, is_correct=True)
    assert rules() == ["few-options"]


def test_option_without_explanation():
    question = multiple_choice_question()
    ChoiceFactory(question=question, explanation="  ")
    assert rules() == ["option-without-explanation"]


def test_related_link_to_an_unpublished_question():
    question = good_open_question()
    question.related.add(good_open_question(status=Question.Status.DRAFT))
    assert rules() == ["related-unpublished"]


@pytest.mark.parametrize("prompt", ["---", "[](https://example.com)", "   ", "``  ``"])
def test_prompt_that_renders_to_nothing(prompt):
    good_open_question(prompt=prompt)
    assert "empty-markdown" in rules()


def test_note_that_renders_to_nothing():
    StudyNoteFactory(body="---\n\n***")
    problems = bank_check()
    assert [p.rule for p in problems] == ["empty-markdown"]
    assert problems[0].where.startswith("note ")


def test_duplicate_prompts_ignore_case_and_spacing():
    good_open_question(prompt="What is  a GRU?")
    duplicate = good_open_question(prompt="what is a gru?")
    problems = bank_check()
    assert [p.rule for p in problems] == ["duplicate-prompt"]
    assert duplicate.slug in problems[0].where


def test_command_prints_every_problem_and_exits_non_zero(capsys):
    QuestionFactory(slug="no-answer", official_answer="")
    with pytest.raises(CommandError, match="2 problem"):
        call_command("check_bank")
    out = capsys.readouterr().out
    assert "question no-answer" in out
    assert "[missing-answer]" in out and "[few-key-points]" in out


# The bank's shape (`check_bank --shape`): short answers, topic sizes, kinds of question.

SMALL = BankShape(min_questions=2, min_notes=1, min_concepts=3, min_per_kind=1, kinds=("sql",))


def shape_rules(shape: BankShape = SMALL) -> list[str]:
    return [problem.rule for problem in bank_shape_check(shape)]


def test_a_bank_of_the_promised_shape_passes():
    first = good_open_question()
    first.tags.add(TagFactory(name="sql", slug="sql"))
    good_open_question(topic=first.topic)
    StudyNoteFactory(topic=first.topic)
    assert shape_rules() == []


def test_missing_and_long_short_answers():
    question = good_open_question(short_answer="")
    good_open_question(topic=question.topic, short_answer="One. Two. Three. Four.")
    good_open_question(topic=question.topic, short_answer=" ".join(["word"] * 61) + ".")
    rules = shape_rules()
    assert rules.count("missing-short-answer") == 1
    assert rules.count("long-short-answer") == 2


def test_drafts_need_no_short_answer():
    good_open_question(status="draft", short_answer="")
    assert "missing-short-answer" not in shape_rules()


def test_thin_topics_and_missing_kinds_are_named():
    question = good_open_question()
    question.topic.key_concepts = "Only one"
    question.topic.save()
    problems = bank_shape_check(SMALL)
    assert sorted(p.rule for p in problems) == [
        "kind-few-questions",
        "topic-few-key-concepts",
        "topic-few-notes",
        "topic-few-questions",
    ]
    assert any(p.where == "kind sql" for p in problems)


def test_a_topic_of_drafts_only_is_not_measured():
    good_open_question(status="draft")
    assert shape_rules(BankShape(kinds=())) == []


def test_command_checks_the_shape_on_request(capsys):
    good_open_question(short_answer="")
    call_command("check_bank")
    with pytest.raises(CommandError):
        call_command("check_bank", "--shape")
    assert "[missing-short-answer]" in capsys.readouterr().out


def key_point_question(*points, prompt="Why do we use convolutions for images?"):
    question = QuestionFactory(prompt=prompt, instruction="Compare parameter counts.")
    for order, (text, keywords) in enumerate(points):
        KeyPointFactory(question=question, order=order, text=text, keywords=keywords)
    return question


def warnings() -> list[str]:
    return [p.rule for p in bank_check() if p.severity == "warning"]


def test_negated_key_point_is_a_warning():
    key_point_question(
        ("Not translation invariant at every layer", "shifted feature map"),
        ("Weight sharing across positions", "same kernel everywhere"),
        ("Affects any deep network, not only RNNs", "deep feedforward nets"),
    )
    assert warnings() == ["negated-key-point"]
    assert rules() == ["negated-key-point"]


def test_key_point_restating_the_prompt_is_a_warning():
    key_point_question(
        ("Convolutions for images", "local receptive field"),
        ("Weight sharing across positions", "same kernel everywhere"),
        ("Far fewer weights than a dense layer", "fewer weights"),
    )
    assert warnings() == ["key-point-restates-prompt"]


def test_generic_one_word_keywords_are_warnings():
    key_point_question(
        ("Local connectivity to small neighbourhoods", "images, local receptive field"),
        ("Weight sharing across positions", "model, kernel reused"),
        ("Far fewer weights than a dense layer", "sharing, dense layer"),
    )
    problems = [p for p in bank_check() if p.rule == "generic-keyword"]
    assert [p.message.split(":")[0] for p in problems] == [
        "key point 1",
        "key point 2",
        "key point 3",
    ]
    assert "'images' is in the prompt" in problems[0].message
    assert "'model' is a generic word" in problems[1].message
    assert "'sharing' is used by another key point" in problems[2].message


def test_warnings_fail_the_command_only_when_strict(capsys):
    key_point_question(
        ("Not translation invariant at every layer", "shifted feature map"),
        ("Weight sharing across positions", "same kernel everywhere"),
        ("Far fewer weights than a dense layer", "fewer weights"),
    )
    call_command("check_bank")
    out = capsys.readouterr().out
    assert "[negated-key-point, warning]" in out and "1 warning(s)" in out
    with pytest.raises(CommandError, match=r"0 problem.*1 warning"):
        call_command("check_bank", "--strict")


def test_an_option_on_several_lines_is_named():
    question = multiple_choice_question()
    option = question.choices.first()
    option.text = "```python\nprint(1)\n```"
    option.save()
    assert rules() == ["option-not-inline"]
