"""The home page's per-user parts (the session to continue, the deck's counts) are cached under
the user's activity stamp: starting, finishing or reviewing shows on the next visit."""

import pytest
from django.urls import reverse
from django.utils import timezone

from interview.practice.interviews import services
from interview.practice.models import PracticeSession
from tests.factories import open_question_with_points

pytestmark = pytest.mark.django_db


def home(client) -> str:
    return client.get(reverse("bank:home")).content.decode()


def test_the_session_to_continue_follows_the_users_sessions(alice, alice_client):
    question = open_question_with_points()
    assert "still in progress" not in home(alice_client)
    assert "still in progress" not in home(alice_client)  # cached: none in progress
    session = services.interview_create(
        user=alice,
        topics=[question.topic],
        question_count=1,
        seconds_per_question=None,
        now=timezone.now(),
        question_ids=[question.pk],
    )
    assert session.get_absolute_url() in home(alice_client)
    services.interview_end(session=session, now=timezone.now())
    session.refresh_from_db()
    assert session.status == PracticeSession.Status.FINISHED
    assert "still in progress" not in home(alice_client)
