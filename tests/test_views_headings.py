"""Every page has one h1, headings do not skip a level, counts read as English."""

import re
from itertools import pairwise

import pytest

from tests.factories import QuestionFactory, TopicFactory, quiz_question

pytestmark = pytest.mark.django_db


def headings(html: str) -> list[int]:
    return [int(level) for level in re.findall(r"<h([1-6])[\s>]", html)]


def test_question_page_has_an_h1(client):
    question = QuestionFactory(prompt="What is a `p-value`?")
    html = client.get(f"/questions/{question.pk}/").content.decode()
    assert headings(html).count(1) == 1


def test_topic_cards_follow_the_page_heading(client):
    TopicFactory(name="Statistics")
    QuestionFactory(topic__name="Trees")
    levels = headings(client.get("/topics/").content.decode())
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in pairwise(levels))


def test_one_search_result_is_singular(client):
    QuestionFactory(prompt="What does heteroscedasticity mean?")
    html = client.get("/search/?q=heteroscedasticity").content.decode()
    assert "1 question matches" in html


def test_quiz_option_text_is_kept_in_one_cell(alice_client, alice):
    from django.utils import timezone

    from interview.practice.quizzes import services

    topic = TopicFactory()
    quiz_question(topic=topic, prompt="Pick one")
    session = services.quiz_create(
        user=alice,
        topics=[topic],
        question_count=1,
        time_limit_seconds=None,
        feedback="end",
        now=timezone.now(),
    )
    html = alice_client.get(session.get_absolute_url()).content.decode()
    assert '<span class="option-text">' in html
    assert headings(html).count(1) == 1
