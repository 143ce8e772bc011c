import json
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from interview.practice.interviews import services
from interview.practice.models import PracticeSession, Rating, SessionItem
from tests.factories import QuestionFactory, TopicFactory, open_question_with_points

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 5, 4, 9, 0, 0, tzinfo=UTC)
SECRET_ANSWER = "The official answer mentions the constant error carousel."
SECRET_POINT = "Forget gate decides what to erase from the cell state"


@pytest.fixture(autouse=True)
def _grace(settings):
    settings.PRACTICE_GRACE_SECONDS = 10


@pytest.fixture
def topic():
    return TopicFactory(name="RNN & Sequences", slug="rnn")


@pytest.fixture
def questions(topic):
    return [
        open_question_with_points(
            topic=topic, prompt=f"Question {n} about LSTMs?", official_answer=SECRET_ANSWER
        )
        for n in range(3)
    ]


@pytest.fixture
def interview(alice, topic, questions):
    with time_machine.travel(T0, tick=False):
        return services.interview_create(
            user=alice,
            topics=[topic],
            question_count=3,
            seconds_per_question=60,
            now=T0,
            question_ids=[q.pk for q in questions],
        )


def url(name, session, **kwargs):
    return reverse(f"practice:interview_{name}", kwargs={"pk": session.pk, **kwargs})


def answer_data(position=0, revision=1, answer="my answer"):
    return {"position": position, "revision": revision, "answer": answer}


