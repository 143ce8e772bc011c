import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from interview.practice.flashcards import services as flashcards
from interview.practice.models import Card, PracticeSession
from interview.practice.quizzes import services as quizzes
from tests.conftest import PASSWORD
from tests.factories import TopicFactory, quiz_question

pytestmark = pytest.mark.django_db


def test_it_needs_the_password_and_then_removes_the_user_and_their_data(alice_client, alice, bob):
    topic = TopicFactory()
    quiz_question(topic=topic)
    quizzes.quiz_create(
        user=alice, topics=[topic], question_count=1, time_limit_seconds=None,
        feedback="end", now=timezone.now(),
    )  # fmt: skip
    flashcards.deck_add_topic(user=alice, topic=topic, now=timezone.now())
    flashcards.deck_add_topic(user=bob, topic=topic, now=timezone.now())

    wrong = alice_client.post("/accounts/delete/", {"password": "not-it"})
    assert wrong.status_code == 200 and b"nothing was deleted" in wrong.content
    assert User.objects.filter(pk=alice.pk).exists()

    done = alice_client.post("/accounts/delete/", {"password": PASSWORD}, follow=True)
    assert b"Your account and all your practice data were deleted." in done.content
    assert not User.objects.filter(pk=alice.pk).exists()
    assert not PracticeSession.objects.filter(user_id=alice.pk).exists()
    assert not Card.objects.filter(user_id=alice.pk).exists()
    assert Card.objects.filter(user=bob).exists()
    assert alice_client.get("/progress/").status_code == 302  # logged out


def test_it_needs_login(client):
    assert client.get("/accounts/delete/").status_code == 302
