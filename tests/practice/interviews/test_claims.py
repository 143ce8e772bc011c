"""Feedback on key points: evidence, "you said the opposite", the automatic-check note, and
"I did cover this" kept with the answer (report, rating suggestion, item statistics)."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from interview.practice.grading import CoverageResult
from interview.practice.interviews import services
from interview.practice.models import SessionItem
from tests.factories import TopicFactory, open_question_with_points

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 5, 4, 9, 0, 0, tzinfo=UTC)
ANSWER = "The forget gate decides what to erase from the cell state."


@pytest.fixture
def interview(alice):
    topic = TopicFactory(name="RNN & Sequences", slug="rnn")
    questions = [
        open_question_with_points(topic=topic, prompt=f"Question {n} about LSTM gates?")
        for n in range(2)
    ]
    with time_machine.travel(T0, tick=False):
        session = services.interview_create(
            user=alice,
            topics=[topic],
            question_count=2,
            seconds_per_question=0,
            now=T0,
            question_ids=[q.pk for q in questions],
        )
        services.session_sync(session=session, now=T0)
        services.answer_submit(session=session, position=0, revision=1, text=ANSWER, now=T0)
    return session


def claim_url(session):
    return reverse("practice:interview_claim", kwargs={"pk": session.pk})


def claim(client, session, *, index=1, claimed=1, next="step", **headers):
    data = {"position": 0, "index": index, "claimed": claimed, "next": next}
    return client.post(claim_url(session), data, **headers)


def first_item(session) -> SessionItem:
    return session.items.get(position=0)


def test_feedback_shows_evidence_and_says_the_check_is_automatic(alice_client, interview):
    body = alice_client.get(interview.get_absolute_url()).content.decode()
    assert f'<q class="evidence">{ANSWER}</q>' in body
    assert "This check is automatic" in body
    assert body.count("I did cover this</button>") == 2  # the two missed points


def test_a_contradicted_point_is_shown_as_the_opposite(alice, alice_client):
    topic = TopicFactory(slug="stats")
    question = open_question_with_points(
        topic=topic,
        prompt="What does a p-value tell you?",
        points=[
            ("Not the probability that the null hypothesis is true", "null hypothesis"),
            ("Computed assuming the null hypothesis holds", "assuming the null"),
            ("Small values are evidence against the null", "evidence against"),
        ],
    )
    session = services.interview_create(
        user=alice,
        topics=[topic],
        question_count=1,
        seconds_per_question=0,
        now=T0,
        question_ids=[question.pk],
    )
    wrong = "The p-value is the probability that the null hypothesis is true."
    services.session_sync(session=session, now=T0)
    services.answer_submit(session=session, position=0, revision=1, text=wrong, now=T0)
    body = alice_client.get(session.get_absolute_url()).content.decode()
    assert "You said the opposite</span> Not the probability" in body
    assert f"You said the opposite: <q>{wrong}</q>" in body


def test_claim_over_htmx_returns_the_feedback_fragment(alice_client, interview):
    response = claim(alice_client, interview, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body and body.lstrip().startswith('<div id="interview-step"')
    assert "Covered, self-assessed</span> Input gate" in body
    assert 'Undo "I did cover this"' in body
    assert "Key points: 2 of 3 covered (1 by your own assessment)" in body


def test_claim_is_kept_with_the_answer_and_counts(alice_client, interview):
    item = first_item(interview)
    assert (item.coverage_percent, item.suggested_rating) == (33, 2)

    response = claim(alice_client, interview)
    assert response.status_code == 302 and response["Location"] == interview.get_absolute_url()
    item.refresh_from_db()
    assert (item.coverage_percent, item.self_assessed_points, item.suggested_rating) == (67, 1, 3)
    point = CoverageResult.from_dict(item.coverage).points[1]
    assert (point.covered, point.self_assessed) == (False, True)

    claim(alice_client, interview, claimed=0)
    item.refresh_from_db()
    assert (item.coverage_percent, item.self_assessed_points, item.suggested_rating) == (33, 0, 2)


def test_a_point_the_check_found_needs_no_claim(alice_client, interview):
    response = claim(alice_client, interview, index=0, follow=True)
    assert "The check already found this point." in response.content.decode()
    assert first_item(interview).self_assessed_points == 0


def test_unknown_point_or_unanswered_question_is_refused(alice_client, interview):
    claim(alice_client, interview, index=7)
    response = alice_client.post(
        claim_url(interview), {"position": 1, "index": 0, "claimed": 1}, follow=True
    )
    assert "Only a submitted answer" in response.content.decode()
    assert first_item(interview).self_assessed_points == 0


def test_bob_gets_404_on_alices_answer(client, bob, interview):
    client.force_login(bob)
    assert claim(client, interview).status_code == 404
    assert claim(client, interview, HTTP_HX_REQUEST="true").status_code == 404
    assert first_item(interview).self_assessed_points == 0


def test_claim_needs_login_and_post(client, alice_client, interview):
    assert alice_client.get(claim_url(interview)).status_code == 405
    client.logout()
    response = claim(client, interview)
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_report_shows_self_assessed_points_and_claims_return_to_it(alice_client, interview):
    report = reverse("practice:interview_report", kwargs={"pk": interview.pk})
    response = claim(alice_client, interview, next="report")
    assert response.status_code == 302 and response["Location"] == report
    body = alice_client.get(report).content.decode()
    assert "coverage 2/3 (67%), 1 self-assessed" in body
    assert "Covered, self-assessed</span> Input gate" in body
    assert "Missed</span> Output gate" in body
    assert 'name="next" value="report"' in body


def test_item_statistics_count_self_assessed_answers(editor, alice_client, interview):
    claim(alice_client, interview)  # 67 %: answered well, thanks to the claim
    editor_client = Client()
    editor_client.force_login(editor)
    body = editor_client.get(reverse("practice:item_statistics")).content.decode()
    assert "1 interview answer with self-assessed points" in body
    assert "100% (1)" in body
