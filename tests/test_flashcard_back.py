"""The back of a flashcard shows the question's short answer, the full answer one click away."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from interview.practice.models import Card
from tests.factories import QuestionFactory

pytestmark = pytest.mark.django_db
T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(T0, tick=False):
        yield


def _shown_back(client, alice, **fields) -> str:
    question = QuestionFactory(**fields)
    Card.objects.create(user=alice, question=question, created_at=T0, due=T0)
    return client.get(reverse("practice:review"), {"show": "1"}).content.decode()


def test_the_back_leads_with_the_short_answer_and_folds_the_official_one(alice_client, alice):
    body = _shown_back(
        alice_client,
        alice,
        short_answer="Short: **bias** vs variance.",
        official_answer="The long official answer.",
    )
    assert '<div class="md short-answer"><p>Short: <strong>bias</strong> vs variance.</p>' in body
    assert '<details class="full-answer">' in body
    assert body.index("short-answer") < body.index("The long official answer.")


def test_without_a_short_answer_the_official_answer_is_shown(alice_client, alice):
    body = _shown_back(alice_client, alice, short_answer="", official_answer="Only the long one.")
    assert "short-answer" not in body
    assert "<details" not in body
    assert "Only the long one." in body
