"""The progress dashboard's summary is cached under the user's activity stamp: after every write
that changes what it shows, the next page shows the change (and equals a page computed with an
empty cache)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from interview.bank.models import Question
from interview.practice.engine.activity_stamp import activity_stamp
from interview.practice.engine.sessions import session_retry_missed
from interview.practice.flashcards import services as flashcards
from interview.practice.interviews import services, single
from interview.practice.models import (
    Card,
    ExerciseAttempt,
    PracticeSession,
    Rating,
    SessionItem,
)
from interview.practice.packs.services import pack_delete
from interview.practice.quizzes import services as quizzes
from tests.factories import TopicFactory, open_question_with_points, quiz_question

T0 = datetime(2026, 3, 30, 10, 0, tzinfo=UTC)
ANSWER = "The forget gate decides what to erase from the cell state."

pytestmark = pytest.mark.stamps_at_commit


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(T0 + timedelta(hours=2), tick=False):
        yield


def summary(client) -> str:
    body = client.get(reverse("practice:progress")).content.decode()
    return body[body.index('<dl class="totals card">') : body.index('id="history-heading"')]


def _setup_committed() -> None:
    """The test's setup counts as committed: its on-commit hooks run now (the test case's
    transaction never commits, and a write's hooks join those already waiting for it)."""
    waiting, connection.run_on_commit = connection.run_on_commit, []
    for _sids, func, _robust in waiting:
        func()


@pytest.fixture
def follows(alice, alice_client, django_capture_on_commit_callbacks):
    """Run `write` (committed, so its on-commit hooks run) between two page loads; the page
    after it must be the freshly computed one and, when `shown`, differ from the one before."""

    def check(write, *, shown: bool = True) -> None:
        _setup_committed()
        before = summary(alice_client)  # fills the cache
        stamp = activity_stamp(user=alice)
        with django_capture_on_commit_callbacks(execute=True):
            write()
        after = summary(alice_client)
        cache.clear()
        assert after == summary(alice_client)
        if shown:
            assert after != before
            assert activity_stamp(user=alice) != stamp

    return check


def _interview(user, question, *, seconds=None):
    return services.interview_create(
        user=user,
        topics=[question.topic],
        question_count=1,
        seconds_per_question=seconds,
        now=T0,
        question_ids=[question.pk],
    )


def _answered(user, question):
    session = _interview(user, question)
    services.session_sync(session=session, now=T0)
    services.answer_submit(session=session, position=0, revision=1, text=ANSWER, now=T0)
    return session


def test_the_summary_is_served_from_the_cache_until_the_stamp_changes(alice, alice_client):
    question = open_question_with_points()
    _answered(alice, question)
    first = summary(alice_client)
    with CaptureQueriesContext(connection) as queries:
        assert summary(alice_client) == first
    assert not [q for q in queries.captured_queries if "practice_reviewlog" in q["sql"]]
    # A change that bypasses every write path is not seen: the page really is cached.
    SessionItem.objects.update(coverage_percent=3)
    assert summary(alice_client) == first


def test_starting_an_interview(alice, follows):
    question = open_question_with_points()
    follows(lambda: _interview(alice, question))


def test_submitting_an_answer(alice, follows):
    question = open_question_with_points()
    session = _interview(alice, question)
    services.session_sync(session=session, now=T0)
    follows(
        lambda: services.answer_submit(session=session, position=0, revision=1, text=ANSWER, now=T0)
    )


def test_autosaving_a_draft_changes_nothing_shown(alice, follows):
    question = open_question_with_points()
    session = _interview(alice, question)
    services.session_sync(session=session, now=T0)
    follows(
        lambda: services.answer_autosave(
            session=session, position=0, revision=1, text="draft", now=T0
        ),
        shown=False,
    )


def test_rating_an_answer(alice, follows):
    session = _answered(alice, open_question_with_points())
    follows(lambda: services.item_rate(session=session, position=0, rating=Rating.AGAIN, now=T0))


def test_self_assessing_a_key_point(alice, follows):
    session = _answered(alice, open_question_with_points())
    item = session.items.get()
    missed = next(i for i, p in enumerate(item.coverage["points"]) if not p["covered"])
    follows(
        lambda: services.point_self_assess(
            session=session, position=0, index=missed, claimed=True, now=T0
        )
    )


def test_ending_an_interview(alice, follows):
    session = _answered(alice, open_question_with_points())
    follows(lambda: services.interview_end(session=session, now=T0))


def test_a_session_closed_by_the_expiry_sweep(alice, follows):
    session = _interview(alice, open_question_with_points(), seconds=60)
    services.session_sync(session=session, now=T0)
    follows(lambda: call_command("close_expired_sessions", verbosity=0))
    assert session.items.get().status == SessionItem.Status.TIMED_OUT


