"""Answering one question from its page: key-point feedback without an interview, the attempt in
the user's history, its rating feeding the flashcard, next question in the topic."""

import pytest
from django.test import Client
from django.urls import reverse

from interview.bank.models import Question
from interview.practice.models import Card, PracticeSession, ReviewLog, SessionItem
from tests.factories import QuestionFactory, TopicFactory, open_question_with_points, quiz_question

pytestmark = pytest.mark.django_db

WRONG = "The p-value is the probability that the null hypothesis is true."
GOOD = (
    "It is computed assuming the null hypothesis holds, and small values are evidence against "
    "the null. It is not the probability that the null hypothesis is true."
)


@pytest.fixture
def topic():
    return TopicFactory(slug="stats", name="Statistics")


@pytest.fixture
def question(topic):
    return open_question_with_points(
        topic=topic,
        order=1,
        prompt="What does a p-value tell you?",
        points=[
            ("Not the probability that the null hypothesis is true", "null hypothesis"),
            ("Computed assuming the null hypothesis holds", "assuming the null"),
            ("Small values are evidence against the null", "evidence against"),
        ],
    )


@pytest.fixture
def next_question(topic, question):
    return QuestionFactory(topic=topic, order=2, prompt="What is statistical power?")


def answer_url(question):
    return reverse("practice:question_answer", args=[question.pk])


def test_the_question_page_offers_the_answer_form(alice_client, question):
    body = alice_client.get(question.get_absolute_url()).content.decode()
    assert f'action="{answer_url(question)}"' in body
    assert '<label for="practice-text">Your answer</label>' in body


def test_visitors_are_asked_to_log_in_and_other_kinds_get_no_form(client, question):
    body = client.get(question.get_absolute_url()).content.decode()
    assert "to type your answer and see which key points it covers" in body
    assert 'name="answer"' not in body
    choice = quiz_question()
    assert 'id="practice-answer"' not in client.get(choice.get_absolute_url()).content.decode()


def test_an_answer_gets_key_point_feedback_with_evidence(alice_client, alice, question):
    response = alice_client.post(answer_url(question), {"answer": WRONG})
    item = SessionItem.objects.get(session__user=alice)
    assert response.status_code == 302
    assert response["Location"] == reverse("practice:question_attempt", args=[question.pk, item.pk])
    body = alice_client.get(response["Location"]).content.decode()
    assert "You said the opposite</span> Not the probability" in body
    assert f"You said the opposite: <q>{WRONG}</q>" in body
    assert "Missed</span> Small values are evidence against the null" in body
    assert "I did cover this" not in body
    # kept as a finished one-question interview: in the history, not an unfinished session
    assert item.session.status == PracticeSession.Status.FINISHED
    assert item.status == SessionItem.Status.ANSWERED and item.answer == WRONG
    assert (
        str(item.session.pk)
        in alice_client.get(reverse("practice:interview_list")).content.decode()
    )


