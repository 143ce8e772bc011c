"""Search filters (topic, difficulty, kind, not yet answered) and solved/attempted marks on the
topic page and in search results."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from interview.bank.models import Question
from interview.practice.models import ExerciseAttempt, PracticeSession, SessionItem
from tests.factories import QuestionFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def bank():
    stats = TopicFactory(name="Statistics", slug="statistics")
    ml = TopicFactory(name="Machine learning", slug="machine-learning")
    return {
        "easy_stats": QuestionFactory(
            topic=stats, prompt="Explain variance simply", difficulty="easy"
        ),
        "hard_stats": QuestionFactory(
            topic=stats, prompt="Derive the variance of a sum", difficulty="hard"
        ),
        "ml_choice": QuestionFactory(
            topic=ml, prompt="Which reduces variance?", kind=Question.Kind.MULTIPLE_CHOICE
        ),
        "ml_open": QuestionFactory(topic=ml, prompt="Bagging and variance", difficulty="hard"),
    }


def answer(user, question, *, position=0, coverage=None, correct=None, rating=None):
    session = PracticeSession.objects.create(
        user=user, kind=PracticeSession.Kind.INTERVIEW, question_count=1
    )
    return SessionItem.objects.create(
        session=session,
        position=position,
        question=question,
        topic_name=question.topic.name,
        topic_slug=question.topic.slug,
        prompt=question.prompt,
        status=SessionItem.Status.ANSWERED,
        coverage_percent=coverage,
        is_correct=correct,
        rating=rating,
    )


def get(client, **params):
    return client.get(reverse("bank:search"), params)


def found(response, bank):
    body = response.content.decode()
    return {key for key, question in bank.items() if question.get_absolute_url() in body}


def test_each_filter_narrows_the_search(client, bank):
    assert found(get(client, q="variance"), bank) == set(bank)
    assert found(get(client, q="variance", topic="statistics"), bank) == {
        "easy_stats",
        "hard_stats",
    }
    assert found(get(client, q="variance", difficulty="hard"), bank) == {"hard_stats", "ml_open"}
    assert found(get(client, q="variance", kind="multiple_choice"), bank) == {"ml_choice"}
    both = get(client, q="variance", topic="machine-learning", difficulty="hard")
    assert found(both, bank) == {"ml_open"}


def test_filters_alone_list_the_questions(client, bank):
    response = get(client, topic="machine-learning")
    assert found(response, bank) == {"ml_choice", "ml_open"}
    assert "2 questions match these filters" in response.content.decode()


def test_not_yet_answered_leaves_out_what_the_user_answered(alice_client, alice, bob, bank):
    answer(alice, bank["easy_stats"], coverage=20)
    ExerciseAttempt.objects.create(
        user=alice,
        question=bank["ml_open"],
        kind="python",
        prompt="p",
        code="x",
        passed=False,
        cases_passed=0,
        cases_total=1,
        checked_in="browser",
    )
    answer(bob, bank["hard_stats"], coverage=100)
    response = get(alice_client, q="variance", unanswered="on")
    assert found(response, bank) == {"hard_stats", "ml_choice"}


def test_not_yet_answered_is_offered_to_signed_in_users_only(client, alice_client, bank):
    assert 'name="unanswered"' in get(alice_client, q="variance").content.decode()
    client.logout()
    response = get(client, q="variance", unanswered="on")
    assert 'name="unanswered"' not in response.content.decode()
    assert found(response, bank) == set(bank)


def test_filters_survive_pagination(client, bank, settings):
    settings.SEARCH_RESULTS_PER_PAGE = 1
    body = get(client, q="variance", difficulty="hard").content.decode()
    assert "Page 1 of 2" in body
    assert 'href="?q=variance&amp;difficulty=hard&amp;page=2"' in body
    second = get(client, q="variance", difficulty="hard", page="2")
    assert len(found(second, bank)) == 1 and found(second, bank) <= {"hard_stats", "ml_open"}


@pytest.mark.parametrize(
    "params",
    [
        {"topic": "no-such-topic"},
        {"difficulty": "impossible"},
        {"kind": "essay"},
        {"topic": "x" * 20000},
        {"unanswered": "maybe" * 1000},
        {"topic": ["statistics", "machine-learning", "nope"]},
        {"difficulty": ["easy", "hard"]},
        {"topic": "statistics\u202e"},
        {"kind": "<script>alert(1)</script>"},
    ],
)
def test_hostile_filter_values_give_a_clean_page(alice_client, bank, params):
    response = get(alice_client, q="variance", **params)
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_an_unknown_filter_value_is_named_and_left_out(client, bank):
    response = get(client, q="variance", topic="no-such-topic", difficulty="hard")
    body = response.content.decode()
    assert "Left out, as not understood: Topic" in body
    assert found(response, bank) == {"hard_stats", "ml_open"}


def test_a_nul_byte_in_a_filter_is_refused(client, bank):
    assert get(client, q="variance", topic="a\x00b").status_code == 400


def test_marks_show_solved_and_attempted_with_text(alice_client, alice, bob, bank):
    answer(alice, bank["easy_stats"], coverage=100, rating=3)  # solved
    answer(alice, bank["hard_stats"], coverage=20)  # attempted
    answer(alice, bank["hard_stats"], coverage=90, rating=1)  # rated Again: not solved
    answer(bob, bank["ml_open"], coverage=100)  # someone else's
    for response in (
        get(alice_client, q="variance"),
        alice_client.get(reverse("bank:topic_detail", args=["statistics"])),
    ):
        body = response.content.decode()
        assert body.count('class="mark solved"') == 1
        assert body.count('class="mark attempted"') == 1
        assert '<span class="visually-hidden">(solved)</span>' in body
        assert "(attempted, not solved yet)" in body
    other = alice_client.get(reverse("bank:topic_detail", args=["machine-learning"]))
    assert 'class="mark' not in other.content.decode()


def test_marks_keep_a_constant_number_of_queries(alice_client, alice, bank):
    def count(url, **params):
        with CaptureQueriesContext(connection) as queries:
            assert alice_client.get(url, params).status_code == 200
        return len(queries)

    topic_url = reverse("bank:topic_detail", args=["statistics"])
    search_url = reverse("bank:search")
    count(search_url, q="variance")
    before = (count(topic_url), count(search_url, q="variance", unanswered="on"))
    topic = bank["easy_stats"].topic
    for n in range(6):
        question = QuestionFactory(topic=topic, prompt=f"More variance {n}")
        answer(alice, question, coverage=100 if n % 2 else 10)
    count(search_url, q="variance")
    assert (count(topic_url), count(search_url, q="variance", unanswered="on")) == before


def test_the_topic_filter_offers_topics_with_published_questions_only(client, bank):
    QuestionFactory(
        topic=TopicFactory(name="Drafts only", slug="drafts-only"), status=Question.Status.DRAFT
    )
    body = get(client, q="variance").content.decode()
    assert '<option value="statistics">Statistics</option>' in body
    assert "drafts-only" not in body
