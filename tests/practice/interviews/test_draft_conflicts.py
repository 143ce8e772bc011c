"""A draft or a submit typed on an older saved revision never overwrites a newer saved draft."""

import random
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from interview.practice.interviews import services
from interview.practice.models import SessionItem
from tests.factories import TopicFactory, open_question_with_points

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 5, 4, 9, 0, 0, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


@pytest.fixture
def session(alice):
    topic = TopicFactory(name="RNN", slug="rnn")
    for n in range(2):
        open_question_with_points(topic=topic, prompt=f"LSTM question {n}?")
    session = services.interview_create(
        user=alice,
        topics=[topic],
        question_count=2,
        seconds_per_question=600,
        now=T0,
        rng=random.Random(1),
    )
    services.session_sync(session=session, now=T0)
    return session


def first(session) -> SessionItem:
    return session.items.get(position=0)


def save(session, text, *, base, revision=1):
    return services.answer_autosave(
        session=session, position=0, revision=revision, text=text, now=at(5), base=base
    )


def test_a_draft_on_the_saved_revision_is_kept_and_advances_it(session):
    assert save(session, "tab A", base=0).applied
    assert first(session).answer_revision >= 1
    assert save(session, "tab A, more", base=first(session).answer_revision).applied
    assert first(session).answer == "tab A, more"


def test_a_draft_from_a_tab_that_has_not_seen_the_newest_save_is_refused(session):
    save(session, "tab A", base=0)
    outcome = save(session, "tab B", base=0, revision=50)
    assert not outcome.applied
    assert outcome.message == services.CONFLICT_DRAFT
    assert first(session).answer == "tab A"


def test_sending_the_text_the_server_holds_is_saved_whatever_the_base(session):
    save(session, "same words", base=0)
    assert save(session, "same words", base=0).applied  # a beacon landing after the reload
    assert first(session).answer == "same words"


def test_a_stale_submit_is_refused_and_the_question_stays_open(session):
    save(session, "tab A newer", base=0)
    outcome = services.answer_submit(
        session=session, position=0, revision=9, text="tab B older", now=at(9), base=0
    )
    assert not outcome.applied
    assert outcome.message == services.CONFLICT_SUBMIT
    item = first(session)
    assert item.status == SessionItem.Status.ACTIVE
    assert item.answer == "tab A newer"


def test_a_submit_that_has_seen_the_newest_save_closes_the_question(session):
    save(session, "draft", base=0)
    base = first(session).answer_revision
    outcome = services.answer_submit(
        session=session, position=0, revision=1, text="final", now=at(9), base=base
    )
    assert outcome.applied
    assert first(session).answer == "final"
    assert first(session).is_finished


def test_autosave_view_answers_a_conflict_with_409_and_no_saved_claim(alice_client, session):
    url = reverse("practice:interview_autosave", kwargs={"pk": session.pk})
    with time_machine.travel(at(5), tick=False):
        ok = alice_client.post(url, {"position": 0, "revision": 1, "base": 0, "answer": "A"})
        stale = alice_client.post(url, {"position": 0, "revision": 2, "base": 0, "answer": "B"})
    assert ok.status_code == 200 and ok.json()["status"] == "saved"
    assert ok.json()["revision"] == first(session).answer_revision
    assert stale.status_code == 409
    assert stale.json()["status"] == "conflict"
    assert "another tab" in stale.json()["message"]


def test_submit_view_refuses_a_stale_submit_with_the_saved_text_shown(alice_client, session):
    autosave = reverse("practice:interview_autosave", kwargs={"pk": session.pk})
    submit = reverse("practice:interview_submit", kwargs={"pk": session.pk})
    with time_machine.travel(at(5), tick=False):
        alice_client.post(autosave, {"position": 0, "revision": 1, "base": 0, "answer": "newer"})
        response = alice_client.post(
            submit,
            {"position": 0, "revision": 3, "base": 0, "answer": "older"},
            HTTP_HX_REQUEST="true",
        )
    assert response.status_code == 409
    body = response.content.decode()
    assert "Not submitted" in body and ">newer</textarea>" in body
    assert first(session).status == SessionItem.Status.ACTIVE
