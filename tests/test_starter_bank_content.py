"""The shipped starter bank meets the content bar new users rely on."""

import re

import pytest
from django.core.management import call_command
from django.db.models import Count, Q

from interview.bank.models import Question, Topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def bank(db):
    call_command("load_starter_bank", verbosity=0)


def words(text: str) -> int:
    return len(re.findall(r"[A-Za-z0-9_']+", text))


def test_topics_have_description_tags_three_key_concepts_and_notes(bank):
    topics = Topic.objects.annotate(
        n_notes=Count("notes", distinct=True),
        n_questions=Count("questions", filter=Q(questions__status="published"), distinct=True),
    ).prefetch_related("tags")
    assert len(topics) >= 10
    for topic in topics:
        assert topic.description, topic
        assert topic.tags.all(), topic
        assert 3 <= len(topic.key_concept_list) <= 6, topic
        assert topic.n_notes >= 2, topic
        assert topic.n_questions >= 8, topic


def test_question_counts_kinds_and_difficulties(bank):
    published = Question.objects.published()
    assert published.count() >= 120
    multiple_choice = published.filter(kind="multiple_choice").prefetch_related("choices")
    assert multiple_choice.count() >= 40
    several_correct = [q for q in multiple_choice if sum(c.is_correct for c in q.choices.all()) > 1]
    assert len(several_correct) >= 5
    assert set(published.values_list("difficulty", flat=True)) == {"easy", "medium", "hard"}


def test_code_questions_have_fenced_sql_and_python(bank):
    prompts = list(Question.objects.published().values_list("prompt", flat=True))
    sql = [p for p in prompts if "```sql" in p]
    python = [p for p in prompts if "```python" in p]
    assert len(sql) + len(python) >= 10
    assert sql and python


def test_open_questions_have_interview_length_answers_and_key_points(bank):
    for question in Question.objects.published().filter(kind="open").prefetch_related("key_points"):
        assert 80 <= words(question.official_answer) <= 260, question.slug
        assert 3 <= len(question.key_points.all()) <= 6, question.slug


def test_every_option_explains_itself_and_most_questions_have_follow_ups(bank):
    questions = Question.objects.published().prefetch_related("choices", "related")
    for question in questions:
        for choice in question.choices.all():
            assert choice.explanation.strip(), question.slug
    with_follow_ups = [q for q in questions if q.related.all()]
    assert len(with_follow_ups) >= 0.9 * len(questions)


def test_interviewer_follow_up_chain_exists(bank):
    chain = Question.objects.get(slug="dl-vanishing-exploding-only-rnn")
    assert chain.related.filter(slug="dl-skip-connections").exists()
    assert (
        Question.objects.get(slug="dl-skip-connections").related.filter(slug="cnn-resnet").exists()
    )


def test_the_bank_covers_the_whole_interview_loop(bank):
    """31 syllabus topics, at least 700 published questions, and every shape rule of
    `check_bank --shape` (short answers, 22+ questions, 3+ notes per topic, 12+ per kind)."""
    from interview.bank.checks import bank_shape_check

    assert Topic.objects.count() == 31
    assert Question.objects.published().count() >= 700
    assert [str(problem) for problem in bank_shape_check()] == []
