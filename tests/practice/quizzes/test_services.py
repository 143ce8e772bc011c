"""Rules of timed quizzes, each shown with a frozen clock."""

import random
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from interview.bank.models import Choice
from interview.practice.engine.errors import NoQuestionsAvailable, PracticeError
from interview.practice.engine.sessions import sessions_close_expired
from interview.practice.models import PracticeSession, SessionItem
from interview.practice.quizzes import services as quizzes
from interview.practice.quizzes.scoring import selection_is_correct
from tests.factories import TopicFactory, open_question_with_points, quiz_question

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 6, 1, 12, 0, 0, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


@pytest.fixture(autouse=True)
def _grace(settings):
    settings.PRACTICE_GRACE_SECONDS = 10


@pytest.fixture
def topic():
    return TopicFactory(slug="stats")


@pytest.fixture
def questions(topic):
    return [
        quiz_question(topic=topic, prompt="Single?", correct=(0,)),
        quiz_question(topic=topic, prompt="Multi?", correct=(1, 3)),
        quiz_question(topic=topic, prompt="Third?", correct=(2,)),
    ]


def start(user, questions, *, limit=600, feedback="end", seed=3):
    return quizzes.quiz_create(
        user=user,
        topics=[questions[0].topic],
        question_count=len(questions),
        time_limit_seconds=limit,
        feedback=feedback,
        now=T0,
        question_ids=[q.pk for q in questions],
        rng=random.Random(seed),
    )


def item(session, position) -> SessionItem:
    return session.items.get(position=position)


def correct_positions(item: SessionItem) -> list[int]:
    return [i for i, c in enumerate(item.choices) if c["is_correct"]]


def select(session, position, selected, revision=1, now=None):
    return quizzes.quiz_select(
        session=session,
        position=position,
        selected=selected,
        revision=revision,
        now=now or at(10),
    )


def test_deadline_is_fixed_at_start(alice, questions):
    session = start(alice, questions)
    assert session.deadline == at(600)
    assert {i.deadline for i in session.items.all()} == {at(600)}
    untimed = start(alice, questions, limit=None)
    assert untimed.deadline is None


def test_all_or_nothing_scoring():
    choices = [{"is_correct": True}, {"is_correct": False}, {"is_correct": True}]
    assert selection_is_correct(selected=[0, 2], choices=choices)
    assert not selection_is_correct(selected=[0], choices=choices)
    assert not selection_is_correct(selected=[0, 1, 2], choices=choices)
    assert not selection_is_correct(selected=[], choices=choices)


def test_selections_are_saved_as_made_and_late_revisions_ignored(alice, questions):
    session = start(alice, questions)
    multi = next(i for i in session.items.all() if i.multiple_answers)
    assert select(session, multi.position, [0, 1], revision=2).applied
    assert not select(session, multi.position, [3], revision=1).applied
    assert item(session, multi.position).selected == [0, 1]


def test_single_answer_question_takes_one_option(alice, questions):
    session = start(alice, questions)
    single = next(i for i in session.items.all() if not i.multiple_answers)
    with pytest.raises(PracticeError, match="Choose one option"):
        select(session, single.position, [0, 1])
    with pytest.raises(PracticeError, match="not part of this question"):
        select(session, single.position, [9])


def test_answers_after_deadline_plus_grace_change_nothing_and_finish_the_quiz(alice, questions):
    session = start(alice, questions, limit=60)
    select(session, 0, [correct_positions(item(session, 0))[0]], now=at(30))
    assert select(session, 1, [0], now=at(65)).applied  # inside the grace period
    with pytest.raises(PracticeError, match="Time is up"):
        select(session, 2, [0], now=at(71))
    session.refresh_from_db()
    assert session.status == PracticeSession.Status.FINISHED
    assert session.finished_at == at(60)
    assert item(session, 2).selected == []
    assert item(session, 2).status == SessionItem.Status.SKIPPED
    assert item(session, 0).is_correct is True


def test_close_expired_sessions_finishes_expired_quizzes_once(alice, bob, questions):
    expired = start(alice, questions, limit=60)
    select(expired, 0, [0], now=at(20))
    running = start(bob, questions, limit=600)
    with time_machine.travel(at(80), tick=False):
        call_command("close_expired_sessions")
        call_command("close_expired_sessions")
    expired.refresh_from_db()
    running.refresh_from_db()
    assert expired.status == "finished" and expired.finished_at == at(60)
    assert item(expired, 0).selected == [0]
    assert running.status == "active"
    assert sessions_close_expired(now=at(80)) == 0


def test_finishing_twice_gives_one_result(alice, questions):
    session = start(alice, questions)
    for position in range(3):
        select(session, position, correct_positions(item(session, position)))
    assert quizzes.quiz_finish(session=session, now=at(100)) is True
    assert quizzes.quiz_finish(session=session, now=at(200)) is False
    session.refresh_from_db()
    assert session.finished_at == at(100)
    assert (session.correct_count, session.score_percent) == (3, 100)


