"""Pages must issue the same number of queries however large the bank is."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from interview.bank.models import Choice, KeyPoint, Question
from tests.factories import StudyNoteFactory, TagFactory, TopicFactory

pytestmark = pytest.mark.django_db


def build_bank(size: int):
    """`size` questions over a few topics, each with key points, choices, tags and follow-ups."""
    topics = [TopicFactory() for _ in range(5)]
    tag = TagFactory()
    for topic in topics:
        topic.tags.add(tag)
        StudyNoteFactory.create_batch(2, topic=topic)
    questions = Question.objects.bulk_create(
        Question(
            topic=topics[n % 5],
            slug=f"bulk-{n}",
            prompt=f"Bulk question {n} about LSTM?",
            official_answer="An answer about gradients.",
            status="published",
            order=n,
            kind="multiple_choice" if n % 2 else "open",
        )
        for n in range(size)
    )
    KeyPoint.objects.bulk_create(
        KeyPoint(question=q, order=i, text=f"point {i}") for q in questions for i in range(3)
    )
    Choice.objects.bulk_create(
        Choice(question=q, order=i, text=f"option {i}", is_correct=i == 0)
        for q in questions
        if q.kind == "multiple_choice"
        for i in range(3)
    )
    first = questions[0]
    first.tags.add(tag)
    first.related.add(*questions[1 : min(size, 40)])
    return topics[0], first


def count_queries(client, url: str, **headers) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "page",
    ["home", "topic_list", "topic", "topic_htmx", "question", "question_reveal", "search"],
)
def test_query_count_does_not_grow_with_the_bank(client, page):
    counts = []
    for size in (5, 500):
        Question.objects.all().delete()
        cache.clear()  # the day's question cached from the first bank would cost one more look
        topic, question = build_bank(size)
        url, headers = {
            "home": (reverse("bank:home"), {}),
            "topic_list": (reverse("bank:topic_list"), {}),
            "topic": (topic.get_absolute_url(), {}),
            "topic_htmx": (
                topic.get_absolute_url() + "?page=2",
                {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "question-list"},
            ),
            "question": (question.get_absolute_url(), {}),
            "question_reveal": (
                question.get_absolute_url() + "?reveal=1",
                {"HTTP_HX_REQUEST": "true"},
            ),
            "search": (reverse("bank:search") + "?q=LSTM", {}),
        }[page]
        counts.append(count_queries(client, url, **headers))
    assert counts[0] == counts[1], counts
    assert counts[0] <= 8, counts


def test_topic_page_query_count_is_the_same_for_a_logged_in_user(client, alice):
    client.force_login(alice)
    counts = []
    for size in (5, 500):
        Question.objects.all().delete()
        topic, _ = build_bank(size)
        counts.append(count_queries(client, topic.get_absolute_url()))
    assert counts[0] == counts[1]


@pytest.mark.parametrize("page", ["home", "topic_list", "topic", "question", "question_reveal"])
def test_cached_pages_query_count_is_smaller_once_warm_and_does_not_grow(client, page):
    """Once their parts are cached (the second request), these pages read the content stamp
    instead of the bank: fewer queries than the first request, the same for any bank size."""
    warm = []
    for size in (5, 500):
        Question.objects.all().delete()
        topic, question = build_bank(size)
        url, headers = {
            "home": (reverse("bank:home"), {}),
            "topic_list": (reverse("bank:topic_list"), {}),
            "topic": (topic.get_absolute_url(), {}),
            "question": (question.get_absolute_url(), {}),
            "question_reveal": (
                question.get_absolute_url() + "?reveal=1",
                {"HTTP_HX_REQUEST": "true"},
            ),
        }[page]
        cold = count_queries(client, url, **headers)
        warm.append(count_queries(client, url, **headers))
        assert warm[-1] < cold, (cold, warm)
    assert warm[0] == warm[1], warm