def test_new_interview_needs_login(client):
    response = client.get(reverse("practice:interview_new"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_new_interview_form_has_defaults_and_preselects_a_topic(alice_client, topic, questions):
    response = alice_client.get(reverse("practice:interview_new"), {"topic": "rnn"})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'name="question_count" value="5"' in body
    assert '<option value="180" selected>' in body
    assert f'value="{topic.pk}" id="id_topics_0" checked' in body


def test_starting_an_interview_redirects_to_its_first_question(alice_client, topic, questions):
    response = alice_client.post(
        reverse("practice:interview_new"),
        {
            "topics": [topic.pk],
            "question_count": 2,
            "seconds_per_question": 0,
            "difficulty": "",
        },
    )
    session = PracticeSession.objects.get()
    assert response["Location"] == session.get_absolute_url()
    assert session.question_count == 2 and session.seconds_per_item is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"question_count": 5, "seconds_per_question": 180}, "Choose at least one topic"),
        ({"topics": ["999"], "question_count": 5, "seconds_per_question": 180}, "Select a valid"),
        ({"topics": ["x"], "question_count": 5, "seconds_per_question": 180}, "valid value"),
        ({"topics": "TOPIC", "question_count": 0, "seconds_per_question": 180}, "greater than"),
        ({"topics": "TOPIC", "question_count": 500, "seconds_per_question": 180}, "less than"),
        ({"topics": "TOPIC", "question_count": "x", "seconds_per_question": 180}, "whole number"),
        ({"topics": "TOPIC", "question_count": 5, "seconds_per_question": 7}, "Select a valid"),
    ],
)
def test_bad_settings_are_explained(alice_client, topic, questions, data, message):
    if data.get("topics") == "TOPIC":
        data = {**data, "topics": [topic.pk]}
    response = alice_client.post(reverse("practice:interview_new"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not PracticeSession.objects.exists()


def test_topic_without_questions_gives_a_clear_message(alice_client):
    empty = TopicFactory()
    response = alice_client.post(
        reverse("practice:interview_new"),
        {
            "topics": [empty.pk],
            "question_count": 5,
            "seconds_per_question": 180,
        },
    )
    assert "No published open questions" in response.content.decode()


def test_question_page_shows_question_countdown_and_box_but_no_answer(alice_client, interview):
    with time_machine.travel(T0 + timedelta(seconds=5), tick=False):
        response = alice_client.get(interview.get_absolute_url())
    body = response.content.decode()
    assert response.status_code == 200
    assert "Question <strong>1</strong> of 3" in body
    assert 'data-remaining="60"' in body
    assert '<textarea id="answer" name="answer"' in body
    assert SECRET_ANSWER not in body and SECRET_POINT not in body


def test_reload_resumes_with_the_remaining_time(alice_client, interview):
    with time_machine.travel(T0, tick=False):
        alice_client.get(interview.get_absolute_url())
        alice_client.post(url("autosave", interview), answer_data(answer="draft text"))
    with time_machine.travel(T0 + timedelta(seconds=25), tick=False):
        body = alice_client.get(interview.get_absolute_url()).content.decode()
    assert 'data-remaining="35"' in body
    assert "draft text</textarea>" in body


def test_htmx_get_returns_only_the_step_fragment(alice_client, interview):
    response = alice_client.get(interview.get_absolute_url(), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="interview-step"')
    assert "<html" not in body


def test_autosave_replies_with_time_and_no_answer(alice_client, interview):
    with time_machine.travel(T0, tick=False):
        alice_client.get(interview.get_absolute_url())
    with time_machine.travel(T0 + timedelta(seconds=12), tick=False):
        response = alice_client.post(
            url("autosave", interview), answer_data(), HTTP_ACCEPT="application/json"
        )
    data = response.json()
    assert response.status_code == 200
    assert data["status"] == "saved"
    assert data["remaining"] == 48
    assert data["saved_at"] == "09:00:12"
    assert SECRET_ANSWER not in json.dumps(data) and SECRET_POINT not in json.dumps(data)


def test_autosave_after_time_is_up_is_a_conflict(alice_client, interview):
    with time_machine.travel(T0, tick=False):
        alice_client.get(interview.get_absolute_url())
    with time_machine.travel(T0 + timedelta(seconds=71), tick=False):
        response = alice_client.post(url("autosave", interview), answer_data())
    assert response.status_code == 409
    assert "Time is up" in response.json()["message"]
    assert SECRET_ANSWER not in response.content.decode()


def test_autosave_rejects_bad_input(alice_client, interview):
    alice_client.get(interview.get_absolute_url())
    for data in [{}, {"position": "x", "revision": 1}, answer_data(answer="a" * 20_001)]:
        response = alice_client.post(url("autosave", interview), data)
        assert response.status_code == 400
    assert SessionItem.objects.get(session=interview, position=0).answer == ""


def test_submit_shows_feedback_with_coverage_and_rating_suggestion(alice_client, interview):
    alice_client.get(interview.get_absolute_url())
    response = alice_client.post(
        url("submit", interview),
        answer_data(answer="The forget gate decides what to erase from the cell state."),
        follow=True,
    )
    body = response.content.decode()
    assert "Key points: 1 of 3 covered" in body
    assert SECRET_ANSWER in body
    assert "Covered</span> Forget gate" in body
    assert "Missed</span> Input gate" in body
    assert (
        '<q class="evidence">The forget gate decides what to erase from the cell state.</q>' in body
    )
    assert "Suggested from your coverage: <strong>Hard</strong>" in body


def test_submit_over_htmx_swaps_in_feedback(alice_client, interview):
    alice_client.get(interview.get_absolute_url())
    response = alice_client.post(url("submit", interview), answer_data(), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<div id="interview-step"')
    assert "Official answer" in body


def test_stale_submit_gets_a_clear_message(alice_client, interview):
    alice_client.get(interview.get_absolute_url())
    alice_client.post(url("submit", interview), answer_data(answer="first"))
    alice_client.post(url("rate", interview), {"position": 0, "rating": Rating.GOOD})
    response = alice_client.post(url("submit", interview), answer_data(answer="stale"), follow=True)
    assert "which is already finished; it was not recorded" in response.content.decode()
    assert SessionItem.objects.get(session=interview, position=0).answer == "first"


def test_a_refused_htmx_change_is_a_409_with_the_step_and_the_reason(alice_client, interview):
    alice_client.get(interview.get_absolute_url())
    alice_client.post(url("submit", interview), answer_data(answer="first"))
    response = alice_client.post(
        url("submit", interview), answer_data(answer="again"), HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert response.status_code == 409
    assert response["HX-Retarget"] == "#interview-step"
    assert body.lstrip().startswith('<div id="interview-step"')
    assert '<ul class="messages"' in body and "already submitted" in body


def test_unreadable_input_is_a_400_with_the_reason(alice_client, interview):
    alice_client.get(interview.get_absolute_url())
    alice_client.post(url("submit", interview), answer_data())
    response = alice_client.post(
        url("rate", interview), {"position": 0, "rating": 9}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 400
    assert "Choose Again, Hard, Good or Easy" in response.content.decode()


def test_rating_moves_to_the_next_question_and_the_last_one_to_the_report(alice_client, interview):
    for position in range(3):
        alice_client.get(interview.get_absolute_url())
        alice_client.post(url("submit", interview), answer_data(position=position))
        response = alice_client.post(
            url("rate", interview), {"position": position, "rating": Rating.GOOD}
        )
    assert response["Location"] == url("report", interview)


def test_last_rating_over_htmx_redirects_the_client_to_the_report(
    alice_client, alice, topic, questions
):
    session = services.interview_create(
        user=alice,
        topics=[topic],
        question_count=1,
        seconds_per_question=60,
        now=T0,
        question_ids=[questions[0].pk],
    )
    alice_client.get(session.get_absolute_url())
    alice_client.post(url("submit", session), answer_data())
    response = alice_client.post(
        url("rate", session), {"position": 0, "rating": 3}, HTTP_HX_REQUEST="true"
    )
    assert response["HX-Redirect"] == url("report", session)


def test_bad_rating_is_refused(alice_client, interview):
    alice_client.get(interview.get_absolute_url())
    alice_client.post(url("submit", interview), answer_data())
    response = alice_client.post(url("rate", interview), {"position": 0, "rating": 9}, follow=True)
    assert "Choose Again, Hard, Good or Easy" in response.content.decode()
    assert SessionItem.objects.get(session=interview, position=0).rating is None


def test_report_lists_time_coverage_rating_missed_points_and_links(
    alice_client, interview, questions
):
    with time_machine.travel(T0, tick=False):
        alice_client.get(interview.get_absolute_url())
    with time_machine.travel(T0 + timedelta(seconds=42), tick=False):
        alice_client.post(url("submit", interview), answer_data(answer="forget gate only"))
        alice_client.post(url("rate", interview), {"position": 0, "rating": Rating.HARD})
        alice_client.post(url("end", interview))
    body = alice_client.get(url("report", interview)).content.decode()
    assert "42 s" in body
    assert "coverage 1/3 (33%)" in body
    assert "rated <strong>Hard</strong>" in body
    assert "Missed</span> Input gate controls" in body
    assert reverse("bank:question_detail", args=[questions[0].pk]) in body
    assert "/topics/rnn/#notes-heading" in body
    assert "Practise the questions I missed" in body


def test_timed_out_text_is_in_the_report(alice_client, interview):
    with time_machine.travel(T0, tick=False):
        alice_client.get(interview.get_absolute_url())
        alice_client.post(url("autosave", interview), answer_data(answer="typed before time"))
    with time_machine.travel(T0 + timedelta(minutes=5), tick=False):
        alice_client.post(url("end", interview))
        body = alice_client.get(url("report", interview)).content.decode()
    assert "typed before time" in body and "Timed out" in body


def test_retry_missed_starts_a_new_interview(alice_client, interview, questions):
    alice_client.get(interview.get_absolute_url())
    alice_client.post(url("submit", interview), answer_data(answer="nothing useful"))
    alice_client.post(url("rate", interview), {"position": 0, "rating": Rating.AGAIN})
    alice_client.post(url("end", interview))
    response = alice_client.post(url("retry", interview))
    retry = PracticeSession.objects.exclude(pk=interview.pk).get()
    assert response["Location"] == retry.get_absolute_url()
    assert retry.plan == [questions[0].pk]


def test_repeated_retry_posts_start_one_interview(alice_client, interview, questions):
    alice_client.get(interview.get_absolute_url())
    alice_client.post(url("submit", interview), answer_data(answer="nothing useful"))
    alice_client.post(url("rate", interview), {"position": 0, "rating": Rating.AGAIN})
    alice_client.post(url("end", interview))
    locations = {alice_client.post(url("retry", interview))["Location"] for _ in range(8)}
    retry = PracticeSession.objects.exclude(pk=interview.pk).get()
    assert locations == {retry.get_absolute_url()} and retry.retry_of_id == interview.pk
    alice_client.post(url("end", retry))
    alice_client.post(url("retry", interview))  # the retry is over: a new one may start
    assert PracticeSession.objects.filter(retry_of=interview).count() == 2


def test_finished_interview_redirects_to_the_report(alice_client, interview):
    alice_client.post(url("end", interview))
    response = alice_client.get(interview.get_absolute_url())
    assert response["Location"] == url("report", interview)


def test_history_lists_the_users_interviews(alice_client, interview, bob, topic, questions):
    services.interview_create(
        user=bob, topics=[topic], question_count=1, seconds_per_question=60, now=T0
    )
    body = alice_client.get(reverse("practice:interview_list")).content.decode()
    assert interview.get_absolute_url() in body
    assert body.count("<tr>") == 2  # header + alice's one interview


def test_history_counts_only_answers_given_not_the_question_being_answered(alice_client, interview):
    with time_machine.travel(T0, tick=False):
        alice_client.get(interview.get_absolute_url())  # question 1 shown: active, unanswered
        body = alice_client.get(reverse("practice:interview_list")).content.decode()
    assert "<td>0 / 3</td>" in body
    with time_machine.travel(T0 + timedelta(seconds=5), tick=False):
        alice_client.post(url("submit", interview), answer_data())
        body = alice_client.get(reverse("practice:interview_list")).content.decode()
    assert "<td>1 / 3</td>" in body


def test_home_offers_to_continue_an_unfinished_interview(alice_client, interview):
    body = alice_client.get(reverse("bank:home")).content.decode()
    assert "Continue where you left off" in body
    assert interview.get_absolute_url() in body


ALL_URLS = [
    ("GET", "detail"),
    ("GET", "report"),
    ("POST", "autosave"),
    ("POST", "submit"),
    ("POST", "rate"),
    ("POST", "end"),
    ("POST", "retry"),
]


@pytest.mark.parametrize(("method", "name"), ALL_URLS)
@pytest.mark.parametrize("htmx", [False, True])
def test_bob_gets_404_on_every_url_of_alices_interview(client, bob, interview, method, name, htmx):
    client.force_login(bob)
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    data = answer_data() | {"rating": 3}
    call = client.get if method == "GET" else client.post
    response = call(url(name, interview), data if method == "POST" else None, **headers)
    assert response.status_code == 404
    item = SessionItem.objects.get(session=interview, position=0)
    assert item.answer == "" and item.status == SessionItem.Status.PENDING


@pytest.mark.parametrize(("method", "name"), ALL_URLS)
def test_anonymous_users_are_sent_to_log_in(client, interview, method, name):
    call = client.get if method == "GET" else client.post
    response = call(url(name, interview))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_expired_login_on_htmx_or_autosave_is_a_401_not_a_redirect(client, interview):
    assert (
        client.post(
            url("autosave", interview), answer_data(), HTTP_ACCEPT="application/json"
        ).status_code
        == 401
    )
    assert (
        client.post(url("submit", interview), answer_data(), HTTP_HX_REQUEST="true").status_code
        == 401
    )


def test_csrf_is_required_for_autosave(alice, interview):
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(alice)
    assert csrf_client.post(url("autosave", interview), answer_data()).status_code == 403


def test_two_processes_serving_alternate_requests_agree(alice, interview):
    """All state is in the database: two clients (think: two app processes) take turns."""
    first, second = Client(), Client()
    first.force_login(alice)
    second.force_login(alice)
    with time_machine.travel(T0, tick=False):
        first.get(interview.get_absolute_url())
        second.post(url("autosave", interview), answer_data(revision=1, answer="from A"))
        first.post(url("autosave", interview), answer_data(revision=2, answer="from B"))
    with time_machine.travel(T0 + timedelta(seconds=20), tick=False):
        body = second.get(interview.get_absolute_url()).content.decode()
        assert 'data-remaining="40"' in body and "from B</textarea>" in body
        first.post(url("submit", interview), answer_data(revision=3, answer="final"))
        second.post(url("submit", interview), answer_data(revision=3, answer="dup"))
    item = SessionItem.objects.get(session=interview, position=0)
    assert item.answer == "final" and item.status == SessionItem.Status.ANSWERED


def _step_queries(client, session, **headers):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(session.get_absolute_url(), **headers).status_code == 200
    return len(queries)


@pytest.mark.parametrize("htmx", [False, True])
def test_a_step_issues_the_same_number_of_queries_whatever_the_bank_size(
    alice_client, alice, topic, htmx
):
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    counts = []
    for size in (5, 300):
        for _ in range(size - len(topic.questions.all())):
            open_question_with_points(topic=topic)
        session = services.interview_create(
            user=alice, topics=[topic], question_count=5, seconds_per_question=60, now=T0
        )
        _step_queries(alice_client, session, **headers)  # first view shows the question
        counts.append(_step_queries(alice_client, session, **headers))
        alice_client.post(url("submit", session), answer_data())
        counts.append(_step_queries(alice_client, session, **headers))  # feedback step
    assert counts[0] == counts[2] and counts[1] == counts[3], counts


def test_history_query_count_does_not_grow(alice_client, alice, topic, questions):
    counts = []
    for total in (2, 40):
        while PracticeSession.objects.filter(user=alice).count() < total:
            services.interview_create(
                user=alice, topics=[topic], question_count=1, seconds_per_question=60, now=T0
            )
        with CaptureQueriesContext(connection) as queries:
            alice_client.get(reverse("practice:interview_list"))
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_published_filter_applies_to_interview_picks(alice_client, topic):
    QuestionFactory(topic=topic, status="draft", kind="open")
    response = alice_client.post(
        reverse("practice:interview_new"),
        {
            "topics": [topic.pk],
            "question_count": 5,
            "seconds_per_question": 180,
        },
    )
    assert "No published open questions" in response.content.decode()