def test_htmx_gets_the_feedback_fragment_in_place_of_the_form(alice_client, question):
    response = alice_client.post(answer_url(question), {"answer": GOOD}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="practice-answer"')
    assert "<html" not in body
    assert "Key points: 3 of 3 covered" in body


def test_a_double_submit_stores_one_attempt(alice_client, alice, question):
    first = alice_client.post(answer_url(question), {"answer": GOOD})
    second = alice_client.post(answer_url(question), {"answer": GOOD})
    assert first["Location"] == second["Location"]
    assert SessionItem.objects.filter(session__user=alice).count() == 1
    alice_client.post(answer_url(question), {"answer": GOOD + " More."})
    assert SessionItem.objects.filter(session__user=alice).count() == 2  # a new answer counts


def test_the_answer_needs_a_csrf_token(alice, question):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    assert client.post(answer_url(question), {"answer": GOOD}).status_code == 403
    assert not SessionItem.objects.exists()


@pytest.mark.parametrize("text", ["", "   ", "x" * 20_001])
def test_empty_or_huge_answers_are_refused(alice_client, question, text):
    response = alice_client.post(answer_url(question), {"answer": text}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400 or response.status_code == 409
    assert not SessionItem.objects.exists()


def test_drafts_choices_and_missing_questions_are_refused(alice_client, question):
    draft = open_question_with_points(status=Question.Status.DRAFT)
    for target in (draft, quiz_question()):
        response = alice_client.post(answer_url(target), {"answer": GOOD}, HTTP_HX_REQUEST="true")
        assert response.status_code in (404, 409)
    assert alice_client.post("/questions/999999/answer/", {"answer": GOOD}).status_code in (
        302,
        404,
    )
    assert not SessionItem.objects.exists()


def test_visitors_cannot_answer(client, question):
    response = client.post(answer_url(question), {"answer": GOOD})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert (
        client.post(answer_url(question), {"answer": GOOD}, HTTP_HX_REQUEST="true").status_code
        == 401
    )


def test_rating_feeds_the_flashcard_once(alice_client, alice, question):
    alice_client.post(answer_url(question), {"answer": GOOD})
    item = SessionItem.objects.get(session__user=alice)
    rate_url = reverse("practice:question_attempt_rate", args=[question.pk, item.pk])
    response = alice_client.post(rate_url, {"rating": "3"}, HTTP_HX_REQUEST="true")
    assert "You rated this answer Good" in response.content.decode()
    card = Card.objects.get(user=alice, question=question)
    log = ReviewLog.objects.get(card=card)
    assert (log.rating, log.source, log.session_item_id) == (3, "interview", item.pk)
    again = alice_client.post(rate_url, {"rating": "1"}, HTTP_HX_REQUEST="true")
    assert again.status_code == 409
    assert ReviewLog.objects.count() == 1
    assert alice_client.post(rate_url, {"rating": "9"}).status_code == 400


def test_bob_gets_404_on_alices_attempt(alice_client, alice, bob, question):
    alice_client.post(answer_url(question), {"answer": GOOD})
    item = SessionItem.objects.get(session__user=alice)
    alice_client.force_login(bob)
    page = reverse("practice:question_attempt", args=[question.pk, item.pk])
    rate = reverse("practice:question_attempt_rate", args=[question.pk, item.pk])
    assert alice_client.get(page).status_code == 404
    assert alice_client.post(rate, {"rating": "3"}).status_code == 404
    assert not ReviewLog.objects.exists()


def test_next_question_in_this_topic(alice_client, alice, question, next_question):
    alice_client.post(answer_url(question), {"answer": GOOD})
    item = SessionItem.objects.get(session__user=alice)
    body = alice_client.get(
        reverse("practice:question_attempt", args=[question.pk, item.pk])
    ).content.decode()
    assert f'href="{next_question.get_absolute_url()}">Next question in this topic' in body
    last = alice_client.post(
        answer_url(open_question_with_points(topic=question.topic, order=3)), {"answer": GOOD}
    )
    body = alice_client.get(last["Location"]).content.decode()
    assert "That was the topic's last question" in body


def test_the_attempt_marks_the_question_in_lists(alice_client, question):
    alice_client.post(answer_url(question), {"answer": WRONG})
    body = alice_client.get(question.topic.get_absolute_url()).content.decode()
    assert 'class="mark attempted"' in body


def test_a_refusal_without_htmx_is_shown_once_on_the_page_it_returns_to(alice_client, question):
    response = alice_client.post(answer_url(question), {"answer": "   "}, follow=True)
    body = response.content.decode()
    assert body.count("Type your answer first") == 1


def test_a_second_rating_without_htmx_returns_to_the_attempt(alice_client, alice, question):
    alice_client.post(answer_url(question), {"answer": GOOD})
    item = SessionItem.objects.get(session__user=alice)
    rate_url = reverse("practice:question_attempt_rate", args=[question.pk, item.pk])
    alice_client.post(rate_url, {"rating": "3"})
    response = alice_client.post(rate_url, {"rating": "1"}, follow=True)
    assert response.redirect_chain[-1][0].endswith(f"/answers/{item.pk}/")
    assert response.content.decode().count("This answer is already rated.") == 1