def test_retrying_the_missed_questions(alice, follows):
    session = _answered(alice, open_question_with_points())
    services.item_rate(session=session, position=0, rating=Rating.AGAIN, now=T0)
    follows(lambda: session_retry_missed(session=session, now=T0))


def test_answering_and_rating_a_single_question(alice, follows):
    question = open_question_with_points()
    holder = {}

    def answer():
        holder["item"] = single.question_answer(
            user=alice, question_id=question.pk, text=ANSWER, now=T0
        )

    follows(answer)
    follows(lambda: single.attempt_rate(item=holder["item"], rating=Rating.HARD, now=T0))


def _quiz(user, question, feedback="end"):
    return quizzes.quiz_create(
        user=user,
        topics=[question.topic],
        question_count=1,
        time_limit_seconds=None,
        feedback=feedback,
        now=T0,
        question_ids=[question.pk],
        rng=random.Random(2),
    )


def test_quiz_start_check_and_finish(alice, follows):
    question = quiz_question()
    holder = {}
    follows(lambda: holder.setdefault("session", _quiz(alice, question, feedback="immediate")))
    session = holder["session"]
    item = session.items.get()
    wrong = [i for i, c in enumerate(item.choices) if not c["is_correct"]][:1]
    quizzes.quiz_select(session=session, position=0, selected=wrong, revision=1, now=T0)
    follows(lambda: quizzes.quiz_check(session=session, position=0, now=T0))
    follows(lambda: quizzes.quiz_finish(session=session, now=T0))


def test_a_quiz_finish_scores_every_item(alice, follows):
    question = quiz_question()
    session = _quiz(alice, question)
    item = session.items.get()
    right = [i for i, c in enumerate(item.choices) if c["is_correct"]]
    quizzes.quiz_select(session=session, position=0, selected=right, revision=1, now=T0)
    follows(lambda: quizzes.quiz_finish(session=session, now=T0))


def test_flashcard_review_undo_and_suspend(alice, follows):
    question = open_question_with_points()
    flashcards.deck_add(user=alice, questions=Question.objects.filter(pk=question.pk), now=T0)
    card = Card.objects.get(user=alice)
    follows(lambda: flashcards.card_review(card=card, version=0, rating=Rating.GOOD, now=T0))
    review = flashcards.review_undoable(user=alice)
    follows(lambda: flashcards.review_undo(user=alice, review=review))
    follows(lambda: flashcards.card_suspend(card=card, suspended=True), shown=False)


def test_adding_cards_to_the_deck(alice, follows):
    question = open_question_with_points()
    follows(
        lambda: flashcards.deck_add(
            user=alice, questions=Question.objects.filter(pk=question.pk), now=T0
        ),
        shown=False,
    )


def test_an_exercise_submission(alice, follows):
    question = open_question_with_points()
    follows(
        lambda: ExerciseAttempt.objects.create(
            user=alice,
            question=question,
            kind="sql",
            prompt=question.prompt,
            code="select 1",
            passed=True,
            cases_passed=1,
            cases_total=1,
            checked_in="server",
        )
    )


def test_deleting_a_study_pack_with_its_answers(alice, follows):
    pack = TopicFactory(owner=alice, slug="my-pack")
    question = open_question_with_points(topic=pack)
    _answered(alice, question)
    follows(lambda: pack_delete(topic=pack))


def test_unpublishing_a_question_of_the_bank(alice, alice_client):
    question = open_question_with_points()
    _answered(alice, question)

    def unpublish():
        question.status = Question.Status.DRAFT
        question.save()

    # The bank's content stamp is in the key: the topic's question count follows.
    before = summary(alice_client)
    unpublish()
    assert summary(alice_client) != before


def test_another_users_writes_leave_the_page_alone(alice, bob, follows):
    question = open_question_with_points()
    follows(lambda: _answered(bob, question), shown=False)


def test_each_history_page_is_cached_and_follows_a_new_session(alice, alice_client, settings):
    settings.INTERVIEW_HISTORY_PER_PAGE = 1
    question = open_question_with_points()
    _answered(alice, question)
    _setup_committed()
    url = reverse("practice:progress")
    first = alice_client.get(url).content.decode()
    assert "(in progress)" in first and "?page=2" not in first
    with CaptureQueriesContext(connection) as queries:
        alice_client.get(url, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="history")
        alice_client.get(url)
    assert not [q for q in queries.captured_queries if "COUNT(" in q["sql"]]
    session = PracticeSession.objects.get(user=alice)
    services.interview_end(session=session, now=T0)
    _setup_committed()
    body = alice_client.get(url).content.decode()
    assert "(in progress)" not in body
    _answered(alice, question)
    _setup_committed()
    assert "page=2" in alice_client.get(url).content.decode()
