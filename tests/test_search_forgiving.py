"""Search forgives joined, split and misspelt terms (on SQLite and PostgreSQL alike)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from interview.bank.models import Question
from interview.bank.spelling import Vocabulary, query_respell
from tests.factories import QuestionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def bank():
    return {
        "pvalue": QuestionFactory(
            prompt="What does a p-value measure?",
            official_answer="The probability of data at least this extreme under the null.",
        ),
        "tradeoff": QuestionFactory(
            prompt="Explain the bias-variance trade-off.",
            official_answer="Simple models underfit, flexible ones overfit.",
        ),
        "kmeans": QuestionFactory(
            prompt="How does k-means clustering choose its centroids?",
            official_answer="It alternates assignment and update steps.",
        ),
        "ab": QuestionFactory(
            prompt="How long should an A/B test run?",
            official_answer="Until the planned sample size is reached.",
        ),
        "gd": QuestionFactory(
            prompt="Why does gradient descent need a learning rate?",
            official_answer="The step size decides between divergence and slow progress.",
        ),
        "noise": QuestionFactory(
            prompt="What is a table scan about?",
            official_answer="Reading every row; a probability of testing nothing.",
        ),
        "draft": QuestionFactory(
            prompt="Draft about heteroscedasticity", status=Question.Status.DRAFT
        ),
    }


def search(client, q):
    return client.get(reverse("bank:search"), {"q": q}).content.decode()


@pytest.mark.parametrize(
    ("query", "key"),
    [
        ("pvalue", "pvalue"),
        ("p value", "pvalue"),
        ("P-Value", "pvalue"),
        ("tradeoff", "tradeoff"),
        ("trade off", "tradeoff"),
        ("kmeans", "kmeans"),
        ("k means", "kmeans"),
        ("ab test", "ab"),
        ("gradiant descnet", "gd"),
        ("gradient descnet", "gd"),
    ],
)
def test_joined_split_and_misspelt_terms_find_the_question(client, bank, query, key):
    body = search(client, query)
    assert bank[key].get_absolute_url() in body
    assert bank["noise"].get_absolute_url() not in body


def test_a_typo_gets_a_did_you_mean_link(client, bank):
    body = search(client, "gradiant descnet")
    assert "No questions match “gradiant descnet”" in body
    assert 'Did you mean <a href="?q=gradient+descent" rel="nofollow">gradient descent</a>?' in body
    assert "1 question matches “gradient descent”" in body


def test_a_correct_query_gets_no_suggestion(client, bank):
    assert "Did you mean" not in search(client, "gradient descent")


def test_a_draft_word_is_never_suggested(client, bank):
    assert "heteroscedasticity" not in search(client, "heteroscedastisity")


def test_forgiving_search_keeps_a_constant_number_of_queries(client, bank):
    def count(q):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("bank:search"), {"q": q}).status_code == 200
        return len(queries)

    search(client, "warm the caches")
    baseline = count("gradiant descnet")
    QuestionFactory.create_batch(15, prompt="Gradient descent variant number")
    search(client, "warm the caches")
    assert count("gradiant descnet") == baseline


def test_a_changed_question_refreshes_the_vocabulary(client, bank):
    search(client, "warm the cache")
    QuestionFactory(prompt="What is heteroskedasticity?")
    assert "heteroskedasticity" in search(client, "heteroskedastisity")


def test_respelling_rules():
    vocabulary = Vocabulary()
    vocabulary.add_text("A p-value, a trade-off, k-means and an A/B test; a tradeoff too.")
    assert query_respell(query="pvalue", vocabulary=vocabulary).groups == [("p-value", "pvalue")]
    assert query_respell(query="k means", vocabulary=vocabulary).groups == [("k-means",)]
    assert query_respell(query="P-Value", vocabulary=vocabulary).groups == []  # as typed
    assert query_respell(query="tradeoff", vocabulary=vocabulary).groups == [
        ("trade-off", "tradeoff")
    ]
    respelled = query_respell(query="ab tset", vocabulary=vocabulary)
    assert (respelled.query, respelled.suggestion) == ("a/b tset", "a/b test")
    hostile = query_respell(query="x " * 500, vocabulary=vocabulary)
    assert hostile.suggestion is None and hostile.groups == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigram look-up is PostgreSQL's")
def test_the_nearby_words_of_a_query_are_looked_up_once_per_bank_version(client, bank):
    def trigram_lookups(q):
        with CaptureQueriesContext(connection) as queries:
            body = search(client, q)
        return body, sum("WORD_SIMILARITY" in query["sql"].upper() for query in queries)

    _, first = trigram_lookups("gradiant descnet")  # its threshold set, then the look-up
    assert first > 0
    body, lookups = trigram_lookups("gradiant descnet")
    assert lookups == 0
    assert "Did you mean" in body and "gradient descent" in body
    bank["gd"].prompt = "Why does gradient descent need a step size schedule?"
    bank["gd"].save()
    body, lookups = trigram_lookups("gradiant descnet")
    assert lookups == first
    assert "step size schedule" in body
