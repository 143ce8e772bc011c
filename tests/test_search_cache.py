"""Search keeps a query's ranked ids under the bank's content stamp, and the filters' widgets
rendered per chosen values: a change to the bank shows on the next search, each viewer sees
their own results, and a page is one read of its questions by id."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from interview.bank.models import Question
from tests.factories import QuestionFactory, TopicFactory

pytestmark = pytest.mark.django_db


def search(client, q, **params):
    return client.get(reverse("bank:search"), {"q": q, **params}).content.decode()


def test_paging_through_and_repeating_a_search_does_not_rank_again(client, settings):
    settings.SEARCH_RESULTS_PER_PAGE = 2
    questions = [QuestionFactory(prompt=f"Gradient clipping, case {n}?") for n in range(5)]
    first = search(client, "gradient")
    with CaptureQueriesContext(connection) as queries:
        again = search(client, "gradient")
        second = search(client, "gradient", page=2)
    results = 'id="search-results"'
    assert again.split(results)[1].split("</ol>")[0] == first.split(results)[1].split("</ol>")[0]
    assert not [q for q in queries.captured_queries if "COUNT(" in q["sql"]]
    shown = [q for q in questions if q.get_absolute_url() in first + second]
    assert len(shown) == 4
    assert "5 questions match" in first


def test_a_change_to_the_bank_shows_on_the_next_search(client):
    kept = QuestionFactory(prompt="What is gradient descent?")
    assert kept.get_absolute_url() in search(client, "gradient")
    added = QuestionFactory(prompt="Why clip the gradient?")
    body = search(client, "gradient")
    assert added.get_absolute_url() in body and kept.get_absolute_url() in body
    kept.status = Question.Status.DRAFT
    kept.save()
    assert kept.get_absolute_url() not in search(client, "gradient")


def test_each_viewer_sees_their_own_results(client, alice, bob):
    public = QuestionFactory(prompt="What is gradient boosting?")
    mine = QuestionFactory(prompt="My gradient notes?", topic=TopicFactory(owner=alice))
    assert mine.get_absolute_url() not in search(client, "gradient")
    client.force_login(alice)
    body = search(client, "gradient")
    assert mine.get_absolute_url() in body and public.get_absolute_url() in body
    client.force_login(bob)
    body = search(client, "gradient")
    assert mine.get_absolute_url() not in body and public.get_absolute_url() in body


def test_the_filters_show_the_chosen_values_and_values_not_understood(client):
    topic = TopicFactory(slug="trees", name="Trees")
    QuestionFactory(prompt="Gradient boosted trees?", topic=topic)
    plain = search(client, "gradient")
    chosen = search(client, "gradient", topic="trees")
    assert 'value="trees" selected' in chosen and 'value="trees" selected' not in plain
    assert 'value="trees" selected' not in search(client, "gradient", topic="nowhere")
    assert "Left out, as not understood: Topic" in search(client, "gradient", topic="nowhere")
