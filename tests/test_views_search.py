import pytest
from django.urls import reverse

from interview.bank.models import Question
from tests.factories import QuestionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def bank():
    return {
        "lstm": QuestionFactory(
            prompt="What are the gates of an LSTM?",
            official_answer="The forget, input and output gates control the cell state.",
        ),
        "answer_only": QuestionFactory(
            prompt="How does a GRU work?",
            official_answer="It merges gates compared with an LSTM cell.",
        ),
        "sql": QuestionFactory(
            prompt="Explain a LEFT JOIN.", official_answer="Keeps unmatched rows."
        ),
        "draft": QuestionFactory(
            prompt="Draft question about LSTM memory", status=Question.Status.DRAFT
        ),
    }


def search(client, q, **headers):
    return client.get(reverse("bank:search"), {"q": q}, **headers)


def test_search_finds_by_prompt_and_answer_ranking_prompt_hits_first(client, bank):
    body = search(client, "LSTM").content.decode()
    assert bank["lstm"].get_absolute_url() in body
    assert bank["answer_only"].get_absolute_url() in body
    assert bank["sql"].get_absolute_url() not in body
    assert body.index("gates of an LSTM") < body.index("How does a GRU work?")


def test_search_never_shows_drafts_to_non_staff(client, bank):
    assert "Draft question about LSTM" not in search(client, "LSTM memory").content.decode()


def test_staff_search_includes_drafts(editor_client, bank):
    assert "Draft question about LSTM" in search(editor_client, "memory").content.decode()


def test_search_matches_word_forms(client, bank):
    # "rows" in the answer; PostgreSQL stems, the fallback matches substrings.
    assert bank["sql"].get_absolute_url() in search(client, "row").content.decode()


def test_empty_and_whitespace_queries_show_a_hint(client, bank):
    for q in ["", "   "]:
        response = search(client, q)
        assert response.status_code == 200
        assert "Type a few words" in response.content.decode()


def test_no_results_says_so(client, bank):
    assert "No questions match" in search(client, "zebra").content.decode()


def test_hostile_and_huge_queries_are_harmless(client, bank):
    assert search(client, "\x00").status_code == 400  # refused at the door: see lib/unstorable
    for q in ["<script>alert(1)</script>", "' OR 1=1 --", "&|!():*", "a" * 5000]:
        response = search(client, q)
        assert response.status_code == 200
        assert "<script>alert(1)</script>" not in response.content.decode()
    assert (
        search(client, "\x00").status_code == 400
    )  # refused everywhere: the database can't store it
    assert "shortened to its first 200 characters" in search(client, "a" * 5000).content.decode()


def test_search_htmx_returns_only_the_results_fragment(client, bank):
    response = search(client, "LSTM", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="search-results")
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="search-results"')
    assert "<html" not in body and bank["lstm"].get_absolute_url() in body


def test_search_paginates(client, settings):
    settings.SEARCH_RESULTS_PER_PAGE = 2
    for n in range(5):
        QuestionFactory(prompt=f"Bayes question {n}?")
    body = client.get(reverse("bank:search"), {"q": "Bayes", "page": "3"}).content.decode()
    assert "Page 3 of 3" in body and 'start="5"' in body


def test_search_ranks_a_bounded_number_of_matches(client, monkeypatch):
    from interview.bank import search

    monkeypatch.setattr(search, "MAX_SEARCH_MATCHES", 3)
    QuestionFactory.create_batch(5, prompt="What does dropout regularize?")
    body = client.get(reverse("bank:search"), {"q": "dropout"}).content.decode()
    assert body.count('<li><a href="/questions/') == 3
    assert "The first 3 questions that match “dropout”, best first" in body
