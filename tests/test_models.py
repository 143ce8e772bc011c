import pytest
from django.core.exceptions import ValidationError

from interview.bank.models import Choice, Question, validate_choices
from tests.factories import (
    ChoiceFactory,
    KeyPointFactory,
    QuestionFactory,
    TopicFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_multiple_choice_needs_two_options():
    question = QuestionFactory(kind=Question.Kind.MULTIPLE_CHOICE)
    ChoiceFactory(question=question, is_correct=True)
    with pytest.raises(ValidationError, match="at least two options"):
        question.full_clean()


def test_multiple_choice_needs_a_correct_option():
    question = QuestionFactory(kind=Question.Kind.MULTIPLE_CHOICE)
    ChoiceFactory(question=question, is_correct=False)
    ChoiceFactory(question=question, is_correct=False)
    with pytest.raises(ValidationError, match="at least one correct option"):
        question.full_clean()


def test_multiple_choice_may_have_several_correct_options():
    question = QuestionFactory(kind=Question.Kind.MULTIPLE_CHOICE)
    ChoiceFactory(question=question, is_correct=True)
    ChoiceFactory(question=question, is_correct=True)
    ChoiceFactory(question=question, is_correct=False)
    question.full_clean()


def test_open_question_needs_no_options():
    QuestionFactory(kind=Question.Kind.OPEN).full_clean()
    validate_choices(Question.Kind.OPEN, [])


def test_validate_choices_works_on_unsaved_options():
    with pytest.raises(ValidationError):
        validate_choices(Question.Kind.MULTIPLE_CHOICE, [Choice(text="a", is_correct=False)])


def test_title_is_first_plain_line_of_the_prompt():
    question = QuestionFactory(prompt="## What does this print?\n\n```python\nprint(1)\n```")
    assert question.title == "What does this print?"
    assert len(QuestionFactory(prompt="x" * 500).title) == 160


def test_visible_to_hides_drafts_from_non_staff():
    published = QuestionFactory(status=Question.Status.PUBLISHED)
    draft = QuestionFactory(status=Question.Status.DRAFT)
    alice = UserFactory(username="alice")
    staff = UserFactory(username="erin", is_staff=True)
    assert list(Question.objects.visible_to(alice)) == [published]
    assert set(Question.objects.visible_to(staff)) == {published, draft}


def test_key_point_keywords_and_topic_key_concepts_split_cleanly():
    point = KeyPointFactory(keywords=" ReLU, rectified linear unit ,, ")
    assert point.keyword_list == ["ReLU", "rectified linear unit"]
    topic = TopicFactory(key_concepts="one\n\n two \nthree")
    assert topic.key_concept_list == ["one", "two", "three"]