def test_answering_a_finished_quiz_is_refused(alice, questions):
    session = start(alice, questions)
    quizzes.quiz_finish(session=session, now=at(50))
    with pytest.raises(PracticeError, match="finished; its answers can no longer change"):
        select(session, 0, [1], now=at(60))
    with pytest.raises(PracticeError):
        quizzes.quiz_flag(session=session, position=0, flagged=True, now=at(60))


def test_partial_selection_of_a_multiple_answer_question_scores_zero(alice, questions):
    session = start(alice, questions)
    multi = next(i for i in session.items.all() if i.multiple_answers)
    select(session, multi.position, correct_positions(multi)[:1])
    quizzes.quiz_finish(session=session, now=at(50))
    assert item(session, multi.position).is_correct is False


def test_immediate_check_reveals_and_locks(alice, questions):
    session = start(alice, questions, feedback="immediate")
    empty = quizzes.quiz_check(session=session, position=0, now=at(5))
    assert not empty.applied and "Choose an option" in empty.message
    select(session, 0, [0])
    assert quizzes.quiz_check(session=session, position=0, now=at(12)).applied
    checked = item(session, 0)
    assert checked.is_checked and checked.is_correct is not None
    locked = select(session, 0, [1], revision=9, now=at(13))
    assert not locked.applied and item(session, 0).selected == [0]
    assert not quizzes.quiz_check(session=session, position=0, now=at(14)).applied


def test_check_is_refused_in_end_feedback_mode(alice, questions):
    session = start(alice, questions, feedback="end")
    select(session, 0, [0])
    with pytest.raises(PracticeError, match="feedback at the end"):
        quizzes.quiz_check(session=session, position=0, now=at(12))


def test_flags_toggle(alice, questions):
    session = start(alice, questions)
    quizzes.quiz_flag(session=session, position=1, flagged=True, now=at(3))
    assert item(session, 1).flagged
    quizzes.quiz_flag(session=session, position=1, flagged=False, now=at(4))
    assert not item(session, 1).flagged


def test_option_order_is_shuffled_per_quiz_and_stored(alice, questions):
    orders = set()
    for seed in range(8):
        session = start(alice, questions, seed=seed)
        orders.add(tuple(c["text"] for c in item(session, 0).choices))
    assert len(orders) > 1
    stored = item(session, 0).choices
    assert item(session, 0).choices == stored  # stable: read back the same order


def test_snapshot_survives_edits_to_the_bank(alice, questions):
    session = start(alice, questions)
    first = item(session, 0)
    Choice.objects.filter(question_id=first.question_id).update(text="Changed", is_correct=False)
    first.refresh_from_db()
    assert "Changed" not in [c["text"] for c in first.choices]
    assert correct_positions(first)


def test_only_multiple_choice_questions_are_used(alice, topic):
    open_question_with_points(topic=topic)
    with pytest.raises(NoQuestionsAvailable):
        quizzes.quiz_create(
            user=alice,
            topics=[topic],
            question_count=5,
            time_limit_seconds=60,
            feedback="end",
            now=T0,
        )


def test_retry_missed_uses_the_wrong_ones(alice, questions):
    session = start(alice, questions)
    select(session, 0, correct_positions(item(session, 0)))
    quizzes.quiz_finish(session=session, now=at(30))
    retry = quizzes.quiz_retry_missed(session=session, now=at(40))
    wrong = [i.question_id for i in session.items.order_by("position")][1:]
    assert list(retry.items.values_list("question_id", flat=True)) == wrong
    assert retry.time_limit_seconds == 600 and retry.feedback == "end"


def test_expiry_command_closes_quiz_items_as_quiz_items(alice, questions):
    session = start(alice, questions, limit=60)
    select(session, 0, [0], now=at(20))
    sessions_close_expired(now=at(500))
    statuses = sorted(session.items.values_list("status", "coverage_percent"))
    assert statuses == [("answered", None), ("skipped", None), ("skipped", None)]


def test_quiz_answers_are_logged_as_reviews_when_processed(alice, questions):
    from interview.practice.models import ReviewLog

    session = start(alice, questions, limit=60)
    select(session, 0, [0], now=at(20))
    sessions_close_expired(now=at(3600))
    log = ReviewLog.objects.get()
    assert log.reviewed_at == at(3600)
    session.refresh_from_db()
    assert session.finished_at == at(60)


def test_finishing_a_quiz_takes_the_same_number_of_queries_for_3_and_20_answers(alice, topic):
    counts = []
    for size in (3, 20):
        questions = [quiz_question(topic=topic) for _ in range(size)]
        session = start(alice, questions)
        for position in range(size):
            select(session, position, [0])
        with CaptureQueriesContext(connection) as queries:
            quizzes.quiz_finish(session=session, now=at(100))
        counts.append(len(queries))
        assert session.items.filter(review__isnull=False).count() == size
    assert counts[0] == counts[1], counts
