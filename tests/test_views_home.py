import datetime

import pytest
from django.urls import reverse

from interview.bank.models import Question
from interview.bank.selectors import question_of_the_day
from tests.factories import QuestionFactory, TopicFactory

pytestmark = pytest.mark.django_db


def test_home_shows_question_of_the_day_and_topics(client):
    topic = TopicFactory(name="RNN & Sequences")
    question = QuestionFactory(topic=topic, prompt="What is a GRU?")
    response = client.get(reverse("bank:home"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Question of the day" in body
    assert "What is a GRU?" in body
    assert question.get_absolute_url() in body
    assert "RNN &amp; Sequences" in body


def test_home_with_an_empty_bank_says_so(client):
    response = client.get(reverse("bank:home"))
    assert response.status_code == 200
    assert "question bank is empty" in response.content.decode()


def test_question_of_the_day_is_stable_within_a_day_and_skips_drafts():
    QuestionFactory.create_batch(5)
    QuestionFactory.create_batch(5, status=Question.Status.DRAFT)
    day = datetime.date(2026, 3, 1)
    first = question_of_the_day(day=day)
    assert first == question_of_the_day(day=day)
    picks = {question_of_the_day(day=day + datetime.timedelta(days=n)) for n in range(30)}
    assert len(picks) > 1
    assert all(pick.status == Question.Status.PUBLISHED for pick in picks)


def test_question_of_the_day_is_none_without_published_questions():
    QuestionFactory(status=Question.Status.DRAFT)
    assert question_of_the_day(day=datetime.date(2026, 1, 1)) is None


def test_home_offers_login_and_signup_to_anonymous_users(client, settings):
    body = client.get(reverse("bank:home")).content.decode()
    assert reverse("login") in body and reverse("signup") in body
    settings.ALLOW_SIGNUP = False
    body = client.get(reverse("bank:home")).content.decode()
    assert reverse("signup") not in body


def test_home_rejects_post(client):
    assert client.post(reverse("bank:home")).status_code == 405
