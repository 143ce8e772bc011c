"""The autosave request, sent every few seconds by every candidate, costs the same few queries
whatever the user's history (the activity stamp it bumps included)."""

import random
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from interview.practice.interviews import services
from tests.factories import TopicFactory, open_question_with_points

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 5, 4, 9, 0, 0, tzinfo=UTC)


def _interview(user, topic, now):
    session = services.interview_create(
        user=user,
        topics=[topic],
        question_count=2,
        seconds_per_question=600,
        now=now,
        rng=random.Random(1),
    )
    services.session_sync(session=session, now=now)
    return session


def _autosave_queries(client, session, revision: int, base: int) -> tuple[int, int]:
    url = reverse("practice:interview_autosave", kwargs={"pk": session.pk})
    moment = time_machine.travel(T0 + timedelta(seconds=5 + revision), tick=False)
    with moment, CaptureQueriesContext(connection) as queries:
        response = client.post(
            url,
            {
                "position": 0,
                "revision": revision,
                "base": base,
                "answer": f"r{revision}",
            },
        )
    assert response.status_code == 200 and response.json()["status"] == "saved"
    return len(queries), response.json()["revision"]


def _measure(client, user, topic) -> int:
    client.force_login(user)
    session = _interview(user, topic, T0)
    with time_machine.travel(T0 + timedelta(seconds=2), tick=False):
        client.get(session.get_absolute_url())  # the stamp row exists, as after any page
    queries, _revision = _autosave_queries(client, session, 1, 0)
    return queries


def test_autosave_queries_do_not_grow_with_the_users_history(alice, bob, client):
    topic = TopicFactory(name="RNN", slug="rnn")
    for n in range(2):
        open_question_with_points(topic=topic, prompt=f"LSTM question {n}?")
    for day in range(1, 21):  # alice: twenty earlier interviews, each ended; bob: none
        older = _interview(alice, topic, T0 - timedelta(days=day))
        services.interview_end(session=older, now=T0 - timedelta(days=day, hours=-1))

    with_history, without = _measure(client, alice, topic), _measure(client, bob, topic)

    assert with_history == without
    assert without <= 12, without
