"""Parallel requests on PostgreSQL, with real threads: a sign-up race for one username and a
burst of "retry" posts for one interview each end in one row, and no request fails with a 500.

SQLite serialises writers for the whole file, so the races these guard against need
PostgreSQL's row locks and unique indexes: the tests run there only."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from interview.practice.interviews import services
from interview.practice.models import PracticeSession, Rating
from tests.factories import TopicFactory, open_question_with_points

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="races need PostgreSQL's concurrency"
    ),
]

PARALLEL = 8
PASSWORDS = {"password1": "A-long-pass-phrase-42", "password2": "A-long-pass-phrase-42"}


def _in_parallel(work: Callable[[int], object]) -> list[object]:
    """Run work(0..PARALLEL-1) on as many threads released together; their results in order."""
    barrier = threading.Barrier(PARALLEL)
    results: list[object] = [None] * PARALLEL

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = work(index)
        except Exception as error:  # reported by the test, not lost in the thread
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(PARALLEL)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def test_parallel_signups_for_one_username_make_one_account_and_no_500():
    def sign_up(index: int):
        client = Client(raise_request_exception=False)
        return client.post(
            reverse("signup"),
            {"username": "carol", **PASSWORDS},
            REMOTE_ADDR=f"192.0.2.{index + 1}",
        )

    responses = _in_parallel(sign_up)
    statuses = sorted(getattr(r, "status_code", repr(r)) for r in responses)
    assert statuses == [200] * (PARALLEL - 1) + [302], statuses
    assert User.objects.filter(username="carol").count() == 1
    for response in responses:
        if response.status_code == 200:
            assert b"A user with that username already exists" in response.content


def test_parallel_retry_posts_start_one_interview(alice):
    topic = TopicFactory(name="RNN & Sequences", slug="rnn")
    questions = [open_question_with_points(topic=topic) for _ in range(2)]
    interview = services.interview_create(
        user=alice,
        topics=[topic],
        question_count=2,
        seconds_per_question=None,
        now=timezone.now(),
        question_ids=[q.pk for q in questions],
    )

    def url(name: str) -> str:
        return reverse(f"practice:interview_{name}", kwargs={"pk": interview.pk})

    owner = Client()
    owner.force_login(alice)
    owner.get(interview.get_absolute_url())
    owner.post(url("submit"), {"position": 0, "revision": 1, "answer": "not sure"})
    owner.post(url("rate"), {"position": 0, "rating": Rating.AGAIN})
    owner.post(url("end"))
    cookies = {name: morsel.value for name, morsel in owner.cookies.items()}

    def retry(index: int):
        client = Client(raise_request_exception=False)
        client.cookies.load(cookies)
        return client.post(url("retry"))

    responses = _in_parallel(retry)
    statuses = [getattr(r, "status_code", repr(r)) for r in responses]
    assert statuses == [302] * PARALLEL, statuses
    retries = PracticeSession.objects.filter(user=alice).exclude(pk=interview.pk)
    assert retries.count() == 1
    assert {r["Location"] for r in responses} == {retries.get().get_absolute_url()}
